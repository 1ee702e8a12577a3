import { describe, expect, it } from 'vitest';
import { engleGranger, halfLife } from '../../../algorithms/pairs/index.js';
import { generatePair, MINUTE_SYNTHETIC, REGIME_SYNTHETIC } from '../../../envs/hft/generator.js';

describe('synthetic pairs', () => {
  it('same seed ⇒ same series; different seed ⇒ different', () => {
    expect(generatePair(1, { bars: 300 })).toEqual(generatePair(1, { bars: 300 }));
    expect(generatePair(2, { bars: 300 }).a).not.toEqual(generatePair(1, { bars: 300 }).a);
  });
  it('spec OU pair: A = B + s, the spread half-life ≈ ln2/0.05 and the pair cointegrates', () => {
    const p = generatePair(3, { bars: 5000 });
    for (let t = 0; t < 5000; t += 500) expect(p.a[t]).toBeCloseTo(p.b[t] + p.spread[t], 9);
    const hl = halfLife(p.spread);
    expect(hl).toBeGreaterThan(-Math.LN2 / Math.log(0.95) * 0.8);
    expect(hl).toBeLessThan(-Math.LN2 / Math.log(0.95) * 1.25);
    expect(engleGranger(p.a, p.b).pvalue).toBeLessThan(0.01);
  });
  it('regimes switch and bursts raise volatility', () => {
    const p = generatePair(4, { bars: 5000, ...REGIME_SYNTHETIC });
    const switches = p.regime.reduce((n, r, t) => n + (t > 0 && r !== p.regime[t - 1] ? 1 : 0), 0);
    expect(switches).toBeGreaterThan(5);
    expect(new Set(p.trueBeta).size).toBe(2);
    const calm = generatePair(4, { bars: 5000 });
    const absMove = (x: Float64Array) => x.reduce((s, v, t) => s + (t > 0 ? Math.abs(v - x[t - 1]) : 0), 0);
    expect(absMove(generatePair(5, { bars: 5000, burstProb: 0.02 }).spread)).toBeGreaterThan(absMove(calm.spread) * 1.2);
  });
  it('minute bars: quotes on ticks with bid < ask, mids between them, one-minute clock', () => {
    const p = generatePair(6, { bars: 2000, ...MINUTE_SYNTHETIC });
    expect(p.time[1] - p.time[0]).toBe(60_000);
    for (let t = 0; t < 2000; t++) {
      expect(p.askA![t]).toBeGreaterThan(p.bidA![t]);
      expect(p.a[t]).toBeCloseTo((p.bidA![t] + p.askA![t]) / 2, 9);
      expect(Math.abs(p.bidB![t] * 100 - Math.round(p.bidB![t] * 100))).toBeLessThan(1e-6);
    }
  });
  it('rejects bad settings', () => {
    expect(() => generatePair(0, { kappa: 3 })).toThrow(/synthetic\.kappa/);
    expect(() => generatePair(0, { bars: 1 })).toThrow(/synthetic\.bars/);
  });
});
