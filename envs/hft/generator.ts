/**
 * Seeded synthetic pairs for tests and experiments (spec `hft.md` §e.8 and beyond).
 *
 * Model, per bar t (all draws from one seeded generator, so a seed fixes the whole path):
 * - Hedge leg: B_{t+1} = B_t·exp(σ_B·m_t·ε_B) (a driftless geometric random walk, σ_B per bar).
 * - Spread: Ornstein–Uhlenbeck in discrete time, s_{t+1} = s_t − κ_r·s_t + σ_s·m_t·ε_s.
 * - Dependent leg: A_t = α + β_r·B_t + s_t (floored at 1 % of B_t so prices stay positive).
 * - Regimes r ∈ {0, 1}: a two-state Markov chain switching with probability `regimeSwitchProb`
 *   per bar; regime 1 weakens mean reversion (κ·`regimeKappaScale`) and shifts the true hedge
 *   (β + `regimeBetaShift`) — the non-stationarity a fixed hedge misses.
 * - Volatility bursts: with probability `burstProb` per bar a burst starts and lasts a geometric
 *   number of bars with mean `burstMeanBars`; during it m_t = `burstScale` (else 1).
 * - Microstructure (minute bars): observed mids = true price·(1 + `noiseBps`·1e−4·ε), rounded to
 *   `tick`; with `halfSpreadBps` > 0, bid/ask = mid ∓ half-spread (rounded to tick, at least one tick apart).
 * Defaults reproduce the spec's OU check: B σ 1 %, κ 0.05, σ_s 1, β 1, α 0, B_0 100.
 */
import { ConfigError } from '../core/errors.js';
import { createRng, randomNormal, type Seed } from '../core/rng.js';
import type { AlignedPair } from './types.js';

export interface SyntheticPairConfig {
  /** Number of bars. */
  bars: number;
  /** Bar length, ms (86 400 000 daily, 60 000 minute). */
  barMs: number;
  /** Time of bar 0, epoch ms. */
  startTime: number;
  /** Initial B price. */
  b0: number;
  /** Per-bar log-return σ of B. */
  sigmaB: number;
  /** Hedge ratio β and intercept α of A on B. */
  beta: number;
  alpha: number;
  /** OU mean-reversion per bar κ (0 < κ < 2) and innovation σ_s ($). */
  kappa: number;
  sigmaS: number;
  /** Per-bar regime switch probability (0: one regime). */
  regimeSwitchProb: number;
  /** κ multiplier in regime 1. */
  regimeKappaScale: number;
  /** β shift in regime 1. */
  regimeBetaShift: number;
  /** Per-bar probability that a volatility burst starts. */
  burstProb: number;
  /** Mean burst length, bars. */
  burstMeanBars: number;
  /** Volatility multiplier during bursts. */
  burstScale: number;
  /** Observation noise on mids, bps (0: none). */
  noiseBps: number;
  /** Half bid/ask spread, bps (0: no quotes). */
  halfSpreadBps: number;
  /** Price tick (0: no rounding). */
  tick: number;
}

export const DEFAULT_SYNTHETIC: SyntheticPairConfig = {
  bars: 2000,
  barMs: 86_400_000,
  startTime: Date.UTC(2020, 0, 1),
  b0: 100,
  sigmaB: 0.01,
  beta: 1,
  alpha: 0,
  kappa: 0.05,
  sigmaS: 1,
  regimeSwitchProb: 0,
  regimeKappaScale: 0.1,
  regimeBetaShift: 0.2,
  burstProb: 0,
  burstMeanBars: 20,
  burstScale: 3,
  noiseBps: 0,
  halfSpreadBps: 0,
  tick: 0,
};

/** A harder daily pair: regime switches and volatility bursts. */
export const REGIME_SYNTHETIC: Partial<SyntheticPairConfig> = { regimeSwitchProb: 0.004, burstProb: 0.01 };

/** Minute bars with microstructure: noisy mids, 1 bp half-spread, cent ticks, 24/7 clock. */
export const MINUTE_SYNTHETIC: Partial<SyntheticPairConfig> = {
  barMs: 60_000,
  sigmaB: 0.0008,
  kappa: 0.01,
  sigmaS: 0.05,
  noiseBps: 1,
  halfSpreadBps: 1,
  tick: 0.01,
  burstProb: 0.002,
};

export interface SyntheticPair extends AlignedPair {
  /** True (noise-free) spread s_t. */
  spread: Float64Array;
  /** Regime per bar. */
  regime: Uint8Array;
  /** True β per bar. */
  trueBeta: Float64Array;
}

