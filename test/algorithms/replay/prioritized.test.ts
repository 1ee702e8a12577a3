import { describe, expect, it } from 'vitest';
import { PrioritizedSampler, type Boundary } from '../../../algorithms/replay/samplers.js';
import { TransitionBuffer } from '../../../algorithms/replay/transition.js';
import { ConfigError, EnvStateError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { chiSquare99, passesRunChiSquare, pearson } from './stats.js';

/** A sampler with `size` inserted slots whose raw priorities are `priorities`. */
function makeSampler(priorities: number[], opts: { alpha: number; beta: number; runLength: number; boundary: Boundary; seed: number }) {
  const s = new PrioritizedSampler({ capacity: priorities.length + 3, ...opts });
  priorities.forEach((_, i) => s.onInsert(i));
  s.update(Int32Array.from(priorities.keys()), priorities);
  return s;
}

/**
 * Brute-force marginal of slot j at one batch position: enumerate every anchor u with probability
 * p_u^α/Σ, apply the boundary rule, and spread 1/L over the L slots of its run.
 */
function bruteMarginals(priorities: number[], alpha: number, L: number, boundary: Boundary): number[] {
  const size = priorities.length;
  const pa = priorities.map((p) => p ** alpha);
  const total = pa.reduce((a, b) => a + b, 0);
  const m = new Array<number>(size).fill(0);
  for (let u = 0; u < size; u++) {
    const start = boundary === 'clamp' ? Math.min(u, size - L) : u;
    for (let k = 0; k < L; k++) m[(start + k) % size] += pa[u] / total / L;
  }
  return m;
}

describe('PrioritizedSampler', () => {
  const rng = createRng('per');
  const priorities = Array.from({ length: 40 }, () => 0.05 + 3 * rng());

  it('computes exact marginals and importance weights (brute force), for L = 1 the baselines formula', () => {
    for (const [L, boundary] of [
      [1, 'wrap'],
      [4, 'wrap'],
      [7, 'clamp'],
      [40, 'wrap'],
      [57, 'wrap'],
    ] as [number, Boundary][]) {
      const alpha = 0.7;
      const beta = 0.5;
      const s = makeSampler(priorities, { alpha, beta, runLength: L, boundary, seed: 1 });
      const size = priorities.length;
      const m = bruteMarginals(priorities, alpha, L, boundary);
      for (let j = 0; j < size; j++) expect(s.marginal(j, size)).toBeCloseTo(m[j], 14);
      const idx = new Int32Array(300);
      const w = new Float64Array(300);
      s.sample(size, idx, idx.length, w);
      const pa = priorities.map((p) => p ** alpha);
      const total = pa.reduce((a, b) => a + b, 0);
      const pLo = Math.min(...pa) / total / (boundary === 'clamp' ? L : 1);
      for (let k = 0; k < idx.length; k++) {
        const expected = (size * m[idx[k]]) ** -beta / (size * pLo) ** -beta;
        expect(w[k]).toBeCloseTo(expected, 12);
        expect(w[k]).toBeGreaterThan(0);
        expect(w[k]).toBeLessThanOrEqual(1 + 1e-12);
      }
      if (L === 1) {
        // OpenAI baselines: w_i = (N·P(i))^−β / max_j (N·P(j))^−β
        const maxW = Math.max(...pa.map((p) => (size * (p / total)) ** -beta));
        for (let k = 0; k < idx.length; k++) expect(w[k]).toBeCloseTo((size * (pa[idx[k]] / total)) ** -beta / maxW, 12);
      }
    }
  });

  for (const [L, boundary] of [
    [1, 'wrap'],
    [8, 'wrap'],
    [8, 'clamp'],
  ] as [number, Boundary][]) {
    it(`draws anchors ∝ p^α and slots with the computed marginals (L = ${L}, ${boundary}; χ², p > 0.01)`, () => {
      const size = priorities.length;
      const s = makeSampler(priorities, { alpha: 0.6, beta: 0.4, runLength: L, boundary, seed: 11 });
      const draws = 204_800;
      const idx = new Int32Array(1024);
      const all = new Float64Array(size);
      const anchors = new Float64Array(size);
      for (let d = 0; d < draws; d += idx.length) {
        s.sample(size, idx);
        for (let k = 0; k < idx.length; k++) {
          all[idx[k]]++;
          if (k % L === 0) anchors[idx[k]]++;
        }
      }
      const pa = priorities.map((p) => p ** 0.6);
      const total = pa.reduce((a, b) => a + b, 0);
      if (boundary === 'wrap') {
        const nAnchors = draws / L;
        expect(pearson(anchors, pa.map((p) => (nAnchors * p) / total))).toBeLessThan(chiSquare99(size - 1));
      }
      const expected = Array.from({ length: size }, (_, j) => draws * s.marginal(j, size));
      expect(passesRunChiSquare(all, expected, L)).toBe(true);
      // negative control: the same counts are inconsistent with uniform sampling
      expect(passesRunChiSquare(all, new Float64Array(size).fill(draws / size), L)).toBe(false);
    });
  }

  it('gives new slots the max priority seen, updates priorities, and stays in sync with the buffer', () => {
    const buf = new TransitionBuffer({ capacity: 4, obsDim: 1 });
    const s = new PrioritizedSampler({ capacity: 4, alpha: 1, beta: 1, seed: 3 });
    buf.subscribe(s);
    const push = () => buf.push({ obs: [0], action: 0, reward: 0, nextObs: [0], terminated: 0, truncated: 0 });
    push();
    push();
    expect(s.tree.get(0)).toBe(1);
    s.update(Int32Array.of(0, 1, 1), [5, 2, 3]); // later duplicate wins
    expect([s.tree.get(0), s.tree.get(1)]).toEqual([5, 3]);
    push();
    expect(s.tree.get(2)).toBe(5);
    const idx = new Int32Array(2000);
    s.sample(buf.size, idx);
    const c = [0, 0, 0];
    idx.forEach((i) => c[i]++);
    expect(c[0] + c[1] + c[2]).toBe(2000);
    expect(c[1]).toBeLessThan(c[0]); // priority 3 vs 5
    expect(() => s.sample(2, idx)).toThrow(EnvStateError);
    expect(() => s.update(Int32Array.of(0), [0])).toThrow(ConfigError);
    expect(() => s.update(Int32Array.of(3), [1])).toThrow(ConfigError);
    expect(() => new PrioritizedSampler({ capacity: 4, beta: 2, seed: 1 })).toThrow(ConfigError);
  });

  it('is deterministic per seed', () => {
    const a = new Int32Array(100);
    const b = new Int32Array(100);
    makeSampler(priorities, { alpha: 0.6, beta: 0.4, runLength: 4, boundary: 'wrap', seed: 42 }).sample(40, a);
    makeSampler(priorities, { alpha: 0.6, beta: 0.4, runLength: 4, boundary: 'wrap', seed: 42 }).sample(40, b);
    expect(b).toEqual(a);
  });
});
