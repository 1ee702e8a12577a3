/**
 * Unit-root and cointegration tests: augmented Dickey–Fuller (with AIC lag search),
 * Engle–Granger two-step test, MacKinnon p-values and critical values, and the
 * Ornstein–Uhlenbeck half-life of a spread.
 *
 * Conventions match statsmodels 0.15 (`adfuller`, `coint`), so results agree with it:
 * - ADF regression Δx_t = [c] + ρ·x_{t−1} + Σ_{i=1..L} φ_i·Δx_{t−i} + u_t; the statistic is t_ρ.
 * - AIC lag search compares L = 0..maxlag on the common sample that `maxlag` leaves, then
 *   refits the chosen L on its own (longer) sample. Default maxlag = ⌈12·(n/100)^{1/4}⌉ capped at n/2 − 1.
 * - Engle–Granger: OLS A = α + β·B, then ADF without constant on the residuals; p-value and
 *   critical values for N = 2 series with a constant, critical values at nobs = n − 1.
 * - P-values: MacKinnon (1994) response surfaces (left tail ≤ τ*: quadratic; right: cubic),
 *   through Φ. Critical values: MacKinnon (2010) b0 + b1/T + b2/T² + b3/T³. Coefficients are
 *   copied from those papers' tables for the no-constant ('n') and constant ('c') cases.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { hedgeOls, ols } from './ols.js';

export type AdfRegression = 'n' | 'c';

export interface AdfResult {
  /** t-statistic of ρ. */
  stat: number;
  /** MacKinnon (1994) approximate p-value. */
  pvalue: number;
  /** Lagged differences used. */
  usedLag: number;
  /** Observations in the final regression. */
  nobs: number;
  /** Critical values at 1 %, 5 %, 10 % (MacKinnon 2010). */
  crit: { '1%': number; '5%': number; '10%': number };
}

export interface AdfOptions {
  /** 'n' (no constant) or 'c' (constant). Default 'c'. */
  regression?: AdfRegression;
  /** Number of lagged differences, or 'aic' for the statsmodels AIC search. Default 'aic'. */
  lags?: number | 'aic';
  /** Largest lag tried by the search. Default ⌈12·(n/100)^{1/4}⌉. */
  maxlag?: number;
  /** Number of I(1) series behind the tested residual (1 for ADF, 2 for a pair's EG). Default 1. */
  nSeries?: number;
}

/** Regression of Δx on the level and `lag` lagged differences, using rows from index `trim`. */
function adfFit(x: ArrayLike<number>, lag: number, trim: number, regression: AdfRegression) {
  const n = x.length;
  const rows = n - 1 - trim; // differences Δx_t for t = trim+1 .. n−1
  const y = new Float64Array(rows);
  const level = new Float64Array(rows);
  const lagCols: Float64Array[] = [];
  for (let i = 0; i < lag; i++) lagCols.push(new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const t = trim + 1 + r;
    y[r] = x[t] - x[t - 1];
    level[r] = x[t - 1];
    for (let i = 1; i <= lag; i++) lagCols[i - 1][r] = x[t - i] - x[t - i - 1];
  }
  const cols: Float64Array[] = [level, ...lagCols];
  if (regression === 'c') cols.push(new Float64Array(rows).fill(1));
  return ols(y, cols);
}

/** Augmented Dickey–Fuller test of a unit root in `x`. */
export function adf(x: ArrayLike<number>, options: AdfOptions = {}): AdfResult {
  const regression = options.regression ?? 'c';
  const nSeries = options.nSeries ?? 1;
  const n = x.length;
  if (n < 10) throw new ConfigError('x.length', n, 'ADF needs at least 10 observations');
  const ntrend = regression === 'c' ? 1 : 0;
  let lag: number;
  if (options.lags === undefined || options.lags === 'aic') {
    let maxlag = options.maxlag ?? Math.ceil(12 * Math.pow(n / 100, 0.25));
    maxlag = Math.min(Math.floor(n / 2) - ntrend - 1, maxlag);
    if (maxlag < 0) throw new ConfigError('maxlag', maxlag, 'sample too short for the lag search');
    let best = Infinity;
    lag = 0;
    for (let l = 0; l <= maxlag; l++) {
      const aic = adfFit(x, l, maxlag, regression).aic;
      if (aic < best) {
        best = aic;
        lag = l;
      }
    }
  } else {
    lag = options.lags;
    if (!Number.isInteger(lag) || lag < 0 || lag > n / 2) throw new ConfigError('lags', lag, 'expected an integer in [0, n/2] or "aic"');
  }
  const fit = adfFit(x, lag, lag, regression);
  const stat = fit.tvalues[0];
  return {
    stat,
    pvalue: mackinnonP(stat, regression, nSeries),
    usedLag: lag,
    nobs: fit.nobs,
    crit: mackinnonCrit(nSeries, regression, fit.nobs),
  };
}

