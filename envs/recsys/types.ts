/**
 * Types of the cascading MDP (Du, Srikant & Chen, "Cascading Reinforcement Learning", ICLR 2024;
 * spec `shared/specs/cascading.md`).
 *
 * Indexing conventions (all flat, row-major, 0-based):
 * - states s ∈ {0, …, S-1}; items a ∈ {0, …, N-1}; the fallback "no click" item ⊥ has index N;
 * - steps h ∈ {0, …, H-1} (the spec's h = 1..H shifted by one); the remaining horizon at step h is H - h;
 * - `q[s*N + a]`, `r[s*N + a]`, `p[(s*(N+1) + a)*S + s']` (a = N is ⊥).
 */

/** A fully specified, stationary (time-homogeneous) cascading MDP. */
export interface CascadingModel {
  /** Number of user states S. */
  S: number;
  /** Number of items N (the ground set). */
  N: number;
  /** Maximum list length m (1 ≤ m ≤ N). */
  m: number;
  /** Horizon H (steps per episode). */
  H: number;
  /** `true`: lists must have exactly m items (`exactLen`); `false`: 1..m items (`maxLen`, default). */
  exactLen: boolean;
  /** Attraction probabilities q(s,a) ∈ [0,1], length S·N. q(s,⊥) = 1 implicitly. */
  q: Float64Array;
  /** Click rewards r(s,a) ∈ [0,1], length S·N. r(s,⊥) = 0 implicitly. */
  r: Float64Array;
  /** Next-state distributions p(s'|s,a) for items and ⊥, length S·(N+1)·S; each row sums to 1. */
  p: Float64Array;
  /** Initial-state distribution, length S (one-hot for a fixed s_1). */
  init: Float64Array;
  /** Optional human-readable names (item labels for viewers and reports). */
  itemNames?: string[];
  /** Optional state names. */
  stateNames?: string[];
}

/**
 * Partial feedback of one step (what a learner may use):
 * attractions are observed for list positions 0..clickPos (zeros then a one), or for every
 * position when nothing is clicked; the transition is observed only for `item`.
 */
export interface CascadeFeedback {
  /** User state the list was shown in. */
  state: number;
  /** 0-based position of the clicked item in the list, or -1 when nothing attracted. */
  clickPos: number;
  /** The chosen item: the clicked item's index, or N (⊥) when nothing was clicked. */
  item: number;
  /** Number of list positions whose attraction outcome is observed (clickPos + 1, or the list length). */
  examined: number;
  /** Reward r(s, item) (0 for ⊥). */
  reward: number;
  /** Next user state s'. */
  nextState: number;
}

/** A deterministic Markov policy: `lists[h*S + s]` is the list shown at step h in state s. */
export interface ListPolicy {
  H: number;
  S: number;
  lists: Int32Array[];
}
