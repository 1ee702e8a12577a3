/**
 * BestPerm: the optimal ordered list for attraction probabilities q and item values w
 * (spec §b, reconstruction verified against brute force in the tests).
 *
 * 1. Sort items by w descending (ties: lower index first): b_1..b_N.
 * 2. F[i][j] = best value using items b_i..b_N with at most j picks (exactly j for `exactLen`),
 *    ending in the fallback: F[N+1][j] = w_⊥ (`exactLen`: −∞ for j > 0), F[i][0] = w_⊥,
 *    F[i][j] = max(F[i+1][j], q_{b_i} w_{b_i} + (1 − q_{b_i}) F[i+1][j−1]).
 * 3. Lists are non-empty, so the first pick is chosen explicitly: value = max_i q_{b_i} w_{b_i} +
 *    (1 − q_{b_i}) F[i+1][m−1] (first maximiser); then backtrack. The picks come out in
 *    w-descending order, optimal for a fixed item set (the order lemma). Design note: the spec's
 *    F[1][m] alone returns the empty list when w_⊥ exceeds every q·w mix, which 𝒜 excludes (ℓ ≥ 1);
 *    the brute-force test caught this. The extra scan is O(N).
 * Ties in the max prefer taking the item (longer lists reveal more feedback at equal value).
 *
 * Cost O(N log N + N·m) time, O(N·m) memory; a `BestPerm` instance reuses its buffers, so
 * planners call it S·H times per episode without allocating.
 */
import { ConfigError } from '../../envs/core/errors.js';

export interface BestPermResult {
  /** max_A Q(A). */
  value: number;
  /** The optimal list (a fresh Int32Array). */
  list: Int32Array;
}

export class BestPerm {
  private readonly order: Int32Array;
  private readonly F: Float64Array;
  private readonly take: Uint8Array;
  private readonly pick: Int32Array;
  private w: ArrayLike<number> = [];
  private readonly byW = (x: number, y: number): number => this.w[y] - this.w[x] || x - y;

  constructor(
    /** Number of items N. */
    readonly N: number,
    /** Maximum list length m. */
    readonly m: number,
    /** Lists of exactly m items. */
    readonly exactLen = false,
  ) {
    if (!Number.isInteger(N) || N < 1) throw new ConfigError('N', N, 'must be a positive integer');
    if (!Number.isInteger(m) || m < 1 || m > N) throw new ConfigError('m', m, `must be an integer in [1, N = ${N}]`);
    this.order = new Int32Array(N);
    this.F = new Float64Array((N + 1) * (m + 1));
    this.take = new Uint8Array((N + 1) * (m + 1));
    this.pick = new Int32Array(m);
  }

  /**
   * Solves for items with attraction `q[qOff + a]` and value `w[a]` (a = 0..N-1) and fallback value
   * `wBot`. Returns the optimal value; the list is in `lastList()` (length `lastLength`).
   */
  solve(q: ArrayLike<number>, qOff: number, w: ArrayLike<number>, wBot: number): number {
    const { N, m, order, F, take } = this;
    const M = m + 1;
    for (let i = 0; i < N; i++) order[i] = i;
    this.w = w;
    order.sort(this.byW);
    for (let j = 0; j <= m; j++) F[N * M + j] = j > 0 && this.exactLen ? -Infinity : wBot;
    for (let i = N - 1; i >= 0; i--) {
      const b = order[i];
      const qb = q[qOff + b];
      const gain = qb * w[b];
      F[i * M] = wBot;
      for (let j = 1; j <= m; j++) {
        const skip = F[(i + 1) * M + j];
        const prev = F[(i + 1) * M + j - 1];
        const takeV = prev === -Infinity ? -Infinity : gain + (1 - qb) * prev;
        if (takeV >= skip) {
          F[i * M + j] = takeV;
          take[i * M + j] = 1;
        } else {
          F[i * M + j] = skip;
          take[i * M + j] = 0;
        }
      }
    }
    // Lists are non-empty (1 ≤ ℓ): the first pick b_i is chosen explicitly, the rest by F.
    // (F[0][m] alone may be the empty list when w_⊥ beats every item.)
    let best = -Infinity;
    let first = 0;
    for (let i = 0; i < N; i++) {
      const prev = F[(i + 1) * M + m - 1];
      if (prev === -Infinity) continue;
      const b = order[i];
      const v = q[qOff + b] * w[b] + (1 - q[qOff + b]) * prev;
      if (v > best) {
        best = v;
        first = i;
      }
    }
    this.pick[0] = order[first];
    let len = 1;
    for (let i = first + 1, j = m - 1; i < N && j > 0; i++) {
      if (take[i * M + j]) {
        this.pick[len++] = order[i];
        j--;
      }
    }
    this.lastLength = len;
    return best;
  }

  /** Length of the list found by the last `solve`. */
  lastLength = 0;

  /** A copy of the list found by the last `solve`. */
  lastList(): Int32Array {
    return this.pick.slice(0, this.lastLength);
  }
}

/** One-shot BestPerm (allocates; planners should keep a `BestPerm` instance). */
export function bestPerm(q: ArrayLike<number>, w: ArrayLike<number>, wBot: number, m: number, exactLen = false): BestPermResult {
  const bp = new BestPerm(w.length, m, exactLen);
  const value = bp.solve(q, 0, w, wBot);
  return { value, list: bp.lastList() };
}
