/**
 * `paging-limits`: how much room a learned discard-bit predictor has over LRU on each trace, and
 * whether learning could find it (see algorithms/paging/limits.ts).
 *
 * For each trace file (`--traces`, default: every `*.txt(.gz)` in `--data-dir`) and each k in `--ks`:
 * cold misses, OPT and LRU faults and their capacity misses, the number of true discard 1-bits,
 * A1 (FollowDiscardDet) with all-zero bits (= LRU), with the true bits only before `--split` and
 * only after it, A1 with the suite's online learned bits, the longest reuse gap OPT keeps a page
 * across (and how many kept gaps exceed each delay), and A1 with the optimistic delayed-truth
 * learner and with its causal window-label counterpart for each delay in `--delays` (best and all
 * faults over `--taus`). With `--probe FROM:TO[:STEP]`, also A1 with a single 1-bit at each of those
 * requests in turn (`singleBitProbe`; one simulation per position, ~17 ms each on a 2 M-request
 * trace). Writes one JSONL row per (trace, k); the summary maps `trace/k{K}` to that row.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import { discardBits } from '../../envs/paging/oracles.js';
import { learnedBits } from '../../algorithms/paging/learned.js';
import { delayedTruthBits, headroom, keptGaps, singleBitProbe, windowLabelBits } from '../../algorithms/paging/limits.js';
import { FollowDiscard } from '../../algorithms/paging/predictions.js';
import { simulate } from '../../algorithms/paging/simulator.js';
import { RunWriter } from '../io/run-writer.js';
import type { Experiment } from '../types.js';
import { loadTraceFile } from './traces.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function numbers(name: string, v: unknown, check: (x: number) => boolean, what: string): number[] {
  const list = (v as string[]).map(Number);
  if (list.length === 0) throw new ConfigError(name, v, 'expected at least one value');
  for (const x of list) if (!Number.isFinite(x) || !check(x)) throw new ConfigError(name, v, what);
  return list;
}

const experiment: Experiment = {
  name: 'paging-limits',
  description: 'Paging: headroom of learned discard bits over LRU (cold misses, capacity misses, delayed-label learner)',
  options: {
    traces: { type: 'list', default: [], help: 'trace files (default: every *.txt(.gz) in --data-dir)' },
    dataDir: { type: 'string', default: '../shared/data/paging', help: 'folder of real traces (relative to the repo root)' },
    ks: { type: 'list', default: ['16', '64'], help: 'cache sizes' },
    split: { type: 'integer', default: 20000, help: 'A1 gets the true bits only before / only from this request' },
    delays: { type: 'list', default: ['1', '256', '1024', '4096', '16384', '65536'], help: 'label delays of the optimistic learner (requests)' },
    taus: { type: 'list', default: ['0.5', '0.3', '0.2', '0.1'], help: 'thresholds of the optimistic learner' },
    probe: { type: 'string', default: '', help: 'FROM:TO[:STEP]: A1 with one 1-bit at each of these requests in turn (off when empty)' },
  },
  async run(o, ctx) {
    const ks = numbers('ks', o.ks, (x) => Number.isInteger(x) && x > 0, 'cache sizes must be positive integers');
    const delays = numbers('delays', o.delays, (x) => Number.isInteger(x) && x >= 1, 'delays must be integers ≥ 1');
    const taus = numbers('taus', o.taus, (x) => x >= 0 && x < 1, 'thresholds must be in [0, 1)');
    if (!Number.isInteger(o.split) || (o.split as number) < 0) throw new ConfigError('split', o.split, 'expected a non-negative integer');
    let files = (o.traces as string[]).map((f) => resolve(f));
    if (files.length === 0) {
      const dir = resolve(REPO_ROOT, String(o.dataDir));
      if (!existsSync(dir)) throw new ConfigError('dataDir', o.dataDir, 'folder not found');
      files = readdirSync(dir).filter((f) => /\.txt(\.gz)?$/.test(f)).sort().map((f) => join(dir, f));
    }
    for (const f of files) if (!existsSync(f)) throw new ConfigError('traces', f, 'file not found');
    const probe = parseProbe(String(o.probe));
    const run = RunWriter.open(ctx.outDir);
    const summary: JsonObject = {};
    for (const file of files) {
      const name = basename(file).replace(/\.txt(\.gz)?$/, '');
      const trace = loadTraceFile(file);
      for (const k of ks) {
        const truth = discardBits(trace, k);
        const h = headroom(trace, k, o.split as number, truth);
        const gaps = keptGaps(trace, truth, delays);
        const learned = simulate(new FollowDiscard(), { trace, k, bits: learnedBits(trace, k).bits });
        const delayed: JsonObject = {};
        const windowed: JsonObject = {};
        const a1 = (bits: Uint8Array) => simulate(new FollowDiscard(), { trace, k, bits });
        for (const d of delays) {
          const faults = taus.map((tau) => a1(delayedTruthBits(trace, truth, d, tau)));
          delayed[String(d)] = { best: Math.min(...faults), faults };
          const causal = taus.map((tau) => a1(windowLabelBits(trace, d, tau)));
          windowed[String(d)] = { best: Math.min(...causal), faults: causal };
        }
        const row: JsonObject = { trace: name, ...h, followDiscardLearned: learned, longestKeptGap: gaps.longest, keptGapsOver: gaps.over, delayedTruth: delayed, windowLabel: windowed, taus };
        if (probe !== null) {
          const positions = [];
          for (let t = probe.from; t < Math.min(probe.to, trace.pages.length); t += probe.step) positions.push(t);
          const r = singleBitProbe(trace, k, positions);
          row.singleBit = { ...r, histogram: r.histogram as JsonObject, helpful: r.helpful.map((x) => ({ ...x })), probe: String(o.probe) };
          ctx.log(`${name} k=${k}: one 1-bit at ${r.probed} positions: ${r.helpful.length} lower A1 below ${r.baseline} (${r.helpful.map((x) => `${x.t}:${x.faults}`).join(' ')}), ${r.harmful} raise it`);
        }
        run.appendJsonl(row);
        summary[`${name}/k${k}`] = row;
        const bests = (o: JsonObject) => Object.entries(o).map(([d, v]) => `${d}:${(v as { best: number }).best}`).join(' ');
        const best = `${bests(delayed)} | window-label best ${bests(windowed)}`;
        ctx.log(`${name} k=${k}: cold ${h.cold} OPT ${h.opt} LRU ${h.lru} (capacity ${h.lruCapacity} vs ${h.optCapacity}) 1-bits ${h.truthOnes} A1 learned ${learned} | truth<split ${h.followDiscardTruthBefore} ≥split ${h.followDiscardTruthAfter} | longest kept gap ${gaps.longest} | delayed-truth best ${best}`);
      }
    }
    return summary;
  },
};

/** `FROM:TO[:STEP]` → positions FROM, FROM+STEP, … below TO; '' → null. */
function parseProbe(spec: string): { from: number; to: number; step: number } | null {
  if (spec === '') return null;
  const [from, to, step = 1] = spec.split(':').map(Number);
  if (![from, to, step].every(Number.isInteger) || from < 0 || to <= from || step < 1) throw new ConfigError('probe', spec, 'expected FROM:TO[:STEP] with integers 0 ≤ FROM < TO, STEP ≥ 1');
  return { from, to, step };
}

export default experiment;
