/**
 * Summary statistics over plain number arrays, shared by agents, algorithms and experiments.
 * Conventions (explicit, because callers differ on edge cases):
 * - `mean`: NaN for no values (0/0).
 * - `meanStd(x, ddof)`: population (ddof 0) or sample (ddof 1) standard deviation; NaN where it is
 *   undefined (no values; one value with ddof 1).
 * - `sampleStd`: ddof 1, but 0 for fewer than 2 values, for reports where one run has no spread
 *   and JSON has no NaN (Sharpe ratios, makespan spreads).
 *
 * @example
 * meanStd([2, 4, 4, 4, 5, 5, 7, 9]); // { mean: 5, std: 2 }
 * sampleStd([1]); // 0
 */

/** Arithmetic mean; NaN for no values. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Mean and standard deviation of `x`: population (ddof 0, the default) or sample (ddof 1); NaN where undefined. */
export function meanStd(x: ArrayLike<number>, ddof: 0 | 1 = 0): { mean: number; std: number } {
  const n = x.length;
  const m = mean(x);
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(v / (n - ddof)) };
}

/** Sample standard deviation (ddof 1); 0 for fewer than 2 values. */
export function sampleStd(x: ArrayLike<number>): number {
  return x.length < 2 ? 0 : meanStd(x, 1).std;
}

/** `x` rounded to `digits` decimals, for reports (NaN and ±Infinity pass through). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
