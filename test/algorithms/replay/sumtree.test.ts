import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../../../envs/core/rng.js';
import { SumTree } from '../../../algorithms/replay/sumtree.js';
import { ConfigError } from '../../../envs/core/errors.js';

/** Brute force: the smallest j with Σ_{i≤j} v_i > mass. */
function bruteFind(values: number[], mass: number): number {
  let s = 0;
  for (let j = 0; j < values.length; j++) {
    s += values[j];
    if (mass < s) return j;
  }
  return -1;
}

describe('SumTree', () => {
  it('matches brute-force totals, minima, prefix sums and prefix-sum search under random updates', () => {
    const rng = createRng('sumtree');
    for (const capacity of [1, 2, 5, 8, 37, 100]) {
      const tree = new SumTree(capacity);
      const values = new Array<number>(capacity).fill(0);
      const touched = new Array<boolean>(capacity).fill(false);
      expect(tree.min()).toBe(Infinity);
      for (let round = 0; round < 200; round++) {
        // integer values (zeros included) keep every partial sum exact in float64
        const i = randomInt(rng, capacity);
        values[i] = randomInt(rng, 10);
        tree.set(i, values[i]);
        const total = values.reduce((a, b) => a + b, 0);
        expect(tree.total()).toBe(total);
        expect(tree.get(i)).toBe(values[i]);
        touched[i] = true;
        expect(tree.min()).toBe(Math.min(...values.filter((_, j) => touched[j])));
        for (let j = 0; j <= capacity; j++) expect(tree.prefix(j)).toBe(values.slice(0, j).reduce((a, b) => a + b, 0));
        if (total > 0) {
          for (let m = 0; m < total; m += 0.5) expect(tree.find(m)).toBe(bruteFind(values, m));
        }
      }
    }
  });

  it('never returns an empty leaf when the mass reaches the total through rounding', () => {
    const tree = new SumTree(8);
    tree.set(2, 0.1);
    tree.set(5, 0.2);
    expect(tree.find(tree.total())).toBe(5);
    expect(tree.find(tree.total() * (1 + 1e-15))).toBe(5);
    expect(tree.find(0)).toBe(2);
  });

  it('samples leaves in proportion to their values (prefix-sum sampling, χ², p > 0.01)', () => {
    const rng = createRng(3);
    const values = [1, 0, 2, 3, 0.5, 4, 0, 1.5, 6, 2];
    const tree = new SumTree(values.length);
    values.forEach((v, i) => tree.set(i, v));
    const n = 200_000;
    const counts = new Array<number>(values.length).fill(0);
    for (let k = 0; k < n; k++) counts[tree.find(rng() * tree.total())]++;
    const total = values.reduce((a, b) => a + b, 0);
    let x2 = 0;
    let cells = 0;
    values.forEach((v, i) => {
      if (v === 0) return expect(counts[i]).toBe(0);
      const e = (n * v) / total;
      x2 += (counts[i] - e) ** 2 / e;
      cells++;
    });
    expect(cells).toBe(8);
    expect(x2).toBeLessThan(18.48); // χ²(7) 0.99 quantile
  });

  it('rejects bad values and indices', () => {
    const tree = new SumTree(4);
    expect(() => tree.set(0, -1)).toThrow(ConfigError);
    expect(() => tree.set(0, NaN)).toThrow(ConfigError);
    expect(() => tree.set(4, 1)).toThrow(ConfigError);
    expect(() => new SumTree(0)).toThrow(ConfigError);
  });
});

