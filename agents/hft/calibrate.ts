/**
 * Simulation-calibrated training data for pairs traders: fit the synthetic generator's OU model
 * (envs/hft/generator.ts) to the bars a trader may train on, then draw fresh paths from it.
 *
 * Why: a walk-forward split leaves a learner ≈ 7 training windows (≈ 900 bars) on the daily sets,
 * which a Q-network memorises; paths drawn from a model fitted on those same bars give it as many
 * windows as it needs without touching a test bar. The fit uses only `bars [from, to]` (the
 * training span), so the test windows stay held out — on synthetic and on real data alike.
 *
 * Fit (all on [from, to]): OLS A = α + β·B; spread s = A − α − β·B; AR(1) Δs_t = c + λ·s_{t−1} + u_t
 * gives κ = −λ (clamped to [1e-3, 1.9]) and σ_s = std(u) (ddof 0); σ_B = std of B's log returns;
 * B_0 = B at `from`. Quotes, when the pair has them, give the mean relative half-spread (bps,
 * both legs averaged), which the synthetic env charges as `halfSpreadBps`. Not modelled (design
 * choice): regimes, volatility bursts, microstructure noise and ticks — the fitted model is one
 * stationary OU regime, an approximation on the regime and minute sets.
 */
import { hedgeOls, ols } from '../../algorithms/pairs/ols.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { SyntheticPairConfig } from '../../envs/hft/generator.js';
import type { PairInput } from '../../envs/hft/env.js';

export interface OuCalibration {
  /** Generator settings (bars and bar length are the caller's). */
  synthetic: Pick<SyntheticPairConfig, 'b0' | 'sigmaB' | 'beta' | 'alpha' | 'kappa' | 'sigmaS'>;
  /** Mean half bid/ask spread of the pair over the span, bps (0 without quotes). */
  halfSpreadBps: number;
}

/** Fits the generator's OU pair model to bars from..to (inclusive) of `pair`. */
export function calibrateOu(pair: PairInput, from: number, to: number): OuCalibration {
  const n = to - from + 1;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to < pair.a.length && n >= 10)) {
    throw new ConfigError('span', [from, to], `must be integers with 0 ≤ from, to < ${pair.a.length} and at least 10 bars`);
  }
  const a = Float64Array.from({ length: n }, (_, i) => pair.a[from + i]);
  const b = Float64Array.from({ length: n }, (_, i) => pair.b[from + i]);
  const fit = hedgeOls(a, b);
  const s = fit.resid;
  const ds = new Float64Array(n - 1);
  const lag = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) {
    ds[t - 1] = s[t] - s[t - 1];
    lag[t - 1] = s[t - 1];
  }
  const ar = ols(ds, [new Float64Array(n - 1).fill(1), lag]);
  const kappa = Math.min(1.9, Math.max(1e-3, -ar.coef[1]));
  const sigmaS = Math.sqrt(ar.ssr / (n - 1));
  let m = 0;
  let m2 = 0;
  for (let t = 1; t < n; t++) {
    const r = Math.log(b[t] / b[t - 1]);
    m += r;
    m2 += r * r;
  }
  m /= n - 1;
  const sigmaB = Math.sqrt(Math.max(0, m2 / (n - 1) - m * m));
  let halfSpreadBps = 0;
  if (pair.bidA && pair.askA && pair.bidB && pair.askB) {
    for (let t = from; t <= to; t++) {
      const rel = (bid: number, ask: number) => ((ask - bid) / (ask + bid)) * 1e4;
      halfSpreadBps += (rel(pair.bidA[t], pair.askA[t]) + rel(pair.bidB[t], pair.askB[t])) / 2 / n;
    }
  }
  return { synthetic: { b0: b[0], sigmaB, beta: fit.beta, alpha: fit.alpha, kappa, sigmaS }, halfSpreadBps };
}
