/**
 * What every cascading learner shares: the problem facts it may know, the learner interface
 * (an `Agent` on `CascadingRec-v0` that also exposes the deterministic policy of the current
 * episode, so regret is computed exactly), and the Bernstein-style bonuses of spec §b [R].
 */
import type { Agent, Transition } from '../../agents/agent.js';
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
