/**
 * Seeded instance generators for `CascadingRec-v0`.
 *
 * - `randomCascade`: the plain random instance (q, r ~ U[0,1], every next-state row ~ Dirichlet(1_S)).
 *   A tiny toy generator for tests.
 * - `synthCascade` (the spec's SynthCascade proposal, our design): as `randomCascade`, plus a
 *   "good" absorbing state G = S-1 that is reachable only through a few *gateway* items
 *   (⌈N/4⌉ of them, chosen by the seed) with low attraction q ~ U[0.1, 0.35) and low reward
 *   r ~ U[0, 0.2) outside G; a click on a gateway moves the user to G with probability 0.9
 *   (rest Dirichlet over the other states). Other items outside G have q ~ U[0,1), r ~ U[0, 0.5)
 *   and Dirichlet(1) transitions over the non-good states; no ⊥ transition leads to G. In G every
 *   click pays r = 1 and q ~ U[0.5, 1), and G is absorbing (so G is worth about twice a normal
 *   state per step; the halved rewards outside G are our choice, to make the gap robust). A myopic recommender (maximising
 *   q·r) never shows gateways; the long-horizon optimum does early in the episode, so the two
 *   optima differ (measured in the tests with exact evaluation). s_1 is fixed to state 0 unless
 *   `initial: 'uniform'` (uniform over the non-good states). With S = 1 there is no good state and
 *   the generator reduces to `randomCascade`.
 */
import { ConfigError } from '../core/errors.js';
import { createRng, type Rng, type Seed } from '../core/rng.js';
import { validateModel } from './cascade.js';
import type { CascadingModel } from './types.js';

export interface CascadeSize {
  /** Number of user states S. */
  S: number;
  /** Number of items N. */
  N: number;
  /** Maximum (or exact) list length m. */
  m: number;
  /** Horizon H. */
  H: number;
  /** Lists of exactly m items (default false: 1..m). */
  exactLen?: boolean;
}

export interface SynthOptions extends CascadeSize {
  /** Seed of the instance (independent from the env's episode seed). */
  seed: Seed;
  /** Initial state: `fixed` (state 0, default) or `uniform` over the non-good states. */
  initial?: 'fixed' | 'uniform';
}

function checkSize({ S, N, m, H }: CascadeSize): void {
  for (const [k, v] of [['S', S], ['N', N], ['H', H]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(k, v, 'must be a positive integer');
  }
  if (!Number.isInteger(m) || m < 1 || m > N) throw new ConfigError('m', m, `must be an integer in [1, N = ${N}]`);
}

/** Writes a Dirichlet(1_len) draw (normalised exponentials) into `out[off..off+len)`. */
function dirichletOnes(rng: Rng, out: Float64Array, off: number, len: number): void {
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const e = -Math.log(1 - rng());
    out[off + i] = e;
    sum += e;
  }
  for (let i = 0; i < len; i++) out[off + i] /= sum;
}

function emptyModel(size: CascadeSize): CascadingModel {
  const { S, N, m, H } = size;
  return {
    S,
    N,
    m,
    H,
    exactLen: size.exactLen ?? false,
    q: new Float64Array(S * N),
    r: new Float64Array(S * N),
    p: new Float64Array(S * (N + 1) * S),
    init: new Float64Array(S),
  };
}

/** q, r ~ U[0,1], p(·|s,a) ~ Dirichlet(1_S) for items and ⊥; s_1 = 0. */
export function randomCascade(size: CascadeSize, seed: Seed): CascadingModel {
  checkSize(size);
  const rng = createRng(seed);
  const model = emptyModel(size);
  const { S, N } = size;
  for (let i = 0; i < S * N; i++) {
    model.q[i] = rng();
    model.r[i] = rng();
  }
  for (let row = 0; row < S * (N + 1); row++) dirichletOnes(rng, model.p, row * S, S);
  model.init[0] = 1;
  return model;
}

/** The SynthCascade instance described in the module comment. */
export function synthCascade(options: SynthOptions): CascadingModel {
  checkSize(options);
  const { S, N, seed } = options;
  const initial = options.initial ?? 'fixed';
  if (initial !== 'fixed' && initial !== 'uniform') throw new ConfigError('initial', initial, 'expected "fixed" or "uniform"');
  if (S === 1) return randomCascade(options, seed);
  const rng = createRng(seed);
  const model = emptyModel(options);
  const G = S - 1;
  const order = Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const gateway = new Uint8Array(N);
  for (let i = 0; i < Math.ceil(N / 4); i++) gateway[order[i]] = 1;

  for (let s = 0; s < S; s++) {
    for (let a = 0; a <= N; a++) {
      const row = (s * (N + 1) + a) * S;
      if (s === G) {
        model.p[row + G] = 1;
        if (a < N) {
          model.q[s * N + a] = 0.5 + 0.5 * rng();
          model.r[s * N + a] = 1;
        }
        continue;
      }
      if (a < N && gateway[a]) {
        model.q[s * N + a] = 0.1 + 0.25 * rng();
        model.r[s * N + a] = 0.2 * rng();
        dirichletOnes(rng, model.p, row, S - 1);
        for (let t = 0; t < S - 1; t++) model.p[row + t] *= 0.1;
        model.p[row + G] = 0.9;
      } else {
        if (a < N) {
          model.q[s * N + a] = rng();
          model.r[s * N + a] = 0.5 * rng();
        }
        dirichletOnes(rng, model.p, row, S - 1);
      }
    }
  }
  if (initial === 'fixed') model.init[0] = 1;
  else for (let s = 0; s < G; s++) model.init[s] = 1 / G;
  validateModel(model);
  return model;
}
