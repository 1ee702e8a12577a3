import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { DiagGaussian, MaskedCategorical, Tensor, sum } from '../../../algorithms/nn/index.js';
import { gradCheck, leaf } from './gradcheck.js';

const rng = createRng('dist');

describe('MaskedCategorical', () => {
  it('logProb, entropy and masking by hand', () => {
    const d = new MaskedCategorical(Tensor.from([1, 2, 3, 0, 0, 0], [2, 3]), Uint8Array.of(1, 0, 1, 1, 1, 1));
    const lse = Math.log(Math.E + Math.exp(3));
    expect(d.logProb([0, 1]).data[0]).toBeCloseTo(1 - lse, 14);
    expect(d.logProb([2, 1]).data[1]).toBeCloseTo(-Math.log(3), 14);
    expect(d.probs[1]).toBe(0);
    expect(d.logProbs[1]).toBe(-Infinity);
    const p0 = Math.exp(1 - lse);
    const p2 = Math.exp(3 - lse);
    const h = d.entropy().data;
    expect(h[0]).toBeCloseTo(-(p0 * Math.log(p0) + p2 * Math.log(p2)), 14);
    expect(h[1]).toBeCloseTo(Math.log(3), 14);
    expect(() => d.logProb([1, 0])).toThrow(/masked/);
    expect(() => new MaskedCategorical(Tensor.from([1, 2], [1, 2]), Uint8Array.of(0, 0))).toThrow(/no allowed action/);
  });

  it('argmax ignores masked actions even with the largest logit', () => {
    const d = new MaskedCategorical(Tensor.from([5, 1, 3], [1, 3]), Uint8Array.of(0, 1, 1));
    expect(Array.from(d.argmax())).toEqual([2]);
  });

  it('gradients of logProb and entropy (masked logits get exactly 0)', () => {
    const mask = Uint8Array.of(1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1);
    const z = leaf(rng, [3, 4]);
    const f = ([x]: Tensor[]): Tensor => new MaskedCategorical(x, mask).logProb([3, 2, 1]);
    expect(gradCheck([z], f)).toBeLessThan(1e-6);
    expect(gradCheck([z], ([x]) => new MaskedCategorical(x, mask).entropy())).toBeLessThan(1e-6);
    z.gradBuffer().fill(0);
    sum(new MaskedCategorical(z, mask).entropy()).backward();
    expect(z.grad![1]).toBe(0);
    expect(z.grad![7]).toBe(0);
    expect(z.grad![8]).toBe(0);
  });

  it('sampling frequencies match the probabilities; masked actions never drawn', () => {
    const probs = [0.2, 0.5, 0.3];
    const logits = Tensor.from([Math.log(0.2), 9, Math.log(0.5), Math.log(0.3)], [1, 4]);
    const d = new MaskedCategorical(logits, Uint8Array.of(1, 0, 1, 1));
    const r = createRng(7);
    const counts = [0, 0, 0, 0];
    const N = 20000;
    for (let i = 0; i < N; i++) counts[d.sample(r)[0]]++;
    expect(counts[1]).toBe(0);
    [0, 2, 3].forEach((a, k) => {
      const sd = Math.sqrt((N * probs[k] * (1 - probs[k])));
      expect(Math.abs(counts[a] - N * probs[k])).toBeLessThan(4 * sd);
    });
  });
});

describe('DiagGaussian', () => {
  it('logProb and entropy by hand', () => {
    const d = new DiagGaussian(Tensor.from([1, 0], [1, 2]), Tensor.from([Math.log(2), 0], [2]));
    const lp = d.logProb(Float64Array.of(2, -1)).data[0];
    const c = 0.5 * Math.log(2 * Math.PI);
    expect(lp).toBeCloseTo(-0.5 * 0.25 - Math.log(2) - c + (-0.5 - c), 14);
    expect(d.entropy().data[0]).toBeCloseTo(2 * (0.5 + c) + Math.log(2), 14);
  });

  it('gradients w.r.t. mean and (shared or per-row) log-std', () => {
    const x = Float64Array.from({ length: 6 }, (_, i) => Math.cos(i));
    const mu = leaf(rng, [3, 2]);
    const lsShared = leaf(rng, [2], 0.1, 0.5);
    const lsRow = leaf(rng, [3, 2], 0.1, 0.5);
    expect(gradCheck([mu, lsShared], ([m, s]) => new DiagGaussian(m, s).logProb(x))).toBeLessThan(1e-6);
    expect(gradCheck([mu, lsRow], ([m, s]) => new DiagGaussian(m, s).logProb(x))).toBeLessThan(1e-6);
    expect(gradCheck([lsShared], ([s]) => new DiagGaussian(mu, s).entropy())).toBeLessThan(1e-6);
  });

  it('samples have the requested mean and standard deviation', () => {
    const d = new DiagGaussian(Tensor.from([3, -1], [1, 2]), Tensor.from([Math.log(0.5), Math.log(2)], [2]));
    const r = createRng(3);
    const N = 20000;
    const s = [0, 0];
    const s2 = [0, 0];
    for (let i = 0; i < N; i++) {
      const v = d.sample(r);
      for (let k = 0; k < 2; k++) {
        s[k] += v[k];
        s2[k] += v[k] * v[k];
      }
    }
    const sds = [0.5, 2];
    [3, -1].forEach((m, k) => {
      const mean = s[k] / N;
      const sd = Math.sqrt(s2[k] / N - mean * mean);
      expect(Math.abs(mean - m)).toBeLessThan((4 * sds[k]) / Math.sqrt(N));
      expect(Math.abs(sd - sds[k]) / sds[k]).toBeLessThan(0.03);
    });
  });
});
