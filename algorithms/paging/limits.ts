/**
 * How much can any learned discard-bit predictor gain over LRU on a trace? Diagnostics behind the
 * `paging-limits` experiment.
 *
 * - `headroom`: cold misses (= distinct pages; every algorithm pays them), LRU and OPT faults, their
 *   capacity misses (faults − cold), the number of 1s among the true discard bits, and A1
 *   (`FollowDiscardDet`) with all-zero bits, with the true bits only before `split` and only from
 *   `split` on. All-zero bits make A1 *exactly* LRU: the marks are "requested since the last reset",
 *   so every unmarked page is older than every marked one and the LRU unmarked page is the LRU page.
 *   A1 therefore differs from LRU only through the 1-bits it is given.
 * - `keptGaps`: reuses across which OPT keeps the page (truth bit 0, no cold miss in between),
 *   counted by length. A causal labeller cannot tell "p is dead" from "p comes back after a gap
 *   that OPT bridges" before that gap has elapsed, so the longest kept gap bounds how early an
 *   online learner can see a correct "discard" label.
 * - `delayedTruthBits`: an *optimistic* learner. It sees the exact LFD discard bit of request u
 *   (which depends on the whole future) at time u + delay, counts bits per feature cell
 *   (first request, ⌊log2⌋ of recency, frequency and previous gap, the page's last revealed bit)
 *   and predicts 1 when ones / (count + 1) > tau. No online learner has better labels than this
 *   one at the same delay, so if it cannot beat LRU at a delay, an online learner whose labels
 *   need at least that much hindsight cannot either (with these features).
 * - `windowLabelBits`: the same learner with the best *causal* label at delay D: y_u = 1 iff u's page
 *   is not requested again within D requests, known at min(next[u], u + D). It differs from the
 *   truth exactly on the requests OPT keeps across a gap > D (counted by `keptGaps`) and on the
 *   short reuses LFD still evicts.
 * - `singleBitProbe`: A1 with exactly one 1-bit, placed at each probed request in turn (all other
 *   bits 0, so the baseline is LRU). It shows *where* a discard bit can pay off at all: a position
 *   that lowers the fault count is one a predictor must hit; one that raises it is a false positive
 *   that costs. One A1 simulation per probed position.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { belady, discardBits, nextArrivals } from '../../envs/paging/oracles.js';
import type { Trace } from '../../envs/paging/types.js';
import { LRU } from './classic.js';
import { FollowDiscard } from './predictions.js';
import { simulate } from './simulator.js';

export interface Headroom {
  k: number;
  requests: number;
  /** Distinct pages = cold misses of every algorithm. */
  cold: number;
  opt: number;
  lru: number;
  /** lru − cold: the faults any algorithm can save over LRU at most. */
  lruCapacity: number;
  /** opt − cold. */
  optCapacity: number;
  /** 1s among the true discard bits. */
  truthOnes: number;
  /** A1 (deterministic, lazy) with all-zero bits; equals `lru`. */
  followDiscardZeroBits: number;
  /** A1 with the true bits before `split` and 0 afterwards. */
  followDiscardTruthBefore: number;
  /** A1 with 0 before `split` and the true bits afterwards. */
  followDiscardTruthAfter: number;
  split: number;
}

/** Fault counts that bound what discard bits can gain over LRU on `trace` (see the module doc). */
export function headroom(trace: Trace, k: number, split: number, truth: Uint8Array = discardBits(trace, k)): Headroom {
  if (!Number.isInteger(split) || split < 0) throw new ConfigError('split', split, 'expected a non-negative integer');
  const n = trace.pages.length;
  const fd = (bits: Uint8Array) => simulate(new FollowDiscard({ randomized: false, eager: false }), { trace, k, bits });
  const before = truth.slice();
  before.fill(0, Math.min(split, n));
  const after = truth.slice();
  after.fill(0, 0, Math.min(split, n));
  const opt = belady(trace, k).faults;
  const lru = simulate(new LRU(), { trace, k });
  let truthOnes = 0;
  for (let t = 0; t < n; t++) truthOnes += truth[t];
  return {
    k,
    requests: n,
    cold: trace.nPages,
    opt,
    lru,
    lruCapacity: lru - trace.nPages,
    optCapacity: opt - trace.nPages,
    truthOnes,
    followDiscardZeroBits: fd(new Uint8Array(n)),
    followDiscardTruthBefore: fd(before),
    followDiscardTruthAfter: fd(after),
    split,
  };
}

export interface SingleBitProbe {
  /** A1 faults with all-zero bits (= LRU). */
  baseline: number;
  probed: number;
  /** A1 fault count → how many probed positions gave it. */
  histogram: Record<number, number>;
  /** Positions whose single 1-bit lowered the fault count, in order. */
  helpful: { t: number; page: number; faults: number }[];
  /** How many probed positions raised it. */
  harmful: number;
}

