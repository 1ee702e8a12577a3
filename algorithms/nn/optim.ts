/**
 * Optimisers with PyTorch semantics, gradient clipping and learning-rate schedules.
 *
 * A training step reads: `opt.zeroGrad(); loss = …; loss.backward(); clipGradNorm(params, c);
 * opt.step();`. `lr` is a public field; set it from a schedule before `step()`.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import type { Tensor } from './tensor.js';
import { optimizerKernel } from './wasm-gemm.js';

export abstract class Optimizer {
  /** Learning rate used by the next `step()`. */
  lr: number;
  readonly params: readonly Tensor[];
  /** Number of `step()` calls so far. */
  t = 0;

  constructor(params: readonly Tensor[], lr: number) {
    if (!(lr >= 0)) throw new ConfigError('lr', lr, 'must be ≥ 0');
    for (const p of params) if (!p.requiresGrad) throw new ConfigError('params', p.shape, 'every parameter must require a gradient');
    this.params = params;
    this.lr = lr;
  }

  /** Sets every parameter gradient to 0. */
  zeroGrad(): void {
    for (const p of this.params) p.gradBuffer().fill(0);
  }

  abstract step(): void;

  /** Moment buffers and step count (for checkpoints). */
  abstract state(): JsonObject;
  abstract loadState(s: JsonObject): void;
}

function buffersFor(params: readonly Tensor[]): Float64Array[] {
  return params.map((p) => new Float64Array(p.size));
}

/**
 * Flat WebAssembly SIMD workspace for an element-wise optimiser: `regions` blocks of `n`
 * float64 (n = total parameter count rounded up to even). Block 0 receives the parameters,
 * block 1 the gradients, blocks 2… hold the optimiser's own buffers (views returned by
 * `buffers(block)`, one per parameter). The SIMD update performs the same IEEE operations in
 * the same order as the JS loop, so both give bit-identical results.
 */
class SimdWorkspace {
  readonly n: number;
  readonly mem: Float64Array;
  readonly kernels: NonNullable<ReturnType<typeof optimizerKernel>>['kernels'];
  private readonly offsets: number[];

  static create(params: readonly Tensor[], regions: number): SimdWorkspace | null {
    let total = 0;
    for (const p of params) total += p.size;
    const n = total + (total & 1);
    const k = optimizerKernel(regions * n);
    return k === null ? null : new SimdWorkspace(params, n, k.mem, k.kernels);
  }

  private constructor(
    private readonly params: readonly Tensor[],
    n: number,
    mem: Float64Array,
    kernels: SimdWorkspace['kernels'],
  ) {
    this.n = n;
    this.mem = mem;
    this.kernels = kernels;
    this.offsets = [];
    let o = 0;
    for (const p of params) {
      this.offsets.push(o);
      o += p.size;
    }
  }

  /** Byte address of block `region`. */
  ptr(region: number): number {
    return region * this.n * 8;
  }

  buffers(region: number): Float64Array[] {
    return this.params.map((p, k) => this.mem.subarray(region * this.n + this.offsets[k], region * this.n + this.offsets[k] + p.size));
  }

  /** Copies parameters and gradients in. */
  load(): void {
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      this.mem.set(p.data, this.offsets[k]);
      this.mem.set(p.gradBuffer(), this.n + this.offsets[k]);
    }
  }

  /** Copies the updated parameters out. */
  store(): void {
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      p.data.set(this.mem.subarray(this.offsets[k], this.offsets[k] + p.size));
    }
  }
}

function loadBuffers(name: string, dst: Float64Array[], src: unknown): void {
  if (!Array.isArray(src) || src.length !== dst.length) throw new ConfigError(name, src, `must be ${dst.length} arrays`);
  src.forEach((a, i) => {
    if (!Array.isArray(a) || a.length !== dst[i].length) throw new ConfigError(`${name}[${i}]`, a, `must have ${dst[i].length} numbers`);
    dst[i].set(a as number[]);
  });
}

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty added to the gradient (PyTorch Adam `weight_decay`, not AdamW). */
  weightDecay?: number;
  /** Use the WebAssembly SIMD update where available (default true; same results as JS). */
  simd?: boolean;
}

