import { describe, expect, it } from 'vitest';
import { attractionBonus, transitionBonus } from '../../../algorithms/cascading/common.js';
import { CascadingVI, optimisticAttraction, optimisticItemValues } from '../../../algorithms/cascading/cascading-vi.js';
import { CascadeStats } from '../../../algorithms/cascading/stats.js';

// Hand-worked values of the spec's bonuses (§b): b_q = 2√(q̂(1−q̂)L/n) + 5L/n,
// b_p = 2√(Var·L/n) + 5·H·L/n, with the clips q̄ ≤ 1, w̄ ≤ H−h+1, V̄ ≤ H−h+1.
describe('CascadingVI bonuses match the spec constants', () => {
  it('b_q and b_p on hand-worked numbers (L = 2)', () => {
    // q̂ = 0.3, n = 100: 2·√(0.21·2/100) = 2·0.0648074 = 0.1296148; 5·2/100 = 0.1.
    expect(attractionBonus(0.3, 100, 2)).toBeCloseTo(0.2296148, 6);
    // Var = 1, n = 50, H = 3: 2·√(2/50) = 0.4; 5·3·2/50 = 0.6.
    expect(transitionBonus(1, 50, 2, 3)).toBeCloseTo(1.0, 12);
    expect(attractionBonus(0.3, Infinity, 2)).toBe(0);
    expect(transitionBonus(1, Infinity, 2, 3)).toBe(0);
  });

  it('q̄ and w̄: unvisited pairs are maximal, visited ones are r + p̂V̄ + c·b_p clipped at H−h+1', () => {
    const S = 2;
    const N = 2;
    const st = new CascadeStats(S, N);
    // state 0: item 0 seen 100 times with q̂ = 0.3; item 1 never examined.
    st.nq[0] = 100;
    st.qHat[0] = 0.3;
    const qBar = new Float64Array(N);
    optimisticAttraction(st, 0, 2, 1, qBar);
    expect(qBar[0]).toBeCloseTo(0.5296148, 6);
    expect(qBar[1]).toBe(1);
    optimisticAttraction(st, 0, 2, 10, qBar); // 0.3 + 2.296 → clipped
    expect(qBar[0]).toBe(1);

    // state 0, item 0: 50 transitions, p̂ = (½, ½); ⊥ unvisited; item 1: 1 transition to state 1.
    const row0 = 0 * (N + 1) + 0;
    st.np[row0] = 50;
    st.pHat.set([0.5, 0.5], row0 * S);
    const row1 = 0 * (N + 1) + 1;
    st.np[row1] = 1;
    st.pHat.set([0, 1], row1 * S);
    const info = { S, N, m: 2, H: 3, exactLen: false, r: Float64Array.of(0.4, 0.9, 0, 0) };
    const V = Float64Array.of(2, 0); // V̄_{h+1} = (2, 0): p̂V = 1 and Var = 1 for item 0
    const wBar = new Float64Array(N + 1);
    optimisticItemValues(st, info, 0, V, 0, 3, 2, 0.5, wBar);
    expect(wBar[0]).toBeCloseTo(0.4 + 1 + 0.5 * 1.0, 12); // r + p̂V̄ + c·b_p = 1.9
    expect(wBar[1]).toBe(3); // 0.9 + 0 + 0.5·(5·3·2/1) = 15.9 → clipped at H−h+1 = 3
    expect(wBar[2]).toBe(3); // ⊥ unvisited → H−h+1
  });

  it('with no data every item and ⊥ gets w̄ = H−h+1, so V̄_h(s) = H−h+1', () => {
    const info = { S: 3, N: 4, m: 2, H: 4, exactLen: false, r: new Float64Array(12).fill(0.5) };
    const vi = new CascadingVI(info, { episodes: 100 });
    vi.onEpisodeStart();
    for (let h = 0; h < 4; h++) for (let s = 0; s < 3; s++) expect(vi.Vbar[h * 3 + s]).toBe(4 - h);
  });
});
