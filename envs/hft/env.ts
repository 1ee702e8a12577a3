/**
 * PairsTrading-v0: statistical-arbitrage trading of one spread between two aligned price series
 * (spec `hft.md`; DQN pairs setting of Kim & Kim 2019; topic of Sarkar, arXiv 2311.10718).
 *
 * Description: the data are cut into walk-forward windows; window k has formation bars
 * [kT, kT+F) and trading bars t0 = kT+F … t0+T. On reset the hedge is fitted on the formation
 * bars only — OLS A = α + β·B (static β, z = (s − μ)/σ with μ, σ (ddof 0) of the formation
 * spread), or Chan's Kalman filter (δ, V_e) warmed up from bar kT with z_t = e_t/√Q_t and β_t
 * updated every bar. The agent then trades bars t0 … t0+T−1; the episode ends at bar t0+T.
 *
 * Observation: Box(L + 9), all from data at bars ≤ t:
 *   [0, L)   last L z-scores z_{t−L+1..t}, clipped to ±zClip;
 *   L..L+2   held position one-hot (short, flat, long);
 *   L+3..L+5 latest target one-hot (what the last action asked for; pending while latency runs);
 *   L+6      bars the held position has been open / T;
 *   L+7      unrealised PnL of the open position / σ (σ = formation spread std, $);
 *   L+8      fraction of the trading window left.
 * Action: `actionMode: "position"`: Discrete(3), the target position q = action − 1
 *   (0 short one spread unit, 1 flat, 2 long). `"grid"` (Kim & Kim): Discrete(|entryGrid|·|stopGrid|),
 *   index i·|stopGrid| + j picks entry |z| = entryGrid[i] and stop |z| = stopGrid[j] (null = no
 *   stop) for the band rule (algorithms/pairs/rules.ts, exit at z crossing `exitZ`); the rule
 *   trades by itself and the boundaries chosen at entry stay fixed until the trade closes.
 * Execution: a target decided at bar t fills at the close of bar t + latency (latency ≥ 1), at
 *   mid prices plus costs: |Δshares|·price·costBps·1e−4 per leg plus the half-spread (quotes when
 *   the data have bid/ask, else halfSpreadBps). One spread unit is +1 A and −β B with β fixed at entry.
 * Reward: (PnL over (t, t+1] − costs charged at t+1) / σ, or in $ with `scaleReward: false`.
 * Termination vs truncation: reaching bar t0+T terminates (the window end is part of the task and
 *   is observable); there the book is forced flat at that bar's close, with costs, and pending
 *   orders are cancelled. No truncation.
 * Info: bar, time, pnl, cost, equity ($, cumulative in the episode), position, target, z, beta,
 *   filled (non-zero when a leg's price at this bar was forward-filled by the aligner);
 *   at reset also window, t0, capital (A + |β|·B at t0, for returns), sigma, beta, alpha; at the
 *   end `trips` (round trips with PnL after costs), `notionalTraded` and `costs` ($, episode totals).
 * Data: `pair` ({a, b, time?, bidA?, askA?, bidB?, askB?}, plain arrays or Float64Arrays; A is the
 *   dependent leg), or synthetic from `dataSeed` + `synthetic` (generator.ts) when `pair` is null.
 *   The data are fixed for the env's life; reset seeds choose only the window.
 * Arguments: see `PairsTradingOptions`. Reset options: `{ window: k }` picks window k.
 *
 * @example
 * const env = make('PairsTrading-v0', { hedge: 'kalman', costBps: 5 });
 * let { obs, info } = env.reset({ seed: 1 });
 * const { reward, info: i } = env.step(2); // go long the spread (fills next bar)
 */
