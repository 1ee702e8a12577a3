/**
 * `ppo` benchmark: throughput of the PPO learner and of the GNN-PPO job-shop dispatcher.
 * - PPO on CartPole-v1 (CleanRL defaults: 4 envs × 128 steps, 4 epochs × 4 minibatches, MLP 64-64):
 *   environment steps per second of whole iterations (rollout + GAE + update).
 * - GNN-PPO training on random 6×6 job shops (8 envs × 64 decisions, 4 × 4 minibatches, width 32,
 *   3 layers): decisions per second of whole iterations.
 * - GNN greedy acting (untrained network of the shipped architecture; 3 fixed episodes per call): decisions per second on 6×6, 10×10 and
 *   15×15 classic episodes.
 * Median of 3 interleaved rounds, wall and CPU seconds (CPU excludes time descheduled by other jobs).
 *
 * JSON: `{ "cartpoleStepsPerSecond", "gnnTrainDecisionsPerSecond", "gnnActDecisionsPerSecond": {…} }` (CPU-time based).
 */
import { GnnPpoAgent, gnnPpoLearner, JobShopGnn } from '../../agents/jobshop/gnn-ppo.js';
import { Ppo } from '../../algorithms/ppo/index.js';
import type { Env } from '../../envs/core/env.js';
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { make } from '../../envs/index.js';
import { JobShopEnv } from '../../envs/jobshop/env.js';
import { runEpisode } from '../jobshop/evaluate.js';
import type { Benchmark, BenchContext } from '../types.js';
import { interleavedWallCpu, median, table } from './timing.js';

const bench: Benchmark = {
  name: 'ppo',
  description: 'PPO env steps/s on CartPole-v1; GNN-PPO training and acting decisions/s on job shops',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const cart = new Ppo({ seed: 1 }, () => make('CartPole-v1') as Env<Float64Array, number>);
    const gnn = gnnPpoLearner({ ppo: { seed: 1, numEnvs: ctx.quick ? 2 : 8, numSteps: ctx.quick ? 16 : 64, totalTimesteps: 1e9 } });
    const actor = new GnnPpoAgent(new JobShopGnn({ hidden: 32, layers: 3 }, createRng(0)));
    const sizes = ctx.quick ? [6] : [6, 10, 15];
    const decisions: Record<string, number> = {};
    const variants: Record<string, () => unknown> = {
      'PPO CartPole iteration': () => cart.trainIteration(),
      'GNN-PPO 6×6 iteration': () => gnn.trainIteration(),
    };
    for (const n of sizes) {
      const env = new JobShopEnv({ numJobs: n, numMachines: n });
      variants[`GNN act ${n}×${n} episode`] = () => {
        let steps = 0;
        for (let seed = 0; seed < 3; seed++) steps += runEpisode(env, actor, seed).steps; // the same 3 episodes every call
        decisions[n] = steps;
      };
    }
    const r = interleavedWallCpu(variants, 3);
    const work: Record<string, () => number> = {
      'PPO CartPole iteration': () => cart.batchSize,
      'GNN-PPO 6×6 iteration': () => gnn.batchSize,
    };
    for (const n of sizes) work[`GNN act ${n}×${n} episode`] = () => decisions[n];
    const rows = Object.keys(variants).map((k) => {
      // Work per call: env steps (PPO), decisions (GNN acting: 3 fixed episodes).
      const w = work[k]();
      return [k, w, Math.round(w / median(r[k].wall)), Math.round(w / median(r[k].cpu))];
    });
    ctx.log(table(['variant', 'steps per call', 'per s (wall)', 'per s (CPU)'], rows));
    const perCpu = (k: string) => rows.find((x) => x[0] === k)![3] as number;
    return {
      cartpoleStepsPerSecond: perCpu('PPO CartPole iteration'),
      gnnTrainDecisionsPerSecond: perCpu('GNN-PPO 6×6 iteration'),
      gnnActDecisionsPerSecond: Object.fromEntries(sizes.map((n) => [`${n}x${n}`, perCpu(`GNN act ${n}×${n} episode`)])),
    };
  },
};

export default bench;
