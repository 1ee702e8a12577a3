/** OU calibration of the training span: recovers the generator's parameters and never reads past the span. */
import { describe, expect, it } from 'vitest';
import { calibrateOu } from '../../../agents/hft/calibrate.js';
import { calibrateTrainSpan, halfLifeGamma } from '../../../agents/hft/dqn.js';
import { PairsTradingEnv } from '../../../envs/hft/env.js';
import { generatePair } from '../../../envs/hft/generator.js';

describe('calibrateOu', () => {
  it('recovers κ, σ_s, σ_B, β and α of a long generated OU pair', () => {
    const truth = { kappa: 0.08, sigmaS: 0.5, sigmaB: 0.02, beta: 1.5, alpha: 3, b0: 50 };
    const pair = generatePair(7, { ...truth, bars: 20_000 });
    const c = calibrateOu(pair, 0, 19_999);
    expect(c.synthetic.kappa).toBeCloseTo(truth.kappa, 2);
    expect(c.synthetic.sigmaS).toBeCloseTo(truth.sigmaS, 2);
    expect(c.synthetic.sigmaB).toBeCloseTo(truth.sigmaB, 3);
    expect(c.synthetic.beta).toBeCloseTo(truth.beta, 2);
    expect(c.synthetic.b0).toBe(50);
    expect(c.halfSpreadBps).toBe(0);
  });

  it('reads quotes for the half-spread: constant 2 bps quotes give 2 bps', () => {
    const n = 50;
    const a = Array.from({ length: n }, (_, t) => 100 + Math.sin(t));
    const b = Array.from({ length: n }, (_, t) => 80 + 0.5 * Math.cos(t / 3));
    const q = (p: number[]) => ({ bid: p.map((x) => x * (1 - 2e-4)), ask: p.map((x) => x * (1 + 2e-4)) });
    const c = calibrateOu({ a, b, bidA: q(a).bid, askA: q(a).ask, bidB: q(b).bid, askB: q(b).ask }, 0, n - 1);
    expect(c.halfSpreadBps).toBeCloseTo(2, 9);
  });

  it('uses only bars from..to, and rejects short or out-of-range spans by name', () => {
    const pair = generatePair(3, { bars: 1000 });
    const before = calibrateOu(pair, 100, 599);
    const changed = { ...pair, a: pair.a.slice(), b: pair.b.slice() };
    for (let t = 600; t < 1000; t++) {
      changed.a[t] *= 3;
      changed.b[t] *= 0.5;
    }
    for (let t = 0; t < 100; t++) changed.a[t] += 10;
    expect(calibrateOu(changed, 100, 599)).toEqual(before);
    expect(() => calibrateOu(pair, 0, 5)).toThrow(/span/);
    expect(() => calibrateOu(pair, 0, 1000)).toThrow(/span/);
  });

  it('calibrateTrainSpan covers formation of the first through the end of the last training window', () => {
    const pair = generatePair(4, { bars: 2000 });
    const env = new PairsTradingEnv({ pair, firstWindow: 1, lastWindow: 6 }); // F 252, T 126
    expect(calibrateTrainSpan(env)).toEqual(calibrateOu(pair, 126, 6 * 126 + 252 + 126));
    const seeded = new PairsTradingEnv({ dataSeed: 4, synthetic: { bars: 2000 }, lastWindow: 6 });
    expect(calibrateTrainSpan(seeded)).toEqual(calibrateOu(pair, 0, 6 * 126 + 252 + 126));
  });

  it('halfLifeGamma: 1 − κ/ln 2 inside [0.9, 0.99]', () => {
    expect(halfLifeGamma(0.05)).toBeCloseTo(1 - 0.05 / Math.LN2, 12);
    expect(halfLifeGamma(0.5)).toBe(0.9);
    expect(halfLifeGamma(0.001)).toBe(0.99);
  });
});