export interface EngleGrangerResult {
  /** ADF t-statistic of the residuals. */
  stat: number;
  pvalue: number;
  crit: { '1%': number; '5%': number; '10%': number };
  usedLag: number;
  /** Step-1 hedge: A = alpha + beta·B + resid. */
  alpha: number;
  beta: number;
  resid: Float64Array;
}

/**
 * Engle–Granger test that `a` and `b` are cointegrated (H0: no cointegration; reject when
 * stat < crit). `lags`: 0, a fixed count, or 'aic' (default) as in statsmodels `coint`.
 */
export function engleGranger(a: ArrayLike<number>, b: ArrayLike<number>, options: { lags?: number | 'aic'; maxlag?: number } = {}): EngleGrangerResult {
  if (a.length !== b.length) throw new ConfigError('b.length', b.length, `must equal a.length = ${a.length}`);
  const h = hedgeOls(a, b);
  const res = adf(h.resid, { regression: 'n', lags: options.lags ?? 'aic', maxlag: options.maxlag });
  return {
    stat: res.stat,
    pvalue: mackinnonP(res.stat, 'c', 2),
    crit: mackinnonCrit(2, 'c', a.length - 1),
    usedLag: res.usedLag,
    alpha: h.alpha,
    beta: h.beta,
    resid: h.resid,
  };
}

/**
 * Half-life (bars) of mean reversion: regress Δs_t = c + λ·s_{t−1}, HL = −ln 2 / λ.
 * Infinity when λ ≥ 0 (no mean reversion).
 */
export function halfLife(s: ArrayLike<number>): number {
  const n = s.length;
  if (n < 3) throw new ConfigError('s.length', n, 'half-life needs at least 3 observations');
  const dy = new Float64Array(n - 1);
  const lagged = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) {
    dy[t - 1] = s[t] - s[t - 1];
    lagged[t - 1] = s[t - 1];
  }
  const lambda = ols(dy, [new Float64Array(n - 1).fill(1), lagged]).coef[1];
  return lambda < 0 ? -Math.LN2 / lambda : Infinity;
}

// MacKinnon (1994) tables, index N − 1 (N = number of series, 1..6).
const TAU_STAR: Record<AdfRegression, number[]> = {
  n: [-1.04, -1.53, -2.68, -3.09, -3.07, -3.77],
  c: [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93],
};
const TAU_MIN: Record<AdfRegression, number[]> = {
  n: [-19.04, -19.62, -21.21, -23.25, -21.63, -25.74],
  c: [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27],
};
const TAU_MAX: Record<AdfRegression, number[]> = {
  n: [Infinity, 1.51, 0.86, 0.88, 1.05, 1.24],
  c: [2.74, 0.92, 0.55, 0.61, 0.79, 1],
};
/** Left tail: Φ(g0 + g1·τ + g2·τ²), g2 in units of 1e-2. */
const TAU_SMALLP: Record<AdfRegression, number[][]> = {
  n: [[0.6344, 1.2378, 3.2496], [1.9129, 1.3857, 3.5322], [2.7648, 1.4502, 3.4186], [3.4336, 1.4835, 3.19], [4.0999, 1.5533, 3.59], [4.5388, 1.5344, 2.9807]],
  c: [[2.1659, 1.4412, 3.8269], [2.92, 1.5012, 3.9796], [3.4699, 1.4856, 3.164], [3.9673, 1.4777, 2.6315], [4.5509, 1.5338, 2.9545], [5.1399, 1.6036, 3.4445]],
};
const SMALL_SCALE = [1, 1, 1e-2];
/** Right part: Φ(g0 + g1·τ + g2·τ² + g3·τ³), scaled by [1, 1e-1, 1e-1, 1e-2]. */
const TAU_LARGEP: Record<AdfRegression, number[][]> = {
  n: [[0.4797, 9.3557, -0.6999, 3.3066], [1.5578, 8.558, -2.083, -3.3549], [2.2268, 6.8093, -3.2362, -5.4448], [2.7654, 6.4502, -3.0811, -4.4946], [3.2684, 6.8051, -2.6778, -3.4972], [3.7268, 7.167, -2.3648, -2.8288]],
  c: [[1.7339, 9.3202, -1.2745, -1.0368], [2.1945, 6.4695, -2.9198, -4.2377], [2.5893, 4.5168, -3.6529, -5.0074], [3.0387, 4.5452, -3.3666, -4.1921], [3.5049, 5.2098, -2.9158, -3.3468], [3.9489, 5.8933, -2.5359, -2.721]],
};
const LARGE_SCALE = [1, 1e-1, 1e-1, 1e-2];

