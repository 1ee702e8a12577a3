import { describe, expect, it } from 'vitest';
import { NeighbourSampler, UniformSampler, type IndexSampler } from '../../../algorithms/replay/samplers.js';
import { ConfigError, EnvStateError } from '../../../envs/core/errors.js';
import { chiSquare99, passesRunChiSquare, pearson } from './stats.js';

/** Counts of per-index draws and of run starts (every L-th position) over `draws` indices. */
function histogram(sampler: IndexSampler, size: number, draws: number, L: number): { all: Float64Array; anchors: Float64Array } {
  const all = new Float64Array(size);
  const anchors = new Float64Array(size);
  const batch = new Int32Array(1024); // a multiple of every L tested, so runs start at k % L = 0
  for (let done = 0; done < draws; done += batch.length) {
    sampler.sample(size, batch);
    for (let k = 0; k < batch.length; k++) {
      all[batch[k]]++;
      if (k % L === 0) anchors[batch[k]]++;
    }
  }
  return { all, anchors };
}

describe('UniformSampler / NeighbourSampler shape', () => {
  it('returns exactly B indices in [0, size), in runs of L consecutive slots (wrap), last run truncated', () => {
    for (const [size, B, L] of [
      [1000, 1000, 16],
      [1000, 1024, 8],
      [37, 100, 4],
      [5, 64, 8],
      [3, 7, 1],
    ]) {
      const s = new NeighbourSampler({ runLength: L, seed: `shape-${size}-${B}-${L}` });
      const idx = new Int32Array(B + 5).fill(-7);
      s.sample(size, idx, B);
      for (let k = 0; k < B; k++) {
        expect(idx[k]).toBeGreaterThanOrEqual(0);
        expect(idx[k]).toBeLessThan(size);
        if (k % L !== 0) expect(idx[k]).toBe((idx[k - 1] + 1) % size);
      }
      expect(Array.from(idx.subarray(B))).toEqual([-7, -7, -7, -7, -7]); // nothing written past count
    }
  });

  it('under clamp, runs never cross size−1 and start at most at size−L', () => {
    const size = 50;
    const L = 16;
    const s = new NeighbourSampler({ runLength: L, boundary: 'clamp', seed: 5 });
    const idx = new Int32Array(1024);
    let sawTop = false;
    for (let r = 0; r < 20; r++) {
      s.sample(size, idx);
      for (let k = 0; k < idx.length; k++) {
        if (k % L === 0) expect(idx[k]).toBeLessThanOrEqual(size - L);
        else expect(idx[k]).toBe(idx[k - 1] + 1);
        if (idx[k] === size - 1) sawTop = true;
      }
    }
    expect(sawTop).toBe(true);
    expect(() => s.sample(L - 1, idx)).toThrow(EnvStateError);
  });

  it('L = 1 draws exactly the uniform stream; same seed gives the same list, another seed another', () => {
    const a = new Int32Array(512);
    const b = new Int32Array(512);
    new UniformSampler({ seed: 9 }).sample(1000, a);
    new NeighbourSampler({ runLength: 1, seed: 9 }).sample(1000, b);
    expect(b).toEqual(a);
    for (const L of [1, 4, 16]) {
      const x = new Int32Array(256);
      const y = new Int32Array(256);
      const z = new Int32Array(256);
      new NeighbourSampler({ runLength: L, seed: 'det' }).sample(1000, x);
      new NeighbourSampler({ runLength: L, seed: 'det' }).sample(1000, y);
      new NeighbourSampler({ runLength: L, seed: 'other' }).sample(1000, z);
      expect(y).toEqual(x);
      expect(z).not.toEqual(x);
    }
  });

  it('fills weights with 1 and validates its inputs', () => {
    const w = new Float64Array(8).fill(3);
    const idx = new Int32Array(8);
    new NeighbourSampler({ runLength: 2, seed: 1 }).sample(10, idx, 6, w);
    expect(Array.from(w)).toEqual([1, 1, 1, 1, 1, 1, 3, 3]);
    expect(() => new UniformSampler({ seed: 1 }).sample(0, idx)).toThrow(EnvStateError);
    expect(() => new UniformSampler({ seed: 1 }).sample(10, idx, 9)).toThrow(ConfigError);
    expect(() => new NeighbourSampler({ runLength: 0, seed: 1 })).toThrow(ConfigError);
    expect(() => new NeighbourSampler({ runLength: 2, boundary: 'reflect' as 'wrap', seed: 1 })).toThrow(ConfigError);
  });
});

describe('unbiased marginals (χ² over 10⁶ draws on size 1000, threshold: p > 0.01)', () => {
  const size = 1000;
  const draws = 1_000_448; // 977 batches of 1024
  const uniform = new Float64Array(size).fill(draws / size);

  it('uniform sampling passes', () => {
    const { all } = histogram(new UniformSampler({ seed: 'chi-u' }), size, draws, 1);
    expect(pearson(all, uniform)).toBeLessThan(chiSquare99(size - 1)); // ≈ 1105.9
  });

  for (const L of [1, 4, 16]) {
    it(`neighbour L = ${L} (wrap): anchors pass the plain test, per-index counts the run-corrected one`, () => {
      const { all, anchors } = histogram(new NeighbourSampler({ runLength: L, seed: `chi-${L}` }), size, draws, L);
      const anchorDraws = anchors.reduce((a, b) => a + b, 0);
      expect(pearson(anchors, new Float64Array(size).fill(anchorDraws / size))).toBeLessThan(chiSquare99(size - 1));
      expect(passesRunChiSquare(all, uniform, L)).toBe(true);
    });
  }

  it('the same test rejects the biased clamp policy (negative control)', () => {
    const L = 16;
    const { all } = histogram(new NeighbourSampler({ runLength: L, boundary: 'clamp', seed: 'chi-clamp' }), size, draws, L);
    expect(passesRunChiSquare(all, uniform, L)).toBe(false);
  });
});
