/**
 * DQN pairs trader for `PairsTrading-v0` (spec `hft.md` §b; the DQN setting of Kim & Kim 2019
 * with the position action space). The learner is the general `Dqn` (algorithms/dqn); this file
 * holds only the market-specific choices:
 *
 * - Env: position mode (action = target position + 1), OLS hedge; reward = net PnL / σ of the
 *   formation spread (the env's scaled reward), so rewards are O(0.1) per bar.
 * - Features (`TraderView`): by default only the last 4 z-scores and the held/target one-hots.
 *   The env's clock, time in position and unrealised PnL let the network memorise the few
 *   training paths (≈ 7 windows of 126 bars on the daily sets); dropping them halved the gap to
 *   the z-band rule on tuning seeds. States with z < 0 are mirrored onto z > 0 (short ↔ long), which
 *   doubles the data per side and makes the policy exactly symmetric.
 * - Training: `steps` env steps on the training windows only (each episode one training window
 *   drawn at random by the env), through the episode bus, with the learner's ε-greedy exploration.
 * - Hyperparameters (`DQN_TRADER_DEFAULTS`): γ = 0.9 (≈ 10-bar horizon; the synthetic spread's
 *   half-life is ≈ 14–17 bars), 3-step double-DQN targets, 64-64 MLP, lr 5e-4, target every 500
 *   steps. Tuned by hand on synthetic OU seeds 100–102, disjoint from the hft experiment's seeds.
 * - Acting: greedy (`explore = false`) at test time.
 */
import { rollout } from '../bus/rollout.js';
import { Dqn, type DqnConfig } from '../../algorithms/dqn/index.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonValue } from '../../envs/core/json.js';
import { obsLayout, type PairsTradingEnv } from '../../envs/hft/env.js';
import type { Agent, Transition, UpdateMetrics } from '../agent.js';

export const DQN_TRADER_DEFAULTS: Partial<DqnConfig> = {
  learningRate: 5e-4,
  bufferSize: 50_000,
  gamma: 0.9,
  tau: 1,
  targetNetworkFrequency: 500,
  batchSize: 64,
  startE: 1,
  endE: 0.02,
  explorationFraction: 0.3,
  learningStarts: 2000,
  trainFrequency: 4,
  gradientSteps: 1,
  maxGradNorm: 10,
  doubleDqn: true,
  nStep: 3,
  hiddenSizes: [64, 64],
};

/**
 * Which parts of the env observation the network sees. `all`: the whole Box(L + 9). `compact`:
 * the last `zLags` z-scores and the held and target one-hots — no clock, time in position or
 * unrealised PnL, which on a handful of training windows let the network memorise paths.
 */
export type TraderFeatures = 'all' | 'compact';

export interface DqnTraderOptions {
  /** Training env steps (default 40 000: ~300 training-window episodes of 126 bars). */
  steps?: number;
  seed: number;
  /** Overrides of `DQN_TRADER_DEFAULTS`. */
  dqn?: Partial<DqnConfig>;
  /** Observation features (default `compact`). */
  features?: TraderFeatures;
  /** z-scores in the compact features (default 4, ≤ the env's lookback). */
  zLags?: number;
  /** Mirror states with z < 0 onto z > 0 (default true; see `TraderView`). */
  symmetric?: boolean;
}

/**
 * The trader's view of an env observation (layout `obsLayout(lookback)`). With `symmetric`, a
 * state whose current z is negative is mirrored — z-scores negated, short and long swapped in the
 * held and target one-hots — and so is the action (short ↔ long). A spread that reverts around
 * zero looks the same from either side, so the network learns one policy for both and sees every
 * transition as a z ≥ 0 one: twice the data per side and an exactly symmetric rule.
 */
export class TraderView {
  readonly dim: number;
  private readonly layout: ReturnType<typeof obsLayout>;