/** A1 with one 1-bit at each of `positions` in turn (see the module doc); `page` is the original id. */
export function singleBitProbe(trace: Trace, k: number, positions: Iterable<number>): SingleBitProbe {
  const n = trace.pages.length;
  const bits = new Uint8Array(n);
  const a1 = () => simulate(new FollowDiscard({ randomized: false, eager: false }), { trace, k, bits });
  const baseline = a1();
  const histogram: Record<number, number> = {};
  const helpful: SingleBitProbe['helpful'] = [];
  let probed = 0;
  let harmful = 0;
  for (const t of positions) {
    if (!Number.isInteger(t) || t < 0 || t >= n) throw new ConfigError('positions', t, `expected integers in [0, ${n})`);
    bits[t] = 1;
    const faults = a1();
    bits[t] = 0;
    probed++;
    histogram[faults] = (histogram[faults] ?? 0) + 1;
    if (faults < baseline) helpful.push({ t, page: trace.ids[trace.pages[t]], faults });
    else if (faults > baseline) harmful++;
  }
  return { baseline, probed, histogram, helpful, harmful };
}

export interface KeptGaps {
  /** Longest reuse gap (requests) across which OPT keeps the page. */
  longest: number;
  /** Kept reuses with gap > each threshold. */
  over: Record<number, number>;
}

/** Reuse gaps t → next[t] with truth bit 0 (OPT keeps the page), by length. */
export function keptGaps(trace: Trace, truth: Uint8Array, thresholds: readonly number[], next: Int32Array = nextArrivals(trace)): KeptGaps {
  const n = trace.pages.length;
  const over: Record<number, number> = Object.fromEntries(thresholds.map((x) => [x, 0]));
  let longest = 0;
  for (let t = 0; t < n; t++) {
    if (truth[t] !== 0 || next[t] >= n) continue;
    const gap = next[t] - t;
    if (gap > longest) longest = gap;
    for (const x of thresholds) if (gap > x) over[x]++;
  }
  return { longest, over };
}

const log2Bucket = (x: number) => (x <= 0 ? 0 : 1 + Math.min(30, Math.floor(Math.log2(x))));
const CELLS = 2 * 32 * 32 * 32 * 3;

/** Feature cell of each request (see the module doc); `lastBit(t, p)` is p's last revealed bit or 2. */
function cellOf(first: number, recency: number, freq: number, prevGap: number, lastBit: number): number {
  return (((first * 32 + log2Bucket(recency)) * 32 + log2Bucket(freq)) * 32 + log2Bucket(prevGap)) * 3 + lastBit;
}

/**
 * The optimistic delayed-label learner: bit[t] = [ones(c) / (count(c) + 1) > tau] for t's cell c,
 * where the counts cover requests u ≤ t − delay with their *true* bits. Bit t depends on truth only
 * through truth[0 .. t − delay].
 */
export function delayedTruthBits(trace: Trace, truth: Uint8Array, delay: number, tau: number): Uint8Array {
  return cellLearner(trace, delay, tau, (u) => ({ label: truth[u], at: u + delay }));
}

/**
 * The causal counterpart of `delayedTruthBits`: label y_u = [no request of u's page in (u, u + delay]],
 * revealed at the reuse if it comes within `delay`, else at u + delay. Uses only the past.
 */
export function windowLabelBits(trace: Trace, delay: number, tau: number, next: Int32Array = nextArrivals(trace)): Uint8Array {
  return cellLearner(trace, delay, tau, (u) => (next[u] - u <= delay ? { label: 0, at: next[u] } : { label: 1, at: u + delay }));
}

/** Tabular learner over `cellOf` cells; `reveal(u)` gives u's label and the time (> u) it becomes known. */
function cellLearner(trace: Trace, delay: number, tau: number, reveal: (u: number) => { label: number; at: number }): Uint8Array {
  if (!Number.isInteger(delay) || delay < 1) throw new ConfigError('delay', delay, 'expected an integer ≥ 1 (the bit of u is revealed after u)');
  if (!(tau >= 0 && tau < 1)) throw new ConfigError('tau', tau, 'expected 0 ≤ tau < 1');
  const { pages, nPages } = trace;
  const n = pages.length;
  const last = new Int32Array(nPages).fill(-1);
  const prevGap = new Int32Array(nPages).fill(-1);
  const freq = new Int32Array(nPages);
  const cell = new Int32Array(n);
  const ones = new Float64Array(CELLS);
  const count = new Float64Array(CELLS);
  const bits = new Uint8Array(n);
  const label = new Int8Array(n);
  // due[t] = first request revealed at t, chained through link[] (each u is revealed exactly once)
  const due = new Int32Array(n + 1).fill(-1);
  const link = new Int32Array(n).fill(-1);
  const known = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    for (let u = due[t]; u >= 0; u = link[u]) {
      ones[cell[u]] += label[u];
      count[cell[u]]++;
      known[u] = 1;
    }
    const p = pages[t];
    const u = last[p];
    const lastBit = u >= 0 && known[u] === 1 ? label[u] : 2;
    const c = cellOf(u < 0 ? 1 : 0, u < 0 ? 0 : t - u, freq[p], prevGap[p], lastBit);
    cell[t] = c;
    bits[t] = ones[c] / (count[c] + 1) > tau ? 1 : 0;
    const r = reveal(t);
    label[t] = r.label;
    if (r.at < n) {
      link[t] = due[r.at];
      due[r.at] = t;
    }
    if (u >= 0) prevGap[p] = t - u;
    last[p] = t;
    freq[p]++;
  }
  return bits;
}
