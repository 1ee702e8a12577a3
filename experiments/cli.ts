/**
 * Experiment CLI: `npm run experiment -- <name> [--seed N] [--out DIR] [--json] [--resume]
 * [experiment options]`.
 *
 * - Options are validated against the experiment's `OptionSpec`s: `--name value`,
 *   `--name=value`, kebab-case accepted (`--num-episodes` → `numEpisodes`); booleans as `--flag`,
 *   `--no-flag` or `--flag=false`; lists comma-separated (`--agents a,b`). An unknown option or a
 *   wrong type is a `ConfigError` naming the option and listing the valid ones; an unknown
 *   experiment lists the names.
 * - Run folder: `--out DIR`, default `runs/{name}__{seed}__{YYYYMMDD-HHMMSS}` (UTC). The CLI writes
 *   DIR/config.json before the run and DIR/summary.json (the experiment's returned object)
 *   after; the experiment writes DIR/episodes.jsonl (and SVGs) through `RunWriter`.
 * - An existing non-empty DIR is refused unless `--resume` is given; `--resume` requires that
 *   DIR/config.json matches this invocation (experiment, seed, options) and lets the experiment
 *   skip the work already in episodes.jsonl (`RunWriter.completedKeys`).
 * - `--json`: every human line goes to stderr and the summary is printed as the LAST stdout line.
 * - Errors print `error: <message>` to stderr and exit with code 1.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../envs/core/json.js';
import { RunWriter } from './io/run-writer.js';
import { experiments as registry } from './registry.js';
import type { Experiment, OptionSpec, OptionValues } from './types.js';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Base for relative `--out` paths and the default `runs/` folder. */
  cwd: string;
  /** Clock for the default run-folder name. */
  now?: () => Date;
}

export interface ParsedArgs {
  name: string;
  seed: number;
  out: string | null;
  json: boolean;
  resume: boolean;
  help: boolean;
  options: OptionValues;
}

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  seed: { type: 'integer', default: 0, help: 'master seed (non-negative integer)' },
  out: { type: 'string', default: null, help: 'run folder (default runs/{name}__{seed}__{time})' },
  json: { type: 'boolean', default: false, help: 'print the summary as the last stdout line; human output to stderr' },
  resume: { type: 'boolean', default: false, help: 'continue the run in --out, skipping finished work' },
  help: { type: 'boolean', default: false, help: 'show the options of the experiment' },
};

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Every option at its default (arrays copied). */
export function defaultOptions(specs: Record<string, OptionSpec>): OptionValues {
  const values: OptionValues = {};
  for (const [k, spec] of Object.entries(specs)) values[k] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  return values;
}

/** Parses `argv` (after the experiment name) against `specs`; throws `ConfigError`. */
export function parseOptions(experiment: string, argv: readonly string[], specs: Record<string, OptionSpec>): Omit<ParsedArgs, 'name'> {
  for (const key of Object.keys(specs)) {
    if (key in GLOBAL_OPTIONS) throw new ConfigError(key, key, `experiment ${experiment} declares an option that clashes with a global option`);
  }
  const all: Record<string, OptionSpec> = { ...specs, ...GLOBAL_OPTIONS };
  const valid = () => Object.keys(all).map((k) => `--${k}`).join(', ');
  const values = defaultOptions(all);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new ConfigError(arg, arg, `unexpected argument for ${experiment}; options are --name value; valid: ${valid()}`);
    }
    const eq = arg.indexOf('=');
    let key = camel(eq < 0 ? arg.slice(2) : arg.slice(2, eq));
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let negated = false;
    if (!(key in all) && key.startsWith('no') && raw === undefined) {
      const base = key.charAt(2).toLowerCase() + key.slice(3);
      if (all[base]?.type === 'boolean') {
        key = base;
        negated = true;
      }
    }
    const spec = all[key];
    if (spec === undefined) {
      const next = argv[i + 1];
      const given = raw ?? (next !== undefined && !next.startsWith('--') ? next : true);
      throw new ConfigError(key, given, `unknown option for ${experiment}; valid: ${valid()}`);
    }
    if (spec.type === 'boolean') {
      if (negated) values[key] = false;
      else if (raw === undefined) {
        const next = argv[i + 1];
        if (next === 'true' || next === 'false') {
          values[key] = next === 'true';
          i++;
        } else values[key] = true;
      } else if (raw === 'true' || raw === 'false') values[key] = raw === 'true';
      else throw new ConfigError(key, raw, 'expected a boolean (true or false)');
      continue;
    }
    if (raw === undefined) {
      raw = argv[i + 1];
      if (raw === undefined || (raw.startsWith('--') && raw.length > 2)) throw new ConfigError(key, raw ?? null, `expects a ${spec.type} value (${spec.help})`);
      i++;
    }
    values[key] = convert(key, raw, spec);
  }
  const seed = values.seed as number;
  if (seed < 0) throw new ConfigError('seed', seed, 'expected a non-negative integer');
  const options: OptionValues = {};
  for (const k of Object.keys(specs)) options[k] = values[k];
  return { seed, out: values.out as string | null, json: values.json as boolean, resume: values.resume as boolean, help: values.help as boolean, options };
}

function convert(key: string, raw: string, spec: OptionSpec): number | string | string[] {
  switch (spec.type) {
    case 'number': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) throw new ConfigError(key, raw, 'expected a finite number');
      return v;
    }
    case 'integer': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isInteger(v)) throw new ConfigError(key, raw, 'expected an integer');
      return v;
    }
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'string':
      return raw;
    default:
      throw new ConfigError(key, raw, `unsupported option type ${String(spec.type)}`);
  }
}

