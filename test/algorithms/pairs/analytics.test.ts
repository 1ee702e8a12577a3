/** Mathematics of the analytics beyond the spec fixtures: closed forms, invariants, seeded checks. */
import { describe, expect, it } from 'vitest';
import { createRng, randomNormal } from '../../../envs/core/rng.js';
import {
  adf,
  backtest,
  bandPositions,
  bandStep,
  engleGranger,
  halfLife,
  hedgeOls,
  KalmanHedge,
  kalmanHedge,
  mackinnonCrit,
  mackinnonP,
  normalCdf,
  ols,
  PairBook,
} from '../../../algorithms/pairs/index.js';

function ar1(seed: number, n: number, phi: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  for (let t = 1; t < n; t++) x[t] = phi * x[t - 1] + randomNormal(rng);
  return x;
}

describe('ols', () => {
  it('recovers an exact line and matches the closed-form simple regression with noise', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const exact = hedgeOls(x.map((v) => 3 + 2 * v), x);
    expect(exact.alpha).toBeCloseTo(3, 10);
    expect(exact.beta).toBeCloseTo(2, 10);
    const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2];
    const mx = 3.5;
    const my = y.reduce((a, b) => a + b) / 6;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < 6; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
    }
    const r = ols(y, [x.map(() => 1), x]);
    expect(r.coef[1]).toBeCloseTo(sxy / sxx, 12);
    expect(r.coef[0]).toBeCloseTo(my - (sxy / sxx) * mx, 12);
    // se(β) = √(σ²/Sxx), σ² = SSR/(n − 2)
    expect(r.se[1]).toBeCloseTo(Math.sqrt(r.ssr / 4 / sxx), 12);
    expect(r.aic).toBeCloseTo(6 * (Math.log(2 * Math.PI) + Math.log(r.ssr / 6) + 1) + 4, 10);
  });
  it('rejects too few observations with a ConfigError', () => {
    expect(() => ols([1, 2], [[1, 1], [1, 2]])).toThrow(/more observations/);
  });
});

describe('normalCdf and MacKinnon tables', () => {
  it('Φ at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(normalCdf(0.3)).toBeCloseTo(0.6179114221889527, 14);
    expect(normalCdf(-6)).toBeCloseTo(9.865876450377e-10, 20);
  });
  it('p-values are monotone in the statistic and agree with the 2010 critical values (asymptotic) within 0.005', () => {
    let prev = 0;
    for (let s = -8; s <= 1; s += 0.05) {
      const p = mackinnonP(s, 'c', 2);
      expect(p).toBeGreaterThanOrEqual(prev - 1e-12);
      prev = p;
    }
    const crit = mackinnonCrit(2, 'c', Infinity);
    expect(Math.abs(mackinnonP(crit['1%'], 'c', 2) - 0.01)).toBeLessThan(0.005);
    expect(Math.abs(mackinnonP(crit['5%'], 'c', 2) - 0.05)).toBeLessThan(0.005);
    expect(Math.abs(mackinnonP(crit['10%'], 'c', 2) - 0.1)).toBeLessThan(0.005);
    expect(mackinnonCrit(1, 'c', Infinity)['5%']).toBeCloseTo(-2.86154, 5);
  });
  it('out-of-range series counts are ConfigErrors', () => {
    expect(() => mackinnonP(-3, 'c', 7)).toThrow(/1\.\.6/);
    expect(() => mackinnonCrit(2, 'n', 100)).toThrow(/1\.\.1/);
  });
});

describe('ADF and Engle–Granger on seeded series', () => {
  it('rejects a unit root for a stationary AR(1) and not for a random walk', () => {
    expect(adf(ar1(1, 1000, 0.5)).pvalue).toBeLessThan(0.01);
    expect(adf(ar1(2, 1000, 1)).pvalue).toBeGreaterThan(0.05);
  });
  it('ADF lag 0 without constant equals the t-statistic of Δx on x_{t−1}', () => {
    const x = ar1(3, 300, 0.8);
    const dx = Array.from({ length: 299 }, (_, i) => x[i + 1] - x[i]);
    const lvl = Array.from(x.subarray(0, 299));
    expect(adf(x, { regression: 'n', lags: 0 }).stat).toBeCloseTo(ols(dx, [lvl]).tvalues[0], 12);
  });
  it('finds cointegration in a synthetic pair and not in two independent walks', () => {
    const b = ar1(4, 800, 1).map((v) => v + 100);
    const s = ar1(5, 800, 0.9);
    const a = b.map((v, t) => 2 + 0.7 * v + s[t]);
    expect(engleGranger(a, b).pvalue).toBeLessThan(0.01);
    const c = ar1(6, 800, 1).map((v) => v + 100);
    expect(engleGranger(c, b).pvalue).toBeGreaterThan(0.05);
  });
  it('half-life of an AR(1) with φ = 0.9 is near −ln2/ln(0.9) ≈ 6.6 bars; a walk has none', () => {
    expect(halfLife(ar1(7, 20000, 0.9))).toBeGreaterThan(5.9);
    expect(halfLife(ar1(7, 20000, 0.9))).toBeLessThan(7.3);
    expect(halfLife([1, 2, 3, 4, 5, 6])).toBe(Infinity);
  });
});

