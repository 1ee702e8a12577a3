/** Data types of the pairs-trading domain. Times are epoch milliseconds (UTC); prices in quote currency. */

/** One instrument's bars. */
export interface PriceSeries {
  /** Bar timestamps, ms since the Unix epoch, strictly increasing. */
  time: Float64Array;
  /** Price per bar (close, or bid/ask mid when quotes are given). */
  price: Float64Array;
  /** Best bid / ask per bar, when the file has them. */
  bid?: Float64Array;
  ask?: Float64Array;
}

/** Two series on common timestamps (A = dependent leg, B = hedge leg). */
export interface AlignedPair {
  time: Float64Array;
  a: Float64Array;
  b: Float64Array;
  bidA?: Float64Array;
  askA?: Float64Array;
  bidB?: Float64Array;
  askB?: Float64Array;
  /** Per bar: bit 1 = A forward-filled, bit 2 = B forward-filled (0 = both observed). */
  filled: Uint8Array;
  /** Bars forward-filled per leg. */
  filledA: number;
  filledB: number;
}