/**
 * Adam (Kingma & Ba), as `torch.optim.Adam` (single-tensor path, operation order included):
 * m ← m + (1−β1)(g − m) (= β1m + (1−β1)g), v ← β2v + (1−β2)g²,
 * θ ← θ − lr/(1−β1ᵗ) · (m / (√v/√(1−β2ᵗ) + ε)). Defaults lr
 * 1e-3, β (0.9, 0.999), ε 1e-8.
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private readonly simd: SimdWorkspace | null;

  constructor(params: readonly Tensor[], opts: AdamOptions = {}) {
    super(params, opts.lr ?? 1e-3);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    if (!(this.beta1 >= 0 && this.beta1 < 1)) throw new ConfigError('beta1', this.beta1, 'must lie in [0, 1)');
    if (!(this.beta2 >= 0 && this.beta2 < 1)) throw new ConfigError('beta2', this.beta2, 'must lie in [0, 1)');
    if (!(this.eps >= 0)) throw new ConfigError('eps', this.eps, 'must be ≥ 0');
    // SIMD path: moments live in the wasm workspace (blocks 2, 3); weight decay stays in JS.
    this.simd = opts.simd !== false && this.weightDecay === 0 ? SimdWorkspace.create(params, 4) : null;
    this.m = this.simd === null ? buffersFor(params) : this.simd.buffers(2);
    this.v = this.simd === null ? buffersFor(params) : this.simd.buffers(3);
  }

  step(): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps, weightDecay: wd } = this;
    const stepSize = this.lr / (1 - b1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** this.t);
    const w = this.simd;
    if (w !== null) {
      w.load();
      w.kernels.adam(w.n, w.ptr(0), w.ptr(1), w.ptr(2), w.ptr(3), 1 - b1, b2, 1 - b2, stepSize, bc2Sqrt, eps);
      w.store();
      return;
    }
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].data;
      const g = this.params[k].gradBuffer();
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = wd === 0 ? g[i] : g[i] + wd * p[i];
        m[i] += (1 - b1) * (gi - m[i]); // torch: exp_avg.lerp_(grad, 1 - beta1)
        v[i] = b2 * v[i] + (1 - b2) * (gi * gi);
        p[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / bc2Sqrt + eps)); // torch: p.addcdiv_(m, denom, -stepSize)
      }
    }
  }

  state(): JsonObject {
    return { t: this.t, lr: this.lr, m: this.m.map((a) => Array.from(a)), v: this.v.map((a) => Array.from(a)) };
  }

  loadState(s: JsonObject): void {
    loadBuffers('m', this.m, s.m);
    loadBuffers('v', this.v, s.v);
    this.t = Number(s.t);
    this.lr = Number(s.lr);
  }
}

export interface RmsPropOptions {
  lr?: number;
  /** Smoothing constant (PyTorch default 0.99). */
  alpha?: number;
  /** Added outside the square root (PyTorch default 1e-8; PyMARL uses 1e-5). */
  eps?: number;
  /** Use the WebAssembly SIMD update where available (default true; same results as JS). */
  simd?: boolean;
}

/**
 * RMSProp as `torch.optim.RMSprop` (not centred, no momentum): v ← αv + (1−α)g²,
 * θ ← θ − lr·g / (√v + ε). Defaults lr 1e-2, α 0.99, ε 1e-8.
 */
export class RmsProp extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  private readonly v: Float64Array[];
  private readonly simd: SimdWorkspace | null;

  constructor(params: readonly Tensor[], opts: RmsPropOptions = {}) {
    super(params, opts.lr ?? 1e-2);
    this.alpha = opts.alpha ?? 0.99;
    this.eps = opts.eps ?? 1e-8;
    if (!(this.alpha >= 0 && this.alpha < 1)) throw new ConfigError('alpha', this.alpha, 'must lie in [0, 1)');
    this.simd = opts.simd !== false ? SimdWorkspace.create(params, 3) : null;
    this.v = this.simd === null ? buffersFor(params) : this.simd.buffers(2);
  }

  step(): void {
    this.t++;
    const { alpha: a, eps, lr } = this;
    const w = this.simd;
    if (w !== null) {
      w.load();
      w.kernels.rmsprop(w.n, w.ptr(0), w.ptr(1), w.ptr(2), a, 1 - a, lr, eps);
      w.store();
      return;
    }
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].data;
      const g = this.params[k].gradBuffer();
      const v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        v[i] = a * v[i] + (1 - a) * (g[i] * g[i]);
        p[i] -= lr * (g[i] / (Math.sqrt(v[i]) + eps)); // torch: p.addcdiv_(g, √v + eps, -lr)
      }
    }
  }

  state(): JsonObject {
    return { t: this.t, lr: this.lr, v: this.v.map((x) => Array.from(x)) };
  }

  loadState(s: JsonObject): void {
    loadBuffers('v', this.v, s.v);
    this.t = Number(s.t);
    this.lr = Number(s.lr);
  }
}

/**
 * Scales all gradients so their global L2 norm is at most `maxNorm` (torch
 * `clip_grad_norm_`: factor maxNorm/(norm + 1e-6) when < 1). Returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new ConfigError('maxNorm', maxNorm, 'must be > 0');
  let sq = 0;
  for (const p of params) {
    const g = p.gradBuffer();
    for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  }
  const norm = Math.sqrt(sq);
  const c = maxNorm / (norm + 1e-6);
  if (c < 1) {
    for (const p of params) {
      const g = p.gradBuffer();
      for (let i = 0; i < g.length; i++) g[i] *= c;
    }
  }
  return norm;
}

/** Learning rate as a function of the update index (0-based). */
export type Schedule = (step: number) => number;

export function constantSchedule(lr: number): Schedule {
  return () => lr;
}

/** Linear from `start` to `end` over `steps` updates, then `end` (CleanRL's LR annealing uses end 0). */
export function linearSchedule(start: number, end: number, steps: number): Schedule {
  if (!(steps > 0)) throw new ConfigError('steps', steps, 'must be > 0');
  return (t) => start + (end - start) * Math.min(1, Math.max(0, t) / steps);
}

/** Cosine from `start` to `end` over `steps` updates, then `end`. */
export function cosineSchedule(start: number, end: number, steps: number): Schedule {
  if (!(steps > 0)) throw new ConfigError('steps', steps, 'must be > 0');
  return (t) => end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, t) / steps)));
}