describe('Kalman hedge', () => {
  it('incremental updates equal the batch path; converges to a constant true hedge', () => {
    const b = Array.from({ length: 3000 }, (_, t) => 50 + 40 * Math.sin(t / 30));
    const rng = createRng(8);
    const a = b.map((v) => 1.5 * v + 4 + 0.01 * randomNormal(rng));
    const path = kalmanHedge(a, b, { delta: 1e-7, ve: 1e-4 });
    const kf = new KalmanHedge({ delta: 1e-7, ve: 1e-4 });
    for (let t = 0; t < 50; t++) expect(kf.update(a[t], b[t]).e).toBe(path.e[t]);
    expect(path.beta[2999]).toBeCloseTo(1.5, 2);
    expect(path.alpha[2999]).toBeCloseTo(4, 0);
  });
  it('first bar: R = P = 0 so the state stays 0 and Q = V_e', () => {
    const p = kalmanHedge([10, 11], [5, 6]);
    expect(p.beta[0]).toBe(0);
    expect(p.q[0]).toBe(1e-3);
  });
});

describe('band rule, book and backtest', () => {
  it('band rule state machine, including stop-loss cooldown', () => {
    const p = { entry: 2, exit: 0, stop: 3 };
    const qs = Array.from(bandPositions([0, 2.5, 1, -0.1, -2.1, 0.2, 2.2, 3.5, 2.5, 1.5, 2.4], p));
    expect(qs).toEqual([0, -1, -1, 0, 1, 0, -1, 0, 0, 0, -1]);
    expect(bandStep({ q: 1, cooldown: false }, -3.1, p)).toEqual({ q: 0, cooldown: true });
  });
  it('hand-worked book: entry, mark, flip and close with costs', () => {
    const book = new PairBook({ costBps: 10, halfSpreadBps: 0 });
    book.start(10, 5);
    expect(book.trade(1, 2, 0, { a: 10, b: 5 })).toBeCloseTo((10 + 2 * 5) * 1e-3, 15); // long 1 A, short 2 B
    expect(book.mark(11, 5)).toBe(1);
    expect(book.mark(11, 6)).toBe(-2);
    const flip = book.trade(-1, 1, 2, { a: 11, b: 6 }); // to short 1 A, long 1 B: |ΔA| = 2, |ΔB| = 3
    expect(flip).toBeCloseTo((2 * 11 + 3 * 6) * 1e-3, 15);
    expect(book.notionalTraded).toBeCloseTo(20 + 40, 12);
    expect(book.trips).toHaveLength(1);
    expect(book.trips[0].pnl).toBeCloseTo(-1 - 0.02 - flip * (1 / 2), 12);
    book.mark(10, 6);
    book.trade(0, 0, 3, { a: 10, b: 6, bidA: 9.9, askA: 10.1, bidB: 5.95, askB: 6.05 });
    expect(book.nB).toBe(0);
    expect(book.trips).toHaveLength(2);
    expect(book.costs).toBeCloseTo(0.02 + flip + (10 * 1e-3 + 0.1) + (6 * 1e-3 + 0.05), 12);
    const total = book.trips.reduce((s, t) => s + t.pnl, 0);
    expect(total).toBeCloseTo(book.equity, 12);
  });
  it('backtest PnL equals q·(ΔA − βΔB) with a static hedge', () => {
    const a = [10, 11, 12, 11, 13];
    const b = [5, 5.5, 5, 6, 6];
    const q = [0, 1, 1, -1, -1];
    const r = backtest({ a, b, q, beta: 0.5, from: 0 });
    const expected = [0, 0, 1 * (1 - 0.5 * -0.5), 1 * (-1 - 0.5 * 1), -1 * (2 - 0)];
    for (let t = 0; t < 5; t++) expect(r.pnl[t]).toBeCloseTo(expected[t], 12);
    expect(r.entries).toBe(2);
  });
});

describe('pair selection', () => {
  it('keeps the cointegrated pair, drops unrelated walks, ranks by half-life', async () => {
    const { selectPairs } = await import('../../../algorithms/pairs/selection.js');
    const x = ar1(20, 600, 1).map((v) => v + 100);
    const fast = ar1(21, 600, 0.7);
    const slow = ar1(22, 600, 0.95);
    const series = {
      x,
      y: x.map((v, t) => 0.8 * v + fast[t]),
      w: x.map((v, t) => 1.2 * v + 3 * slow[t]),
      z: ar1(23, 600, 1).map((v) => v + 50),
    };
    const picked = selectPairs(series, { test: 'lag0' });
    const keys = picked.map((c) => [c.a, c.b].sort().join('|'));
    expect(keys).toContain('x|y');
    expect(keys).not.toContain('x|z');
    expect(keys.indexOf('x|y')).toBeLessThan(keys.indexOf('w|x') < 0 ? Infinity : keys.indexOf('w|x'));
    for (let i = 1; i < picked.length; i++) expect(picked[i].halfLife).toBeGreaterThanOrEqual(picked[i - 1].halfLife);
  });
});
