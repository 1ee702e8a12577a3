/** The spec's EWA/EWC fixtures (specs/hft.md §d, acceptance tests §e 2–5), computed with numpy/statsmodels. */
import { describe, expect, it } from 'vitest';
import {
  backtest,
  bandPositions,
  engleGranger,
  halfLife,
  hedgeOls,
  kalmanHedge,
  maxDrawdownAbs,
} from '../../../algorithms/pairs/index.js';
import { meanStd } from '../../../envs/core/stats.js';
import { loadEwaEwc } from '../../envs/hft/ewa.js';

const { pair } = loadEwaEwc();
const A = pair.a; // EWC
const B = pair.b; // EWA
const F = 252;

describe('EWA/EWC regression and cointegration fixtures', () => {
  it('full-sample OLS α, β to 1e-5', () => {
    const h = hedgeOls(A, B);
    expect(h.alpha).toBeCloseTo(6.411331, 5);
    expect(h.beta).toBeCloseTo(0.962429, 5);
  });

  it('Engle–Granger lag 0: t = −4.2676 (1e-3), p = 0.0029, critical values (N = 2, c, nobs 1499) to 1e-3', () => {
    const eg = engleGranger(A, B, { lags: 0 });
    expect(Math.abs(eg.stat - -4.2676)).toBeLessThan(1e-3);
    expect(eg.pvalue).toBeCloseTo(0.0029, 4);
    expect(eg.usedLag).toBe(0);
    expect(Math.abs(eg.crit['1%'] - -3.9038)).toBeLessThan(1e-3);
    expect(Math.abs(eg.crit['5%'] - -3.3402)).toBeLessThan(1e-3);
    expect(Math.abs(eg.crit['10%'] - -3.0473)).toBeLessThan(1e-3);
    expect(eg.stat).toBeLessThan(eg.crit['1%']);
  });

  it('Engle–Granger with AIC lag search: 3 lags, t = −3.2219, p = 0.0663 (not significant at 5 %)', () => {
    const eg = engleGranger(A, B);
    expect(eg.usedLag).toBe(3);
    expect(Math.abs(eg.stat - -3.2219)).toBeLessThan(1e-3);
    expect(eg.pvalue).toBeCloseTo(0.0663, 4);
    expect(eg.stat).toBeGreaterThan(eg.crit['5%']);
  });

  it('half-life of the full-sample residual = 28.86 ± 0.01 days', () => {
    expect(Math.abs(halfLife(hedgeOls(A, B).resid) - 28.86)).toBeLessThan(0.01);
  });

  it('formation (first 252 bars): α, β, σ_s to 1e-5', () => {
    const h = hedgeOls(A.subarray(0, F), B.subarray(0, F));
    expect(h.alpha).toBeCloseTo(15.385997, 5);
    expect(h.beta).toBeCloseTo(0.42993, 5);
    expect(meanStd(h.resid).std).toBeCloseTo(0.53432, 5);
  });
});

describe('Kalman hedge fixtures (δ 1e-4, V_e 1e-3, θ0 = 0, P0 = 0)', () => {
  const k = kalmanHedge(A, B);
  it('step 1: e = 22.78, Q = 0.026639; β at step 10; final β, α to 1e-5', () => {
    expect(k.e[1]).toBeCloseTo(22.78, 5);
    expect(k.q[1]).toBeCloseTo(0.026639, 5);
    expect(k.beta[10]).toBeCloseTo(1.39112, 5);
    expect(k.beta[1499]).toBeCloseTo(0.902493, 5);
    expect(k.alpha[1499]).toBeCloseTo(6.76736, 5);
  });
});

describe('B1 static-band backtest fixture', () => {
  const h = hedgeOls(A.subarray(0, F), B.subarray(0, F));
  const { mean, std } = meanStd(h.resid);
  const z = Float64Array.from(A, (a, t) => (a - h.alpha - h.beta * B[t] - mean) / std);
  const run = (entry: number, costBps: number) =>
    backtest({ a: A, b: B, q: bandPositions(z, { entry, exit: 0, stop: Infinity }, F), beta: h.beta, from: F }, { costBps, halfSpreadBps: 0 });

  it('entry 2, no cost: 7 entries, PnL 7.9325, max DD 6.7195, gross notional 402.88, final q = −1', () => {
    const r = run(2, 0);
    expect(r.entries).toBe(7);
    expect(r.totalPnl).toBeCloseTo(7.9325, 4);
    expect(maxDrawdownAbs(r.equity)).toBeCloseTo(6.7195, 4);
    expect(r.notionalTraded).toBeCloseTo(402.88, 2);
    expect(r.finalQ).toBe(-1);
    expect(r.pnl[F]).toBe(0); // PnL accumulates from bar 253
  });

  it('10 bps cost: PnL 7.5296, and PnL(0) − PnL(c) = c·1e−4·turnover exactly', () => {
    const free = run(2, 0);
    const paid = run(2, 10);
    expect(paid.totalPnl).toBeCloseTo(7.5296, 4);
    expect(free.totalPnl - paid.totalPnl).toBeCloseTo(10e-4 * free.notionalTraded, 10);
    expect(paid.costs).toBeCloseTo(10e-4 * free.notionalTraded, 10);
  });

  it('entry 1.0: 13 entries, PnL 10.7196', () => {
    const r = run(1, 0);
    expect(r.entries).toBe(13);
    expect(r.totalPnl).toBeCloseTo(10.7196, 4);
  });
});