/** MacKinnon (1994) approximate p-value of a DF/ADF/EG τ statistic; N series (1..6). */
export function mackinnonP(stat: number, regression: AdfRegression, nSeries: number): number {
  if (!Number.isInteger(nSeries) || nSeries < 1 || nSeries > 6) throw new ConfigError('nSeries', nSeries, 'p-values are tabulated for 1..6 series');
  const i = nSeries - 1;
  if (stat > TAU_MAX[regression][i]) return 1;
  if (stat < TAU_MIN[regression][i]) return 0;
  const small = stat <= TAU_STAR[regression][i];
  const g = small ? TAU_SMALLP[regression][i] : TAU_LARGEP[regression][i];
  const scale = small ? SMALL_SCALE : LARGE_SCALE;
  let z = 0;
  for (let p = g.length - 1; p >= 0; p--) z = z * stat + g[p] * scale[p];
  return normalCdf(z);
}

// MacKinnon (2010) critical-value surfaces [1 %, 5 %, 10 %] × [b0, b1, b2, b3]; 'n' only for N = 1.
const CRIT_2010: Record<AdfRegression, number[][][]> = {
  n: [[[-2.56574, -2.2358, -3.627, 0], [-1.941, -0.2686, -3.365, 31.223], [-1.61682, 0.2656, -2.714, 25.364]]],
  c: [
    [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.04], [-2.56677, -1.5384, -2.809, 0]],
    [[-3.89644, -10.9519, -33.527, 0], [-3.33613, -6.1101, -6.823, 0], [-3.04445, -4.2412, -2.72, 0]],
    [[-4.29374, -14.4354, -33.195, 47.433], [-3.74066, -8.5632, -10.852, 27.982], [-3.45218, -6.2143, -3.718, 0]],
    [[-4.64332, -18.1031, -37.972, 0], [-4.096, -11.2349, -11.175, 0], [-3.8102, -8.3931, -4.137, 0]],
    [[-4.95756, -21.8883, -45.142, 0], [-4.41519, -14.0405, -12.575, 0], [-4.13157, -10.7417, -3.784, 0]],
    [[-5.24568, -25.6688, -57.737, 88.639], [-4.70693, -16.9178, -17.492, 60.007], [-4.42501, -13.1875, -5.104, 27.877]],
  ],
};

/** MacKinnon (2010) critical values for `nSeries` series and sample size `nobs` (Infinity: asymptotic). */
export function mackinnonCrit(nSeries: number, regression: AdfRegression, nobs: number): { '1%': number; '5%': number; '10%': number } {
  const table = CRIT_2010[regression];
  if (!Number.isInteger(nSeries) || nSeries < 1 || nSeries > table.length) {
    throw new ConfigError('nSeries', nSeries, `critical values for regression "${regression}" are tabulated for 1..${table.length} series`);
  }
  const inv = 1 / nobs;
  const [c1, c5, c10] = table[nSeries - 1].map((b) => b[0] + inv * (b[1] + inv * (b[2] + inv * b[3])));
  return { '1%': c1, '5%': c5, '10%': c10 };
}

/** Standard normal CDF via a high-accuracy erfc (W. J. Cody's rational approximations, |rel err| < 1e-14). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    // erf by rational function in x².
    const t = x * x;
    const num = ((((1.85777706184603153e-1 * t + 3.16112374387056560) * t + 1.13864154151050156e2) * t + 3.77485237685302021e2) * t + 3.20937758913846947e3);
    const den = ((((t + 2.36012909523441209e1) * t + 2.44024637934444173e2) * t + 1.28261652607737228e3) * t + 2.84423683343917062e3);
    return 1 - (x * num) / den;
  } else if (ax < 4) {
    const p = [5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8];
    const q = [1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3];
    let num = p[8] * ax;
    let den = ax;
    for (let i = 0; i < 7; i++) {
      num = (num + p[i]) * ax;
      den = (den + q[i]) * ax;
    }
    r = (num + p[7]) / (den + q[7]);
  } else {
    const p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    const q = [2.56852019228982242, 1.87295284992346725, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];
    const z = 1 / (ax * ax);
    let num = p[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + p[i]) * z;
      den = (den + q[i]) * z;
    }
    r = (z * (num + p[4])) / (den + q[4]);
    r = (1 / Math.sqrt(Math.PI) - r) / ax;
  }
  r *= Math.exp(-ax * ax);
  return x < 0 ? 2 - r : r;
}
