import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { cascadeStep, enumerateLists, evaluatePolicy, initialValue, itemValues, listValue } from '../../../envs/recsys/cascade.js';
import { randomCascade, synthCascade } from '../../../envs/recsys/generator.js';
import type { CascadingModel } from '../../../envs/recsys/types.js';
import { myopicPolicy, planWithModel } from '../../../algorithms/cascading/planning.js';

/** Value iteration over the whole action set 𝒜 (lists as atomic actions). */
function bruteForceVI(model: CascadingModel): Float64Array {
  const { S, N, H, m } = model;
  const V = new Float64Array((H + 1) * S);
  const w = new Float64Array(N + 1);
  const lists = enumerateLists(N, m, model.exactLen);
  for (let h = H - 1; h >= 0; h--) {
    for (let s = 0; s < S; s++) {
      itemValues(model, s, V, (h + 1) * S, w);
      V[h * S + s] = Math.max(...lists.map((l) => listValue(model.q, s * N, w, w[N], l)));
    }
  }
  return V;
}

describe('planning with a known model', () => {
  it('BestPerm backward induction equals brute-force VI over 𝒜 (S ≤ 3, N ≤ 5, m ≤ 3, H ≤ 3)', () => {
    const rng = createRng('plan');
    for (let t = 0; t < 60; t++) {
      const N = 1 + Math.floor(rng() * 5);
      const size = { S: 1 + Math.floor(rng() * 3), N, m: 1 + Math.floor(rng() * Math.min(3, N)), H: 1 + Math.floor(rng() * 3), exactLen: rng() < 0.5 };
      const model = randomCascade(size, t);
      const plan = planWithModel(model);
      const brute = bruteForceVI(model);
      for (let i = 0; i < brute.length; i++) expect(plan.V[i]).toBeCloseTo(brute[i], 9);
      // The returned policy attains the planned values under exact evaluation.
      const V = evaluatePolicy(model, plan.policy);
      for (let i = 0; i < brute.length; i++) expect(V[i]).toBeCloseTo(plan.V[i], 9);
    }
  });

  it('m = 1 equals the standard MDP with mixture dynamics q·(r, p(·|a)) + (1−q)·(0, p(·|⊥))', () => {
    for (let t = 0; t < 20; t++) {
      const model = randomCascade({ S: 3, N: 4, m: 1, H: 4 }, `m1-${t}`);
      const { S, N, H } = model;
      const V = new Float64Array((H + 1) * S);
      for (let h = H - 1; h >= 0; h--) {
        for (let s = 0; s < S; s++) {
          let best = -Infinity;
          for (let a = 0; a < N; a++) {
            const q = model.q[s * N + a];
            let Q = q * model.r[s * N + a];
            for (let t2 = 0; t2 < S; t2++) {
              const mix = q * model.p[(s * (N + 1) + a) * S + t2] + (1 - q) * model.p[(s * (N + 1) + N) * S + t2];
              Q += mix * V[(h + 1) * S + t2];
            }
            best = Math.max(best, Q);
          }
          V[h * S + s] = best;
        }
      }
      const plan = planWithModel(model);
      for (let i = 0; i < V.length; i++) expect(plan.V[i]).toBeCloseTo(V[i], 10);
    }
  });

  it('Monte-Carlo: 10⁵ simulated steps of a fixed (s, A) match Q(s, A) and the click-position law', () => {
    const model = synthCascade({ S: 4, N: 6, m: 3, H: 3, seed: 11 });
    const { S, N } = model;
    const plan = planWithModel(model);
    const h = 1;
    const s = 2;
    const list = Int32Array.of(4, 0, 3);
    const w = itemValues(model, s, plan.V, (h + 1) * S, new Float64Array(N + 1));
    const Q = listValue(model.q, s * N, w, w[N], list);
    const rng = createRng('mc');
    const n = 100_000;
    let sum = 0;
    let sum2 = 0;
    const counts = new Float64Array(list.length + 1);
    for (let i = 0; i < n; i++) {
      const fb = cascadeStep(model, s, list, rng);
      const y = fb.reward + plan.V[(h + 1) * S + fb.nextState];
      sum += y;
      sum2 += y * y;
      counts[fb.clickPos < 0 ? list.length : fb.clickPos]++;
    }
    const mean = sum / n;
    const se = Math.sqrt((sum2 / n - mean * mean) / n);
    expect(Math.abs(mean - Q)).toBeLessThan(4 * se);
    let reach = 1;
    for (let i = 0; i <= list.length; i++) {
      const p = i < list.length ? reach * model.q[s * N + list[i]] : reach;
      if (i < list.length) reach *= 1 - model.q[s * N + list[i]];
      const sep = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(counts[i] / n - p)).toBeLessThan(4 * sep + 1e-12);
    }
  });

  it('SynthCascade: the myopic and the long-horizon optimum differ (exact values)', () => {
    for (const N of [4, 8, 16]) {
      for (let seed = 0; seed < 5; seed++) {
        const model = synthCascade({ S: 9, N, m: 3, H: 5, seed });
        const vStar = initialValue(model, planWithModel(model).V);
        const vMyopic = initialValue(model, evaluatePolicy(model, myopicPolicy(model)));
        expect(vStar - vMyopic).toBeGreaterThan(0.2);
      }
    }
  });
});
