import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { enumerateLists, listValue } from '../../../envs/recsys/cascade.js';
import { BestPerm, bestPerm } from '../../../algorithms/cascading/bestperm.js';

/** max_A Q(A) by enumerating every list. */
function bruteForce(q: Float64Array, w: Float64Array, wBot: number, m: number, exact: boolean): number {
  let best = -Infinity;
  for (const list of enumerateLists(q.length, m, exact)) best = Math.max(best, listValue(q, 0, w, wBot, list));
  return best;
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('BestPerm', () => {
  it('equals brute force over all lists (maxLen and exactLen, N ≤ 7, edge q, tied w)', () => {
    const rng = createRng('bestperm-brute');
    const edges = [0, 0.5, 1];
    let cases = 0;
    for (let trial = 0; trial < 120; trial++) {
      const N = 1 + Math.floor(rng() * (trial < 100 ? 6 : 7));
      const q = Float64Array.from({ length: N }, () => (rng() < 0.3 ? edges[Math.floor(rng() * 3)] : rng()));
      // w in [-1, 3] on a coarse grid half of the time, so ties are common.
      const w = Float64Array.from({ length: N }, () => (rng() < 0.5 ? -1 + Math.floor(rng() * 5) : -1 + 4 * rng()));
      const wBot = rng() < 0.3 ? w[0] : -1 + 4 * rng();
      for (let m = 1; m <= N; m++) {
        for (const exact of [false, true]) {
          const res = bestPerm(q, w, wBot, m, exact);
          expect(res.value).toBeCloseTo(bruteForce(q, w, wBot, m, exact), 9);
          expect(listValue(q, 0, w, wBot, res.list)).toBeCloseTo(res.value, 9);
          expect(new Set(res.list).size).toBe(res.list.length);
          if (exact) expect(res.list.length).toBe(m);
          else expect(res.list.length).toBeLessThanOrEqual(m);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(500);
  });

  it('reuses its buffers: repeated solves on one instance agree with fresh ones', () => {
    const rng = createRng(5);
    const bp = new BestPerm(6, 3);
    for (let t = 0; t < 50; t++) {
      const q = Float64Array.from({ length: 6 }, () => rng());
      const w = Float64Array.from({ length: 6 }, () => rng());
      const v = bp.solve(q, 0, w, 0.2);
      const fresh = bestPerm(q, w, 0.2, 3);
      expect(v).toBe(fresh.value);
      expect(Array.from(bp.lastList())).toEqual(Array.from(fresh.list));
    }
  });

  it('cascading-bandit reduction: r ≡ 1, w_⊥ = 0 gives the m most attractive items and 1 − Π(1−q)', () => {
    const rng = createRng('bandit');
    for (let t = 0; t < 100; t++) {
      const N = 2 + Math.floor(rng() * 8);
      const m = 1 + Math.floor(rng() * N);
      const q = Float64Array.from({ length: N }, () => rng());
      const res = bestPerm(q, new Float64Array(N).fill(1), 0, m);
      const top = Array.from(q.keys()).sort((a, b) => q[b] - q[a]).slice(0, m);
      expect([...res.list].sort()).toEqual([...top].sort());
      expect(res.value).toBeCloseTo(1 - top.reduce((p, a) => p * (1 - q[a]), 1), 12);
    }
  });

  it('order lemma: for a fixed item set, w-descending order attains the max over permutations', () => {
    const rng = createRng('order');
    for (let t = 0; t < 200; t++) {
      const k = 1 + Math.floor(rng() * 5);
      const q = Float64Array.from({ length: k }, () => rng());
      const w = Float64Array.from({ length: k }, () => 3 * rng() - 1);
      const wBot = 3 * rng() - 1;
      const items = Array.from({ length: k }, (_, i) => i);
      const best = Math.max(...permutations(items).map((p) => listValue(q, 0, w, wBot, p)));
      const sorted = [...items].sort((a, b) => w[b] - w[a]);
      expect(listValue(q, 0, w, wBot, sorted)).toBeCloseTo(best, 12);
    }
  });

  it('maxLen never lists an item worth less than the fallback when that strictly loses value', () => {
    const q = Float64Array.of(0.5, 0.5);
    const w = Float64Array.of(2, 0);
    const res = bestPerm(q, w, 1, 2);
    expect(Array.from(res.list)).toEqual([0]);
    expect(res.value).toBeCloseTo(0.5 * 2 + 0.5 * 1, 12);
    // exactLen must take the bad item and pays for it.
    expect(bestPerm(q, w, 1, 2, true).value).toBeCloseTo(1 + 0.5 * (0.5 * 0 + 0.5 * 1), 12);
  });
});
