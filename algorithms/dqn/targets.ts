/**
 * The pieces of a DQN update that other value-based learners (IQL, VDN, QMIX) reuse:
 * ε schedule, n-step returns and TD targets. Pure functions over typed arrays.
 *
 * Conventions: Q rows are `[B, A]` row-major; masks are `[B, A]` with 1 = legal; an n-step
 * transition carries the discounted reward sum R = Σ_{k<h} γᵏ r_{t+k}, its horizon h (steps
 * actually summed) and the flags of its last step. Its TD target is
 *   y = R + γʰ · (1 − terminated) · Q_target(s_{t+h}, a*),
 * a* = argmax_a Q_target(s_{t+h}, a) (vanilla) or argmax_a Q_online(s_{t+h}, a) (double DQN,
 * van Hasselt et al. 2016), both over legal actions only. A truncated last step bootstraps
 * (the time limit is not part of the task); a terminated one does not.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { Transition } from '../replay/index.js';

/**
 * CleanRL's `linear_schedule`: ε falls linearly from `startE` to `endE` over `duration` steps,
 * then stays at `endE`.
 */
export function linearEpsilon(startE: number, endE: number, duration: number, step: number): number {
  if (duration <= 0) return endE;
  const slope = (endE - startE) / duration;
  return Math.max(slope * step + startE, endE);
}

export interface TdTargetInput {
  /** Rows to compute (≤ the arrays' row counts). */
  count: number;
  nActions: number;
  gamma: number;
  /** [B] discounted reward sums R. */
  rewards: ArrayLike<number>;
  /** [B] 1 where the last step terminated (no bootstrap). */
  terminated: ArrayLike<number>;
  /** [B] horizon h of each row (null: every row is a 1-step transition). */
  horizons: ArrayLike<number> | null;
  /** [B, A] Q_target(s', ·). */
  nextQTarget: ArrayLike<number>;
  /** [B, A] Q_online(s', ·) for double DQN; null for vanilla DQN. */
  nextQOnline: ArrayLike<number> | null;
  /** [B, A] legal actions at s' (null: all legal). */
  nextMask: ArrayLike<number> | null;
}

/** TD targets y (see the module doc). A next state with no legal action bootstraps 0. */
export function tdTargets(input: TdTargetInput): Float64Array {
  const { count: B, nActions: A, gamma, rewards, terminated, horizons, nextQTarget, nextQOnline, nextMask } = input;
  const y = new Float64Array(B);
  const select = nextQOnline ?? nextQTarget;
  for (let i = 0; i < B; i++) {
    y[i] = rewards[i];
    if (terminated[i]) continue;
    let best = -1;
    for (let a = 0; a < A; a++) {
      if (nextMask !== null && !nextMask[i * A + a]) continue;
      if (best < 0 || select[i * A + a] > select[i * A + best]) best = a;
    }
    if (best < 0) continue;
    const h = horizons === null ? 1 : horizons[i];
    y[i] += gamma ** h * nextQTarget[i * A + best];
  }
  return y;
}

/** A replay transition over h ≥ 1 env steps (`reward` is the discounted sum). */
export interface NStepTransition extends Transition {
  obs: Float64Array;
  nextObs: Float64Array;
  terminated: boolean;
  truncated: boolean;
  /** Env steps summed into `reward`. */
  horizon: number;
}

/**
 * Turns a stream of 1-step transitions into n-step ones. `push` returns the transitions that
 * became complete: once n steps are queued, the oldest (horizon n); at an episode end
 * (terminated or truncated) every queued one, each with the rest of the episode as its horizon
 * and the final step's flags. With n = 1 it passes transitions through unchanged.
 * Input rows are copied, so callers may reuse their arrays.
 */
export class NStepAccumulator {
  private queue: NStepTransition[] = [];

  constructor(
    readonly n: number,
    readonly gamma: number,
  ) {
    if (!(Number.isInteger(n) && n >= 1)) throw new ConfigError('nStep', n, 'must be an integer ≥ 1');
  }

  /** Transitions waiting for later steps. */
  get pending(): readonly NStepTransition[] {
    return this.queue;
  }

  push(t: Transition): NStepTransition[] {
    const step: NStepTransition = {
      obs: Float64Array.from(t.obs),
      action: typeof t.action === 'number' ? t.action : Array.from(t.action),
      reward: t.reward,
      nextObs: Float64Array.from(t.nextObs),
      terminated: Boolean(t.terminated),
      truncated: Boolean(t.truncated),
      horizon: 1,
    };
    if (t.actionMask !== undefined) step.actionMask = Uint8Array.from(t.actionMask);
    if (t.nextActionMask !== undefined) step.nextActionMask = Uint8Array.from(t.nextActionMask);
    this.queue.push(step);
    const out: NStepTransition[] = [];
    if (step.terminated || step.truncated) {
      for (let i = 0; i < this.queue.length; i++) out.push(this.combine(i));
      this.queue = [];
    } else if (this.queue.length === this.n) {
      out.push(this.combine(0));
      this.queue.shift();
    }
    return out;
  }

  /** Drops the queued steps (a new episode starts without the old one having ended). */
  clear(): void {
    this.queue = [];
  }

  /** Replaces the queue (checkpoint restore). */
  restore(queue: NStepTransition[]): void {
    this.queue = queue;
  }

  /** Queue[i..end] folded into one transition. */
  private combine(i: number): NStepTransition {
    const first = this.queue[i];
    const last = this.queue[this.queue.length - 1];
    let reward = 0;
    for (let k = i; k < this.queue.length; k++) reward += this.gamma ** (k - i) * this.queue[k].reward;
    const out: NStepTransition = {
      obs: first.obs,
      action: first.action,
      reward,
      nextObs: last.nextObs,
      terminated: last.terminated,
      truncated: last.truncated,
      horizon: this.queue.length - i,
    };
    if (first.actionMask !== undefined) out.actionMask = first.actionMask;
    if (last.nextActionMask !== undefined) out.nextActionMask = last.nextActionMask;
    return out;
  }
}
