/**
 * Differentiable ops. Each returns a new tensor; gradients flow to every operand that
 * requires one (so products of two computed tensors, as in QMIX's hypernetwork mixer, work).
 *
 * Conventions: row-major; "rows" = product of all but the last dimension. Binary elementwise
 * ops accept the same shape, or a second operand whose size divides the first and which is
 * repeated over the leading dimensions (a bias row `[F]` against `[B, F]`, or a scalar `[1]`).
 */
import { ConfigError } from '../../envs/core/errors.js';
import { gemmBackend } from './kernels.js';
import { alloc, Tensor } from './tensor.js';

function checkBroadcast(op: string, a: Tensor, b: Tensor): void {
  if (b.size === 0 || a.size % b.size !== 0) {
    throw new ConfigError(op, [a.shape, b.shape], 'second operand must match or repeat over the leading dimensions');
  }
}

// ───────────────────────────── linear algebra ─────────────────────────────

/** bmm items with fewer multiply-adds than this are computed inline (no GEMM call per item). */
const SMALL_BMM = 512;

/** y = x · Wᵀ + b with x `[..., in]`, W `[out, in]` (PyTorch layout), b `[out]` or null. */
export function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const inF = w.shape[1];
  const outF = w.shape[0];
  if (x.cols !== inF) throw new ConfigError('linear', [x.shape, w.shape], 'input features must equal weight columns');
  const B = x.rows;
  const y = alloc(B * outF);
  if (b !== null) for (let i = 0; i < B; i++) y.set(b.data, i * outF);
  gemmBackend().nt(B, outF, inF, x.data, w.data, y);
  const shape = [...x.shape.slice(0, -1), outF];
  const parents = b === null ? [x, w] : [x, w, b];
  const out: Tensor = Tensor.result(y, shape, parents, () => {
    const g = out.grad!;
    const k = gemmBackend();
    if (x.requiresGrad) k.nn(B, inF, outF, g, w.data, x.gradBuffer());
    if (w.requiresGrad) k.tn(outF, inF, B, g, x.data, w.gradBuffer());
    if (b !== null && b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < B; i++) {
        const o = i * outF;
        for (let j = 0; j < outF; j++) gb[j] += g[o + j];
      }
    }
  });
  return out;
}

/** Batched matrix product: a `[..., n, k]` · b `[..., k, m]` → `[..., n, m]`; 2-D is the batch-1 case. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) throw new ConfigError('bmm', [a.shape, b.shape], 'operands need at least 2 dimensions');
  const n = a.shape[ra - 2];
  const k = a.shape[ra - 1];
  const m = b.shape[rb - 1];
  const batch = a.size / (n * k);
  if (b.shape[rb - 2] !== k || b.size / (k * m) !== batch) {
    throw new ConfigError('bmm', [a.shape, b.shape], 'inner dimensions or batch sizes differ');
  }
  const y = alloc(batch * n * m);
  const A = a.data;
  const Bd = b.data;
  // Tiny per-item products (QMIX mixing: [1, n]·[n, E] for every batch×time row) run inline on
  // offsets; larger ones go to the GEMM backend. Both sum in the same order.
  const small = n * k * m < SMALL_BMM;
  if (small) {
    for (let t = 0; t < batch; t++) {
      const ao = t * n * k;
      const bo = t * k * m;
      const yo = t * n * m;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          let c = 0;
          for (let q = 0; q < k; q++) c += A[ao + i * k + q] * Bd[bo + q * m + j];
          y[yo + i * m + j] = c;
        }
      }
    }
  } else {
    const kern = gemmBackend();
    for (let t = 0; t < batch; t++) {
      kern.nn(n, m, k, A.subarray(t * n * k, (t + 1) * n * k), Bd.subarray(t * k * m, (t + 1) * k * m), y.subarray(t * n * m, (t + 1) * n * m));
    }
  }
  const out: Tensor = Tensor.result(y, [...a.shape.slice(0, -1), m], [a, b], () => {
    const g = out.grad!;
    const ga = a.requiresGrad ? a.gradBuffer() : null;
    const gb = b.requiresGrad ? b.gradBuffer() : null;
    if (small) {
      for (let t = 0; t < batch; t++) {
        const ao = t * n * k;
        const bo = t * k * m;
        const go = t * n * m;
        // dA[i,q] += Σ_j g[i,j]·B[q,j];  dB[q,j] += Σ_i A[i,q]·g[i,j]
        if (ga !== null) {
          for (let i = 0; i < n; i++) {
            for (let q = 0; q < k; q++) {
              let c = ga[ao + i * k + q];
              for (let j = 0; j < m; j++) c += g[go + i * m + j] * Bd[bo + q * m + j];
              ga[ao + i * k + q] = c;
            }
          }
        }
        if (gb !== null) {
          for (let q = 0; q < k; q++) {
            for (let j = 0; j < m; j++) {
              let c = gb[bo + q * m + j];
              for (let i = 0; i < n; i++) c += A[ao + i * k + q] * g[go + i * m + j];
              gb[bo + q * m + j] = c;
            }
          }
        }
      }
      return;
    }
    const kk = gemmBackend();
    for (let t = 0; t < batch; t++) {
      const gt = g.subarray(t * n * m, (t + 1) * n * m);
      // dA[n,k] += g[n,m] · B[k,m]ᵀ ; dB[k,m] += A[n,k]ᵀ · g[n,m]
      if (ga !== null) kk.nt(n, k, m, gt, Bd.subarray(t * k * m, (t + 1) * k * m), ga.subarray(t * n * k, (t + 1) * n * k));
      if (gb !== null) kk.tn(k, m, n, A.subarray(t * n * k, (t + 1) * n * k), gt, gb.subarray(t * k * m, (t + 1) * k * m));
    }
  });
  return out;
}

/** 2-D matrix product a `[n, k]` · b `[k, m]`. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new ConfigError('matmul', [a.shape, b.shape], 'operands must be 2-D');
  return bmm(a, b);
}

// ───────────────────────────── elementwise binary ─────────────────────────────

/** a + b (b same shape or repeated over leading dims). */
export function add(a: Tensor, b: Tensor): Tensor {
  checkBroadcast('add', a, b);
  const n = a.size;
  const m = b.size;
  const y = alloc(n);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) y[i + j] = ad[i + j] + bd[j];
  const out: Tensor = Tensor.result(y, a.shape, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i++) ga[i] += g[i];
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) gb[j] += g[i + j];
    }
  });
  return out;
}

