/**
 * Types of the paging domain.
 *
 * Page ids: traces arrive with arbitrary non-negative integer ids (sparse, e.g. `address >> 12`).
 * Everything inside the suite works on *dense* ids 0..nPages-1 assigned in increasing order of
 * the original ids, so "smallest page id" tie-breaks mean the same in both numberings.
 */

/** A request sequence over dense page ids. */
export interface Trace {
  /** Request t asks for dense page `pages[t]` ∈ [0, nPages). Length n. */
  readonly pages: Int32Array;
  /** Original id of each dense page (`ids[p]`), increasing. Length nPages. */
  readonly ids: Float64Array;
  /** Number of distinct pages. */
  readonly nPages: number;
}

/** Synthetic trace families (see `generator.ts`). */
export type TraceKind = 'uniform' | 'zipf' | 'loop' | 'scan' | 'phases';

export interface GeneratorConfig {
  /** Family of the synthetic trace. */
  kind: TraceKind;
  /** Number of requests n. */
  length: number;
  /** Size of the page universe (ids 0..pages-1). */
  pages: number;
  /** Zipf exponent s (P(rank r) ∝ r^-s), for `zipf` and the hot set of `scan`. */
  zipfAlpha: number;
  /** Pages in the cyclic loop, for `loop` (a loop longer than k defeats LRU). */
  loopLength: number;
  /** Working-set size, for `phases` and the hot set of `scan`. */
  workingSet: number;
  /** Mean requests per phase (geometric), for `phases`; mean scan length for `scan`. */
  phaseLength: number;
}

/** Which one-bit predictions a request carries. */
export type PredictionKind = 'none' | 'discard' | 'phase';

/**
 * Mismatches between predicted and true bits (Hamming distance = `falseZero + falseOne`).
 * Discard bits: `falseZero` = η_keep (pred 0, truth 1), `falseOne` = η_evict (pred 1, truth 0).
 * Phase bits: `falseZero` = false absent, `falseOne` = false present.
 */
export interface BitErrors {
  falseZero: number;
  falseOne: number;
  total: number;
}
