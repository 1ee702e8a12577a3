/**
 * Every paging algorithm of the suite by name, with the predictions it uses, and `evaluate`, which
 * runs a selection of them on one trace (the experiment and the trace mode use it).
 *
 * `uses`: `none` (classical), `oracle-bits` (ground-truth discard/phase bits, optionally flipped),
 * `learned-bits` (bits from `learnedBits`, no oracle: `+learned` learns online from scratch,
 * `+pretrained` starts from weights learned on other traces, `EvaluateOptions.pretrainOn`, and
 * runs only when such traces are given), `oracle-next-arrival` (true next arrivals plus
 * lognormal(0, σ) noise; σ = 0 is the perfect oracle).
 * Combiners: `RobustFtP` = Rnd(FtP, Marker) with ε = 0.5 and `BlindOracleD` = Det(FtP, LRU) with
 * γ = 0.01 (ACEPS names); `Robust*` discard/phase variants combine with Marker (randomised, ε = 0.5)
 * or LRU (deterministic, γ = 0.01) in the same way.
 */
import { createRng } from '../../envs/core/rng.js';
import {
  belady,
  bitErrors,
  discardBits,
  flipBitsByType,
  nextArrivals,
  phaseBits,
  phasePartition,
  predictedNextArrivals,
} from '../../envs/paging/oracles.js';
import type { BitErrors, Trace } from '../../envs/paging/types.js';
import { FIFO, LFU, LRU, Marker, OPT, OPTMarking, RandomEvict } from './classic.js';
import { DeterministicCombiner, RandomizedCombiner } from './combiners.js';
import { learnedBits, pretrainedWeights, type LearnedPredictorConfig } from './learned.js';
import { FollowDiscard, FollowPrediction, LMarker, MarkAndPredict, PredictiveMarker } from './predictions.js';
import { simulate, type PagingPolicy } from './simulator.js';

export type FlipType = 'both' | 'zero-to-one' | 'one-to-zero';
export const FLIP_TYPES: readonly FlipType[] = ['both', 'zero-to-one', 'one-to-zero'];

export type PredictionUse = 'none' | 'oracle-bits' | 'learned-bits' | 'oracle-next-arrival';
/** Which input a policy reads. */
export type PredictionInput = 'none' | 'discard' | 'phase' | 'next';

export interface AlgorithmEntry {
  name: string;
  uses: PredictionUse;
  input: PredictionInput;
  /** Randomised: evaluated as the mean over seeds. */
  randomized: boolean;
  /** Learned bits start from weights pretrained on `EvaluateOptions.pretrainOn`. */
  pretrained?: boolean;
  make(): PagingPolicy;
}

const fd = (randomized: boolean) => new FollowDiscard({ randomized, eager: false });

function entries(): AlgorithmEntry[] {
  const list: AlgorithmEntry[] = [
    { name: 'LRU', uses: 'none', input: 'none', randomized: false, make: () => new LRU() },
    { name: 'FIFO', uses: 'none', input: 'none', randomized: false, make: () => new FIFO() },
    { name: 'LFU', uses: 'none', input: 'none', randomized: false, make: () => new LFU() },
    { name: 'Random', uses: 'none', input: 'none', randomized: true, make: () => new RandomEvict() },
    { name: 'Marker', uses: 'none', input: 'none', randomized: true, make: () => new Marker() },
    { name: 'OPTMarking', uses: 'oracle-next-arrival', input: 'next', randomized: false, make: () => new OPTMarking() },
    { name: 'FtP', uses: 'oracle-next-arrival', input: 'next', randomized: false, make: () => new FollowPrediction() },
    { name: 'PredictiveMarker', uses: 'oracle-next-arrival', input: 'next', randomized: true, make: () => new PredictiveMarker() },
    { name: 'LMarker', uses: 'oracle-next-arrival', input: 'next', randomized: true, make: () => new LMarker() },
    { name: 'RobustFtP', uses: 'oracle-next-arrival', input: 'next', randomized: true, make: () => new RandomizedCombiner(() => [new FollowPrediction(), new Marker()], 0.5, 'RobustFtP') },
    { name: 'BlindOracleD', uses: 'oracle-next-arrival', input: 'next', randomized: false, make: () => new DeterministicCombiner(() => [new FollowPrediction(), new LRU()], 0.01, 'BlindOracleD') },
  ];
  const bitUsers = [
    ['oracle-bits', '', false],
    ['learned-bits', '+learned', false],
    ['learned-bits', '+pretrained', true],
  ] as const;
  for (const [uses, suffix, pretrained] of bitUsers) {
    list.push(
      { name: `FollowDiscardDet${suffix}`, uses, input: 'discard', randomized: false, pretrained, make: () => fd(false) },
      { name: `FollowDiscardRnd${suffix}`, uses, input: 'discard', randomized: true, pretrained, make: () => fd(true) },
      { name: `RobustDiscardDet${suffix}`, uses, input: 'discard', randomized: false, pretrained, make: () => new DeterministicCombiner(() => [fd(false), new LRU()], 0.01) },
      { name: `RobustDiscardRnd${suffix}`, uses, input: 'discard', randomized: true, pretrained, make: () => new RandomizedCombiner(() => [fd(true), new Marker()], 0.5) },
      { name: `MarkAndPredict${suffix}`, uses, input: 'phase', randomized: true, pretrained, make: () => new MarkAndPredict() },
      { name: `RobustMarkAndPredict${suffix}`, uses, input: 'phase', randomized: true, pretrained, make: () => new RandomizedCombiner(() => [new MarkAndPredict(), new Marker()], 0.5) },
    );
  }
  return list;
}