import { BaseEnv, type Frame, type Info, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import { meanStd } from '../core/stats.js';
import { PairBook, type BarQuote } from '../../algorithms/pairs/book.js';
import { KalmanHedge } from '../../algorithms/pairs/kalman.js';
import { hedgeOls } from '../../algorithms/pairs/ols.js';
import { bandStep, type BandParams, type BandState } from '../../algorithms/pairs/rules.js';
import { generatePair, type SyntheticPairConfig } from './generator.js';
import type { AlignedPair } from './types.js';

/** Price data given directly (JSON arrays or typed arrays). */
export interface PairInput {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  time?: ArrayLike<number>;
  bidA?: ArrayLike<number>;
  askA?: ArrayLike<number>;
  bidB?: ArrayLike<number>;
  askB?: ArrayLike<number>;
  /** Per bar, non-zero where a leg was forward-filled (`AlignedPair.filled`); reported in info. */
  filled?: ArrayLike<number>;
}

export interface PairsTradingOptions {
  /** Price data; null = synthetic. */
  pair: PairInput | null;
  /** Seed of the synthetic series (used when `pair` is null). */
  dataSeed: number;
  /** Synthetic generator overrides (generator.ts), e.g. `{ bars: 3000, regimeSwitchProb: 0.004 }`. */
  synthetic: Partial<SyntheticPairConfig>;
  /** Formation bars F (hedge fit, z statistics). */
  formationBars: number;
  /** Trading bars T per window (also the walk-forward stride). */
  tradingBars: number;
  /** "ols" (static) or "kalman" hedge. */
  hedge: 'ols' | 'kalman';
  /** Kalman random-walk scale δ and observation variance V_e. */
  kalmanDelta: number;
  kalmanVe: number;
  /** "position" (target {short, flat, long}) or "grid" (entry × stop boundaries). */
  actionMode: 'position' | 'grid';
  /** Grid mode: entry |z| levels. */
  entryGrid: number[];
  /** Grid mode: stop |z| levels; null = no stop. */
  stopGrid: (number | null)[];
  /** Grid mode: exit level (z crossing). */
  exitZ: number;
  /** Fees + slippage per side, bps of traded notional. */
  costBps: number;
  /** Half bid/ask spread, bps, when the data have no quotes. */
  halfSpreadBps: number;
  /** Bars between decision and fill (≥ 1). */
  latency: number;
  /** Number of past z-scores observed (L). */
  lookback: number;
  /** z-scores are clipped to ±zClip in observations. */
  zClip: number;
  /** Divide rewards by the formation spread σ (true) or report $ (false). */
  scaleReward: boolean;
  /** Windows sampled on reset: firstWindow..lastWindow (−1 = the last one). */
  firstWindow: number;
  lastWindow: number;
}

export const PAIRS_DEFAULTS: PairsTradingOptions = {
  pair: null,
  dataSeed: 0,
  synthetic: {},
  formationBars: 252,
  tradingBars: 126,
  hedge: 'ols',
  kalmanDelta: 1e-4,
  kalmanVe: 1e-3,
  actionMode: 'position',
  entryGrid: [1, 1.5, 2, 2.5],
  stopGrid: [3, 4, null],
  exitZ: 0,
  costBps: 5,
  halfSpreadBps: 0,
  latency: 1,
  lookback: 10,
  zClip: 5,
  scaleReward: true,
  firstWindow: 0,
  lastWindow: -1,
};

/** Observation layout for a lookback L (offsets into the Box). */
export function obsLayout(lookback: number) {
  return { z: 0, zNow: lookback - 1, held: lookback, target: lookback + 3, barsInPosition: lookback + 6, unrealised: lookback + 7, remaining: lookback + 8, size: lookback + 9 };
}

/** The env's copy of the price data: an `AlignedPair` whose fill flags are optional. */
type Data = Omit<AlignedPair, 'filled' | 'filledA' | 'filledB'> & { filled?: Uint8Array };

/** Per-window precomputation; every entry at bar t uses data ≤ t only. */
export interface WindowModel {
  window: number;
  /** First formation bar, first trading bar, final bar. */
  f0: number;
  t0: number;
  tEnd: number;
  /** z_t for bars f0..tEnd (index t − f0). */
  z: Float64Array;
  /** Hedge ratio usable at bar t (index t − f0). */
  beta: Float64Array;
  alpha: number;
  sigma: number;
}

/** Fits the hedge on the formation bars of window k and computes causal z-scores. */
export function prepareWindow(data: Data, opts: PairsTradingOptions, k: number): WindowModel {
  const F = opts.formationBars;
  const T = opts.tradingBars;
  const f0 = k * T;
  const t0 = f0 + F;
  const tEnd = t0 + T;
  const len = tEnd - f0 + 1;
  const z = new Float64Array(len);
  const beta = new Float64Array(len);
  let alpha: number;
  let sigma: number;
  if (opts.hedge === 'ols') {
    const fit = hedgeOls(data.a.subarray(f0, t0), data.b.subarray(f0, t0));
    const { mean, std } = meanStd(fit.resid);
    sigma = std > 0 ? std : 1;
    alpha = fit.alpha;
    for (let i = 0; i < len; i++) {
      const t = f0 + i;
      z[i] = (data.a[t] - fit.alpha - fit.beta * data.b[t] - mean) / sigma;
      beta[i] = fit.beta;
    }
  } else {
    const kf = new KalmanHedge({ delta: opts.kalmanDelta, ve: opts.kalmanVe });
    const e = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const t = f0 + i;
      const u = kf.update(data.a[t], data.b[t]);
      e[i] = u.e;
      z[i] = u.e / Math.sqrt(u.q);
      beta[i] = kf.beta;
    }
    // σ of the prediction errors over the second half of formation (after warm-up).
    const { std } = meanStd(e.subarray(Math.floor(F / 2), F));
    sigma = std > 0 ? std : 1;
    alpha = NaN;
  }
  return { window: k, f0, t0, tEnd, z, beta, alpha, sigma };
}

