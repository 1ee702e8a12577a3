/**
 * Vectorised backtest of a target-position series on a pair, with the `PairBook` accounting.
 * Timing (spec): q_t is decided and filled at the close of bar t and held over (t, t+1], so
 * PnL_{t+1} = q_t·(ΔA_{t+1} − β·ΔB_{t+1}). An env with latency L equals this backtest with the
 * targets delayed by L bars. No forced liquidation here: the last target stays open (marked).
 */
import { ConfigError } from '../../envs/core/errors.js';
import { PairBook, type BarQuote, type CostModel, type RoundTrip } from './book.js';

export interface BacktestInput {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  /** Target spread units per bar (−1, 0, +1). */
  q: ArrayLike<number>;
  /** Hedge ratio: one number, or one per bar (used when a position is opened). */
  beta: number | ArrayLike<number>;
  /** First bar that may trade; PnL accumulates from `from + 1`. */
  from: number;
  /** Optional quotes per leg (same length as a/b). */
  bidA?: ArrayLike<number>;
  askA?: ArrayLike<number>;
  bidB?: ArrayLike<number>;
  askB?: ArrayLike<number>;
}

export interface BacktestResult {
  /** Net PnL of each bar (0 before `from + 1`), $. */
  pnl: Float64Array;
  /** Cumulative net PnL after each bar, $. */
  equity: Float64Array;
  totalPnl: number;
  costs: number;
  notionalTraded: number;
  /** Number of entries (flat → non-flat, flips count). */
  entries: number;
  trips: RoundTrip[];
  finalQ: number;
}

export function backtest(input: BacktestInput, cost: CostModel = { costBps: 0, halfSpreadBps: 0 }): BacktestResult {
  const { a, b, q, from } = input;
  const n = a.length;
  if (b.length !== n || q.length !== n) throw new ConfigError('b/q length', [b.length, q.length], `must equal a.length = ${n}`);
  if (!Number.isInteger(from) || from < 0 || from >= n) throw new ConfigError('from', from, `expected an integer in [0, ${n - 1}]`);
  const book = new PairBook(cost);
  const pnl = new Float64Array(n);
  const equity = new Float64Array(n);
  let entries = 0;
  book.start(a[from], b[from]);
  for (let t = from; t < n; t++) {
    const before = book.equity;
    if (t > from) book.mark(a[t], b[t]);
    const target = q[t];
    if (target !== book.q) {
      if (target !== 0) entries++;
      const beta = typeof input.beta === 'number' ? input.beta : input.beta[t];
      book.trade(target, beta, t, quoteAt(input, t));
    }
    pnl[t] = book.equity - before;
    equity[t] = book.equity;
  }
  return { pnl, equity, totalPnl: book.equity, costs: book.costs, notionalTraded: book.notionalTraded, entries, trips: book.trips, finalQ: book.q };
}

function quoteAt(input: BacktestInput, t: number): BarQuote {
  const quote: BarQuote = { a: input.a[t], b: input.b[t] };
  if (input.bidA && input.askA) {
    quote.bidA = input.bidA[t];
    quote.askA = input.askA[t];
  }
  if (input.bidB && input.askB) {
    quote.bidB = input.bidB[t];
    quote.askB = input.askB[t];
  }
  return quote;
}