export function validateSynthetic(cfg: SyntheticPairConfig): void {
  const check = (field: keyof SyntheticPairConfig, ok: boolean, reason: string) => {
    if (!ok) throw new ConfigError(`synthetic.${field}`, cfg[field], reason);
  };
  check('bars', Number.isInteger(cfg.bars) && cfg.bars >= 2, 'expected an integer ≥ 2');
  check('barMs', cfg.barMs > 0, 'expected > 0');
  check('b0', cfg.b0 > 0, 'expected > 0');
  check('sigmaB', cfg.sigmaB >= 0, 'expected ≥ 0');
  check('kappa', cfg.kappa > 0 && cfg.kappa < 2, 'expected 0 < kappa < 2');
  check('sigmaS', cfg.sigmaS >= 0, 'expected ≥ 0');
  check('regimeSwitchProb', cfg.regimeSwitchProb >= 0 && cfg.regimeSwitchProb <= 1, 'expected a probability');
  check('burstProb', cfg.burstProb >= 0 && cfg.burstProb <= 1, 'expected a probability');
  check('burstMeanBars', cfg.burstMeanBars >= 1, 'expected ≥ 1');
  check('noiseBps', cfg.noiseBps >= 0, 'expected ≥ 0');
  check('halfSpreadBps', cfg.halfSpreadBps >= 0, 'expected ≥ 0');
  check('tick', cfg.tick >= 0, 'expected ≥ 0');
}

/** Generates a cointegrated pair; the same seed and config give the same series. */
export function generatePair(seed: Seed, config: Partial<SyntheticPairConfig> = {}): SyntheticPair {
  const cfg: SyntheticPairConfig = { ...DEFAULT_SYNTHETIC, ...config };
  validateSynthetic(cfg);
  const rng = createRng(seed);
  const n = cfg.bars;
  const time = new Float64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const spread = new Float64Array(n);
  const regime = new Uint8Array(n);
  const trueBeta = new Float64Array(n);
  let bt = cfg.b0;
  let s = 0;
  let r = 0;
  let burstLeft = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      if (rng() < cfg.regimeSwitchProb) r = 1 - r;
      if (burstLeft > 0) burstLeft--;
      else if (rng() < cfg.burstProb) burstLeft = 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - 1 / cfg.burstMeanBars));
      const m = burstLeft > 0 ? cfg.burstScale : 1;
      const kappa = r === 1 ? cfg.kappa * cfg.regimeKappaScale : cfg.kappa;
      bt *= Math.exp(cfg.sigmaB * m * randomNormal(rng));
      s = s - kappa * s + cfg.sigmaS * m * randomNormal(rng);
    }
    const beta = r === 1 ? cfg.beta + cfg.regimeBetaShift : cfg.beta;
    time[t] = cfg.startTime + t * cfg.barMs;
    b[t] = bt;
    a[t] = Math.max(cfg.alpha + beta * bt + s, 0.01 * bt);
    spread[t] = s;
    regime[t] = r;
    trueBeta[t] = beta;
  }
  const pair: SyntheticPair = { time, a, b, filled: new Uint8Array(n), filledA: 0, filledB: 0, spread, regime, trueBeta };
  if (cfg.noiseBps > 0 || cfg.tick > 0) {
    for (let t = 0; t < n; t++) {
      a[t] = roundTick(a[t] * (1 + cfg.noiseBps * 1e-4 * randomNormal(rng)), cfg.tick);
      b[t] = roundTick(b[t] * (1 + cfg.noiseBps * 1e-4 * randomNormal(rng)), cfg.tick);
    }
  }
  if (cfg.halfSpreadBps > 0) {
    const quotes = (mid: Float64Array) => {
      const bid = new Float64Array(n);
      const ask = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        const hs = Math.max(mid[t] * cfg.halfSpreadBps * 1e-4, cfg.tick / 2);
        bid[t] = roundTick(mid[t] - hs, cfg.tick);
        ask[t] = Math.max(roundTick(mid[t] + hs, cfg.tick), bid[t] + cfg.tick);
        mid[t] = (bid[t] + ask[t]) / 2;
      }
      return { bid, ask };
    };
    const qa = quotes(a);
    const qb = quotes(b);
    pair.bidA = qa.bid;
    pair.askA = qa.ask;
    pair.bidB = qb.bid;
    pair.askB = qb.ask;
  }
  return pair;
}

function roundTick(x: number, tick: number): number {
  return tick > 0 ? Math.max(tick, Math.round(x / tick) * tick) : x;
}