/** a − b (b same shape or repeated over leading dims). */
export function sub(a: Tensor, b: Tensor): Tensor {
  return add(a, scale(b, -1));
}

/** Elementwise a ⊙ b (b same shape or repeated over leading dims). */
export function mul(a: Tensor, b: Tensor): Tensor {
  checkBroadcast('mul', a, b);
  const n = a.size;
  const m = b.size;
  const y = alloc(n);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) y[i + j] = ad[i + j] * bd[j];
  const out: Tensor = Tensor.result(y, a.shape, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ga[i + j] += g[i + j] * bd[j];
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) gb[j] += g[i + j] * ad[i + j];
    }
  });
  return out;
}

/** Elementwise a / b (b same shape or repeated over leading dims). */
export function div(a: Tensor, b: Tensor): Tensor {
  checkBroadcast('div', a, b);
  const n = a.size;
  const m = b.size;
  const y = alloc(n);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) y[i + j] = ad[i + j] / bd[j];
  const out: Tensor = Tensor.result(y, a.shape, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ga[i + j] += g[i + j] / bd[j];
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) gb[j] -= (g[i + j] * y[i + j]) / bd[j];
    }
  });
  return out;
}

/** Elementwise min(a, b) (same shape); the gradient goes to the smaller operand (to a on ties). */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return pick(a, b, (x, y) => x <= y);
}

/** Elementwise max(a, b) (same shape); the gradient goes to the larger operand (to a on ties). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return pick(a, b, (x, y) => x >= y);
}

function pick(a: Tensor, b: Tensor, takeA: (x: number, y: number) => boolean): Tensor {
  if (a.size !== b.size) throw new ConfigError('minimum/maximum', [a.shape, b.shape], 'operands must have the same size');
  const n = a.size;
  const fromA = new Uint8Array(n);
  const y = alloc(n);
  for (let i = 0; i < n; i++) {
    const t = takeA(a.data[i], b.data[i]);
    fromA[i] = t ? 1 : 0;
    y[i] = t ? a.data[i] : b.data[i];
  }
  const out: Tensor = Tensor.result(y, a.shape, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i++) if (fromA[i] === 1) ga[i] += g[i];
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i++) if (fromA[i] === 0) gb[i] += g[i];
    }
  });
  return out;
}

// ───────────────────────────── elementwise unary ─────────────────────────────

/**
 * Builds a unary op from its value `f(x)` and derivative `df(x, y)` (y = f(x)), applied
 * elementwise. Internal helper; the named ops below are the public API.
 */
