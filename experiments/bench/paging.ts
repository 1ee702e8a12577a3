/**
 * `paging` benchmark: requests per second on long synthetic traces (--quick: a tenth of the sizes).
 * Two workloads, because the env's speed depends on the fault rate (it serves hits itself and
 * builds an O(k) observation only on full-cache faults):
 *   - `zipf`: 1M requests, Zipf(1.0) over 4096 pages, k = 256 (≈ 42% faults: decision-bound);
 *   - `phases`: 10M requests, working sets of 48 of 4096 pages, mean phase length 20 000, k = 64
 *     (few faults, like the real lackey traces at k = 64).
 * Measures (median of 3):
 *   - `env+LRU`: `PagingEnv` (fixed trace, predictions off) driven by `LRUAgent` through the Env
 *     API, reset excluded; requests/s counts every request, decisions/s counts agent steps.
 *     Goal ≥ 10M requests/s.
 *   - `simulate(LRU)`: the array-based simulator (no Env, no observations).
 *   - `belady`: Belady's schedule (next-arrival pass + O(n log k) heap). Goal ≥ 2M requests/s.
 *   - `discardBits`, `learnedBits(discard)`: the oracle labels and the learned predictor (zipf only).
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
    const scale = ctx.quick ? 0.1 : 1;
    const workloads = {
      zipf: { k: 256, cfg: { ...DEFAULT_GENERATOR, kind: 'zipf' as const, length: 1_000_000 * scale, pages: 4096, zipfAlpha: 1.0 } },
      phases: { k: 64, cfg: { ...DEFAULT_GENERATOR, kind: 'phases' as const, length: 10_000_000 * scale, pages: 4096, workingSet: 48, phaseLength: 20_000 } },
    };
    const reps = 3;
    const measure = (fn: () => unknown) => {
      fn(); // warm-up
      return median(Array.from({ length: reps }, () => time(fn).seconds));
    };
    const rows: (string | number)[][] = [];
    const out: JsonObject = { goals: { envLruRequestsPerSecond: 10_000_000, beladyRequestsPerSecond: 2_000_000 } };
    for (const [name, { k, cfg }] of Object.entries(workloads)) {
      const n = cfg.length;
      const trace = compactTrace(generateTrace(cfg, createRng(`bench-paging-${name}`)));
      const env = new PagingEnv({ k, trace, predictions: 'none' });
      const agent = new LRUAgent();
      let decisions = 0;
      let faults = 0;
      const envRun = () => {
        let { obs } = env.reset({ seed: 0 });
        decisions = 0;
        for (;;) {
          const r = env.step(agent.act(obs));
          decisions++;
          if (r.terminated) return (faults = r.info.faults as number);
          obs = r.obs;
        }
      };
      const envSeconds = measure(envRun);
      const simSeconds = measure(() => simulate(new LRU(), { trace, k }));
      const beladySeconds = measure(() => belady(trace, k));
      const result: JsonObject = {
        requests: n,
        k,
        pages: trace.nPages,
        lruFaultRate: faults / n,
        envLruRequestsPerSecond: Math.round(n / envSeconds),
        envLruDecisionsPerSecond: Math.round(decisions / envSeconds),
        simulateLruRequestsPerSecond: Math.round(n / simSeconds),
        beladyRequestsPerSecond: Math.round(n / beladySeconds),
      };
      if (name === 'zipf') {
        result.discardBitsRequestsPerSecond = Math.round(n / measure(() => discardBits(trace, k)));
        result.learnedBitsRequestsPerSecond = Math.round(n / measure(() => learnedBits(trace, k, { target: 'discard' })));
      }
      out[name] = result;
      ctx.log(`${name}: ${trace.nPages} pages, ${n} requests, k = ${k}, LRU fault rate ${((100 * faults) / n).toFixed(2)}%`);
      for (const [key, v] of Object.entries(result)) if (key.endsWith('PerSecond')) rows.push([`${name} ${key.replace('PerSecond', '/s')}`, `${((v as number) / 1e6).toFixed(2)}M`]);
    }
    ctx.log(table(['measure', 'per second'], rows));
    return out;
  },
};

export default bench;
