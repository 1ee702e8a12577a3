/**
 * What every cascading learner shares: the problem facts it may know, the learner interface
 * (an `Agent` on `CascadingRec-v0` that also exposes the deterministic policy of the current
 * episode, so regret is computed exactly), the configurations of the regret and BPI learners, and
 * the Bernstein-style bonuses of spec §b [R].
 */
import type { Agent, Transition } from '../../agents/agent.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { CascadeFeedback, CascadingModel, ListPolicy } from '../../envs/recsys/types.js';

/** Facts a learner is given: sizes, the list-length rule and (optionally) the click rewards. */
export interface ProblemInfo {
  S: number;
  N: number;
  m: number;
  H: number;
  exactLen: boolean;
  /** Known click rewards r(s,a) (length S·N), or `null` when they must be learned from clicks. */
  r: Float64Array | null;
}

/** The learner's view of a model: sizes and rule always; rewards when `knownReward`. */
export function problemInfo(model: CascadingModel, knownReward = true): ProblemInfo {
  return { S: model.S, N: model.N, m: model.m, H: model.H, exactLen: model.exactLen, r: knownReward ? model.r : null };
}

/**
 * A learner playing one deterministic Markov policy per episode: `onEpisodeStart` computes it,
 * `act([h, s])` reads it, `observe` applies the step's partial feedback (`info.feedback`).
 */
export interface CascadingLearner extends Agent<Int32Array, Int32Array> {
  /** The policy of the current episode (valid after `onEpisodeStart`). */
  currentPolicy(): ListPolicy;
  onEpisodeStart(): void;
  /** BPI learners: true once the stopping rule fired (then `currentPolicy` is the output π̂). */
  stopped?(): boolean;
}

/** Configuration of a regret learner (CascadingVI, AdaptRM). */
export interface RegretConfig {
  /** Confidence δ of L = log(S·|actions|·H·K/δ). */
  delta: number;
  /** Planned number of episodes K (enters L). */
  episodes: number;
  /** Multiplier c of every bonus (1 = the spec's constants; 0 = greedy plug-in). */
  bonusScale: number;
}

export const REGRET_DEFAULTS: RegretConfig = { delta: 0.05, episodes: 10_000, bonusScale: 1 };

/** Configuration of a best-policy-identification learner (CascadingBPI, AdaptBPI). */
export interface BPIConfig {
  /** Target accuracy ε of V*_1 − V^π̂_1. */
  epsilon: number;
  /** Confidence δ. */
  delta: number;
  /** Multiplier c of every bonus (1 = the spec's constants). */
  bonusScale: number;
}

export const BPI_DEFAULTS: BPIConfig = { epsilon: 0.5, delta: 0.05, bonusScale: 1 };

/** Valid range of each learner option, checked in this order. */
const CHECKS: Record<keyof (RegretConfig & BPIConfig), [ok: (x: number) => boolean, reason: string]> = {
  epsilon: [(x) => x > 0, 'must be > 0'],
  delta: [(x) => x > 0 && x < 1, 'must be in (0, 1)'],
  episodes: [(x) => x >= 1, 'must be ≥ 1'],
  bonusScale: [(x) => x >= 0, 'must be ≥ 0'],
};

/**
 * `config` over `defaults`, each field of `defaults` validated (order ε, δ, K, c); throws
 * ConfigError naming the first bad field.
 */
export function resolveConfig<C extends RegretConfig | BPIConfig>(defaults: C, config: Partial<C>): C {
  const c: C = { ...defaults, ...config };
  for (const [field, [ok, reason]] of Object.entries(CHECKS)) {
    if (!(field in defaults)) continue;
    const value = (c as unknown as Record<string, number>)[field];
    if (!ok(value)) throw new ConfigError(field, value, reason);
  }
  return c;
}

/** The stopping statistic Σ_s init(s)·G_0(s) of a BPI learner (`G[s]` for s < S is G_0). */
export function initialUncertainty(init: Float64Array, G: Float64Array, S: number): number {
  let g = 0;
  for (let s = 0; s < S; s++) g += init[s] * G[s];
  return g;
}

/** The feedback of a transition produced by `CascadingRec-v0`. */
export function feedbackOf(t: Transition<Int32Array, Int32Array>): CascadeFeedback {
  return t.info.feedback as CascadeFeedback;
}

/** Attraction bonus b_q = 2√(q̂(1−q̂)L/n) + 5L/n (0 for n = ∞). */
export function attractionBonus(qHat: number, n: number, L: number): number {
  if (n === Infinity) return 0;
  return 2 * Math.sqrt((qHat * (1 - qHat) * L) / n) + (5 * L) / n;
}

/** Transition bonus b_p = 2√(Var·L/n) + 5·H·L/n (0 for n = ∞). */
export function transitionBonus(variance: number, n: number, L: number, H: number): number {
  if (n === Infinity) return 0;
  return 2 * Math.sqrt((variance * L) / n) + (5 * H * L) / n;
}
