/**
 * Action distributions over a batch, differentiable w.r.t. their parameters.
 *
 * MaskedCategorical: masked logits are treated as exactly −∞ (probability exactly 0, never
 * sampled, left out of the entropy; no large-negative-constant approximation). Gradients reach
 * only the allowed logits.
 * DiagGaussian: independent normals per dimension, parameterised by mean and log standard deviation.
 */
import { ConfigError, InvalidActionError } from '../../envs/core/errors.js';
import { randomNormal, type Rng } from '../../envs/core/rng.js';
import { alloc, Tensor } from './tensor.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Categorical over the last dimension of `logits` `[B, A]`; `mask[b·A + a]` = 1 allows action a. */
export class MaskedCategorical {
  readonly logits: Tensor;
  readonly batch: number;
  readonly actions: number;
  /** log p, −∞ where masked; `[B·A]`. */
  readonly logProbs: Float64Array;
  /** p, 0 where masked; `[B·A]`. */
  readonly probs: Float64Array;
  private readonly mask: Uint8Array | null;

  constructor(logits: Tensor, mask: Uint8Array | null = null) {
    const B = logits.rows;
    const A = logits.cols;
    if (mask !== null && mask.length !== B * A) throw new ConfigError('mask', mask.length, `must have ${B}×${A} entries`);
    this.logits = logits;
    this.batch = B;
    this.actions = A;
    this.mask = mask;
    this.logProbs = alloc(B * A);
    this.probs = alloc(B * A);
    const z = logits.data;
    for (let b = 0; b < B; b++) {
      const o = b * A;
      let mx = -Infinity;
      for (let a = 0; a < A; a++) if (this.allowed(o + a) && z[o + a] > mx) mx = z[o + a];
      if (mx === -Infinity) throw new ConfigError('mask', b, 'row has no allowed action');
      let s = 0;
      for (let a = 0; a < A; a++) if (this.allowed(o + a)) s += Math.exp(z[o + a] - mx);
      const lse = mx + Math.log(s);
      for (let a = 0; a < A; a++) {
        if (this.allowed(o + a)) {
          this.logProbs[o + a] = z[o + a] - lse;
          this.probs[o + a] = Math.exp(this.logProbs[o + a]);
        } else {
          this.logProbs[o + a] = -Infinity;
        }
      }
    }
  }

  private allowed(i: number): boolean {
    return this.mask === null || this.mask[i] !== 0;
  }

  /** log p(actions[b]) per row → `[B]`; a masked action is an InvalidActionError. */
  logProb(actions: ArrayLike<number>): Tensor {
    const { batch: B, actions: A } = this;
    if (actions.length !== B) throw new ConfigError('actions', actions.length, `needs one action per row (${B})`);
    const y = alloc(B);
    for (let b = 0; b < B; b++) {
      const a = actions[b];
      if (!(Number.isInteger(a) && a >= 0 && a < A)) throw new InvalidActionError(`Discrete(${A})`, a);
      if (!this.allowed(b * A + a)) throw new InvalidActionError(`Discrete(${A})`, a, `is masked in row ${b} of`);
      y[b] = this.logProbs[b * A + a];
    }
    const out: Tensor = Tensor.result(y, [B], [this.logits], () => {
      const g = out.grad!;
      const gz = this.logits.gradBuffer();
      for (let b = 0; b < B; b++) {
        const o = b * A;
        for (let a = 0; a < A; a++) gz[o + a] -= g[b] * this.probs[o + a];
        gz[o + actions[b]] += g[b];
      }
    });
    return out;
  }

