/**
 * Position book for one spread: holds share quantities (n_A, n_B), marks them to market, and
 * charges costs when the target changes. Shared by the backtester and `PairsTrading-v0` so both
 * account identically.
 *
 * Conventions (spec `hft.md`):
 * - A target q ∈ {−1, 0, +1} spread units means n_A = q, n_B = −q·β, with β fixed when the
 *   position is opened (a held position is not re-hedged; flipping re-hedges at the current β).
 * - PnL over (t, t+1] = n_A·ΔA + n_B·ΔB, on mid prices.
 * - Cost of a trade at bar t = Σ_legs |Δn|·(P·c_bps·1e−4 + halfSpread), where halfSpread is
 *   (ask − bid)/2 when quotes exist, else P·halfSpreadBps·1e−4. So from flat into one unit:
 *   (A + |β|·B)·c·1e−4, the spec's formula.
 * - Gross notional traded = Σ_legs |Δn|·P (the turnover numerator).
 * - Round trips: a trade opens when the book leaves 0 and closes when it returns to 0 or flips;
 *   its PnL includes the costs of its opening and closing trades.
 */

export interface CostModel {
  /** Fees + slippage per side, basis points of traded notional. */
  costBps: number;
  /** Half bid/ask spread in bps, used when no quotes are given. */
  halfSpreadBps: number;
}

/** Prices of both legs at one bar; bid/ask optional (then the bps half-spread applies). */
export interface BarQuote {
  a: number;
  b: number;
  bidA?: number;
  askA?: number;
  bidB?: number;
  askB?: number;
}

export interface RoundTrip {
  /** +1 long spread, −1 short. */
  side: number;
  entryBar: number;
  exitBar: number;
  /** PnL including costs, $. */
  pnl: number;
}

export class PairBook {
  /** Spread units held. */
  q = 0;
  /** Shares of A and B held. */
  nA = 0;
  nB = 0;
  /** β used for the open position. */
  hedge = 0;
  /** Cumulative net PnL, $. */
  equity = 0;
  /** Cumulative costs, $. */
  costs = 0;
  /** Cumulative gross notional traded, $. */
  notionalTraded = 0;
  /** Bar of the last entry (−1 when flat). */
  entryBar = -1;
  /** Net PnL of the open round trip so far. */
  openPnl = 0;
  readonly trips: RoundTrip[] = [];
  private lastA = NaN;
  private lastB = NaN;

  constructor(private readonly cost: CostModel) {}

  /** Starts marking at the given prices (no PnL). */
  start(a: number, b: number): void {
    this.lastA = a;
    this.lastB = b;
  }

  /** Marks the holdings to the new prices; returns the PnL since the last mark. */
  mark(a: number, b: number): number {
    const pnl = this.nA * (a - this.lastA) + this.nB * (b - this.lastB);
    this.lastA = a;
    this.lastB = b;
    this.equity += pnl;
    if (this.q !== 0) this.openPnl += pnl;
    return pnl;
  }

  /**
   * Moves to target `q` at bar `bar` with hedge `beta` (used only when opening or flipping);
   * returns the cost charged. Call after `mark` for the same bar.
   */
  trade(q: number, beta: number, bar: number, quote: BarQuote): number {
    if (q === this.q) return 0;
    const hedge = q === 0 ? this.hedge : beta;
    const nA = q;
    const nB = q === 0 ? 0 : -q * hedge;
    const dA = Math.abs(nA - this.nA);
    const dB = Math.abs(nB - this.nB);
    const c = this.cost.costBps * 1e-4;
    const hsA = quote.bidA !== undefined && quote.askA !== undefined ? (quote.askA - quote.bidA) / 2 : quote.a * this.cost.halfSpreadBps * 1e-4;
    const hsB = quote.bidB !== undefined && quote.askB !== undefined ? (quote.askB - quote.bidB) / 2 : quote.b * this.cost.halfSpreadBps * 1e-4;
    const cost = dA * (quote.a * c + hsA) + dB * (quote.b * c + hsB);
    this.notionalTraded += dA * quote.a + dB * quote.b;
    this.costs += cost;
    this.equity -= cost;
    if (this.q !== 0) {
      // Closing (or the closing half of a flip) bears the cost of reaching flat.
      const closeShare = q === 0 ? 1 : Math.abs(this.q) / (Math.abs(this.q) + Math.abs(q));
      this.openPnl -= cost * closeShare;
      this.trips.push({ side: Math.sign(this.q), entryBar: this.entryBar, exitBar: bar, pnl: this.openPnl });
      this.openPnl = -cost * (1 - closeShare);
    } else {
      this.openPnl = -cost;
    }
    this.entryBar = q === 0 ? -1 : bar;
    if (q === 0) this.openPnl = 0;
    this.q = q;
    this.nA = nA;
    this.nB = nB;
    this.hedge = hedge;
    return cost;
  }
}
