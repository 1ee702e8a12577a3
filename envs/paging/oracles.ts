/**
 * Offline facts about a trace and the prediction oracles built from them.
 *
 * - `nextArrivals`: next[t] = index of the next request to the same page, or n if none.
 * - `belady`: LFD / Belady's optimal schedule in O(n log k) (max-heap of cached pages keyed by
 *   next arrival). Tie-break among never-requested-again pages: smallest page id (dense ids keep
 *   the original order, see types.ts). The discard labels depend on this choice.
 * - `discardBits`: d_t = 1 iff LFD evicts r_t before its next request ("safe to discard").
 * - `phasePartition` / `phaseBits`: the k-phase partition and φ_t = 1 iff r_t ∈ S_{i+1} for t in
 *   phase i ("needed next phase"); 0 throughout the last phase.
 * - Error models: `flipBits` (each bit flips with probability `rate`), `flipBitsByType` (0→1 and
 *   1→0 at separate rates), `bitErrors` (counts by type).
 * - `predictedNextArrivals`: next[t] (∞ → n·10^4) plus a lognormal(0, σ) offset (ACEPS protocol).
 */
import { randomNormal, type Rng } from '../core/rng.js';
import type { BitErrors, Trace } from './types.js';

/** next[t] = smallest t' > t with the same page, or n. One backward pass. */
export function nextArrivals(trace: Trace): Int32Array {
  const { pages, nPages } = trace;
  const n = pages.length;
  const next = new Int32Array(n);
  const seen = new Int32Array(nPages).fill(n);
  for (let t = n - 1; t >= 0; t--) {
    const p = pages[t];
    next[t] = seen[p];
    seen[p] = t;
  }
  return next;
}

export interface BeladyResult {
  /** Number of faults, cold misses included. */
  faults: number;
  /** evicted[t] = dense page evicted while serving request t, or -1. */
  evicted: Int32Array;
}

/** Belady's / LFD schedule with a cache of k pages, starting empty. O(n log k). */
export function belady(trace: Trace, k: number, next: Int32Array = nextArrivals(trace)): BeladyResult {
  const { pages, nPages } = trace;
  const n = pages.length;
  const evicted = new Int32Array(n).fill(-1);
  // heap[i] = cached page, key[page] = its next arrival (never again: n + nPages - page, so the
  // smallest id among them is the largest key); pos[page] = heap index or -1.
  const heap = new Int32Array(k);
  const key = new Float64Array(nPages);
  const pos = new Int32Array(nPages).fill(-1);
  let size = 0;
  let faults = 0;
  const keyOf = (t: number, p: number) => (next[t] < n ? next[t] : n + nPages - p);
  const siftUp = (i: number) => {
    const p = heap[i];
    const kp = key[p];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const q = heap[parent];
      if (key[q] >= kp) break;
      heap[i] = q;
      pos[q] = i;
      i = parent;
    }
    heap[i] = p;
    pos[p] = i;
  };
  const siftDown = (i: number) => {
    const p = heap[i];
    const kp = key[p];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && key[heap[c + 1]] > key[heap[c]]) c++;
      const q = heap[c];
      if (key[q] <= kp) break;
      heap[i] = q;
      pos[q] = i;
      i = c;
    }
    heap[i] = p;
    pos[p] = i;
  };
  for (let t = 0; t < n; t++) {
    const p = pages[t];
    const i = pos[p];
    key[p] = keyOf(t, p);
    if (i >= 0) {
      siftUp(i); // next arrival only grows
      continue;
    }
    faults++;
    if (size < k) {
      heap[size] = p;
      siftUp(size++);
    } else {
      const victim = heap[0];
      evicted[t] = victim;
      pos[victim] = -1;
      heap[0] = p;
      siftDown(0);
    }
  }
  return { faults, evicted };
}

/** Ground-truth discard bits: 1 at the last request of every page before LFD evicts it. */
export function discardBits(trace: Trace, k: number, schedule: BeladyResult = belady(trace, k)): Uint8Array {
  const { pages, nPages } = trace;
  const n = pages.length;
  const bits = new Uint8Array(n);
  const last = new Int32Array(nPages).fill(-1);
  for (let t = 0; t < n; t++) {
    const q = schedule.evicted[t];
    if (q >= 0) bits[last[q]] = 1;
    last[pages[t]] = t;
  }
  return bits;
}

