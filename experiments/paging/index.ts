/**
 * `paging`: competitive ratios (cost / OPT) of every paging algorithm.
 *
 * Sweep mode (default): for each trace (synthetic families `--families`, `--length` requests, plus
 * the real traces in `--data-dir` unless `--no-real`), each cache size in `--ks` and each seed:
 *   - every algorithm with perfect predictions (bits from the oracles, σ = 0) and the learned bits;
 *   - the bit algorithms with each flip rate in `--rates` (consistency → robustness; `--flip-type`
 *     flips all bits or one direction only; the rows carry η split by type);
 *   - the next-arrival algorithms with each σ in `--sigmas`.
 * Writes one JSONL row per (trace, k, seed, setting, algorithm), `ratios.csv`, and SVGs:
 * `bits-vs-flip-rate-k{K}.svg`, `next-arrival-vs-sigma-k{K}.svg` (mean ratio over synthetic traces and
 * seeds) and `real-traces-k{K}.svg`. Real traces are cut to `--real-requests` requests. On each
 * real trace the `+pretrained` learned predictors first learn on the other real traces (leave one
 * out), then predict this one online without any oracle.
 *
 * Trace mode (`--trace FILE --k K`): runs every algorithm on that trace (oracle-bit ones with their
 * ground-truth bits, next-arrival ones with exact next arrivals, the learned ones without any
 * oracle) and returns `{k, requests, opt, algorithms: {NAME: {faults, ratio, uses}}}`, printed as the
 * last stdout line with `--json`. Randomised algorithms report the mean faults over `--seeds` seeds.
 * `--pretrain` names the traces the `+pretrained` predictors learn on first: `auto` (default) = the
 * real traces in `--data-dir` except `--trace` itself (none if that folder is absent), `none` = no
 * `+pretrained` rows, or a list of files.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { mean } from '../../envs/core/stats.js';
import { DEFAULT_GENERATOR, generateTrace, TRACE_KINDS } from '../../envs/paging/generator.js';
import { compactTrace } from '../../envs/paging/trace.js';
import type { Trace, TraceKind } from '../../envs/paging/types.js';
import { evaluate, FLIP_TYPES, PAGING_ALGORITHMS, type Evaluation, type FlipType } from '../../algorithms/paging/catalog.js';
import { RunWriter } from '../io/run-writer.js';
import { barChart, lineChart } from '../plot/index.js';
import type { Experiment, ExperimentContext, OptionValues } from '../types.js';
import { loadTraceFile } from './traces.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIT_ALGS = PAGING_ALGORITHMS.filter((a) => a.uses === 'oracle-bits').map((a) => a.name);
const NEXT_ALGS = PAGING_ALGORITHMS.filter((a) => a.uses === 'oracle-next-arrival').map((a) => a.name);
/** Flat reference lines in the curves (LRU is left out: the loop family puts it at 50× OPT). */
const BASELINES = ['Marker'];

interface Row extends JsonObject {
  trace: string;
  k: number;
  seed: number;
  flipRate: number;
  sigma: number;
  algorithm: string;
  uses: string;
  faults: number;
  opt: number;
  ratio: number;
}

function numbers(name: string, v: unknown, check: (x: number) => boolean, what: string): number[] {
  const list = (v as string[]).map(Number);
  for (const x of list) if (!Number.isFinite(x) || !check(x)) throw new ConfigError(name, v, what);
  return list;
}

function rowsOf(ev: Evaluation, trace: string, seed: number, flipRate: number, sigma: number): Row[] {
  return Object.entries(ev.algorithms).map(([algorithm, r]) => ({
    trace,
    k: ev.k,
    seed,
    flipRate,
    sigma,
    algorithm,
    uses: r.uses,
    faults: r.faults,
    opt: ev.opt,
    ratio: r.ratio,
    errors: Object.fromEntries(Object.entries(ev.errors).map(([key, e]) => [key, { falseZero: e.falseZero, falseOne: e.falseOne }])),
  }));
}

