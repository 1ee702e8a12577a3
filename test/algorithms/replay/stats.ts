/** Statistics helpers for the replay tests (not a test file itself). */

/** z with Φ(z) = 0.99. */
const Z99 = 2.3263478740408408;

/**
 * 0.99 quantile of χ²(df) by Wilson–Hilferty (relative error < 1e-3 for df ≥ 10): a statistic
 * below it has p > 0.01.
 */
export function chiSquare99(df: number): number {
  const h = 2 / (9 * df);
  return df * (1 - h + Z99 * Math.sqrt(h)) ** 3;
}

/** Pearson χ² = Σ (observed − expected)² / expected over cells with expected > 0. */
export function pearson(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < observed.length; i++) {
    if (expected[i] > 0) x += (observed[i] - expected[i]) ** 2 / expected[i];
    else if (observed[i] > 0) return Infinity;
  }
  return x;
}

/**
 * Per-index counts of runs of length L are moving sums of L independent anchor counts, so each
 * count is still (nearly) Poisson but neighbouring counts are correlated with ρ(d) = (L−|d|)/L.
 * Then Pearson's χ² has mean ≈ df and variance ≈ 2·df·c with c = Σ_d ρ(d)²; Satterthwaite: χ²/c is
 * approximately χ²(df/c). Returns c (1 for L = 1).
 */
export function runInflation(L: number): number {
  let c = 0;
  for (let d = -(L - 1); d <= L - 1; d++) c += ((L - Math.abs(d)) / L) ** 2;
  return c;
}

/** True if per-index counts are consistent (p > 0.01) with `expected`, for runs of length L. */
export function passesRunChiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>, L: number): boolean {
  let cells = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] > 0) cells++;
  const c = runInflation(L);
  return pearson(observed, expected) / c < chiSquare99((cells - 1) / c);
}