function unary(a: Tensor, f: (x: number) => number, df: (x: number, y: number) => number): Tensor {
  const n = a.size;
  const x = a.data;
  const y = alloc(n);
  for (let i = 0; i < n; i++) y[i] = f(x[i]);
  const out: Tensor = Tensor.result(y, a.shape, [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i] += g[i] * df(x[i], y[i]);
  });
  return out;
}

/** c · a for a constant c. */
export function scale(a: Tensor, c: number): Tensor {
  return unary(a, (x) => c * x, () => c);
}

/** a + c for a constant c. */
export function addScalar(a: Tensor, c: number): Tensor {
  return unary(a, (x) => x + c, () => 1);
}

export function relu(a: Tensor): Tensor {
  const n = a.size;
  const x = a.data;
  const y = alloc(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = (v + Math.abs(v)) * 0.5; // = max(v, 0) exactly, branch-free (signs are random)
  }
  const out: Tensor = Tensor.result(y, a.shape, [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i] += g[i] * (x[i] > 0 ? 1 : 0); // branch-free: signs are random
  });
  return out;
}

/** max(x, slope·x); PyTorch default slope 0.01. */
export function leakyRelu(a: Tensor, slope = 0.01): Tensor {
  return unary(a, (x) => (x > 0 ? x : slope * x), (x) => (x > 0 ? 1 : slope));
}

/** x for x > 0, alpha·(eˣ − 1) otherwise; PyTorch default alpha 1. */
export function elu(a: Tensor, alpha = 1): Tensor {
  return unary(a, (x) => (x > 0 ? x : alpha * Math.expm1(x)), (x, y) => (x > 0 ? 1 : y + alpha));
}

export function tanh(a: Tensor): Tensor {
  // Written out (not via `unary`): tanh is the hidden activation of PPO-style MLPs.
  const n = a.size;
  const x = a.data;
  const y = alloc(n);
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
  const out: Tensor = Tensor.result(y, a.shape, [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i] += g[i] * (1 - y[i] * y[i]);
  });
  return out;
}

export function sigmoid(a: Tensor): Tensor {
  return unary(a, sigmoidScalar, (_x, y) => y * (1 - y));
}

/** |x|; gradient sign(x) (0 at 0). */
export function abs(a: Tensor): Tensor {
  return unary(a, Math.abs, (x) => Math.sign(x));
}

export function exp(a: Tensor): Tensor {
  return unary(a, Math.exp, (_x, y) => y);
}

export function log(a: Tensor): Tensor {
  return unary(a, Math.log, (x) => 1 / x);
}

export function square(a: Tensor): Tensor {
  return unary(a, (x) => x * x, (x) => 2 * x);
}

export function sqrt(a: Tensor): Tensor {
  return unary(a, Math.sqrt, (_x, y) => 0.5 / y);
}

/** Clamps to [lo, hi]; zero gradient outside (PyTorch `clamp`). */
export function clamp(a: Tensor, lo: number, hi: number): Tensor {
  return unary(a, (x) => (x < lo ? lo : x > hi ? hi : x), (x) => (x < lo || x > hi ? 0 : 1));
}

export function sigmoidScalar(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

// ───────────────────────────── reductions ─────────────────────────────

/** Sum of all elements → shape `[1]`. */
export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i];
  const out: Tensor = Tensor.result(Float64Array.of(s), [1], [a], () => {
    const g = out.grad![0];
    const ga = a.gradBuffer();
    for (let i = 0; i < ga.length; i++) ga[i] += g;
  });
  return out;
}

/** Mean of all elements → shape `[1]`. */
export function mean(a: Tensor): Tensor {
  return scale(sum(a), 1 / a.size);
}

/** Sum over the last dimension: `[..., F]` → `[...]`. */
export function sumLast(a: Tensor): Tensor {
  const R = a.rows;
  const F = a.cols;
  const y = alloc(R);
  for (let i = 0; i < R; i++) {
    let s = 0;
    for (let j = 0; j < F; j++) s += a.data[i * F + j];
    y[i] = s;
  }
  const shape = a.shape.length <= 1 ? [1] : a.shape.slice(0, -1);
  const out: Tensor = Tensor.result(y, shape, [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < R; i++) for (let j = 0; j < F; j++) ga[i * F + j] += g[i];
  });
  return out;
}

