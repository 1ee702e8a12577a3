/**
 * Generalised advantage estimation (Schulman et al. 2016), shared by every on-policy learner
 * (PPO, RND-PPO, MAPPO, …).
 *
 * Layout: step-major `[T, N]` arrays (`T` rollout steps of `N` parallel envs; entry `t·N + i`).
 * For transition t of env i, with s' the observation the step returned (the *final* observation
 * when the episode ended there):
 *   δ_t = r_t + γ·(1 − terminated_t)·V(s'_t) − V(s_t)
 *   A_t = δ_t + γλ·(1 − (terminated_t ∨ truncated_t))·A_{t+1},   A_T = 0
 *   R_t = A_t + V(s_t)  (the λ-return, the critic's target)
 * Termination vs truncation (design choice, Gymnasium ≥ 0.26 semantics): a terminated step has no
 * future (no bootstrap); a truncated step bootstraps from the value of its final observation, but
 * the advantage recursion still stops there (the next row belongs to a new episode). CleanRL's
 * ppo.py treats both as terminal; we do not.
 */
import { ConfigError } from '../../envs/core/errors.js';

export interface GaeInput {
  /** Rollout length T. */
  numSteps: number;
  /** Parallel environments N. */
  numEnvs: number;
  /** r_t, `[T·N]`. */
  rewards: Float64Array;
  /** V(s_t) of the observation the action was taken in, `[T·N]`. */
  values: Float64Array;
  /** V(s'_t) of the observation the step returned (final observation at episode ends), `[T·N]`. */
  nextValues: Float64Array;
  /** 1 where the step ended the episode in a terminal state, `[T·N]`. */
  terminated: Uint8Array;
  /** 1 where the episode was cut short at that step (time limit), `[T·N]`. */
  truncated: Uint8Array;
  /** Discount γ. */
  gamma: number;
  /** GAE λ (0: one-step TD; 1: Monte-Carlo minus baseline). */
  lambda: number;
}

export interface GaeResult {
  /** A_t, `[T·N]`. */
  advantages: Float64Array;
  /** A_t + V(s_t), `[T·N]`. */
  returns: Float64Array;
}

/** Advantages and λ-returns of a rollout (see the module doc for the recursion). */
export function gae(input: GaeInput): GaeResult {
  const { numSteps: T, numEnvs: N, rewards, values, nextValues, terminated, truncated, gamma, lambda } = input;
  if (!(Number.isInteger(T) && T > 0)) throw new ConfigError('numSteps', T, 'must be a positive integer');
  if (!(Number.isInteger(N) && N > 0)) throw new ConfigError('numEnvs', N, 'must be a positive integer');
  for (const [name, a] of [['rewards', rewards], ['values', values], ['nextValues', nextValues], ['terminated', terminated], ['truncated', truncated]] as const) {
    if (a.length !== T * N) throw new ConfigError(name, a.length, `must have numSteps × numEnvs = ${T * N} entries`);
  }
  if (!(gamma >= 0 && gamma <= 1)) throw new ConfigError('gamma', gamma, 'must lie in [0, 1]');
  if (!(lambda >= 0 && lambda <= 1)) throw new ConfigError('lambda', lambda, 'must lie in [0, 1]');
  const advantages = new Float64Array(T * N);
  const returns = new Float64Array(T * N);
  for (let i = 0; i < N; i++) {
    let next = 0; // A_{t+1}
    for (let t = T - 1; t >= 0; t--) {
      const k = t * N + i;
      const term = terminated[k] !== 0;
      const end = term || truncated[k] !== 0;
      const delta = rewards[k] + (term ? 0 : gamma * nextValues[k]) - values[k];
      next = delta + (end ? 0 : gamma * lambda * next);
      advantages[k] = next;
      returns[k] = next + values[k];
    }
  }
  return { advantages, returns };
}

/** (x − mean) / (std + eps) over all entries, std with Bessel's correction (as `torch.std`). */
export function normalizeAdvantages(adv: Float64Array, eps = 1e-8): Float64Array {
  const n = adv.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += adv[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (adv[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  for (let i = 0; i < n; i++) out[i] = (adv[i] - mean) / (std + eps);
  return out;
}
