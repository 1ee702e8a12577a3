import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { kaimingUniform, orthogonal, xavierUniform } from '../../../algorithms/nn/index.js';

/** Max |(M·Mᵀ or Mᵀ·M) − gain²·I| over the smaller Gram matrix. */
function orthoError(w: Float64Array, rows: number, cols: number, gain: number): number {
  let worst = 0;
  const byRows = rows <= cols;
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (a: number, k: number): number => (byRows ? w[a * cols + k] : w[k * cols + a]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(s - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}

describe('orthogonal init', () => {
  it('square, wide and tall matrices are (semi-)orthogonal with the given gain', () => {
    const rng = createRng(1);
    expect(orthoError(orthogonal(rng, 64, 64), 64, 64, 1)).toBeLessThan(1e-12);
    expect(orthoError(orthogonal(rng, 16, 40, Math.SQRT2), 16, 40, Math.SQRT2)).toBeLessThan(1e-12);
    expect(orthoError(orthogonal(rng, 40, 16, 0.01), 40, 16, 0.01)).toBeLessThan(1e-12);
  });

  it('is seeded: same seed same matrix, other seed different', () => {
    const a = orthogonal(createRng(3), 8, 5);
    expect(Array.from(orthogonal(createRng(3), 8, 5))).toEqual(Array.from(a));
    expect(Array.from(orthogonal(createRng(4), 8, 5))).not.toEqual(Array.from(a));
  });
});

describe('uniform inits', () => {
  it('kaiming (PyTorch Linear default) and xavier bounds are respected and nearly reached', () => {
    const k = kaimingUniform(createRng(1), 64, 100);
    const kb = 1 / 10;
    const mk = Math.max(...k.map(Math.abs));
    expect(mk).toBeLessThanOrEqual(kb);
    expect(mk).toBeGreaterThan(0.99 * kb);
    const x = xavierUniform(createRng(1), 50, 100, 2);
    const xb = 2 * Math.sqrt(6 / 150);
    const mx = Math.max(...x.map(Math.abs));
    expect(mx).toBeLessThanOrEqual(xb);
    expect(mx).toBeGreaterThan(0.99 * xb);
  });
});
