/**
 * Trading metrics (spec `hft.md` §a). Returns r_t = PnL_t / capital per bar; Y = periods per
 * year (252 daily, 252·390 US-equity minutes, 525 600 24/7 crypto minutes).
 *
 * - Sharpe = √Y·mean(r)/std(r, ddof 1). Explicit rule: 0 when std is 0 or fewer than 2 returns
 *   (a flat book has Sharpe 0, and JSON has no NaN).
 * - Sortino = √Y·mean(r)/√(mean(min(r, 0)²)); 0 when the downside deviation is 0.
 * - Max drawdown = max_t (peak_t − E_t)/peak_t on an equity curve (fraction), and in $ as
 *   max_t (peak_t − E_t).
 * - Turnover = gross notional traded / capital / years (times the capital is traded per year).
 * - Hit rate = winning round trips / closed round trips (0 when none closed); profit factor =
 *   gross wins / gross losses (Infinity with no losing trip, 0 with no trips).
 */
import { mean, sampleStd } from '../../envs/core/stats.js';
import type { RoundTrip } from './book.js';

export const PERIODS_PER_YEAR = { daily: 252, usEquityMinute: 252 * 390, cryptoMinute: 525_600 } as const;

export function sharpe(r: ArrayLike<number>, periodsPerYear: number): number {
  const s = sampleStd(r);
  return s > 0 ? (Math.sqrt(periodsPerYear) * mean(r)) / s : 0;
}

/** √(mean(min(r, 0)²)). */
export function downsideDeviation(r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += Math.min(r[i], 0) ** 2;
  return r.length > 0 ? Math.sqrt(s / r.length) : 0;
}

export function sortino(r: ArrayLike<number>, periodsPerYear: number): number {
  const d = downsideDeviation(r);
  return d > 0 ? (Math.sqrt(periodsPerYear) * mean(r)) / d : 0;
}

/** Largest peak-to-trough fall as a fraction of the peak (equity must stay positive). */
export function maxDrawdown(equity: ArrayLike<number>): number {
  let peak = -Infinity;
  let dd = 0;
  for (let i = 0; i < equity.length; i++) {
    peak = Math.max(peak, equity[i]);
    if (peak > 0) dd = Math.max(dd, (peak - equity[i]) / peak);
  }
  return dd;
}

/** Largest peak-to-trough fall in currency units. */
export function maxDrawdownAbs(equity: ArrayLike<number>): number {
  let peak = -Infinity;
  let dd = 0;
  for (let i = 0; i < equity.length; i++) {
    peak = Math.max(peak, equity[i]);
    dd = Math.max(dd, peak - equity[i]);
  }
  return dd;
}

export interface TradingMetrics {
  /** Total net PnL, $. */
  pnl: number;
  sharpe: number;
  sortino: number;
  /** Fraction of peak equity (capital + PnL). */
  maxDrawdown: number;
  /** $. */
  maxDrawdownAbs: number;
  /** Capital traded per year. */
  turnover: number;
  /** Gross notional traded, $. */
  notionalTraded: number;
  costs: number;
  /** Closed round trips. */
  trades: number;
  hitRate: number;
  /** Mean bars per closed round trip (0 with none). */
  meanHoldingBars: number;
  profitFactor: number;
  bars: number;
}

export interface MetricsInput {
  /** Net PnL per bar, $. */
  pnl: ArrayLike<number>;
  /** Capital per bar (a number, or one per bar for concatenated windows), $. */
  capital: number | ArrayLike<number>;
  periodsPerYear: number;
  notionalTraded: number;
  costs: number;
  trips: readonly RoundTrip[];
}

export function tradingMetrics(input: MetricsInput): TradingMetrics {
  const n = input.pnl.length;
  const r = new Float64Array(n);
  const equity = new Float64Array(n + 1);
  const cash = new Float64Array(n + 1);
  let capSum = 0;
  for (let t = 0; t < n; t++) {
    const cap = typeof input.capital === 'number' ? input.capital : input.capital[t];
    capSum += cap;
    r[t] = input.pnl[t] / cap;
    cash[t + 1] = cash[t] + input.pnl[t];
  }
  const meanCapital = n > 0 ? capSum / n : typeof input.capital === 'number' ? input.capital : 0;
  for (let t = 0; t <= n; t++) equity[t] = meanCapital + cash[t];
  let wins = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let held = 0;
  for (const trip of input.trips) {
    if (trip.pnl > 0) {
      wins++;
      grossWin += trip.pnl;
    } else grossLoss -= trip.pnl;
    held += trip.exitBar - trip.entryBar;
  }
  const trades = input.trips.length;
  const years = n / input.periodsPerYear;
  return {
    pnl: cash[n],
    sharpe: sharpe(r, input.periodsPerYear),
    sortino: sortino(r, input.periodsPerYear),
    maxDrawdown: maxDrawdown(equity),
    maxDrawdownAbs: maxDrawdownAbs(cash),
    turnover: meanCapital > 0 && years > 0 ? input.notionalTraded / meanCapital / years : 0,
    notionalTraded: input.notionalTraded,
    costs: input.costs,
    trades,
    hitRate: trades > 0 ? wins / trades : 0,
    meanHoldingBars: trades > 0 ? held / trades : 0,
    profitFactor: trades === 0 ? 0 : grossLoss > 0 ? grossWin / grossLoss : Infinity,
    bars: n,
  };
}