export class PairsTradingEnv extends BaseEnv<Float64Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly metadata = { renderFps: 30, rewardUnit: 'spread σ (or $ when scaleReward is false)' };
  readonly options: PairsTradingOptions;
  /** Number of walk-forward windows in the data. */
  readonly numWindows: number;
  private readonly data: Data;
  private readonly grid: BandParams[];
  private readonly layout: ReturnType<typeof obsLayout>;

  private model!: WindowModel;
  private book!: PairBook;
  private t = 0;
  private target = 0;
  private rule: BandState = { q: 0, cooldown: false };
  private ruleParams: BandParams | null = null;
  private pending: { bar: number; q: number; beta: number }[] = [];

  constructor(options: Partial<PairsTradingOptions> = {}) {
    super();
    const o: PairsTradingOptions = { ...PAIRS_DEFAULTS, ...options };
    validateOptions(o);
    this.options = o;
    this.data = o.pair === null ? toData(generatePair(o.dataSeed, o.synthetic)) : toData(o.pair);
    const n = this.data.a.length;
    const spare = n - 1 - o.formationBars - o.tradingBars;
    if (spare < 0) {
      throw new ConfigError('pair', `${n} bars`, `need at least formationBars + tradingBars + 1 = ${o.formationBars + o.tradingBars + 1} bars`);
    }
    this.numWindows = Math.floor(spare / o.tradingBars) + 1;
    const last = o.lastWindow < 0 ? this.numWindows + o.lastWindow : o.lastWindow;
    if (o.firstWindow < 0 || o.firstWindow > last || last >= this.numWindows) {
      throw new ConfigError('firstWindow/lastWindow', [o.firstWindow, o.lastWindow], `windows run 0..${this.numWindows - 1}`);
    }
    this.grid = [];
    for (const entry of o.entryGrid) for (const stop of o.stopGrid) this.grid.push({ entry, exit: o.exitZ, stop: stop ?? Infinity });
    this.layout = obsLayout(o.lookback);
    const L = o.lookback;
    const low = new Float64Array(this.layout.size);
    const high = new Float64Array(this.layout.size).fill(1);
    low.fill(-o.zClip, 0, L);
    high.fill(o.zClip, 0, L);
    low[this.layout.unrealised] = -Infinity;
    high[this.layout.unrealised] = Infinity;
    this.observationSpace = new Box(low, high);
    this.actionSpace = new Discrete(o.actionMode === 'position' ? 3 : this.grid.length);
  }

  /** The windows reset samples from. */
  windowRange(): [number, number] {
    const o = this.options;
    return [o.firstWindow, o.lastWindow < 0 ? this.numWindows + o.lastWindow : o.lastWindow];
  }

  /** Band parameters of a grid action. */
  gridParams(action: number): BandParams {
    return this.grid[action];
  }

  protected resetState(options: Record<string, unknown>): ResetResult<Float64Array> {
    const [first, last] = this.windowRange();
    let k: number;
    if (options.window !== undefined) {
      k = options.window as number;
      if (!Number.isInteger(k) || k < 0 || k >= this.numWindows) throw new ConfigError('options.window', options.window, `windows run 0..${this.numWindows - 1}`);
    } else {
      k = first + Math.floor(this.rng() * (last - first + 1));
    }
    this.model = prepareWindow(this.data, this.options, k);
    this.book = new PairBook({ costBps: this.options.costBps, halfSpreadBps: this.options.halfSpreadBps });
    this.t = this.model.t0;
    this.book.start(this.data.a[this.t], this.data.b[this.t]);
    this.target = 0;
    this.rule = { q: 0, cooldown: false };
    this.ruleParams = null;
    this.pending = [];
    const m = this.model;
    const info: Info = {
      window: k,
      t0: m.t0,
      tEnd: m.tEnd,
      bar: this.t,
      time: this.data.time[this.t],
      capital: this.data.a[m.t0] + Math.abs(m.beta[m.t0 - m.f0]) * this.data.b[m.t0],
      sigma: m.sigma,
      beta: m.beta[m.t0 - m.f0],
      alpha: m.alpha,
      equity: 0,
      position: 0,
    };
    return { obs: this.observe(), info };
  }

  protected stepState(action: number): StepResult<Float64Array> {
    const m = this.model;
    const i = this.t - m.f0;
    const z = m.z[i];
    // 1. Target decided at bar t.
    if (this.options.actionMode === 'position') {
      this.target = action - 1;
    } else {
      if (this.rule.q === 0) this.ruleParams = this.grid[action];
      this.rule = bandStep(this.rule, z, this.ruleParams!);
      this.target = this.rule.q;
    }
    this.pending.push({ bar: this.t + this.options.latency, q: this.target, beta: m.beta[i] });
    // 2. Advance one bar and mark to market.
    this.t++;
    const equityBefore = this.book.equity;
    const pnl = this.book.mark(this.data.a[this.t], this.data.b[this.t]);
    // 3. Fill orders due now, or force flat at the window end.
    const terminated = this.t >= m.tEnd;
    if (terminated) {
      this.pending = [];
      this.book.trade(0, 0, this.t, this.quote(this.t));
    } else {
      while (this.pending.length > 0 && this.pending[0].bar <= this.t) {
        const order = this.pending.shift()!;
        this.book.trade(order.q, order.beta, this.t, this.quote(this.t));
      }
    }
    const net = this.book.equity - equityBefore;
    const info: Info = {
      bar: this.t,
      time: this.data.time[this.t],
      pnl,
      cost: pnl - net,
      equity: this.book.equity,
      position: this.book.q,
      target: this.target,
      z: m.z[this.t - m.f0],
      beta: m.beta[this.t - m.f0],
      filled: this.data.filled?.[this.t] ?? 0,
    };
    if (terminated) {
      info.trips = this.book.trips.map((trip) => ({ ...trip }));
      info.notionalTraded = this.book.notionalTraded;
      info.costs = this.book.costs;
    }
    const reward = this.options.scaleReward ? net / m.sigma : net;
    return { obs: this.observe(), reward, terminated, truncated: false, info };
  }

  renderFrame(): Frame {
    const m = this.model;
    if (m === undefined) return { env: 'PairsTrading', reset: false };
    const from = Math.max(m.f0, this.t - 100);
    return {
      env: 'PairsTrading',
      window: m.window,
      bar: this.t,
      t0: m.t0,
      tEnd: m.tEnd,
      a: this.data.a[this.t],
      b: this.data.b[this.t],
      z: m.z[this.t - m.f0],
      recentZ: Array.from(m.z.subarray(from - m.f0, this.t - m.f0 + 1)),
      position: this.book.q,
      target: this.target,
      equity: this.book.equity,
    };
  }

  private quote(t: number): BarQuote {
    const d = this.data;
    const q: BarQuote = { a: d.a[t], b: d.b[t] };
    if (d.bidA && d.askA && d.bidB && d.askB) {
      q.bidA = d.bidA[t];
      q.askA = d.askA[t];
      q.bidB = d.bidB[t];
      q.askB = d.askB[t];
    }
    return q;
  }

  private observe(): Float64Array {
    const m = this.model;
    const o = this.options;
    const L = o.lookback;
    const lay = this.layout;
    const obs = new Float64Array(lay.size);
    const i = this.t - m.f0;
    for (let j = 0; j < L; j++) {
      const zi = m.z[Math.max(0, i - L + 1 + j)];
      obs[j] = Math.max(-o.zClip, Math.min(o.zClip, zi));
    }
    obs[lay.held + this.book.q + 1] = 1;
    obs[lay.target + this.target + 1] = 1;
    obs[lay.barsInPosition] = this.book.q === 0 ? 0 : Math.min(1, (this.t - this.book.entryBar) / o.tradingBars);
    obs[lay.unrealised] = this.book.q === 0 ? 0 : this.book.openPnl / m.sigma;
    obs[lay.remaining] = (m.tEnd - this.t) / o.tradingBars;
    return obs;
  }
}

