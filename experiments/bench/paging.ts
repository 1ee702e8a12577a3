/**
 * `paging` benchmark: requests per second on a long synthetic trace (Zipf(1.0) over 4096 pages,
 * 10M requests; 1M with --quick), cache k = 256 unless noted.
 *   - `env+LRU`: `PagingEnv` (fixed trace, predictions off) driven by `LRUAgent` through the Env
 *     API, reset excluded; requests/s counts every request (the env serves hits itself and asks the
 *     agent only on full-cache faults), decisions/s counts agent steps. Goal ≥ 10M requests/s.
 *   - `simulate(LRU)`: the array-based simulator (no Env, no observations).
 *   - `belady`: Belady's schedule (next-arrival pass + O(n log k) heap). Goal ≥ 2M requests/s.
 *   - `discardBits`, `learnedBits(discard)`: the oracle labels and the learned predictor.
 * Median of 3 repetitions each.
 */
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { PagingEnv } from '../../envs/paging/env.js';
import { DEFAULT_GENERATOR, generateTrace } from '../../envs/paging/generator.js';
import { belady, discardBits } from '../../envs/paging/oracles.js';
import { compactTrace } from '../../envs/paging/trace.js';
import { LRUAgent } from '../../algorithms/paging/agents.js';
import { LRU } from '../../algorithms/paging/classic.js';
import { learnedBits } from '../../algorithms/paging/learned.js';
import { simulate } from '../../algorithms/paging/simulator.js';
import type { Benchmark, BenchContext } from '../types.js';
import { median, table, time } from './timing.js';

const bench: Benchmark = {
  name: 'paging',
  description: 'Paging-v0 + LRU requests/s, Belady schedule requests/s, on a long Zipf trace',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const n = ctx.quick ? 1_000_000 : 10_000_000;
    const k = 256;
    const trace = compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'zipf', length: n, pages: 4096, zipfAlpha: 1.0 }, createRng('bench-paging')));
    const reps = 3;
    const env = new PagingEnv({ k, trace, predictions: 'none' });
    const agent = new LRUAgent();
    let decisions = 0;
    const envRun = () => {
      let { obs } = env.reset({ seed: 0 });
      decisions = 0;
      for (;;) {
        const r = env.step(agent.act(obs));
        decisions++;
        if (r.terminated) return r.info.faults as number;
        obs = r.obs;
      }
    };
    const measure = (fn: () => unknown) => {
      fn(); // warm-up
      return median(Array.from({ length: reps }, () => time(fn).seconds));
    };
    const envSeconds = measure(envRun);
    const faults = envRun();
    const simSeconds = measure(() => simulate(new LRU(), { trace, k }));
    const beladySeconds = measure(() => belady(trace, k));
    const discardSeconds = measure(() => discardBits(trace, k));
    const learnedSeconds = measure(() => learnedBits(trace, k, { target: 'discard' }));
    const rate = (s: number) => n / s;
    const rows: [string, number][] = [
      ['env+LRU (requests/s)', rate(envSeconds)],
      ['env+LRU (decisions/s)', decisions / envSeconds],
      ['simulate(LRU)', rate(simSeconds)],
      ['belady', rate(beladySeconds)],
      ['discardBits', rate(discardSeconds)],
      ['learnedBits(discard)', rate(learnedSeconds)],
    ];
    ctx.log(`trace: Zipf(1.0), ${trace.nPages} pages, ${n} requests, k = ${k}; LRU faults ${faults} (${((100 * faults) / n).toFixed(1)}%)`);
    ctx.log(table(['measure', 'per second'], rows.map(([m, v]) => [m, (v / 1e6).toFixed(2) + 'M'])));
    return {
      requests: n,
      k,
      pages: trace.nPages,
      lruFaultRate: faults / n,
      envLruRequestsPerSecond: Math.round(rate(envSeconds)),
      envLruDecisionsPerSecond: Math.round(decisions / envSeconds),
      simulateLruRequestsPerSecond: Math.round(rate(simSeconds)),
      beladyRequestsPerSecond: Math.round(rate(beladySeconds)),
      discardBitsRequestsPerSecond: Math.round(rate(discardSeconds)),
      learnedBitsRequestsPerSecond: Math.round(rate(learnedSeconds)),
      goals: { envLruRequestsPerSecond: 10_000_000, beladyRequestsPerSecond: 2_000_000 },
    };
  },
};

export default bench;
