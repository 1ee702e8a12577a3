/**
 * Kalman-filter hedge ratio (E. Chan, *Algorithmic Trading*, 2013, ch. 3): the state
 * θ_t = (β_t, α_t) follows a random walk with covariance V_w = δ/(1−δ)·I, and
 * A_t = β_t·B_t + α_t + e_t with Var e = V_e.
 *
 * Per bar, with F_t = (B_t, 1): R = P + V_w (R = P = 0 at the very first bar, as in Chan's code),
 * ŷ = F·θ, e = A − ŷ, Q = F·R·Fᵀ + V_e, K = R·Fᵀ/Q, θ ← θ + K·e, P ← R − K·F·R.
 * `e_t` and `Q_t` use only data up to t (θ before the update at t); `beta`/`alpha` are the
 * posterior after bar t. Signals: z_t = e_t/√Q_t.
 *
 * The filter is also available incrementally (`KalmanHedge.update`) so an env can run it bar by bar.
 */
import { ConfigError } from '../../envs/core/errors.js';

export interface KalmanOptions {
  /** Random-walk scale δ; V_w = δ/(1−δ)·I. Default 1e-4. */
  delta?: number;
  /** Observation noise variance V_e. Default 1e-3. */
  ve?: number;
}

/** Incremental 2-state Kalman filter over (β, α). */
export class KalmanHedge {
  /** Posterior β after the last update. */
  beta = 0;
  /** Posterior α after the last update. */
  alpha = 0;
  // Posterior covariance P (symmetric 2×2).
  private p00 = 0;
  private p01 = 0;
  private p11 = 0;
  private steps = 0;
  private readonly vw: number;
  private readonly ve: number;

  constructor(options: KalmanOptions = {}) {
    const delta = options.delta ?? 1e-4;
    const ve = options.ve ?? 1e-3;
    if (!(delta > 0 && delta < 1)) throw new ConfigError('delta', delta, 'expected 0 < delta < 1');
    if (!(ve > 0)) throw new ConfigError('ve', ve, 'expected a positive variance');
    this.vw = delta / (1 - delta);
    this.ve = ve;
  }

  /** Processes one bar; returns the prediction error e and its variance Q (both prior to this bar). */
  update(a: number, b: number): { e: number; q: number } {
    let r00 = this.p00;
    const r01 = this.p01;
    let r11 = this.p11;
    if (this.steps > 0) {
      r00 += this.vw;
      r11 += this.vw;
    }
    this.steps++;
    const yhat = this.beta * b + this.alpha;
    const e = a - yhat;
    // R·Fᵀ with F = (b, 1).
    const rf0 = r00 * b + r01;
    const rf1 = r01 * b + r11;
    const q = b * rf0 + rf1 + this.ve;
    const k0 = rf0 / q;
    const k1 = rf1 / q;
    this.beta += k0 * e;
    this.alpha += k1 * e;
    // P = R − K·(F·R), F·R = (rf0, rf1) by symmetry.
    this.p00 = r00 - k0 * rf0;
    this.p01 = r01 - k0 * rf1;
    this.p11 = r11 - k1 * rf1;
    return { e, q };
  }
}

export interface KalmanPath {
  /** Prediction errors e_t. */
  e: Float64Array;
  /** Their variances Q_t. */
  q: Float64Array;
  /** Posterior β_t, α_t after bar t. */
  beta: Float64Array;
  alpha: Float64Array;
}

/** Runs the filter over whole series (A dependent, B regressor). */
export function kalmanHedge(a: ArrayLike<number>, b: ArrayLike<number>, options: KalmanOptions = {}): KalmanPath {
  if (a.length !== b.length) throw new ConfigError('b.length', b.length, `must equal a.length = ${a.length}`);
  const n = a.length;
  const kf = new KalmanHedge(options);
  const out: KalmanPath = { e: new Float64Array(n), q: new Float64Array(n), beta: new Float64Array(n), alpha: new Float64Array(n) };
  for (let t = 0; t < n; t++) {
    const { e, q } = kf.update(a[t], b[t]);
    out.e[t] = e;
    out.q[t] = q;
    out.beta[t] = kf.beta;
    out.alpha[t] = kf.alpha;
  }
  return out;
}