function toData(p: PairInput): Data {
  const n = p.a.length;
  const arr = (field: string, x: ArrayLike<number> | undefined, positive: boolean): Float64Array | undefined => {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'object' || typeof x.length !== 'number') throw new ConfigError(`pair.${field}`, x, 'expected an array of numbers');
    if (x.length !== n) throw new ConfigError(`pair.${field}`, `${x.length} values`, `must have as many values as pair.a (${n})`);
    const out = Float64Array.from(x);
    for (let t = 0; t < n; t++) {
      if (!Number.isFinite(out[t]) || (positive && out[t] <= 0)) throw new ConfigError(`pair.${field}[${t}]`, x[t], positive ? 'prices must be positive and finite' : 'expected a finite number');
    }
    return out;
  };
  const data: Data = {
    a: arr('a', p.a, true)!,
    b: arr('b', p.b, true)!,
    time: arr('time', p.time, false) ?? Float64Array.from({ length: n }, (_, t) => t),
  };
  if (p.filled !== undefined && p.filled !== null) {
    if (p.filled.length !== n) throw new ConfigError('pair.filled', `${p.filled.length} values`, `must have as many values as pair.a (${n})`);
    data.filled = Uint8Array.from(p.filled);
  }
  const qa = [arr('bidA', p.bidA, true), arr('askA', p.askA, true), arr('bidB', p.bidB, true), arr('askB', p.askB, true)];
  if (qa.every((q) => q !== undefined)) [data.bidA, data.askA, data.bidB, data.askB] = qa;
  else if (qa.some((q) => q !== undefined)) throw new ConfigError('pair', 'partial quotes', 'give all of bidA, askA, bidB, askB or none');
  return data;
}

