/**
 * `envs` benchmark: steps per second of every registered env through the Env API
 * (`make(id)` with default options, so registered wrappers such as TimeLimit are included),
 * under a seeded random policy, resets included. Parallel envs (`makeParallel`) count one joint
 * step as one step. Each env is measured in its own worker isolate (see `isolate.ts`: JIT
 * feedback from one env must not slow another), calibrated to ~0.5 s per repetition; the
 * median of 3 repetitions is reported. Time is CPU time of the measuring process (see
 * `timing.ts`): steps per CPU-second, which equals steps/s on an idle machine.
 *
 * JSON: `{ "stepsPerSecond": { "CartPole-v1": n, … }, "parallel": [ids], "errors": { id: msg } }`.
 * Reference: Gymnasium's Python CartPole-v1 does ~138k steps/s; our goal is ≥ 10× that.
 */
import { RandomAgent, RandomMultiAgent } from '../../agents/random.js';
import type { JsonObject } from '../../envs/core/json.js';
import { listEnvs, make, makeParallel } from '../../envs/index.js';
import type { Benchmark, BenchContext } from '../types.js';
import { bareLoop, bareParallelLoop } from './loops.js';
import { formatCount } from '../../agents/bus/progress-bar.js';
import { runIsolated } from './isolate.js';
import { cpuSeconds, median, table, time, type Clock } from './timing.js';

/** Steps/s of `run(steps)`: calibrated so one repetition takes about `seconds`. */
export function measureRate(run: (steps: number) => unknown, seconds: number, reps = 3, clock: Clock = cpuSeconds): number {
  let n = 1000;
  for (;;) {
    const { seconds: s } = time(() => run(n), clock);
    if (s >= seconds / 4 || n >= 1e9) {
      n = Math.max(1000, Math.round((n * seconds) / Math.max(s, 1e-6)));
      break;
    }
    n *= 4;
  }
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) rates.push(n / time(() => run(n), clock).seconds);
  return median(rates);
}

/** A function taking `steps` random-policy steps on a fresh instance of env `id`. */
export function randomRunner(id: string, kind: 'single' | 'parallel'): (steps: number) => number {
  if (kind === 'parallel') {
    const env = makeParallel(id);
    const agent = new RandomMultiAgent((a) => env.actionSpace(a), 0);
    return (steps) => bareParallelLoop(env, agent, steps, 0);
  }
  const env = make(id);
  const agent = new RandomAgent(env.actionSpace, 0);
  return (steps) => bareLoop(env, agent, steps, 0);
}

/** Worker-side: steps/s of env `id` (run through `runIsolated`). */
export function measureEnv(args: { id: string; kind: 'single' | 'parallel'; seconds: number }): number {
  return measureRate(randomRunner(args.id, args.kind), args.seconds);
}

const bench: Benchmark = {
  name: 'envs',
  description: 'steps/s of every registered env via make(id), random policy, resets included',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const seconds = ctx.quick ? 0.05 : 0.5;
    const stepsPerSecond: Record<string, number> = {};
    const parallel: string[] = [];
    const errors: Record<string, string> = {};
    const rows: string[][] = [];
    for (const spec of listEnvs()) {
      try {
        const rate = await runIsolated<number>(import.meta.url, 'measureEnv', { id: spec.id, kind: spec.kind, seconds });
        stepsPerSecond[spec.id] = Math.round(rate);
        if (spec.kind === 'parallel') parallel.push(spec.id);
        rows.push([spec.id, spec.kind, formatCount(rate), (1e9 / rate).toFixed(0)]);
      } catch (err) {
        errors[spec.id] = (err as Error).message;
        rows.push([spec.id, spec.kind, 'error', (err as Error).message]);
      }
    }
    ctx.log(table(['env', 'kind', 'steps/s', 'ns/step'], rows));
    ctx.log('steps per CPU-second of the measuring isolate (= steps/s on an idle machine); Gymnasium CartPole-v1 (Python): ~138k');
    const out: JsonObject = { stepsPerSecond, parallel };
    if (Object.keys(errors).length > 0) out.errors = errors;
    return out;
  },
};

export default bench;