export interface PhasePartition {
  /** phase[t] = 0-based phase index of request t. */
  phase: Int32Array;
  /** Start index of each phase. */
  starts: number[];
  /** newPages[i] = m_i = |S_i \ S_{i-1}|. */
  newPages: number[];
  /** Σ m_i. */
  totalNew: number;
}

/** The k-phase partition: a phase ends just before the request that would be its (k+1)-th distinct page. */
export function phasePartition(trace: Trace, k: number): PhasePartition {
  const { pages, nPages } = trace;
  const n = pages.length;
  const phase = new Int32Array(n);
  const seenIn = new Int32Array(nPages).fill(-2); // last phase in which the page was requested (-2: never)
  const starts: number[] = [];
  const newPages: number[] = [];
  let current = -1;
  let distinct = k;
  for (let t = 0; t < n; t++) {
    const p = pages[t];
    if (seenIn[p] !== current) {
      if (distinct === k) {
        current++;
        starts.push(t);
        newPages.push(0);
        distinct = 0;
      }
      if (seenIn[p] !== current - 1) newPages[current]++;
      seenIn[p] = current;
      distinct++;
    }
    phase[t] = current;
  }
  return { phase, starts, newPages, totalNew: newPages.reduce((a, b) => a + b, 0) };
}

/** Ground-truth phase bits: φ_t = 1 iff page r_t is requested in the phase after t's phase. */
export function phaseBits(trace: Trace, k: number, partition: PhasePartition = phasePartition(trace, k)): Uint8Array {
  const { pages, nPages } = trace;
  const n = pages.length;
  const bits = new Uint8Array(n);
  // Backward pass keeping, per page, the two smallest distinct phases among its later requests.
  const first = new Int32Array(nPages).fill(-1);
  const second = new Int32Array(nPages).fill(-1);
  for (let t = n - 1; t >= 0; t--) {
    const p = pages[t];
    const i = partition.phase[t];
    const a = first[p];
    const target = a === i ? second[p] : a;
    bits[t] = target === i + 1 ? 1 : 0;
    if (a !== i) {
      second[p] = a;
      first[p] = i;
    }
  }
  return bits;
}

/** Each bit flipped independently with probability `rate`. */
export function flipBits(bits: Uint8Array, rate: number, rng: Rng): Uint8Array {
  return flipBitsByType(bits, rate, rate, rng);
}

/** 0-bits become 1 with probability `rateZeroToOne`; 1-bits become 0 with `rateOneToZero`. */
export function flipBitsByType(bits: Uint8Array, rateZeroToOne: number, rateOneToZero: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(bits.length);
  for (let t = 0; t < bits.length; t++) {
    const b = bits[t];
    out[t] = rng() < (b === 0 ? rateZeroToOne : rateOneToZero) ? 1 - b : b;
  }
  return out;
}

/** Mismatch counts by type (see `BitErrors`). */
export function bitErrors(predicted: Uint8Array, truth: Uint8Array): BitErrors {
  let falseZero = 0;
  let falseOne = 0;
  for (let t = 0; t < truth.length; t++) {
    if (predicted[t] !== truth[t]) {
      if (predicted[t] === 0) falseZero++;
      else falseOne++;
    }
  }
  return { falseZero, falseOne, total: falseZero + falseOne };
}

/**
 * Synthetic next-arrival predictions: next[t] (n·10^4 when never) plus a lognormal(0, σ) offset.
 * σ = 0 adds exactly 1 to every entry, which keeps the true order.
 */
export function predictedNextArrivals(next: Int32Array, sigma: number, rng: Rng): Float64Array {
  const n = next.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const truth = next[t] < n ? next[t] : n * 1e4;
    out[t] = truth + Math.exp(sigma * (sigma === 0 ? 0 : randomNormal(rng)));
  }
  return out;
}
