import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import {
  belady,
  bitErrors,
  discardBits,
  flipBits,
  flipBitsByType,
  nextArrivals,
  phaseBits,
  phasePartition,
  predictedNextArrivals,
} from '../../../envs/paging/oracles.js';
import { compactTrace } from '../../../envs/paging/trace.js';

const SPEC_TRACE = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];

/** Exact optimum by exhaustive search over eviction choices (memoised on (t, cache set)). */
function bruteForceOpt(pages: Int32Array, k: number): number {
  const memo = new Map<string, number>();
  const go = (t: number, cache: number): number => {
    if (t === pages.length) return 0;
    const key = `${t}:${cache}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const bit = 1 << pages[t];
    let best: number;
    if (cache & bit) best = go(t + 1, cache);
    else {
      let size = 0;
      for (let c = cache; c; c &= c - 1) size++;
      if (size < k) best = 1 + go(t + 1, cache | bit);
      else {
        best = Infinity;
        for (let c = cache; c; c &= c - 1) {
          const q = c & -c;
          best = Math.min(best, 1 + go(t + 1, (cache & ~q) | bit));
        }
      }
    }
    memo.set(key, best);
    return best;
  };
  return go(0, 0);
}

describe('nextArrivals', () => {
  it('points to the next request of the same page, n when none', () => {
    const tr = compactTrace([7, 3, 7, 7, 3, 9]);
    expect(Array.from(nextArrivals(tr))).toEqual([2, 4, 3, 6, 6, 6]);
  });
});

describe('belady (LFD)', () => {
  it('matches the spec trace: OPT 7 with k = 3, 6 with k = 4; cyclic (1,2,3,4)x3 with k = 3 gives 6', () => {
    const tr = compactTrace(SPEC_TRACE);
    expect(belady(tr, 3).faults).toBe(7);
    expect(belady(tr, 4).faults).toBe(6);
    expect(belady(compactTrace([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]), 3).faults).toBe(6);
  });

  it('equals the exhaustive optimum on random traces with ≤ 5 pages, k ≤ 3, n ≤ 12', () => {
    const rng = createRng('opt-brute');
    for (let trial = 0; trial < 600; trial++) {
      const nPages = 2 + Math.floor(rng() * 4);
      const n = 1 + Math.floor(rng() * 12);
      const k = 1 + Math.floor(rng() * 3);
      const raw = Array.from({ length: n }, () => Math.floor(rng() * nPages));
      const tr = compactTrace(raw);
      expect(belady(tr, k).faults, `trace ${raw} k=${k}`).toBe(bruteForceOpt(tr.pages, k));
    }
  });

  it('equals the exhaustive optimum on every trace of length 7 over 4 pages (k = 2, 3)', () => {
    for (let code = 0; code < 4 ** 7; code++) {
      const raw: number[] = [];
      for (let c = code, i = 0; i < 7; i++, c = Math.floor(c / 4)) raw.push(c % 4);
      const tr = compactTrace(raw);
      for (const k of [2, 3]) expect(belady(tr, k).faults).toBe(bruteForceOpt(tr.pages, k));
    }
  });

  it('evicts only cached pages and loads every fault (schedule replay)', () => {
    const rng = createRng('replay');
    const raw = Array.from({ length: 2000 }, () => Math.floor(rng() * 40));
    const tr = compactTrace(raw);
    const k = 8;
    const { faults, evicted } = belady(tr, k);
    const cached = new Set<number>();
    let replayFaults = 0;
    for (let t = 0; t < raw.length; t++) {
      const p = tr.pages[t];
      if (cached.has(p)) {
        expect(evicted[t]).toBe(-1);
        continue;
      }
      replayFaults++;
      if (cached.size === k) {
        expect(cached.has(evicted[t])).toBe(true);
        cached.delete(evicted[t]);
      } else expect(evicted[t]).toBe(-1);
      cached.add(p);
    }
    expect(replayFaults).toBe(faults);
  });
});

describe('discardBits', () => {
  it('spec test 3: 1 exactly at positions {2,3,7,8} for the spec trace with k = 3', () => {
    const bits = discardBits(compactTrace(SPEC_TRACE), 3);
    expect([...bits.keys()].filter((t) => bits[t] === 1)).toEqual([2, 3, 7, 8]);
  });

  it('number of 1-bits equals the number of LFD evictions', () => {
    const rng = createRng('d');
    const tr = compactTrace(Array.from({ length: 3000 }, () => Math.floor(rng() * 30)));
    const sched = belady(tr, 6);
    const ones = discardBits(tr, 6, sched).reduce((a, b) => a + b, 0);
    expect(ones).toBe(sched.evicted.filter((e) => e >= 0).length);
  });
});

describe('phasePartition / phaseBits', () => {
  it('spec test 8: k = 2, trace 1,2,1,3,3,1,2 has phases {1,2},{3,1},{2} and Σm = 4', () => {
    const part = phasePartition(compactTrace([1, 2, 1, 3, 3, 1, 2]), 2);
    expect(part.starts).toEqual([0, 3, 6]);
    expect(Array.from(part.phase)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(part.newPages).toEqual([2, 1, 1]);
    expect(part.totalNew).toBe(4);
  });

  it('phase bit = page requested in the next phase (brute-force check on random traces)', () => {
    const rng = createRng('phase');
    for (let trial = 0; trial < 50; trial++) {
      const raw = Array.from({ length: 200 }, () => Math.floor(rng() * 12));
      const tr = compactTrace(raw);
      const k = 2 + Math.floor(rng() * 5);
      const part = phasePartition(tr, k);
      const bits = phaseBits(tr, k, part);
      const sets = part.starts.map(() => new Set<number>());
      tr.pages.forEach((p, t) => sets[part.phase[t]].add(p));
      for (const s of sets.slice(0, -1)) expect(s.size).toBe(k);
      tr.pages.forEach((p, t) => {
        const nextSet = sets[part.phase[t] + 1];
        expect(bits[t]).toBe(nextSet !== undefined && nextSet.has(p) ? 1 : 0);
      });
    }
  });
});

describe('error models', () => {
  it('spec test 13: falseZero + falseOne = Hamming distance, and flips hit the requested rate', () => {
    const rng = createRng('flip');
    const truth = Uint8Array.from({ length: 20000 }, () => (rng() < 0.3 ? 1 : 0));
    const pred = flipBits(truth, 0.2, rng);
    const e = bitErrors(pred, truth);
    let hamming = 0;
    for (let i = 0; i < truth.length; i++) if (pred[i] !== truth[i]) hamming++;
    expect(e.falseZero + e.falseOne).toBe(hamming);
    expect(e.total).toBe(hamming);
    expect(hamming / truth.length).toBeGreaterThan(0.18);
    expect(hamming / truth.length).toBeLessThan(0.22);
  });

  it('flipBitsByType only flips the chosen direction', () => {
    const rng = createRng('type');
    const truth = Uint8Array.from({ length: 5000 }, () => (rng() < 0.5 ? 1 : 0));
    const e = bitErrors(flipBitsByType(truth, 0.3, 0, rng), truth);
    expect(e.falseZero).toBe(0);
    expect(e.falseOne).toBeGreaterThan(0);
  });

  it('σ = 0 next-arrival predictions keep the true order', () => {
    const tr = compactTrace([1, 2, 1, 3, 2, 1]);
    const next = nextArrivals(tr);
    const pred = predictedNextArrivals(next, 0, createRng(1));
    expect(Array.from(pred)).toEqual(Array.from(next, (v) => (v < 6 ? v : 6e4) + 1));
  });
});
