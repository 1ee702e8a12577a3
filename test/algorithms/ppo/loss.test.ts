import { describe, expect, it } from 'vitest';
import { ppoLoss, type PpoLossInput } from '../../../algorithms/ppo/loss.js';
import { Tensor } from '../../../algorithms/nn/index.js';
import { createRng } from '../../../envs/core/rng.js';

/** The hand-worked minibatch (ε = 0.2, c_ent = 0.01, c_v = 0.5). */
function handBatch(clipVloss = true): { input: PpoLossInput; newLogProb: Tensor; entropy: Tensor; newValue: Tensor } {
  const old = Math.log(0.5);
  const ratios = [1.5, 0.5, 0.9, 1.5];
  const newLogProb = Tensor.from(ratios.map((r) => old + Math.log(r)), [4], true);
  const entropy = Tensor.from([0.5, 0.7, 0.6, 0.2], [4], true);
  const newValue = Tensor.from([1, 2, 0, 0.5], [4], true);
  const input: PpoLossInput = {
    newLogProb,
    oldLogProb: new Float64Array(4).fill(old),
    advantages: Float64Array.of(1, -2, 1, -1),
    entropy,
    newValue,
    oldValue: Float64Array.of(0.5, 2, 1, 0.5),
    returns: Float64Array.of(2, 1, 0, 0.6),
    clipCoef: 0.2,
    clipVloss,
    entCoef: 0.01,
    vfCoef: 0.5,
  };
  return { input, newLogProb, entropy, newValue };
}

describe('ppoLoss', () => {
  it('matches the hand-worked clipped objective, value loss and diagnostics', () => {
    // Policy terms max(−Âρ, −Â·clip(ρ, 0.8, 1.2)):
    //   ρ=1.5, Â=+1: max(−1.5, −1.2) = −1.2 (clipped)      ρ=0.5, Â=−2: max(1.0, 1.6) = 1.6 (clipped)
    //   ρ=0.9, Â=+1: −0.9 (inside the range)               ρ=1.5, Â=−1: max(1.5, 1.2) = 1.5 (pessimistic, unclipped)
    //   L_pg = (−1.2 + 1.6 − 0.9 + 1.5) / 4 = 0.25
    // Value terms max((V−R)², (V_old + clip(V−V_old, ±0.2) − R)²): 1.69, 1, 0.64, 0.01 → L_v = ½·3.34/4 = 0.4175
    // Entropy mean 0.5 → L = 0.25 − 0.01·0.5 + 0.5·0.4175 = 0.45375
    const { input } = handBatch();
    const r = ppoLoss(input);
    expect(r.policyLoss).toBeCloseTo(0.25, 12);
    expect(r.valueLoss).toBeCloseTo(0.4175, 12);
    expect(r.entropy).toBeCloseTo(0.5, 12);
    expect(r.loss.item()).toBeCloseTo(0.45375, 12);
    expect(r.clipfrac).toBe(0.75);
    const k3 = [1.5, 0.5, 0.9, 1.5].reduce((s, x) => s + (x - 1 - Math.log(x)), 0) / 4;
    expect(r.approxKl).toBeCloseTo(k3, 12);
    expect(r.oldApproxKl).toBeCloseTo(-[1.5, 0.5, 0.9, 1.5].reduce((s, x) => s + Math.log(x), 0) / 4, 12);
  });

  it('has the hand-worked gradient: zero where clipped, −Âρ/B where not', () => {
    const { input, newLogProb, entropy, newValue } = handBatch();
    ppoLoss(input).loss.backward();
    // ∂L/∂log π_i = ∂(−Âρ)/∂log π / B = −Â_i ρ_i / 4 for unclipped terms.
    const g = newLogProb.grad!;
    expect(g[0]).toBe(0);
    expect(g[1]).toBe(0);
    expect(g[2]).toBeCloseTo(-0.9 / 4, 12);
    expect(g[3]).toBeCloseTo(1.5 / 4, 12);
    // ∂L/∂V_i = c_v · ½ · 2(V − R)/B through whichever branch is larger (clipped branch: 0).
    const gv = newValue.grad!;
    expect(gv[0]).toBe(0);
    expect(gv[1]).toBeCloseTo(0.5 * (2 * (2 - 1)) * 0.5 / 4, 12);
    expect(gv[2]).toBe(0);
    expect(gv[3]).toBeCloseTo(0.5 * (2 * (0.5 - 0.6)) * 0.5 / 4, 12);
    for (const x of entropy.grad!) expect(x).toBeCloseTo(-0.01 / 4, 12);
  });

  it('without value clipping uses ½·mean((V − R)²)', () => {
    const r = ppoLoss(handBatch(false).input);
    expect(r.valueLoss).toBeCloseTo(0.5 * (1 + 1 + 0 + 0.01) / 4, 12);
  });

  it('autodiff agrees with central finite differences away from the kinks', () => {
    const rng = createRng(3);
    const B = 6;
    const base = {
      oldLogProb: Float64Array.from({ length: B }, () => -1 - rng()),
      advantages: Float64Array.from({ length: B }, () => rng() * 2 - 1),
      oldValue: Float64Array.from({ length: B }, () => rng()),
      returns: Float64Array.from({ length: B }, () => rng() * 2),
      clipCoef: 0.2,
      clipVloss: true,
      entCoef: 0.05,
      vfCoef: 0.7,
    };
    const lp0 = Float64Array.from(base.oldLogProb, (x) => x + (rng() - 0.5) * 0.8);
    const v0 = Float64Array.from(base.oldValue, (x) => x + (rng() - 0.5));
    const h0 = Float64Array.from({ length: B }, () => rng());
    const f = (lp: Float64Array, v: Float64Array, h: Float64Array) =>
      ppoLoss({ ...base, newLogProb: Tensor.from(lp, [B]), newValue: Tensor.from(v, [B]), entropy: Tensor.from(h, [B]) }).loss.item();
    const lp = Tensor.from(lp0.slice(), [B], true);
    const v = Tensor.from(v0.slice(), [B], true);
    const h = Tensor.from(h0.slice(), [B], true);
    ppoLoss({ ...base, newLogProb: lp, newValue: v, entropy: h }).loss.backward();
    const eps = 1e-6;
    for (const [arr, grad, which] of [[lp0, lp.grad!, 0], [v0, v.grad!, 1], [h0, h.grad!, 2]] as const) {
      for (let i = 0; i < B; i++) {
        const plus = arr.slice();
        const minus = arr.slice();
        plus[i] += eps;
        minus[i] -= eps;
        const args = (x: Float64Array) => (which === 0 ? f(x, v0, h0) : which === 1 ? f(lp0, x, h0) : f(lp0, v0, x));
        expect(grad[i]).toBeCloseTo((args(plus) - args(minus)) / (2 * eps), 5);
      }
    }
  });

  it('rejects a length mismatch, naming the field', () => {
    const { input } = handBatch();
    expect(() => ppoLoss({ ...input, returns: new Float64Array(3) })).toThrow(/returns/);
  });
});
