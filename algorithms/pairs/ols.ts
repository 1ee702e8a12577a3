/**
 * Ordinary least squares with the statistics the pairs analytics need (coefficients, residuals,
 * standard errors, t-values, log-likelihood, AIC), solved with ml-matrix.
 *
 * Conventions follow statsmodels' `OLS(...).fit()`: σ² = SSR / (n − k); AIC = −2·llf + 2·k with
 * k the number of regressors (including the intercept column when there is one), which is
 * statsmodels' `aic` for a full-rank design.
 */
import { Matrix, inverse } from 'ml-matrix';
import { ConfigError } from '../../envs/core/errors.js';

export interface OlsResult {
  /** Coefficients, one per design column. */
  coef: Float64Array;
  /** Standard errors of the coefficients. */
  se: Float64Array;
  /** coef / se. */
  tvalues: Float64Array;
  /** y − X·coef. */
  resid: Float64Array;
  /** Sum of squared residuals. */
  ssr: number;
  nobs: number;
  /** Gaussian log-likelihood at the estimate. */
  llf: number;
  /** −2·llf + 2·k. */
  aic: number;
}

/** OLS of `y` on the columns of `x` (each column a length-n array; add a column of ones for an intercept). */
export function ols(y: ArrayLike<number>, columns: readonly ArrayLike<number>[]): OlsResult {
  const n = y.length;
  const k = columns.length;
  if (k === 0) throw new ConfigError('columns', k, 'OLS needs at least one regressor');
  if (n <= k) throw new ConfigError('y.length', n, `OLS needs more observations than the ${k} regressors`);
  for (let j = 0; j < k; j++) {
    if (columns[j].length !== n) throw new ConfigError(`columns[${j}].length`, columns[j].length, `must equal y.length = ${n}`);
  }
  // Normal equations XᵀX b = Xᵀy (k is tiny, n up to ~10⁵).
  const xtx = new Matrix(k, k);
  const xty = new Matrix(k, 1);
  for (let i = 0; i < k; i++) {
    const ci = columns[i];
    let sy = 0;
    for (let t = 0; t < n; t++) sy += ci[t] * y[t];
    xty.set(i, 0, sy);
    for (let j = i; j < k; j++) {
      const cj = columns[j];
      let s = 0;
      for (let t = 0; t < n; t++) s += ci[t] * cj[t];
      xtx.set(i, j, s);
      xtx.set(j, i, s);
    }
  }
  const xtxInv = inverse(xtx);
  const b = xtxInv.mmul(xty);
  const coef = Float64Array.from(b.getColumn(0));
  const resid = new Float64Array(n);
  let ssr = 0;
  for (let t = 0; t < n; t++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += coef[j] * columns[j][t];
    const r = y[t] - fit;
    resid[t] = r;
    ssr += r * r;
  }
  const sigma2 = ssr / (n - k);
  const se = new Float64Array(k);
  const tvalues = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(sigma2 * xtxInv.get(j, j));
    tvalues[j] = coef[j] / se[j];
  }
  const llf = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1);
  return { coef, se, tvalues, resid, ssr, nobs: n, llf, aic: -2 * llf + 2 * k };
}

/** Hedge regression y = α + β·x + ε (the pairs convention: y = A, the dependent leg; x = B). */
export interface HedgeFit {
  alpha: number;
  beta: number;
  /** ε_t = y_t − α − β·x_t. */
  resid: Float64Array;
}

export function hedgeOls(y: ArrayLike<number>, x: ArrayLike<number>): HedgeFit {
  const ones = new Float64Array(y.length).fill(1);
  const r = ols(y, [ones, x]);
  return { alpha: r.coef[0], beta: r.coef[1], resid: r.resid };
}
