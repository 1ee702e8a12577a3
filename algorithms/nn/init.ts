/**
 * Weight initialisers (seeded; every draw comes from the caller's `Rng`). Weights are
 * `[out, in]` (PyTorch layout): fanIn = in, fanOut = out.
 */
import { QrDecomposition, Matrix } from 'ml-matrix';
import { ConfigError } from '../../envs/core/errors.js';
import { randomNormal, type Rng } from '../../envs/core/rng.js';

/** U(−bound, bound) values. */
export function uniform(rng: Rng, n: number, bound: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng() - 1) * bound;
  return out;
}

/**
 * PyTorch's `nn.Linear` default: kaiming_uniform(a = √5), i.e. U(±1/√fanIn) for the weight
 * (and the same bound for the bias, see `linearBiasInit`).
 */
export function kaimingUniform(rng: Rng, out: number, inF: number): Float64Array {
  return uniform(rng, out * inF, 1 / Math.sqrt(inF));
}

/** PyTorch `nn.Linear` bias default: U(±1/√fanIn). */
export function linearBiasInit(rng: Rng, out: number, inF: number): Float64Array {
  return uniform(rng, out, 1 / Math.sqrt(inF));
}

/** Glorot/Xavier uniform: U(±gain·√(6/(fanIn+fanOut))). */
export function xavierUniform(rng: Rng, out: number, inF: number, gain = 1): Float64Array {
  return uniform(rng, out * inF, gain * Math.sqrt(6 / (inF + out)));
}

export function zeros(n: number): Float64Array {
  return new Float64Array(n);
}

/**
 * (Semi-)orthogonal `[rows, cols]` matrix times `gain`, as PyTorch `orthogonal_`: QR of a
 * standard-normal matrix (transposed when rows < cols), with Q's columns multiplied by
 * sign(diag R) so the result is uniformly (Haar) distributed. Rows are orthonormal when
 * rows ≤ cols, columns when rows ≥ cols. CleanRL's PPO uses gain √2 for hidden layers.
 */
export function orthogonal(rng: Rng, rows: number, cols: number, gain = 1): Float64Array {
  if (!(rows > 0 && cols > 0)) throw new ConfigError('orthogonal', [rows, cols], 'needs positive dimensions');
  const tall = rows >= cols;
  const r = tall ? rows : cols;
  const c = tall ? cols : rows;
  const g = new Matrix(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) g.set(i, j, randomNormal(rng));
  const qr = new QrDecomposition(g);
  const q = qr.orthogonalMatrix; // r × r
  const R = qr.upperTriangularMatrix; // r × c
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < c; j++) {
    const s = R.get(j, j) < 0 ? -gain : gain;
    for (let i = 0; i < r; i++) {
      const v = q.get(i, j) * s;
      if (tall) out[i * cols + j] = v;
      else out[j * cols + i] = v;
    }
  }
  return out;
}
