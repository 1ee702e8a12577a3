import { describe, expect, it } from 'vitest';
import { gae, normalizeAdvantages } from '../../../algorithms/ppo/gae.js';
import { createRng } from '../../../envs/core/rng.js';

/** Interleaves per-env columns into the step-major [T·N] layout. */
function stepMajor(cols: number[][]): Float64Array {
  const T = cols[0].length;
  const N = cols.length;
  const out = new Float64Array(T * N);
  for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) out[t * N + i] = cols[i][t];
  return out;
}

describe('gae', () => {
  it('matches a hand-worked two-env example with a termination and a truncation', () => {
    // γ = 0.9, λ = 0.5 (γλ = 0.45).
    // env 0: terminated at t=1 (its next value 99 must be ignored), bootstrap V = 2 after t=2.
    //   t2: δ = 3 + 0.9·2 − 1.5 = 3.3              A = 3.3
    //   t1: δ = 2 − 1 = 1 (no bootstrap)           A = 1   (recursion cut)
    //   t0: δ = 1 + 0.9·1 − 0.5 = 1.4              A = 1.4 + 0.45·1 = 1.85
    // env 1: truncated at t=0 with V(final obs) = 10, bootstrap V = 4 after t=2.
    //   t2: δ = 1 + 0.9·4 − 3 = 1.6                A = 1.6
    //   t1: δ = 0 + 0.9·3 − 2 = 0.7                A = 0.7 + 0.45·1.6 = 1.42
    //   t0: δ = 0 + 0.9·10 − 1 = 8 (bootstraps)    A = 8   (recursion cut)
    const r = gae({
      numSteps: 3,
      numEnvs: 2,
      rewards: stepMajor([[1, 2, 3], [0, 0, 1]]),
      values: stepMajor([[0.5, 1, 1.5], [1, 2, 3]]),
      nextValues: stepMajor([[1, 99, 2], [10, 3, 4]]),
      terminated: Uint8Array.from(stepMajor([[0, 1, 0], [0, 0, 0]])),
      truncated: Uint8Array.from(stepMajor([[0, 0, 0], [1, 0, 0]])),
      gamma: 0.9,
      lambda: 0.5,
    });
    const expected = stepMajor([[1.85, 1, 3.3], [8, 1.42, 1.6]]);
    for (let k = 0; k < 6; k++) expect(r.advantages[k]).toBeCloseTo(expected[k], 12);
    const values = stepMajor([[0.5, 1, 1.5], [1, 2, 3]]);
    for (let k = 0; k < 6; k++) expect(r.returns[k]).toBeCloseTo(expected[k] + values[k], 12);
  });

  it('a truncated step bootstraps from its final observation, a terminated one does not', () => {
    const base = { numSteps: 1, numEnvs: 1, rewards: Float64Array.of(1), values: Float64Array.of(0), nextValues: Float64Array.of(5), gamma: 0.5, lambda: 0.9 };
    const trunc = gae({ ...base, terminated: Uint8Array.of(0), truncated: Uint8Array.of(1) });
    const term = gae({ ...base, terminated: Uint8Array.of(1), truncated: Uint8Array.of(0) });
    const both = gae({ ...base, terminated: Uint8Array.of(1), truncated: Uint8Array.of(1) });
    expect(trunc.advantages[0]).toBeCloseTo(1 + 0.5 * 5, 12);
    expect(term.advantages[0]).toBe(1);
    expect(both.advantages[0]).toBe(1);
  });

  it('equals the definition Σ_l (γλ)^l δ_{t+l} on random episodes without ends (brute force)', () => {
    const rng = createRng(7);
    const T = 9;
    const N = 3;
    const gamma = 0.97;
    const lambda = 0.8;
    const rewards = Float64Array.from({ length: T * N }, () => rng() * 2 - 1);
    const values = Float64Array.from({ length: T * N }, () => rng() * 4 - 2);
    const last = Float64Array.from({ length: N }, () => rng());
    const nextValues = Float64Array.from({ length: T * N }, (_, k) => (k + N < T * N ? values[k + N] : last[k % N]));
    const zeros = new Uint8Array(T * N);
    const r = gae({ numSteps: T, numEnvs: N, rewards, values, nextValues, terminated: zeros, truncated: zeros, gamma, lambda });
    for (let i = 0; i < N; i++) {
      for (let t = 0; t < T; t++) {
        let a = 0;
        for (let l = 0; t + l < T; l++) {
          const k = (t + l) * N + i;
          a += (gamma * lambda) ** l * (rewards[k] + gamma * nextValues[k] - values[k]);
        }
        expect(r.advantages[t * N + i]).toBeCloseTo(a, 10);
      }
    }
  });

  it('λ = 1 gives the bootstrapped Monte-Carlo return; λ = 0 the one-step TD target', () => {
    const rewards = Float64Array.of(1, 2, 3, 4);
    const values = Float64Array.of(0.3, -0.2, 0.7, 0.1);
    const nextValues = Float64Array.of(-0.2, 0.7, 0.1, 5);
    const z = new Uint8Array(4);
    const g = 0.9;
    const mc = gae({ numSteps: 4, numEnvs: 1, rewards, values, nextValues, terminated: z, truncated: z, gamma: g, lambda: 1 });
    expect(mc.returns[0]).toBeCloseTo(1 + g * 2 + g ** 2 * 3 + g ** 3 * 4 + g ** 4 * 5, 12);
    const td = gae({ numSteps: 4, numEnvs: 1, rewards, values, nextValues, terminated: z, truncated: z, gamma: g, lambda: 0 });
    for (let t = 0; t < 4; t++) expect(td.returns[t]).toBeCloseTo(rewards[t] + g * nextValues[t], 12);
  });

  it('rejects mismatched lengths and out-of-range γ, λ with ConfigErrors naming the field', () => {
    const ok = { numSteps: 2, numEnvs: 1, rewards: new Float64Array(2), values: new Float64Array(2), nextValues: new Float64Array(2), terminated: new Uint8Array(2), truncated: new Uint8Array(2), gamma: 1, lambda: 1 };
    expect(() => gae({ ...ok, values: new Float64Array(3) })).toThrow(/values/);
    expect(() => gae({ ...ok, gamma: 1.5 })).toThrow(/gamma/);
    expect(() => gae({ ...ok, lambda: -0.1 })).toThrow(/lambda/);
  });
});

describe('normalizeAdvantages', () => {
  it('gives zero mean and unit (Bessel) std, preserving order', () => {
    const a = Float64Array.of(1, 2, 3, 4, 10);
    const n = normalizeAdvantages(a);
    const mean = n.reduce((s, x) => s + x, 0) / n.length;
    const std = Math.sqrt(n.reduce((s, x) => s + (x - mean) ** 2, 0) / (n.length - 1));
    expect(mean).toBeCloseTo(0, 12);
    expect(std).toBeCloseTo(1, 6);
    // Hand-worked: mean 4, sample std √(9+4+1+0+36)/2 = √12.5.
    expect(n[0]).toBeCloseTo(-3 / Math.sqrt(12.5), 6);
    for (let i = 1; i < n.length; i++) expect(n[i]).toBeGreaterThan(n[i - 1]);
  });

  it('maps a constant batch to zeros (no division by zero)', () => {
    expect(Array.from(normalizeAdvantages(Float64Array.of(3, 3, 3)))).toEqual([0, 0, 0]);
  });
});
