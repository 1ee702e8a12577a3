import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../envs/core/rng.js';
import { generateTrace, DEFAULT_GENERATOR } from '../../../envs/paging/generator.js';
import {
  belady,
  bitErrors,
  discardBits,
  flipBits,
  nextArrivals,
  phaseBits,
  phasePartition,
  predictedNextArrivals,
} from '../../../envs/paging/oracles.js';
import { compactTrace } from '../../../envs/paging/trace.js';
import type { Trace, TraceKind } from '../../../envs/paging/types.js';
import { FIFO, LFU, LRU, Marker, OPT, OPTMarking, RandomEvict } from '../../../algorithms/paging/classic.js';
import { DeterministicCombiner, RandomizedCombiner } from '../../../algorithms/paging/combiners.js';
import {
  FollowDiscard,
  FollowPrediction,
  LMarker,
  MarkAndPredict,
  PredictiveMarker,
} from '../../../algorithms/paging/predictions.js';
import { CacheSim, harmonic, simulate, type PagingInput, type PagingPolicy } from '../../../algorithms/paging/simulator.js';

const SPEC_TRACE = compactTrace([1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]);
const CYCLIC = compactTrace([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);

/** Random traces from several families, small enough for many trials. */
function randomTraces(seed: string, count: number): { trace: Trace; k: number }[] {
  const rng = createRng(seed);
  const kinds: TraceKind[] = ['uniform', 'zipf', 'loop', 'scan', 'phases'];
  const out: { trace: Trace; k: number }[] = [];
  for (let i = 0; i < count; i++) {
    const k = 2 + Math.floor(rng() * 7);
    const pages = k + 1 + Math.floor(rng() * 3 * k);
    const kind = kinds[i % kinds.length];
    const raw = generateTrace(
      { ...DEFAULT_GENERATOR, kind, length: 300 + Math.floor(rng() * 300), pages, loopLength: Math.min(pages, k + 1 + Math.floor(rng() * 3)), workingSet: Math.min(pages, k + 2), phaseLength: 40 },
      rng,
    );
    out.push({ trace: compactTrace(raw), k });
  }
  return out;
}

/** Wraps a policy and checks invariants on every request (spec test 9). */
class Checked implements PagingPolicy {
  readonly name: string;
  evictedMarked = 0;
  private ctx!: CacheSim['ctx'];
  constructor(readonly inner: PagingPolicy) {
    this.name = inner.name;
  }
  reset(ctx: CacheSim['ctx']): void {
    this.ctx = ctx;
    this.inner.reset(ctx);
  }
  hit(t: number, s: number): boolean {
    return this.inner.hit(t, s);
  }
  load(t: number, s: number): boolean {
    return this.inner.load(t, s);
  }
  victim(t: number): number {
    const s = this.inner.victim(t);
    if (this.inner.marked?.(s)) this.evictedMarked++;
    expect(this.ctx.cache[s]).toBeGreaterThanOrEqual(0);
    return s;
  }
}

function run(policy: PagingPolicy, input: PagingInput): number {
  return simulate(policy, input);
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('classical policies, spec test 2 (hand-checked counts)', () => {
  it('k = 3: FIFO 9, LRU 10, OPT 7; k = 4: FIFO 10 (Belady anomaly), LRU 8, OPT 6', () => {
    expect(run(new FIFO(), { trace: SPEC_TRACE, k: 3 })).toBe(9);
    expect(run(new LRU(), { trace: SPEC_TRACE, k: 3 })).toBe(10);
    expect(run(new OPT(), { trace: SPEC_TRACE, k: 3 })).toBe(7);
    expect(run(new FIFO(), { trace: SPEC_TRACE, k: 4 })).toBe(10);
    expect(run(new LRU(), { trace: SPEC_TRACE, k: 4 })).toBe(8);
    expect(run(new OPT(), { trace: SPEC_TRACE, k: 4 })).toBe(6);
  });

  it('cyclic (1,2,3,4)x3 with k = 3: LRU = FIFO = 12, OPT = 6', () => {
    expect(run(new LRU(), { trace: CYCLIC, k: 3 })).toBe(12);
    expect(run(new FIFO(), { trace: CYCLIC, k: 3 })).toBe(12);
    expect(run(new OPT(), { trace: CYCLIC, k: 3 })).toBe(6);
  });

  it('LFU keeps the frequent page: 1,1,1,2,3,1,2,3 with k = 2 faults 5 (LRU faults 6)', () => {
    const tr = compactTrace([1, 1, 1, 2, 3, 1, 2, 3]);
    expect(run(new LFU(), { trace: tr, k: 2 })).toBe(5);
    expect(run(new LRU(), { trace: tr, k: 2 })).toBe(6);
  });

  it('OPT policy replays Belady exactly and lower-bounds every policy on random traces', () => {
    for (const { trace, k } of randomTraces('opt-lb', 40)) {
      const opt = belady(trace, k).faults;
      expect(run(new OPT(), { trace, k })).toBe(opt);
      for (const p of [new LRU(), new FIFO(), new LFU(), new RandomEvict(), new Marker(), new OPTMarking()]) {
        expect(run(p, { trace, k, seed: 3 })).toBeGreaterThanOrEqual(opt);
      }
    }
  });

  it('randomised policies are reproducible per seed', () => {
    const { trace, k } = randomTraces('seed', 1)[0];
    expect(run(new Marker(), { trace, k, seed: 5 })).toBe(run(new Marker(), { trace, k, seed: 5 }));
    expect(run(new RandomEvict(), { trace, k, seed: 5 })).toBe(run(new RandomEvict(), { trace, k, seed: 5 }));
  });
});

describe('spec test 9: invariants', () => {
  it('marking policies never evict a marked page; every policy keeps ≤ k pages and holds the request', () => {
    for (const { trace, k } of randomTraces('inv', 10)) {
      const next = nextArrivals(trace);
      const bits = discardBits(trace, k);
      const pbits = phaseBits(trace, k);
      const predictedNext = predictedNextArrivals(next, 5, createRng(1));
      const policies: [PagingPolicy, Uint8Array | null, boolean][] = [
        [new Marker(), null, true],
        [new OPTMarking(), null, true],
        [new MarkAndPredict(), flipBits(pbits, 0.2, createRng(2)), true],
        [new PredictiveMarker(), null, true],
        [new LMarker(), null, true],
        [new FollowDiscard({ randomized: true, eager: false }), flipBits(bits, 0.2, createRng(3)), false],
        [new LRU(), null, false],
        [new FollowPrediction(), null, false],
      ];
      for (const [inner, b, marking] of policies) {
        const checked = new Checked(inner);
        const sim = new CacheSim(checked, { trace, k, bits: b, next, predictedNext, seed: 9 });
        for (let t = 0; t < trace.pages.length; t++) {
          sim.serve(t);
          let size = 0;
          for (const p of sim.cache) if (p >= 0) size++;
          expect(size).toBeLessThanOrEqual(k);
          expect(sim.slotOf[trace.pages[t]]).toBeGreaterThanOrEqual(0);
        }
        if (marking) expect(checked.evictedMarked, inner.name).toBe(0);
      }
    }
  });
});

describe('FollowDiscard (A1)', () => {
  const variants = [
    { randomized: false, eager: false },
    { randomized: true, eager: false },
    { randomized: false, eager: true },
    { randomized: true, eager: true },
  ];

  it('spec test 4: perfect discard bits cost exactly OPT (lazy/eager, det/rand, any seed)', () => {
    for (const { trace, k } of randomTraces('perfect', 60)) {
      const sched = belady(trace, k);
      const bits = discardBits(trace, k, sched);
      for (const v of variants) {
        for (const seed of [1, 2, 3]) expect(run(new FollowDiscard(v), { trace, k, bits, seed })).toBe(sched.faults);
      }
    }
  });

  it('spec test 5: flipped bits respect cost ≤ OPT + (k−1)η_keep + η_evict (det), OPT + 2H_k η_keep + η_evict (rand mean)', () => {
    const rng = createRng('noisy');
    let checked = 0;
    for (const { trace, k } of randomTraces('noisy', 30)) {
      const sched = belady(trace, k);
      const truth = discardBits(trace, k, sched);
      for (const rate of [0.05, 0.2, 0.5]) {
        const bits = flipBits(truth, rate, rng);
        const e = bitErrors(bits, truth);
        const opt = sched.faults;
        expect(run(new FollowDiscard({ randomized: false, eager: false }), { trace, k, bits })).toBeLessThanOrEqual(opt + (k - 1) * e.falseZero + e.falseOne);
        expect(run(new FollowDiscard({ randomized: false, eager: true }), { trace, k, bits })).toBeLessThanOrEqual(opt + (k - 1) * e.falseZero + e.falseOne);
        const rnd = mean([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run(new FollowDiscard({ randomized: true, eager: false }), { trace, k, bits, seed })));
        expect(rnd).toBeLessThanOrEqual(opt + 2 * harmonic(k) * e.falseZero + e.falseOne);
        checked++;
      }
    }
    expect(checked).toBe(90);
  });

  it('spec test 6: all-0 predictions make it a marking algorithm: ≤ k faults per k-phase', () => {
    for (const { trace, k } of randomTraces('zeros', 30)) {
      const bits = new Uint8Array(trace.pages.length);
      const part = phasePartition(trace, k);
      for (const v of variants.filter((x) => !x.eager)) {
        const sim = new CacheSim(new FollowDiscard(v), { trace, k, bits, seed: 4 });
        const perPhase = new Array<number>(part.starts.length).fill(0);
        for (let t = 0; t < trace.pages.length; t++) if (sim.serve(t)) perPhase[part.phase[t]]++;
        expect(Math.max(...perPhase)).toBeLessThanOrEqual(k);
      }
    }
  });
});

describe('MARK&PREDICT (A2)', () => {
  it('spec test 7: perfect phase bits cost exactly Σm_i for every seed, and Σm_i ≤ 2·OPT + k', () => {
    for (const { trace, k } of randomTraces('phase-perfect', 40)) {
      const part = phasePartition(trace, k);
      const bits = phaseBits(trace, k, part);
      for (const seed of [1, 2, 3, 4]) expect(run(new MarkAndPredict(), { trace, k, bits, seed })).toBe(part.totalNew);
      expect(part.totalNew).toBeLessThanOrEqual(2 * belady(trace, k).faults + k);
    }
  });

  it('noisy phase bits still cost at most H_k-robust Marker-like amounts (≤ 2H_k·Σm_i in seed-mean)', () => {
    const rng = createRng('ap-noise');
    for (const { trace, k } of randomTraces('phase-noise', 20)) {
      const part = phasePartition(trace, k);
      const bits = flipBits(phaseBits(trace, k, part), 0.5, rng);
      const m = mean([1, 2, 3, 4, 5, 6].map((seed) => run(new MarkAndPredict(), { trace, k, bits, seed })));
      expect(m).toBeLessThanOrEqual(2 * harmonic(k) * part.totalNew);
    }
  });
});

describe('Marker, spec test 11', () => {
  it('seed-mean ≤ 2H_k·Σm_i on random traces', () => {
    for (const { trace, k } of randomTraces('marker', 30)) {
      const part = phasePartition(trace, k);
      const m = mean([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run(new Marker(), { trace, k, seed })));
      expect(m).toBeLessThanOrEqual(2 * harmonic(k) * part.totalNew);
      expect(m).toBeGreaterThanOrEqual(part.totalNew); // every new page of a phase faults
    }
  });
});

describe('next-arrival baselines, spec test 10', () => {
  it('FtP with σ = 0 costs exactly OPT; L&V σ = 0 seed-mean ≤ 2·OPT + k; LMarker is a valid marker', () => {
    for (const { trace, k } of randomTraces('ftp', 40)) {
      const next = nextArrivals(trace);
      const opt = belady(trace, k, next).faults;
      const predictedNext = predictedNextArrivals(next, 0, createRng(0));
      expect(run(new FollowPrediction(), { trace, k, predictedNext })).toBe(opt);
      const lv = mean([1, 2, 3, 4, 5].map((seed) => run(new PredictiveMarker(), { trace, k, predictedNext, seed })));
      expect(lv).toBeLessThanOrEqual(2 * opt + k);
      const part = phasePartition(trace, k);
      expect(run(new LMarker(), { trace, k, predictedNext, seed: 1 })).toBeGreaterThanOrEqual(part.totalNew);
    }
  });

  it('noisier predictions make FtP worse on average (σ = 0 < σ = 200)', () => {
    let good = 0;
    let bad = 0;
    for (const { trace, k } of randomTraces('ftp-noise', 20)) {
      const next = nextArrivals(trace);
      good += run(new FollowPrediction(), { trace, k, predictedNext: predictedNextArrivals(next, 0, createRng(1)) });
      bad += run(new FollowPrediction(), { trace, k, predictedNext: predictedNextArrivals(next, 200, createRng(1)) });
    }
    expect(good).toBeLessThan(bad);
  });
});

describe('evaluate (catalog)', () => {
  it('flipType one-to-zero only creates false 0s (η_keep), zero-to-one only false 1s (η_evict)', async () => {
    const { evaluate } = await import('../../../algorithms/paging/catalog.js');
    const { trace, k } = randomTraces('catalog', 1)[0];
    const keep = evaluate(trace, k, { flipRate: 0.3, flipType: 'one-to-zero', algorithms: ['FollowDiscardDet'] });
    expect(keep.errors['discard:oracle-bits'].falseOne).toBe(0);
    expect(keep.errors['discard:oracle-bits'].falseZero).toBeGreaterThan(0);
    const evict = evaluate(trace, k, { flipRate: 0.3, flipType: 'zero-to-one', algorithms: ['FollowDiscardDet'] });
    expect(evict.errors['discard:oracle-bits'].falseZero).toBe(0);
    expect(evict.errors['discard:oracle-bits'].falseOne).toBeGreaterThan(0);
    expect(keep.algorithms.FollowDiscardDet.faults).toBeGreaterThan(keep.opt);
  });
});

describe('combiners', () => {
  function setup(rng: Rng) {
    const k = 8;
    const trace = compactTrace(generateTrace({ ...DEFAULT_GENERATOR, kind: 'phases', length: 4000, pages: 60, workingSet: 10, phaseLength: 200 }, rng));
    const next = nextArrivals(trace);
    return { trace, k, next, opt: belady(trace, k, next).faults };
  }

  it('with perfect predictions the combiners stay close to FtP = OPT; with garbage they stay close to Marker', () => {
    const { trace, k, next, opt } = setup(createRng('comb'));
    const perfect = predictedNextArrivals(next, 0, createRng(1));
    // adversarial predictions: the reverse of the truth, so FtP evicts the page needed soonest
    const garbage = Float64Array.from(perfect, (v) => -v);
    const marker = mean([1, 2, 3].map((seed) => run(new Marker(), { trace, k, seed })));
    const ftpBad = run(new FollowPrediction(), { trace, k, predictedNext: garbage });
    expect(ftpBad).toBeGreaterThan(2 * marker); // the component really is bad
    const make = () => [new FollowPrediction(), new Marker()];
    for (const Comb of [DeterministicCombiner, RandomizedCombiner]) {
      const good = mean([1, 2, 3].map((seed) => run(new Comb(make), { trace, k, predictedNext: perfect, seed })));
      const bad = mean([1, 2, 3].map((seed) => run(new Comb(make), { trace, k, predictedNext: garbage, seed })));
      expect(good).toBeLessThanOrEqual(1.2 * opt);
      expect(bad).toBeLessThanOrEqual(1.5 * marker);
    }
  });
});
