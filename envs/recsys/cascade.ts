/**
 * Pure functions of the cascading MDP: validation, one simulated step (the cascade click model
 * with partial feedback), the value of a list, exact policy evaluation by backward induction,
 * and action-set enumeration. All take the flat `CascadingModel` arrays (see `types.ts`).
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { CascadeFeedback, CascadingModel, ListPolicy } from './types.js';

/** Throws `ConfigError` naming the first inconsistent field of `model`. */
export function validateModel(model: CascadingModel): void {
  const { S, N, m, H } = model;
  for (const [k, v] of [['S', S], ['N', N], ['H', H]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(k, v, 'must be a positive integer');
  }
  if (!Number.isInteger(m) || m < 1 || m > N) throw new ConfigError('m', m, `must be an integer in [1, N = ${N}]`);
  if (model.q.length !== S * N) throw new ConfigError('q', model.q.length, `expected length S·N = ${S * N}`);
  if (model.r.length !== S * N) throw new ConfigError('r', model.r.length, `expected length S·N = ${S * N}`);
  if (model.p.length !== S * (N + 1) * S) throw new ConfigError('p', model.p.length, `expected length S·(N+1)·S = ${S * (N + 1) * S}`);
  if (model.init.length !== S) throw new ConfigError('init', model.init.length, `expected length S = ${S}`);
  for (let i = 0; i < S * N; i++) {
    if (!(model.q[i] >= 0 && model.q[i] <= 1)) throw new ConfigError(`q[${i}]`, model.q[i], 'attraction must be in [0, 1]');
    if (!(model.r[i] >= 0 && model.r[i] <= 1)) throw new ConfigError(`r[${i}]`, model.r[i], 'reward must be in [0, 1]');
  }
  for (let row = 0; row < S * (N + 1); row++) checkDistribution(`p[row ${row}]`, model.p, row * S, S);
  checkDistribution('init', model.init, 0, S);
}

function checkDistribution(field: string, x: Float64Array, off: number, len: number): void {
  let sum = 0;
  for (let i = 0; i < len; i++) {
    if (!(x[off + i] >= 0)) throw new ConfigError(field, x[off + i], 'probabilities must be ≥ 0');
    sum += x[off + i];
  }
  if (Math.abs(sum - 1) > 1e-6) throw new ConfigError(field, sum, 'probabilities must sum to 1');
}

/** |𝒜| = Σ_{ℓ=1..m} N!/(N-ℓ)! (`maxLen`) or N!/(N-m)! (`exactLen`). */
export function actionCount(N: number, m: number, exactLen = false): number {
  let total = 0;
  let perm = 1;
  for (let l = 1; l <= m; l++) {
    perm *= N - l + 1;
    if (!exactLen || l === m) total += perm;
  }
  return total;
}

/** Every list of the action set, shorter lists first, each length in lexicographic order. */
export function enumerateLists(N: number, m: number, exactLen = false): Int32Array[] {
  const out: Int32Array[] = [];
  const cur: number[] = [];
  const used = new Uint8Array(N);
  const rec = (len: number): void => {
    if (cur.length === len) {
      out.push(Int32Array.from(cur));
      return;
    }
    for (let a = 0; a < N; a++) {
      if (used[a]) continue;
      used[a] = 1;
      cur.push(a);
      rec(len);
      cur.pop();
      used[a] = 0;
    }
  };
  for (let len = exactLen ? m : 1; len <= m; len++) rec(len);
  return out;
}

/**
 * Q(s, A) = Σ_i Π_{j<i}(1 − q_{a_j}) q_{a_i} w_{a_i} + Π_j(1 − q_{a_j}) w_⊥, where
 * `q[qOff + a]` is the attraction of item a in state s and `w[a]` its continuation value.
 */
export function listValue(q: Float64Array, qOff: number, w: ArrayLike<number>, wBot: number, list: ArrayLike<number>): number {
  let reach = 1;
  let value = 0;
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const qa = q[qOff + a];
    value += reach * qa * w[a];
    reach *= 1 - qa;
  }
  return value + reach * wBot;
}