async function runTrace(o: OptionValues, ctx: ExperimentContext): Promise<JsonObject> {
  const file = resolve(String(o.trace));
  if (!existsSync(file)) throw new ConfigError('trace', o.trace, 'file not found');
  const k = o.k as number;
  const trace = loadTraceFile(file);
  ctx.log(`${basename(file)}: ${trace.pages.length} requests, ${trace.nPages} distinct pages, k = ${k}`);
  // never pretrain on the evaluated trace itself, even under another file name
  const pretrain = pretrainFilesOf(o, file)
    .map((f) => ({ file: f, trace: loadTraceFile(f) }))
    .filter((x) => !sameRequests(x.trace, trace));
  const pretrainFiles = pretrain.map((x) => x.file);
  if (pretrainFiles.length > 0) ctx.log(`+pretrained predictors learn first on ${pretrainFiles.map((f) => basename(f)).join(', ')}`);
  const ev = evaluate(trace, k, { seeds: o.seeds as number, seed: ctx.seed, pretrainOn: pretrain.map((x) => x.trace) });
  const run = RunWriter.open(ctx.outDir);
  for (const row of rowsOf(ev, basename(file), ctx.seed, 0, 0)) run.appendJsonl(row);
  const algorithms: JsonObject = {};
  for (const [name, r] of Object.entries(ev.algorithms)) {
    algorithms[name] = { faults: Number(r.faults.toFixed(2)), ratio: Number(r.ratio.toFixed(4)), uses: r.uses };
    ctx.log(`${name.padEnd(28)} ${String(r.faults).padStart(10)}  ${r.ratio.toFixed(3)}  ${r.uses}`);
  }
  return { k, requests: ev.requests, opt: ev.opt, algorithms };
}

/** The `--pretrain` files for trace mode (see the module doc). */
function pretrainFilesOf(o: OptionValues, traceFile: string): string[] {
  const list = (o.pretrain as string[]).filter((x) => x !== '');
  if (list.length === 1 && list[0] === 'none') return [];
  if (list.length === 1 && list[0] === 'auto') {
    const dir = resolve(REPO_ROOT, String(o.dataDir));
    return existsSync(dir) ? realTraceFiles(dir).filter((f) => f !== traceFile) : [];
  }
  for (const f of list) if (!existsSync(resolve(f))) throw new ConfigError('pretrain', f, 'file not found (or use "auto" / "none")');
  return list.map((f) => resolve(f));
}

/** True when both traces request the same original page ids in the same order. */
function sameRequests(a: Trace, b: Trace): boolean {
  if (a.pages.length !== b.pages.length) return false;
  for (let t = 0; t < a.pages.length; t++) if (a.ids[a.pages[t]] !== b.ids[b.pages[t]]) return false;
  return true;
}

/** The `*.txt(.gz)` trace files of a folder, sorted by name. */
function realTraceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((x) => /\.txt(\.gz)?$/.test(x))
    .sort()
    .map((f) => join(dir, f));
}