/** Index of the largest entry of each row (first on ties): `[R, F]` → Int32Array(R). No gradient. */
export function argmaxLast(a: Tensor): Int32Array {
  const R = a.rows;
  const F = a.cols;
  const out = new Int32Array(R);
  for (let i = 0; i < R; i++) {
    let best = 0;
    for (let j = 1; j < F; j++) if (a.data[i * F + j] > a.data[i * F + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Largest entry of each row → `[R]`; the gradient goes to the first maximiser (max_a Q(s', a)). */
export function maxLast(a: Tensor): Tensor {
  return gather(a, argmaxLast(a));
}

// ───────────────────────────── shape and indexing ─────────────────────────────

/** Same data, new shape (sizes must agree). */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const out: Tensor = Tensor.result(a.data, shape, [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i] += g[i];
  });
  return out;
}

/** Concatenates along the last dimension; all parts have the same rows. */
export function concat(parts: readonly Tensor[]): Tensor {
  if (parts.length === 0) throw new ConfigError('concat', parts, 'needs at least one tensor');
  const R = parts[0].rows;
  let F = 0;
  for (const p of parts) {
    if (p.rows !== R) throw new ConfigError('concat', parts.map((q) => q.shape), 'row counts differ');
    F += p.cols;
  }
  const y = alloc(R * F);
  let off = 0;
  for (const p of parts) {
    const c = p.cols;
    for (let i = 0; i < R; i++) y.set(p.data.subarray(i * c, (i + 1) * c), i * F + off);
    off += c;
  }
  const out: Tensor = Tensor.result(y, [...parts[0].shape.slice(0, -1), F], parts, () => {
    const g = out.grad!;
    let o = 0;
    for (const p of parts) {
      const c = p.cols;
      if (p.requiresGrad) {
        const gp = p.gradBuffer();
        for (let i = 0; i < R; i++) for (let j = 0; j < c; j++) gp[i * c + j] += g[i * F + o + j];
      }
      o += c;
    }
  });
  return out;
}

/** Columns `[start, end)` of the last dimension. */
export function sliceCols(a: Tensor, start: number, end: number): Tensor {
  const R = a.rows;
  const F = a.cols;
  if (!(start >= 0 && end <= F && start < end)) throw new ConfigError('sliceCols', [start, end], `must lie within [0, ${F}]`);
  const w = end - start;
  const y = alloc(R * w);
  for (let i = 0; i < R; i++) y.set(a.data.subarray(i * F + start, i * F + end), i * w);
  const out: Tensor = Tensor.result(y, [...a.shape.slice(0, -1), w], [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < R; i++) for (let j = 0; j < w; j++) ga[i * F + start + j] += g[i * w + j];
  });
  return out;
}

/** One-hot rows (constant): `indices.length × n`. */
export function oneHot(indices: ArrayLike<number>, n: number): Tensor {
  const y = alloc(indices.length * n);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new ConfigError('oneHot', k, `index must be an integer in [0, ${n})`);
    y[i * n + k] = 1;
  }
  return Tensor.from(y, [indices.length, n]);
}

/** Picks `a[i, index[i]]` from each row: `[R, F]` → `[R]` (Q(s, a) from Q(s, ·)). */
export function gather(a: Tensor, index: ArrayLike<number>): Tensor {
  const R = a.rows;
  const F = a.cols;
  if (index.length !== R) throw new ConfigError('gather', index.length, `needs one index per row (${R})`);
  const y = alloc(R);
  for (let i = 0; i < R; i++) {
    const k = index[i];
    if (!(Number.isInteger(k) && k >= 0 && k < F)) throw new ConfigError('gather', k, `index must be an integer in [0, ${F})`);
    y[i] = a.data[i * F + k];
  }
  const out: Tensor = Tensor.result(y, [R], [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let i = 0; i < R; i++) ga[i * F + index[i]] += g[i];
  });
  return out;
}

/** Rows `a[index[e]]` for each e: `[N, F]` → `[E, F]` (messages from edge sources). */
export function indexRows(a: Tensor, index: Int32Array): Tensor {
  const N = a.rows;
  const F = a.cols;
  const E = index.length;
  const y = alloc(E * F);
  for (let e = 0; e < E; e++) {
    const s = index[e];
    if (!(s >= 0 && s < N)) throw new ConfigError('indexRows', s, `row index must lie in [0, ${N})`);
    y.set(a.data.subarray(s * F, (s + 1) * F), e * F);
  }
  const out: Tensor = Tensor.result(y, [E, F], [a], () => {
    const g = out.grad!;
    const ga = a.gradBuffer();
    for (let e = 0; e < E; e++) {
      const o = index[e] * F;
      for (let j = 0; j < F; j++) ga[o + j] += g[e * F + j];
    }
  });
  return out;
}

/**
 * Scatter rows into `n` buckets: out[index[e]] = Σ (or mean of) src[e]; empty buckets are 0.
 * `[E, F]` → `[n, F]` (message aggregation at edge destinations).
 */
export function scatterRows(src: Tensor, index: Int32Array, n: number, reduce: 'sum' | 'mean' = 'sum'): Tensor {
  const E = src.rows;
  const F = src.cols;
  if (index.length !== E) throw new ConfigError('scatterRows', index.length, `needs one index per row (${E})`);
  const w = alloc(E).fill(1);
  if (reduce === 'mean') {
    const deg = alloc(n);
    for (let e = 0; e < E; e++) deg[index[e]] += 1;
    for (let e = 0; e < E; e++) w[e] = 1 / deg[index[e]];
  }
  const y = alloc(n * F);
  for (let e = 0; e < E; e++) {
    const d = index[e];
    if (!(d >= 0 && d < n)) throw new ConfigError('scatterRows', d, `row index must lie in [0, ${n})`);
    const o = d * F;
    const we = w[e];
    for (let j = 0; j < F; j++) y[o + j] += we * src.data[e * F + j];
  }
  const out: Tensor = Tensor.result(y, [n, F], [src], () => {
    const g = out.grad!;
    const gs = src.gradBuffer();
    for (let e = 0; e < E; e++) {
      const o = index[e] * F;
      const we = w[e];
      for (let j = 0; j < F; j++) gs[e * F + j] += we * g[o + j];
    }
  });
  return out;
}

// ───────────────────────────── fused GRU gate ─────────────────────────────

/**
 * PyTorch GRUCell gate arithmetic from the two pre-activations gi = W_ih·x + b_ih and
 * gh = W_hh·h + b_hh (each `[B, 3H]`, blocks r, z, n) and the previous state h `[B, H]`:
 *   r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n), h' = (1 − z) ⊙ n + z ⊙ h.
 */
export function gruGates(gi: Tensor, gh: Tensor, h: Tensor): Tensor {
  const B = h.rows;
  const H = h.cols;
  if (gi.rows !== B || gh.rows !== B || gi.cols !== 3 * H || gh.cols !== 3 * H) {
    throw new ConfigError('gruGates', [gi.shape, gh.shape, h.shape], 'expects [B,3H], [B,3H], [B,H]');
  }
  const r = alloc(B * H);
  const z = alloc(B * H);
  const nn = alloc(B * H);
  const y = alloc(B * H);
  const a = gi.data;
  const c = gh.data;
  for (let b = 0; b < B; b++) {
    const o3 = b * 3 * H;
    const o = b * H;
    for (let j = 0; j < H; j++) {
      const rj = sigmoidScalar(a[o3 + j] + c[o3 + j]);
      const zj = sigmoidScalar(a[o3 + H + j] + c[o3 + H + j]);
      const nj = Math.tanh(a[o3 + 2 * H + j] + rj * c[o3 + 2 * H + j]);
      r[o + j] = rj;
      z[o + j] = zj;
      nn[o + j] = nj;
      y[o + j] = (1 - zj) * nj + zj * h.data[o + j];
    }
  }
  const out: Tensor = Tensor.result(y, h.shape, [gi, gh, h], () => {
    const g = out.grad!;
    const ggi = gi.requiresGrad ? gi.gradBuffer() : null;
    const ggh = gh.requiresGrad ? gh.gradBuffer() : null;
    const gh0 = h.requiresGrad ? h.gradBuffer() : null;
    for (let b = 0; b < B; b++) {
      const o3 = b * 3 * H;
      const o = b * H;
      for (let j = 0; j < H; j++) {
        const gy = g[o + j];
        const rj = r[o + j];
        const zj = z[o + j];
        const nj = nn[o + j];
        const dn = gy * (1 - zj) * (1 - nj * nj); // d/d(pre-activation of n)
        const dz = gy * (h.data[o + j] - nj) * zj * (1 - zj);
        const ghn = c[o3 + 2 * H + j];
        const dr = dn * ghn * rj * (1 - rj);
        if (ggi !== null) {
          ggi[o3 + j] += dr;
          ggi[o3 + H + j] += dz;
          ggi[o3 + 2 * H + j] += dn;
        }
        if (ggh !== null) {
          ggh[o3 + j] += dr;
          ggh[o3 + H + j] += dz;
          ggh[o3 + 2 * H + j] += dn * rj;
        }
        if (gh0 !== null) gh0[o + j] += gy * zj;
      }
    }
  });
  return out;
}