  /** Entropy −Σ p log p over allowed actions, per row → `[B]`. */
  entropy(): Tensor {
    const { batch: B, actions: A } = this;
    const h = alloc(B);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let a = 0; a < A; a++) {
        const p = this.probs[b * A + a];
        if (p > 0) s -= p * this.logProbs[b * A + a];
      }
      h[b] = s;
    }
    const out: Tensor = Tensor.result(h, [B], [this.logits], () => {
      const g = out.grad!;
      const gz = this.logits.gradBuffer();
      for (let b = 0; b < B; b++) {
        const o = b * A;
        for (let a = 0; a < A; a++) {
          const p = this.probs[o + a];
          if (p > 0) gz[o + a] -= g[b] * p * (this.logProbs[o + a] + h[b]);
        }
      }
    });
    return out;
  }

  /** One action per row by inverse-CDF sampling (one `rng()` draw per row). */
  sample(rng: Rng): Int32Array {
    const { batch: B, actions: A } = this;
    const out = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const o = b * A;
      const u = rng();
      let c = 0;
      let last = -1;
      let chosen = -1;
      for (let a = 0; a < A; a++) {
        const p = this.probs[o + a];
        if (p === 0) continue;
        last = a;
        c += p;
        if (u < c) {
          chosen = a;
          break;
        }
      }
      out[b] = chosen >= 0 ? chosen : last; // rounding: Σp may fall just below u
    }
    return out;
  }

  /** Most probable allowed action per row (lowest index on ties). */
  argmax(): Int32Array {
    const { batch: B, actions: A } = this;
    const out = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      let best = -1;
      let bv = -Infinity;
      for (let a = 0; a < A; a++) {
        const lp = this.logProbs[b * A + a];
        if (lp > bv) {
          bv = lp;
          best = a;
        }
      }
      out[b] = best;
    }
    return out;
  }
}

/**
 * Diagonal Gaussian with mean `[B, D]` and log-std `[B, D]` or `[D]` (state-independent,
 * broadcast over the batch, as in CleanRL's continuous PPO).
 */
export class DiagGaussian {
  readonly mean: Tensor;
  readonly logStd: Tensor;
  readonly batch: number;
  readonly dim: number;

  constructor(mean: Tensor, logStd: Tensor) {
    this.mean = mean;
    this.logStd = logStd;
    this.batch = mean.rows;
    this.dim = mean.cols;
    if (logStd.size !== this.dim && logStd.size !== mean.size) {
      throw new ConfigError('logStd', logStd.shape, `must have shape [${this.dim}] or [${mean.shape}]`);
    }
  }

  private ls(i: number): number {
    const d = this.logStd.data;
    return d.length === this.dim ? d[i % this.dim] : d[i];
  }

  /** Σ_d log N(x_d; μ_d, σ_d) per row → `[B]`; `x` is `[B·D]`. */
  logProb(x: Float64Array): Tensor {
    const { batch: B, dim: D } = this;
    if (x.length !== B * D) throw new ConfigError('x', x.length, `must have ${B}×${D} entries`);
    const mu = this.mean.data;
    const y = alloc(B);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let d = 0; d < D; d++) {
        const i = b * D + d;
        const ls = this.ls(i);
        const zz = (x[i] - mu[i]) * Math.exp(-ls);
        s += -0.5 * zz * zz - ls - HALF_LOG_2PI;
      }
      y[b] = s;
    }
    const out: Tensor = Tensor.result(y, [B], [this.mean, this.logStd], () => {
      const g = out.grad!;
      const gm = this.mean.requiresGrad ? this.mean.gradBuffer() : null;
      const gs = this.logStd.requiresGrad ? this.logStd.gradBuffer() : null;
      const shared = this.logStd.size === D;
      for (let b = 0; b < B; b++) {
        for (let d = 0; d < D; d++) {
          const i = b * D + d;
          const inv = Math.exp(-this.ls(i));
          const zz = (x[i] - mu[i]) * inv;
          if (gm !== null) gm[i] += g[b] * zz * inv;
          if (gs !== null) gs[shared ? d : i] += g[b] * (zz * zz - 1);
        }
      }
    });
    return out;
  }

  /** Σ_d (½ + ½log 2π + log σ_d) per row → `[B]`. */
  entropy(): Tensor {
    const { batch: B, dim: D } = this;
    const y = alloc(B);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += 0.5 + HALF_LOG_2PI + this.ls(b * D + d);
      y[b] = s;
    }
    const out: Tensor = Tensor.result(y, [B], [this.logStd], () => {
      const g = out.grad!;
      const gs = this.logStd.gradBuffer();
      const shared = this.logStd.size === D;
      for (let b = 0; b < B; b++) for (let d = 0; d < D; d++) gs[shared ? d : b * D + d] += g[b];
    });
    return out;
  }

  /** μ + σ·ε, ε ~ N(0, 1) (one `randomNormal` per element, row-major); `[B·D]`. */
  sample(rng: Rng): Float64Array {
    const n = this.batch * this.dim;
    const out = new Float64Array(n); // actions outlive any arena
    for (let i = 0; i < n; i++) out[i] = this.mean.data[i] + Math.exp(this.ls(i)) * randomNormal(rng);
    return out;
  }
}