async function runSweep(o: OptionValues, ctx: ExperimentContext): Promise<JsonObject> {
  const ks = numbers('ks', o.ks, (x) => Number.isInteger(x) && x > 0, 'cache sizes must be positive integers');
  const rates = numbers('rates', o.rates, (x) => x >= 0 && x <= 1, 'flip rates must be in [0, 1]');
  const sigmas = numbers('sigmas', o.sigmas, (x) => x >= 0, 'σ must be ≥ 0');
  const families = (o.families as string[]).map((f) => {
    if (!TRACE_KINDS.includes(f as TraceKind)) throw new ConfigError('families', f, `expected some of ${TRACE_KINDS.join(', ')}`);
    return f as TraceKind;
  });
  const flipType = o.flipType as FlipType;
  if (!FLIP_TYPES.includes(flipType)) throw new ConfigError('flipType', o.flipType, `expected one of ${FLIP_TYPES.join(', ')}`);
  const seeds = o.seeds as number;
  const length = o.length as number;
  if (!Number.isInteger(length) || length <= 0) throw new ConfigError('length', length, 'expected a positive integer');
  if (!Number.isInteger(o.realRequests) || (o.realRequests as number) <= 0) throw new ConfigError('realRequests', o.realRequests, 'expected a positive integer');

  const run = RunWriter.open(ctx.outDir);
  const rows: Row[] = [];
  const add = (rs: Row[]) => {
    for (const r of rs) run.appendJsonl(r);
    rows.push(...rs);
  };

  // synthetic traces
  for (const family of families) {
    for (let s = 0; s < seeds; s++) {
      const seed = ctx.seed * 1000 + s;
      for (const k of ks) {
        const pages = family === 'loop' ? k + 1 : 4 * k;
        const cfg = { ...DEFAULT_GENERATOR, kind: family, length, pages, loopLength: k + 1, workingSet: Math.round(1.5 * k), phaseLength: 50 * k };
        const trace = compactTrace(generateTrace(cfg, createRng(`${family}:${seed}:${k}`)));
        const name = `synthetic-${family}`;
        add(rowsOf(evaluate(trace, k, { seed, seeds: 1 }), name, seed, 0, 0));
        for (const rate of rates.filter((r) => r > 0)) add(rowsOf(evaluate(trace, k, { seed, seeds: 1, flipRate: rate, flipType, algorithms: BIT_ALGS }), name, seed, rate, 0));
        for (const sigma of sigmas.filter((x) => x > 0)) add(rowsOf(evaluate(trace, k, { seed, seeds: 1, sigma, algorithms: NEXT_ALGS }), name, seed, 0, sigma));
        ctx.log(`${name} seed ${seed} k ${k}: LRU ${ratioOf(rows, name, k, seed, 'LRU')}, FollowDiscardDet+learned ${ratioOf(rows, name, k, seed, 'FollowDiscardDet+learned')}`);
      }
    }
  }

  // real traces
  const real: { name: string; trace: Trace }[] = [];
  if (o.real as boolean) {
    const dir = resolve(REPO_ROOT, String(o.dataDir));
    if (!existsSync(dir)) throw new ConfigError('dataDir', o.dataDir, `folder ${dir} not found (or pass --no-real)`);
    for (const f of realTraceFiles(dir)) {
      const full = loadTraceFile(f);
      const cut = Math.min(full.pages.length, o.realRequests as number);
      real.push({ name: basename(f).replace(/\.txt(\.gz)?$/, ''), trace: cut === full.pages.length ? full : compactTrace(Array.from(full.pages.subarray(0, cut), (p) => full.ids[p])) });
    }
  }
  for (const { name, trace } of real) {
    for (const k of ks) {
      const pretrainOn = real.filter((r) => r.name !== name).map((r) => r.trace);
      add(rowsOf(evaluate(trace, k, { seed: ctx.seed, seeds, pretrainOn }), name, ctx.seed, 0, 0));
      const show = ['LRU', 'FollowDiscardDet+learned', 'FollowDiscardDet+pretrained'];
      ctx.log(`${name} k ${k}: ${show.map((a) => `${a} ${ratioOf(rows, name, k, ctx.seed, a)}`).join(', ')}`);
    }
  }

  // tables and plots
  const synthetic = rows.filter((r) => r.trace.startsWith('synthetic-'));
  run.writeCsv('ratios.csv', rows.map((r) => ({ ...r, ratio: r.ratio.toFixed(5) })), ['trace', 'k', 'seed', 'flipRate', 'sigma', 'algorithm', 'uses', 'faults', 'opt', 'ratio']);
  const summary: JsonObject = { ks, rates, flipType, sigmas, families, seeds, length };
  const perfect: JsonObject = {};
  for (const k of ks) {
    const at = (alg: string, filter: (r: Row) => boolean) => {
      const xs = synthetic.filter((r) => r.k === k && r.algorithm === alg && filter(r)).map((r) => r.ratio);
      return xs.length > 0 ? mean(xs) : NaN;
    };
    const bitSeries = [...BIT_ALGS, ...BASELINES].map((alg) => ({
      name: alg,
      x: rates,
      y: rates.map((rate) => at(alg, (r) => (BASELINES.includes(alg) ? r.flipRate === 0 && r.sigma === 0 : r.flipRate === rate && r.sigma === 0))),
    }));
    const nextSeries = [...NEXT_ALGS, ...BASELINES].map((alg) => ({
      name: alg,
      x: sigmas,
      y: sigmas.map((sigma) => at(alg, (r) => (BASELINES.includes(alg) ? r.flipRate === 0 && r.sigma === 0 : r.sigma === sigma && r.flipRate === 0))),
    }));
    if (synthetic.length > 0) {
      run.writeText(`bits-vs-flip-rate-k${k}.svg`, await lineChart({ title: `One-bit predictions, k = ${k} (synthetic mean)`, series: bitSeries, xLabel: 'bit flip rate', yLabel: 'cost / OPT' }));
      run.writeText(`next-arrival-vs-sigma-k${k}.svg`, await lineChart({ title: `Next-arrival predictions, k = ${k} (synthetic mean)`, series: nextSeries, xLabel: 'lognormal σ', yLabel: 'cost / OPT' }));
      summary[`bitsVsFlipRate_k${k}`] = Object.fromEntries(bitSeries.map((s) => [s.name, s.y.map((v) => Number(v.toFixed(4)))]));
      summary[`nextVsSigma_k${k}`] = Object.fromEntries(nextSeries.map((s) => [s.name, s.y.map((v) => Number(v.toFixed(4)))]));
    }
    const realRows = rows.filter((r) => !r.trace.startsWith('synthetic-') && r.k === k && r.flipRate === 0 && r.sigma === 0);
    if (realRows.length > 0) {
      run.writeText(`real-traces-k${k}.svg`, await barChart({ title: `Real traces, k = ${k}`, bars: realRows.map((r) => ({ group: r.trace, series: r.algorithm, value: r.ratio })), yLabel: 'cost / OPT' }));
      for (const r of realRows) {
        const key = `${r.trace}/k${k}`;
        (perfect[key] ??= { opt: r.opt }) as JsonObject;
        (perfect[key] as JsonObject)[r.algorithm] = Number(r.ratio.toFixed(4));
      }
    }
  }
  summary.real = perfect;
  return summary;
}

