/**
 * The agents the hft experiment compares, by name. Each entry says which env variant it trades
 * (hedge, action mode — never costs, latency or windows, which the experiment fixes for all) and
 * how to build it; `create` receives an env over the training windows, where a learner trains
 * (baselines ignore it). Add an agent (e.g. `dqn`) by adding one entry.
 */
import type { Agent } from '../../agents/agent.js';
import { BandAgent, ConstantGridAgent, FlatAgent } from '../../agents/hft/baselines.js';
import { DqnTrader } from '../../agents/hft/dqn.js';
import { RandomAgent } from '../../agents/random.js';
import type { PairsTradingEnv, PairsTradingOptions } from '../../envs/hft/env.js';

export interface HftAgentContext {
  /** Env restricted to the training windows (same costs as the test env). */
  trainEnv: PairsTradingEnv;
  seed: number;
  log(message: string): void;
}

export interface HftAgentSpec {
  description: string;
  /** Env overrides: only `hedge`, `actionMode` and the grid settings. */
  env: Pick<Partial<PairsTradingOptions>, 'hedge' | 'actionMode' | 'entryGrid' | 'stopGrid' | 'exitZ'>;
  create(ctx: HftAgentContext): Promise<Agent<Float64Array, number>> | Agent<Float64Array, number>;
}

/** Index of (entry 2.0, stop 3) in the default grid [1, 1.5, 2, 2.5] × [3, 4, none]. */
const KIM_KIM_CONSTANT = 2 * 3 + 0;

export const HFT_AGENTS: Record<string, HftAgentSpec> = {
  flat: { description: 'B0: never trades', env: {}, create: () => new FlatAgent() },
  'z-band': {
    description: 'B1: static OLS hedge, enter at |z| > 2, exit at z = 0 (Gatev et al.)',
    env: { hedge: 'ols' },
    create: () => new BandAgent({ entry: 2, exit: 0, stop: Infinity }, 10, 'z-band'),
  },
  'kalman-band': {
    description: "B2: Kalman hedge, enter at |e| > √Q, exit at e = 0 (Chan)",
    env: { hedge: 'kalman' },
    create: () => new BandAgent({ entry: 1, exit: 0, stop: Infinity }, 10, 'kalman-band'),
  },
  'constant-boundary': {
    description: 'B4: Kim & Kim constant boundaries (entry 2, stop-loss 3) on the grid action env',
    env: { hedge: 'ols', actionMode: 'grid' },
    create: () => new ConstantGridAgent(KIM_KIM_CONSTANT, 'constant-boundary'),
  },
  random: {
    description: 'B3: uniformly random target position every bar',
    env: { hedge: 'ols' },
    create: (ctx) => new RandomAgent(ctx.trainEnv.actionSpace, ctx.seed),
  },
  dqn: {
    description: 'DQN trader: 3 double-DQN learners (1-step, γ 0.9, 10k steps each: 75 % on 100 OU windows calibrated on the training span, 25 % on the training windows; 1.5× costs in training), mirrored z features, mean-Q greedy; position actions, OLS hedge',
    env: { hedge: 'ols' },
    create: (ctx) => DqnTrader.train(ctx.trainEnv, { seed: ctx.seed }, ctx.log),
  },
};
