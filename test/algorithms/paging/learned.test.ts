import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { DEFAULT_GENERATOR, generateTrace } from '../../../envs/paging/generator.js';
import { bitErrors, discardBits, phaseBits } from '../../../envs/paging/oracles.js';
import { compactTrace, parseTrace } from '../../../envs/paging/trace.js';
import { LRU } from '../../../algorithms/paging/classic.js';
import { LEARNED_FEATURES, OnlineLogistic, learnedBits, pretrainedWeights } from '../../../algorithms/paging/learned.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { FollowDiscard } from '../../../algorithms/paging/predictions.js';
import { simulate } from '../../../algorithms/paging/simulator.js';

/** Hits of the optimal policy that may bypass (not load) a faulting page, by exhaustive search. */
function optBypassHits(pages: Int32Array, k: number): number {
  const memo = new Map<string, number>();
  const go = (t: number, cache: number): number => {
    if (t === pages.length) return 0;
    const key = `${t}:${cache}`;
    const m = memo.get(key);
    if (m !== undefined) return m;
    const bit = 1 << pages[t];
    let best: number;
    if (cache & bit) best = 1 + go(t + 1, cache);
    else {
      best = go(t + 1, cache); // bypass
      let size = 0;
      for (let c = cache; c; c &= c - 1) size++;
      if (size < k) best = Math.max(best, go(t + 1, cache | bit));
      else for (let c = cache; c; c &= c - 1) best = Math.max(best, go(t + 1, (cache & ~(c & -c)) | bit));
    }
    memo.set(key, best);
    return best;
  };
  return go(0, 0);
}

describe('OPTgen labels', () => {
  it('with a window covering the trace, the number of "keep" labels equals the hits of OPT with bypass', () => {
    const rng = createRng('optgen');
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(rng() * 3);
      const n = 2 + Math.floor(rng() * 11);
      const raw = Array.from({ length: n }, () => Math.floor(rng() * (2 + Math.floor(rng() * 4))));
      const tr = compactTrace(raw);
      const { labels } = learnedBits(tr, k, { windowFactor: 100 });
      const keeps = labels.reduce((a, b) => a + (b === 0 ? 1 : 0), 0);
      expect(keeps, `trace ${raw} k=${k}`).toBe(optBypassHits(tr.pages, k));
    }
  });

  it('phase labels equal the ground-truth phase bits wherever they resolved', () => {
    const tr = compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'phases', length: 3000, pages: 40, workingSet: 10, phaseLength: 100 }, createRng(2)));
    const truth = phaseBits(tr, 6);
    const { labels } = learnedBits(tr, 6, { target: 'phase' });
    let resolved = 0;
    labels.forEach((l, t) => {
      if (l >= 0) {
        resolved++;
        expect(l).toBe(truth[t]);
      }
    });
    expect(resolved).toBeGreaterThan(2500);
  });
});

describe('OnlineLogistic', () => {
  it('one SGD step equals −lr × the finite-difference gradient of the log loss', () => {
    const rng = createRng('fd');
    const d = LEARNED_FEATURES;
    const m = new OnlineLogistic(d, 0.1, 0);
    for (let i = 0; i < d; i++) m.w[i] = rng() - 0.5;
    const x = Float64Array.from({ length: d }, () => rng() * 2 - 1);
    const y = 1;
    const loss = (w: Float64Array) => {
      let z = 0;
      for (let i = 0; i < d; i++) z += w[i] * x[i];
      return -Math.log(1 / (1 + Math.exp(-z)));
    };
    const w0 = Float64Array.from(m.w);
    const grad = Array.from({ length: d }, (_, i) => {
      const a = Float64Array.from(w0);
      const b = Float64Array.from(w0);
      a[i] += 1e-6;
      b[i] -= 1e-6;
      return (loss(a) - loss(b)) / 2e-6;
    });
    m.update(x, 0, y);
    for (let i = 0; i < d; i++) expect(m.w[i]).toBeCloseTo(w0[i] - 0.1 * grad[i], 6);
  });
});