function ratioOf(rows: Row[], trace: string, k: number, seed: number, alg: string): string {
  const r = rows.find((x) => x.trace === trace && x.k === k && x.seed === seed && x.algorithm === alg && x.flipRate === 0 && x.sigma === 0);
  return r === undefined ? '-' : r.ratio.toFixed(3);
}

const experiment: Experiment = {
  name: 'paging',
  description: 'Paging with one-bit and next-arrival predictions: competitive ratios (cost / OPT) on synthetic and real traces',
  options: {
    trace: { type: 'string', default: null, help: 'trace file (one page id per line, gzip ok): run every algorithm on it at --k' },
    k: { type: 'integer', default: 16, help: 'cache size for --trace' },
    ks: { type: 'list', default: ['16', '64'], help: 'cache sizes of the sweep' },
    families: { type: 'list', default: ['zipf', 'loop', 'scan', 'phases'], help: `synthetic families (${TRACE_KINDS.join(', ')})` },
    length: { type: 'integer', default: 20000, help: 'requests per synthetic trace' },
    rates: { type: 'list', default: ['0', '0.05', '0.1', '0.2', '0.3', '0.5'], help: 'bit flip rates' },
    flipType: { type: 'string', default: 'both', help: `which oracle bits the rates flip (${FLIP_TYPES.join(', ')})` },
    sigmas: { type: 'list', default: ['0', '2', '10', '50', '200'], help: 'lognormal σ of next-arrival predictions' },
    seeds: { type: 'integer', default: 3, help: 'seeds (synthetic traces and randomised algorithms)' },
    real: { type: 'boolean', default: true, help: 'include the real traces of --data-dir' },
    dataDir: { type: 'string', default: '../shared/data/paging', help: 'folder of real traces (relative to the repo root)' },
    realRequests: { type: 'integer', default: 2_000_000, help: 'cut real traces to this many requests' },
    pretrain: { type: 'list', default: ['auto'], help: 'trace mode: traces the +pretrained predictors learn on first ("auto": the real traces in --data-dir except --trace; "none")' },
  },
  async run(o, ctx) {
    if (!Number.isInteger(o.seeds) || (o.seeds as number) <= 0) throw new ConfigError('seeds', o.seeds, 'expected a positive integer');
    if (o.trace !== null && o.trace !== undefined) {
      if (!Number.isInteger(o.k) || (o.k as number) <= 0) throw new ConfigError('k', o.k, 'expected a positive integer');
      return runTrace(o, ctx);
    }
    return runSweep(o, ctx);
  },
};

export default experiment;
