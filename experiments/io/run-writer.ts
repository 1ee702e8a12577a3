/**
 * `RunWriter`: the file side of a run folder (Node only).
 *
 * - `appendJsonl(value)` / `appendLine(line)` append one line to a JSONL file (default
 *   `episodes.jsonl`) with a single `write` call each, so a crash leaves at most one partial
 *   last line; `RunWriter.open` cuts such a line off (and `readJsonl` ignores it).
 * - `writeJson` / `writeText` / `writeCsv` (config, summary, SVG, tables) are atomic: write a
 *   temp file in the same folder, fsync, rename over the target. Readers never see half a file.
 * - Resume: `readJsonl()` returns the records already written; `completedKeys(keyOf)` turns them
 *   into a set of keys so an experiment can skip finished work (e.g. `${agent}/${env}/${episode}`).
 *
 * @example
 * const run = RunWriter.open(ctx.outDir);
 * const done = run.completedKeys((r) => `${r.agent}/${r.episode}`);
 * rollout(env, agent, { episodes: 10, seed })
 *   .pipe(recordJsonl((l) => run.appendLine(l), (e) => (e.type === 'episodeEnd' ? { agent: agent.name, ...e } : undefined)))
 *   .subscribe();
 * run.writeText('returns.svg', await barChart({ bars }));
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ParseError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { toCsv, type CsvValue } from './csv.js';

export const EPISODES_FILE = 'episodes.jsonl';

let tempCounter = 0;

export class RunWriter {
  private readonly fds = new Map<string, number>();

  private constructor(readonly dir: string) {}

  /** Opens (creating) the run folder; repairs a partial last line of `episodes.jsonl`. */
  static open(dir: string): RunWriter {
    mkdirSync(dir, { recursive: true });
    const writer = new RunWriter(dir);
    writer.repair(EPISODES_FILE);
    return writer;
  }

  /** Absolute-or-relative path of `name` inside the run folder. */
  path(name: string): string {
    return join(this.dir, name);
  }

  exists(name: string): boolean {
    return existsSync(this.path(name));
  }

  /** Appends `line` + "\n" (one write call). `line` must not contain a newline. */
  appendLine(line: string, name = EPISODES_FILE): void {
    if (line.includes('\n')) throw new ConfigError('line', line, `contains a newline; appendLine writes one line of ${name}`);
    let fd = this.fds.get(name);
    if (fd === undefined) {
      this.repair(name);
      fd = openSync(this.path(name), 'a');
      this.fds.set(name, fd);
    }
    writeSync(fd, `${line}\n`);
  }

  /** Appends one JSON record as a line. */
  appendJsonl(value: JsonValue, name = EPISODES_FILE): void {
    this.appendLine(JSON.stringify(value), name);
  }

  /** Records of a JSONL file (empty when it does not exist); a partial last line is ignored. */
  readJsonl(name = EPISODES_FILE): JsonValue[] {
    const file = this.path(name);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n');
    const lines = end < 0 ? [] : text.slice(0, end).split('\n');
    const out: JsonValue[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line) as JsonValue);
      } catch (err) {
        throw new ParseError(file, i + 1, `invalid JSON: ${(err as Error).message}`);
      }
    });
    return out;
  }

  /** Keys of the object records already in `name`, for skipping finished work on resume. */
  completedKeys(keyOf: (record: JsonObject) => string | undefined, name = EPISODES_FILE): Set<string> {
    const keys = new Set<string>();
    for (const r of this.readJsonl(name)) {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) continue;
      const k = keyOf(r);
      if (k !== undefined) keys.add(k);
    }
    return keys;
  }

  /** Atomically writes `value` as pretty JSON. */
  writeJson(name: string, value: JsonValue): void {
    this.writeText(name, `${JSON.stringify(value, null, 2)}\n`);
  }

  /**
   * Atomically writes `rows` as CSV (RFC 4180 quoting, see `toCsv`); `columns` defaults to the
   * keys of the first row.
   */
  writeCsv(name: string, rows: readonly Readonly<Record<string, CsvValue>>[], columns: readonly string[] = Object.keys(rows[0] ?? {})): void {
    this.writeText(name, toCsv(rows, columns));
  }

  /** Atomically writes `text` (temp file in the same folder + fsync + rename). */
  writeText(name: string, text: string): void {
    const target = this.path(name);
    const temp = this.path(`.${name}.tmp-${process.pid}-${tempCounter++}`);
    try {
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }

  /** Closes the append handles (appending again reopens them). */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  /** Cuts a partial last line (a crash mid-append) so the next append starts on a fresh line. */
  private repair(name: string): void {
    const file = this.path(name);
    if (!existsSync(file)) return;
    const text = readFileSync(file);
    if (text.length === 0 || text[text.length - 1] === 0x0a) return;
    const end = text.lastIndexOf(0x0a);
    truncateSync(file, end + 1);
  }
}