/** `runs/{name}__{seed}__{YYYYMMDD-HHMMSS}` (UTC). */
export function defaultOutDir(name: string, seed: number, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `runs/${name}__${seed}__${stamp}`;
}

export function helpText(exp: Experiment): string {
  const lines = [`${exp.name}: ${exp.description}`, '', 'options (kebab-case also accepted; lists are comma-separated):'];
  for (const [k, s] of Object.entries({ ...exp.options, ...GLOBAL_OPTIONS })) {
    const usage = s.type === 'boolean' ? `--${k} | --no-${k}` : `--${k} <${s.type === 'list' ? 'a,b,…' : s.type}>`;
    lines.push(`  ${usage}  ${s.help} (default ${JSON.stringify(s.default)})`);
  }
  return lines.join('\n');
}

function listText(exps: Record<string, () => Promise<Experiment>>): string {
  return Object.keys(exps).join(', ') || '(none registered)';
}

export async function main(argv: readonly string[], io: CliIo, experiments: Record<string, () => Promise<Experiment>> = registry): Promise<number> {
  const wantsJson = argv.includes('--json');
  const log = (m: string) => (wantsJson ? io.stderr(m) : io.stdout(m));
  /** A run folder this invocation started (not resumed), discarded if the run fails before writing results. */
  let started: { dir: string; existed: boolean } | null = null;
  try {
    const [name, ...rest] = argv;
    const usage = 'usage: npm run experiment -- <name> [--seed N] [--out DIR] [--json] [--resume] [options]';
    if (name === '--help' || name === '-h') {
      log(`${usage}\nexperiments: ${listText(experiments)}`);
      return 0;
    }
    if (name === undefined) throw new ConfigError('experiment', null, `missing experiment name (${usage}); experiments: ${listText(experiments)}`);
    if (name.startsWith('--')) throw new ConfigError('experiment', name, `the first argument must be an experiment name; experiments: ${listText(experiments)}`);
    const load = experiments[name];
    if (load === undefined) throw new ConfigError('experiment', name, `unknown experiment; experiments: ${listText(experiments)}`);
    const exp = await load();
    const args = parseOptions(name, rest, exp.options);
    if (args.help) {
      log(helpText(exp));
      return 0;
    }

    const outDir = resolve(io.cwd, args.out ?? defaultOutDir(name, args.seed, (io.now ?? (() => new Date()))()));
    const config: JsonObject = { experiment: name, seed: args.seed, options: args.options as JsonObject };
    prepareOutDir(outDir, config, args);
    if (!args.resume) started = { dir: outDir, existed: existsSync(outDir) };
    const writer = RunWriter.open(outDir);
    if (!args.resume) writer.writeJson('config.json', { ...config, createdAt: new Date().toISOString(), argv: [...argv] });

    const humanLog = args.json ? io.stderr : io.stdout;
    const t0 = performance.now();
    const summary = await exp.run(args.options, { outDir, seed: args.seed, json: args.json, log: humanLog });
    writer.writeJson('summary.json', summary);
    writer.close();
    humanLog(`${name} finished in ${((performance.now() - t0) / 1000).toFixed(1)} s; run folder: ${outDir}`);
    if (args.json) io.stdout(JSON.stringify(summary));
    return 0;
  } catch (err) {
    if (started !== null) discardEmptyRun(started.dir, started.existed);
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/**
 * After a failed run (e.g. an option the experiment rejects): if the folder holds nothing but
 * config.json, removes it (and the folder, if this run created it), so the same --out works on
 * the next try. Partial results are kept for --resume.
 */
function discardEmptyRun(dir: string, existed: boolean): void {
  if (!existsSync(dir) || readdirSync(dir).some((f) => f !== 'config.json')) return;
  if (existed) rmSync(resolve(dir, 'config.json'), { force: true });
  else rmSync(dir, { recursive: true, force: true });
}

/** Refuses to overwrite a run; on `--resume` checks the stored config matches. */
function prepareOutDir(outDir: string, config: JsonObject, args: Omit<ParsedArgs, 'name'>): void {
  const nonEmpty = existsSync(outDir) && readdirSync(outDir).length > 0;
  if (!args.resume) {
    if (nonEmpty) throw new ConfigError('out', outDir, 'exists and is not empty; pass --resume to continue that run or choose another --out');
    return;
  }
  if (args.out === null) throw new ConfigError('resume', true, 'needs --out DIR naming the run to continue');
  const file = resolve(outDir, 'config.json');
  if (!existsSync(file)) throw new ConfigError('out', outDir, 'has no config.json to resume from');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  for (const key of ['experiment', 'seed'] as const) {
    if (stored[key] !== config[key]) throw new ConfigError(key, config[key], `differs from the run being resumed (${JSON.stringify(stored[key])})`);
  }
  const a = (stored.options ?? {}) as JsonObject;
  const b = config.options as JsonObject;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) {
      throw new ConfigError(key, b[key] as JsonValue, `differs from the run being resumed (${JSON.stringify(a[key] ?? null)})`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (l) => process.stdout.write(`${l}\n`),
    stderr: (l) => process.stderr.write(`${l}\n`),
    cwd: process.cwd(),
  });
}