  constructor(
    lookback: number,
    readonly features: TraderFeatures,
    readonly zLags: number,
    readonly symmetric: boolean,
  ) {
    this.layout = obsLayout(lookback);
    if (features !== 'all' && features !== 'compact') throw new ConfigError('features', features, 'must be "all" or "compact"');
    if (!(Number.isInteger(zLags) && zLags >= 1 && zLags <= lookback)) throw new ConfigError('zLags', zLags, `must be an integer in [1, ${lookback}]`);
    this.dim = features === 'all' ? this.layout.size : zLags + 6;
  }

  /** −1 when the observation is mirrored, else +1. */
  side(obs: Float64Array): number {
    return this.symmetric && obs[this.layout.zNow] < 0 ? -1 : 1;
  }

  /** Env action ↔ network action (position mode: 0 short, 1 flat, 2 long). */
  action(a: number, side: number): number {
    return side > 0 ? a : 2 - a;
  }

  featuresOf(obs: Float64Array): Float64Array {
    const L = this.layout;
    const s = this.side(obs);
    const x = this.features === 'all' ? Float64Array.from(obs) : new Float64Array(this.dim);
    const z0 = this.features === 'all' ? 0 : L.zNow - this.zLags + 1;
    const nz = this.features === 'all' ? L.zNow + 1 : this.zLags;
    const oneHots = this.features === 'all' ? L.held : this.zLags;
    for (let i = 0; i < nz; i++) x[i] = s * obs[z0 + i];
    for (let h = 0; h < 2; h++) {
      const src = L.held + 3 * h;
      const dst = oneHots + 3 * h;
      x[dst] = obs[src + (s > 0 ? 0 : 2)];
      x[dst + 1] = obs[src + 1];
      x[dst + 2] = obs[src + (s > 0 ? 2 : 0)];
    }
    return x;
  }
}

export class DqnTrader implements Agent<Float64Array, number> {
  readonly name = 'dqn';

  constructor(
    readonly dqn: Dqn<Float64Array>,
    readonly view: TraderView,
  ) {}

  /** A trader trained on `trainEnv` (an env restricted to the training windows). */
  static train(trainEnv: PairsTradingEnv, options: DqnTraderOptions, log: (m: string) => void = () => {}): DqnTrader {
    const steps = options.steps ?? 40_000;
    if (trainEnv.options.actionMode !== 'position') throw new ConfigError('actionMode', trainEnv.options.actionMode, 'the DQN trader trades the position action mode');
    const view = new TraderView(trainEnv.options.lookback, options.features ?? 'compact', options.zLags ?? 4, options.symmetric ?? true);
    const dqn = new Dqn<Float64Array>({ ...DQN_TRADER_DEFAULTS, ...options.dqn, seed: options.seed, totalTimesteps: steps }, { obsDim: view.dim, nActions: 3 });
    const trader = new DqnTrader(dqn, view);
    const returns: number[] = [];
    rollout(trainEnv, trader, { steps, seed: options.seed }).subscribe((e) => {
      if (e.type === 'episodeEnd') returns.push(e.return);
    });
    const tail = returns.slice(-Math.max(1, Math.floor(returns.length / 10)));
    log(`dqn trained ${steps} steps (${returns.length} episodes, ${dqn.updates} updates); mean scaled return of the last ${tail.length}: ${(tail.reduce((s, r) => s + r, 0) / tail.length).toFixed(2)}`);
    return trader;
  }

  act(obs: Float64Array, explore = false): number {
    const side = this.view.side(obs);
    return this.view.action(this.dqn.act(this.view.featuresOf(obs), explore), side);
  }

  onEpisodeStart(): void {
    this.dqn.onEpisodeStart();
  }

  observe(t: Transition<Float64Array, number>): UpdateMetrics | void {
    const v = this.view;
    return this.dqn.observe({ ...t, obs: v.featuresOf(t.obs), action: v.action(t.action, v.side(t.obs)), nextObs: v.featuresOf(t.nextObs) });
  }

  save(): JsonValue {
    return this.dqn.save();
  }

  load(state: JsonValue): void {
    this.dqn.load(state);
  }
}