/**
 * Continuation values w_h(s,a) = r(s,a) + Σ_{s'} p(s'|s,a) V_{h+1}(s') for every item and ⊥
 * (written to `out[0..N]`, `out[N]` = ⊥), with `vNext[vOff + s']` = V_{h+1}(s').
 */
export function itemValues(model: CascadingModel, s: number, vNext: Float64Array, vOff: number, out: Float64Array): Float64Array {
  const { S, N, r, p } = model;
  for (let a = 0; a <= N; a++) {
    const row = (s * (N + 1) + a) * S;
    let acc = a < N ? r[s * N + a] : 0;
    for (let t = 0; t < S; t++) acc += p[row + t] * vNext[vOff + t];
    out[a] = acc;
  }
  return out;
}

/**
 * Exact evaluation of a deterministic Markov policy by backward induction.
 * Returns V with `V[h*S + s]` = V^π_h(s) for h = 0..H (V[H*S + s] = 0).
 */
export function evaluatePolicy(model: CascadingModel, policy: ListPolicy): Float64Array {
  const { S, N, H } = model;
  const V = new Float64Array((H + 1) * S);
  for (let h = H - 1; h >= 0; h--) {
    for (let s = 0; s < S; s++) {
      const list = policy.lists[h * S + s];
      // Only the listed items and ⊥ are needed, so w is computed for those alone: O(m·S).
      let reach = 1;
      let value = 0;
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        const qa = model.q[s * N + a];
        value += reach * qa * continuation(model, s, a, V, (h + 1) * S);
        reach *= 1 - qa;
      }
      value += reach * continuation(model, s, N, V, (h + 1) * S);
      V[h * S + s] = value;
    }
  }
  return V;
}

function continuation(model: CascadingModel, s: number, a: number, V: Float64Array, vOff: number): number {
  const { S, N } = model;
  const row = (s * (N + 1) + a) * S;
  let acc = a < N ? model.r[s * N + a] : 0;
  for (let t = 0; t < S; t++) acc += model.p[row + t] * V[vOff + t];
  return acc;
}

/** Σ_s init(s) V_0(s): the expected return from the initial distribution. */
export function initialValue(model: CascadingModel, V: Float64Array): number {
  let v = 0;
  for (let s = 0; s < model.S; s++) v += model.init[s] * V[s];
  return v;
}

/** Draws an index from the distribution `probs[off..off+len)`. */
export function sampleIndex(rng: Rng, probs: Float64Array, off: number, len: number): number {
  let u = rng();
  for (let i = 0; i < len - 1; i++) {
    u -= probs[off + i];
    if (u < 0) return i;
  }
  return len - 1;
}

/**
 * One step of the cascade: the user scans `list` top-down, each item attracting independently
 * with probability q(s,a); the first attractive item is clicked (reward r(s,a), s' ~ p(·|s,a)),
 * otherwise ⊥ is selected (reward 0, s' ~ p(·|s,⊥)). Uses one uniform per examined item, then
 * one for the transition.
 */
export function cascadeStep(model: CascadingModel, s: number, list: ArrayLike<number>, rng: Rng): CascadeFeedback {
  const { S, N } = model;
  let clickPos = -1;
  for (let i = 0; i < list.length; i++) {
    if (rng() < model.q[s * N + list[i]]) {
      clickPos = i;
      break;
    }
  }
  const item = clickPos >= 0 ? list[clickPos] : N;
  const reward = clickPos >= 0 ? model.r[s * N + item] : 0;
  const nextState = sampleIndex(rng, model.p, (s * (N + 1) + item) * S, S);
  return { state: s, clickPos, item, examined: clickPos >= 0 ? clickPos + 1 : list.length, reward, nextState };
}
