import { describe, expect, it } from 'vitest';
import { downsideDeviation, maxDrawdown, maxDrawdownAbs, sharpe, sortino, tradingMetrics } from '../../../algorithms/pairs/metrics.js';
import { mean, sampleStd as std } from '../../../envs/core/stats.js';

describe('metric unit values (spec §e.6)', () => {
  const r = [0.01, -0.02, 0.03, 0];
  it('mean, std (ddof 1), Sharpe(252), downside deviation, Sortino(252)', () => {
    expect(mean(r)).toBeCloseTo(0.005, 12);
    expect(std(r)).toBeCloseTo(0.0208167, 7);
    expect(sharpe(r, 252)).toBeCloseTo(3.81293, 5);
    expect(downsideDeviation(r)).toBeCloseTo(0.01, 12);
    expect(sortino(r, 252)).toBeCloseTo(7.93725, 5);
  });
  it('max drawdown of [100, 120, 90, 130, 65] is 0.5 (65 $ in currency)', () => {
    expect(maxDrawdown([100, 120, 90, 130, 65])).toBe(0.5);
    expect(maxDrawdownAbs([100, 120, 90, 130, 65])).toBe(65);
  });
  it('zero-variance and all-positive returns: Sharpe and Sortino are 0 by rule', () => {
    expect(sharpe([0.01, 0.01, 0.01], 252)).toBe(0);
    expect(sharpe([0.01], 252)).toBe(0);
    expect(sortino([0.01, 0.02], 252)).toBe(0);
  });
});

describe('tradingMetrics', () => {
  it('hand example: PnL, returns on capital, trips, turnover per year', () => {
    const m = tradingMetrics({
      pnl: [1, -2, 3, 0],
      capital: 100,
      periodsPerYear: 4,
      notionalTraded: 800,
      costs: 0.5,
      trips: [
        { side: 1, entryBar: 0, exitBar: 2, pnl: 3 },
        { side: -1, entryBar: 3, exitBar: 7, pnl: -1 },
      ],
    });
    expect(m.pnl).toBe(2);
    expect(m.sharpe).toBeCloseTo(Math.sqrt(4) * 0.005 / 0.0208167, 4);
    expect(m.maxDrawdownAbs).toBe(2);
    expect(m.maxDrawdown).toBeCloseTo(2 / 101, 12);
    expect(m.turnover).toBe(8); // 800 / 100 per 1 year
    expect(m.trades).toBe(2);
    expect(m.hitRate).toBe(0.5);
    expect(m.meanHoldingBars).toBe(3);
    expect(m.profitFactor).toBe(3);
  });
  it('no trades: hit rate, holding time and profit factor are 0', () => {
    const m = tradingMetrics({ pnl: [0, 0], capital: 10, periodsPerYear: 252, notionalTraded: 0, costs: 0, trips: [] });
    expect([m.pnl, m.sharpe, m.hitRate, m.meanHoldingBars, m.profitFactor, m.turnover]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
