/**
 * `paging` benchmark: requests per second of Paging-v0 + LRU and of Belady's schedule, side by side
 * on real and synthetic traces (--quick: a tenth of every trace).
 * Workloads (the env's speed depends on the fault rate: it serves hits itself and asks the agent
 * only on full-cache faults):
 *   - the real lackey traces in ../shared/data/paging (gzip, sort, python3; 2M requests each) at
 *     k = 16 and 64 (skipped, with a note, when the folder is absent);
 *   - `zipf`: 1M requests, Zipf(1.0) over 4096 pages, k = 256 (≈ 42% faults: decision-bound).
 * Measures (median of 3 after one warm-up, process CPU seconds: the machine is shared):
 *   - `env+LRU copy` / `env+LRU view`: `PagingEnv` (fixed trace, predictions off) driven by
 *     `LRUAgent` through the Env API, reset excluded, with fresh observations (the default) and in
 *     view mode (`copyObservation: false`); requests/s counts every request. Goal ≥ 10M requests/s.
 *     Both modes must give the same fault count (checked).
 *   - `simulate(LRU)`: the array-based simulator (no Env, no observations).
 *   - `belady`: Belady's schedule (next-arrival pass + O(n log k) heap). Goal ≥ 2M requests/s.
 *   - zipf only: `discardBits`, `learnedBits(discard)` (the oracle labels and the learned predictor).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { PagingEnv } from '../../envs/paging/env.js';
import { DEFAULT_GENERATOR, generateTrace } from '../../envs/paging/generator.js';
import { belady, discardBits } from '../../envs/paging/oracles.js';
import { compactTrace } from '../../envs/paging/trace.js';
import type { Trace } from '../../envs/paging/types.js';
import { LRUAgent } from '../../algorithms/paging/agents.js';
import { LRU } from '../../algorithms/paging/classic.js';
import { learnedBits } from '../../algorithms/paging/learned.js';
import { simulate } from '../../algorithms/paging/simulator.js';
import { loadTraceFile } from '../paging/traces.js';
import type { Benchmark, BenchContext } from '../types.js';
import { cpuSeconds, median, table, time } from './timing.js';

const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/paging');
const REAL = ['gzip', 'sort', 'python3'] as const;

/** The first `n` requests of `trace`, compacted again. */
function prefix(trace: Trace, n: number): Trace {
  return n >= trace.pages.length ? trace : compactTrace(Array.from(trace.pages.subarray(0, n), (p) => trace.ids[p]));
}

/** Plays one LRU episode through the Env API; returns [faults, decisions]. */
function playLru(env: PagingEnv, agent: LRUAgent): [number, number] {
  let { obs } = env.reset({ seed: 0 });
  agent.onEpisodeStart();
  for (let decisions = 1; ; decisions++) {
    const r = env.step(agent.act(obs));
    if (r.terminated) return [r.info.faults as number, decisions];
    obs = r.obs;
  }
}

const bench: Benchmark = {
  name: 'paging',
  description: 'Paging-v0 + LRU (copy and view mode) and Belady requests/s on the real lackey traces and a fault-heavy Zipf trace',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const scale = ctx.quick ? 0.1 : 1;
    const workloads: { name: string; k: number; trace: Trace }[] = [];
    if (existsSync(DATA_DIR)) {
      for (const name of REAL) {
        const full = loadTraceFile(path.join(DATA_DIR, `lackey-${name}.txt.gz`));
        const trace = prefix(full, Math.round(full.pages.length * scale));
        for (const k of [16, 64]) workloads.push({ name: `${name} k=${k}`, k, trace });
      }
    } else {
      ctx.log(`note: ${DATA_DIR} is absent; real traces skipped`);
    }
    const zipf = compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'zipf', length: 1_000_000 * scale, pages: 4096, zipfAlpha: 1.0 }, createRng('bench-paging-zipf')));
    workloads.push({ name: 'zipf k=256', k: 256, trace: zipf });

    const reps = 3;
    const measure = (fn: () => unknown) => {
      fn(); // warm-up
      return median(Array.from({ length: reps }, () => time(fn, cpuSeconds).seconds));
    };
    const perSecond = (n: number, seconds: number) => Math.round(n / seconds);
    const rows: (string | number)[][] = [];
    const out: JsonObject = { clock: 'process CPU seconds', goals: { envLruRequestsPerSecond: 10_000_000, beladyRequestsPerSecond: 2_000_000 } };
    for (const { name, k, trace } of workloads) {
      const n = trace.pages.length;
      const result: JsonObject = { requests: n, k, pages: trace.nPages };
      const faults: Record<string, number> = {};
      for (const copyObservation of [true, false]) {
        const mode = copyObservation ? 'Copy' : 'View';
        const env = new PagingEnv({ k, trace, predictions: 'none', copyObservation });
        const agent = new LRUAgent();
        let played: [number, number] = [0, 0];
        const seconds = measure(() => (played = playLru(env, agent)));
        faults[mode] = played[0];
        result[`envLru${mode}RequestsPerSecond`] = perSecond(n, seconds);
        result[`envLru${mode}DecisionsPerSecond`] = perSecond(played[1], seconds);
      }
      if (faults.Copy !== faults.View) throw new Error(`${name}: copy mode ${faults.Copy} faults, view mode ${faults.View}`);
      result.lruFaultRate = faults.Copy / n;
      result.simulateLruRequestsPerSecond = perSecond(n, measure(() => simulate(new LRU(), { trace, k })));
      result.beladyRequestsPerSecond = perSecond(n, measure(() => belady(trace, k)));
      if (name.startsWith('zipf')) {
        result.discardBitsRequestsPerSecond = perSecond(n, measure(() => discardBits(trace, k)));
        result.learnedBitsRequestsPerSecond = perSecond(n, measure(() => learnedBits(trace, k, { target: 'discard' })));
      }
      out[name] = result;
      const m = (key: string) => `${((result[key] as number) / 1e6).toFixed(2)}M`;
      rows.push([name, n, `${(100 * (result.lruFaultRate as number)).toFixed(2)}%`, m('envLruCopyRequestsPerSecond'), m('envLruViewRequestsPerSecond'), m('simulateLruRequestsPerSecond'), m('beladyRequestsPerSecond')]);
    }
    ctx.log(table(['trace', 'requests', 'LRU faults', 'env+LRU copy req/s', 'env+LRU view req/s', 'simulate(LRU) req/s', 'Belady req/s'], rows));
    const z = out['zipf k=256'] as JsonObject;
    ctx.log(`zipf k=256: discardBits ${((z.discardBitsRequestsPerSecond as number) / 1e6).toFixed(2)}M req/s, learnedBits(discard) ${((z.learnedBitsRequestsPerSecond as number) / 1e6).toFixed(2)}M req/s`);
    return out;
  },
};

export default bench;
