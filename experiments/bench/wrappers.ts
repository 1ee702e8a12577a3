/**
 * `wrappers` benchmark: the per-step cost of the envs/core wrappers and of `SyncVectorEnv`,
 * measured on CartPole-v1 (the cheapest env, so overhead shows). Each variant runs in its own
 * worker isolate, random actions from a seeded generator, resets included; median of 3
 * calibrated repetitions (~0.5 s each, 0.05 s with --quick). The vector env counts env steps
 * (8 per batched step).
 *
 * JSON: `{ "stepsPerSecond": { variant: n, … }, "overheadNs": { variant: ns per step over raw } }`.
 */
import { CartPoleEnv } from '../../envs/cartpole/env.js';
import type { Env } from '../../envs/core/env.js';
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { SyncVectorEnv } from '../../envs/core/vector.js';
import { FlattenObservation } from '../../envs/core/wrappers/flatten-observation.js';
import { NormalizeObservation } from '../../envs/core/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../envs/core/wrappers/normalize-reward.js';
import { RecordEpisodeStatistics } from '../../envs/core/wrappers/record-episode-statistics.js';
import { make } from '../../envs/index.js';
import type { Benchmark, BenchContext } from '../types.js';
import { measureRate } from './envs.js';
import { runIsolated } from './isolate.js';
import { table } from './timing.js';

type Cart = Env<Float64Array, number>;
const cart = (): Cart => make<Float64Array, number>('CartPole-v1');

const SINGLE: Record<string, () => Cart> = {
  'CartPoleEnv (raw)': () => new CartPoleEnv(),
  'make (TimeLimit)': cart,
  '+ RecordEpisodeStatistics': () => new RecordEpisodeStatistics(cart()),
  '+ NormalizeObservation': () => new NormalizeObservation(cart()),
  '+ NormalizeReward': () => new NormalizeReward(cart()),
  '+ FlattenObservation': () => new FlattenObservation(cart()),
  '+ all four': () => new RecordEpisodeStatistics(new NormalizeReward(new NormalizeObservation(new FlattenObservation(cart())))),
};
const VECTOR: Record<string, 'next-step' | 'same-step'> = {
  'SyncVectorEnv x8 next-step': 'next-step',
  'SyncVectorEnv x8 same-step': 'same-step',
};

/** Worker-side: env steps per second of one variant. */
export function measureVariant(args: { name: string; seconds: number }): number {
  const rng = createRng(0);
  const single = SINGLE[args.name];
  if (single !== undefined) {
    const env = single();
    env.reset({ seed: 0 });
    return measureRate((steps) => {
      for (let i = 0; i < steps; i++) {
        const r = env.step(rng() < 0.5 ? 0 : 1);
        if (r.terminated || r.truncated) env.reset();
      }
    }, args.seconds);
  }
  const venv = new SyncVectorEnv(Array.from({ length: 8 }, () => cart), { autoreset: VECTOR[args.name] });
  venv.reset({ seed: 0 });
  const actions = new Array<number>(8).fill(0);
  const perBatch = measureRate((batches) => {
    for (let i = 0; i < batches; i++) {
      for (let k = 0; k < 8; k++) actions[k] = rng() < 0.5 ? 0 : 1;
      venv.step(actions);
    }
  }, args.seconds);
  return perBatch * 8;
}

const bench: Benchmark = {
  name: 'wrappers',
  description: 'per-step cost of the envs/core wrappers and SyncVectorEnv on CartPole-v1',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const seconds = ctx.quick ? 0.05 : 0.5;
    const stepsPerSecond: Record<string, number> = {};
    const overheadNs: Record<string, number> = {};
    for (const name of [...Object.keys(SINGLE), ...Object.keys(VECTOR)]) {
      stepsPerSecond[name] = Math.round(await runIsolated<number>(import.meta.url, 'measureVariant', { name, seconds }));
    }
    const raw = stepsPerSecond['CartPoleEnv (raw)'];
    const rows = Object.entries(stepsPerSecond).map(([name, rate]) => {
      overheadNs[name] = Math.round(1e9 / rate - 1e9 / raw);
      return [name, rate.toLocaleString('en-US'), (1e9 / rate).toFixed(0), overheadNs[name]];
    });
    ctx.log(table(['variant', 'env steps/s', 'ns/step', 'ns over raw'], rows));
    return { stepsPerSecond, overheadNs };
  },
};

export default bench;