function validateOptions(o: PairsTradingOptions): void {
  const int = (field: keyof PairsTradingOptions, min: number) => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(field, v, `expected an integer ≥ ${min}`);
  };
  int('formationBars', 10);
  int('tradingBars', 2);
  int('latency', 1);
  int('lookback', 1);
  int('firstWindow', 0);
  if (!Number.isInteger(o.lastWindow)) throw new ConfigError('lastWindow', o.lastWindow, 'expected an integer (−1 = last window)');
  if (o.hedge !== 'ols' && o.hedge !== 'kalman') throw new ConfigError('hedge', o.hedge, 'expected "ols" or "kalman"');
  if (o.actionMode !== 'position' && o.actionMode !== 'grid') throw new ConfigError('actionMode', o.actionMode, 'expected "position" or "grid"');
  for (const f of ['costBps', 'halfSpreadBps'] as const) {
    if (!(o[f] >= 0 && Number.isFinite(o[f]))) throw new ConfigError(f, o[f], 'expected a finite number ≥ 0');
  }
  if (!(o.zClip > 0)) throw new ConfigError('zClip', o.zClip, 'expected > 0');
  if (!(o.kalmanDelta > 0 && o.kalmanDelta < 1)) throw new ConfigError('kalmanDelta', o.kalmanDelta, 'expected 0 < delta < 1');
  if (!(o.kalmanVe > 0)) throw new ConfigError('kalmanVe', o.kalmanVe, 'expected > 0');
  if (!Array.isArray(o.entryGrid) || o.entryGrid.length === 0 || !o.entryGrid.every((v) => typeof v === 'number' && v > 0)) {
    throw new ConfigError('entryGrid', o.entryGrid, 'expected a non-empty array of positive numbers');
  }
  if (!Array.isArray(o.stopGrid) || o.stopGrid.length === 0 || !o.stopGrid.every((v) => v === null || (typeof v === 'number' && v > 0))) {
    throw new ConfigError('stopGrid', o.stopGrid, 'expected a non-empty array of positive numbers or null (no stop)');
  }
  if (!Number.isFinite(o.exitZ)) throw new ConfigError('exitZ', o.exitZ, 'expected a finite number');
  if (o.pair !== null && (typeof o.pair !== 'object' || o.pair.a === undefined || o.pair.b === undefined)) {
    throw new ConfigError('pair', o.pair, 'expected null or { a: number[], b: number[], time?, bidA?, askA?, bidB?, askB? }');
  }
}