/** All algorithms (OPT itself is the reference and is not listed). */
export const PAGING_ALGORITHMS: readonly AlgorithmEntry[] = entries();

export interface EvaluateOptions {
  /** Names to run (default: all). */
  algorithms?: readonly string[];
  /** Probability of flipping each oracle bit. */
  flipRate?: number;
  /** Which bits `flipRate` flips: all, only 0-bits (→ false 1s), or only 1-bits (→ false 0s). */
  flipType?: FlipType;
  /** σ of the lognormal noise on next-arrival predictions. */
  sigma?: number;
  /** Seeds averaged for randomised algorithms. */
  seeds?: number;
  /** Seed of the noise and of the randomised algorithms. */
  seed?: number;
  /** Learned-predictor settings. */
  learned?: Partial<LearnedPredictorConfig>;
  /** Traces the `+pretrained` predictors learn on first (same k); without them those entries are skipped. */
  pretrainOn?: readonly Trace[];
}

export interface AlgorithmResult {
  faults: number;
  ratio: number;
  uses: PredictionUse;
}

export interface Evaluation {
  k: number;
  requests: number;
  opt: number;
  /** Σ m_i of the k-phase partition. */
  phaseNew: number;
  algorithms: Record<string, AlgorithmResult>;
  /** Error counts of the bits each input used (oracle after flips; learned vs the truth). */
  errors: Record<string, BitErrors>;
}

/** Runs the chosen algorithms on one trace and returns faults and ratios to OPT. */
export function evaluate(trace: Trace, k: number, options: EvaluateOptions = {}): Evaluation {
  const seed = options.seed ?? 0;
  const seeds = options.seeds ?? 5;
  const pretrainOn = options.pretrainOn ?? [];
  const wanted = (options.algorithms === undefined ? PAGING_ALGORITHMS : PAGING_ALGORITHMS.filter((a) => options.algorithms?.includes(a.name))).filter(
    (a) => a.pretrained !== true || pretrainOn.length > 0,
  );
  const next = nextArrivals(trace);
  const schedule = belady(trace, k, next);
  const opt = schedule.faults;
  const partition = phasePartition(trace, k);
  const noise = createRng(`${seed}:noise`);
  const cache = new Map<string, Uint8Array | Float64Array>();
  const errors: Record<string, BitErrors> = {};
  const truth = { discard: () => discardBits(trace, k, schedule), phase: () => phaseBits(trace, k, partition) };
  const learnedConfig = (target: 'discard' | 'phase') => ({ ...options.learned, target });
  const inputFor = (e: AlgorithmEntry): { bits: Uint8Array | null; predictedNext: Float64Array | null } => {
    if (e.input === 'none') return { bits: null, predictedNext: null };
    const tag = e.pretrained === true ? ':pretrained' : '';
    const key = `${e.uses}:${e.input}${tag}`;
    let v = cache.get(key);
    if (v === undefined) {
      if (e.input === 'next') v = predictedNextArrivals(next, options.sigma ?? 0, noise);
      else {
        const t = truth[e.input]();
        const rate = options.flipRate ?? 0;
        const type = options.flipType ?? 'both';
        const b =
          e.uses === 'learned-bits'
            ? learnedBits(trace, k, e.pretrained === true ? { ...learnedConfig(e.input), initialWeights: pretrainedWeights(pretrainOn, k, learnedConfig(e.input)) } : learnedConfig(e.input)).bits
            : rate > 0
              ? flipBitsByType(t, type === 'one-to-zero' ? 0 : rate, type === 'zero-to-one' ? 0 : rate, noise)
              : t;
        errors[`${e.input}:${e.uses}${tag}`] = bitErrors(b, t);
        v = b;
      }
      cache.set(key, v);
    }
    return e.input === 'next' ? { bits: null, predictedNext: v as Float64Array } : { bits: v as Uint8Array, predictedNext: null };
  };
  const algorithms: Record<string, AlgorithmResult> = {};
  for (const e of wanted) {
    const { bits, predictedNext } = inputFor(e);
    const runs = e.randomized ? seeds : 1;
    let total = 0;
    for (let r = 0; r < runs; r++) total += simulate(e.make(), { trace, k, bits, next, predictedNext, seed: `${seed}:${e.name}:${r}` });
    const faults = total / runs;
    algorithms[e.name] = { faults, ratio: opt > 0 ? faults / opt : 1, uses: e.uses };
  }
  return { k, requests: trace.pages.length, opt, phaseNew: partition.totalNew, algorithms, errors };
}

/** OPT's fault count, exposed for callers that need only the reference. */
export function optFaults(trace: Trace, k: number): number {
  return simulate(new OPT(), { trace, k });
}