describe('learned predictor', () => {
  it('is online: bits of a prefix do not change when the trace is extended', () => {
    const raw = generateTrace({ ...DEFAULT_GENERATOR, kind: 'scan', length: 4000, pages: 80, workingSet: 12 }, createRng(3));
    const full = learnedBits(compactTrace(raw), 8).bits;
    const prefix = learnedBits(compactTrace(raw.subarray(0, 2500)), 8).bits;
    // compaction of the prefix may renumber pages, but features do not depend on page ids
    expect(Array.from(prefix)).toEqual(Array.from(full.subarray(0, 2500)));
  });

  it('A1 with learned bits beats LRU on a scan-heavy synthetic trace, and the bits agree with the truth mostly', () => {
    const tr = compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'scan', length: 30000, pages: 400, workingSet: 24, phaseLength: 200, zipfAlpha: 0.8 }, createRng(4)));
    const k = 16;
    const { bits } = learnedBits(tr, k);
    const a1 = simulate(new FollowDiscard(), { trace: tr, k, bits });
    const lru = simulate(new LRU(), { trace: tr, k });
    expect(a1).toBeLessThan(0.95 * lru);
    const e = bitErrors(bits, discardBits(tr, k));
    expect(e.total / tr.pages.length).toBeLessThan(0.25);
  });

  const SORT = resolve(process.cwd(), '../shared/data/paging/lackey-sort.txt.gz');
  it.skipIf(!existsSync(SORT))('A1 with learned bits beats LRU on the first 300k requests of the real sort trace (k = 16)', () => {
    const raw = parseTrace(gunzipSync(readFileSync(SORT)).toString('utf8'), 'sort');
    const tr = compactTrace(raw.subarray(0, 300_000));
    const k = 16;
    const a1 = simulate(new FollowDiscard(), { trace: tr, k, bits: learnedBits(tr, k).bits });
    expect(a1).toBeLessThan(simulate(new LRU(), { trace: tr, k }));
  });

  it('initialWeights sets the first prediction (hand-worked), and bad weights are a ConfigError', () => {
    // first request: x = [1, 1, 1, log1p(0)/8 = 0, 1, 0.5, 0.5, 0, 0]; z = w·x
    const tr = compactTrace([5, 6, 5]);
    const w = [-1, 0.5, 0.25, 9, 0, 0.4, 0, 9, 9]; // z = −1 + 0.5 + 0.25 + 0.2 = −0.05 → bit 0
    expect(learnedBits(tr, 1, { initialWeights: w }).bits[0]).toBe(0);
    w[2] = 0.35; // z = +0.05 → bit 1
    expect(learnedBits(tr, 1, { initialWeights: w }).bits[0]).toBe(1);
    expect(() => learnedBits(tr, 1, { initialWeights: [1, 2] })).toThrow(ConfigError);
    expect(() => learnedBits(tr, 1, { initialWeights: [NaN, 0, 0, 0, 0, 0, 0, 0, 0] })).toThrow(ConfigError);
  });

  it('scan flags: a request gets flag 1 exactly when an address neighbour started a run within 2 (16) requests after its own run started', () => {
    // weights read one flag only (bias −10, flag weight 20) and a negligible learning rate: bits = that flag
    const ids = [1, 100, 1, 100, 1, 99, 100, 1, 99, 1, 100];
    const tr = compactTrace(ids);
    const flag = (j: number) => {
      const w = new Array<number>(LEARNED_FEATURES).fill(0);
      w[0] = -10;
      w[7 + j] = 20;
      return Array.from(learnedBits(tr, 2, { initialWeights: w, learningRate: 1e-300, l2: 0 }).bits);
    };
    // 99's run starts at t = 5; page 100 (run since t = 1) is requested 1 and 5 requests later
    expect(flag(0)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(flag(1)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('pretrainedWeights chains the online learner over the given traces in order', () => {
    const gen = (seed: number) => compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'scan', length: 3000, pages: 60, workingSet: 10 }, createRng(seed)));
    const [a, b] = [gen(11), gen(12)];
    const wa = learnedBits(a, 8).weights;
    expect(pretrainedWeights([a, b], 8)).toEqual(learnedBits(b, 8, { initialWeights: wa }).weights);
    expect(pretrainedWeights([], 8)).toBeNull();
  });
});
