/**
 * Index samplers: each writes `count` slot indices in `[0, size)` into a caller-owned Int32Array
 * (no allocation per call), and optionally importance weights into a Float64Array. One index list
 * is gathered from every agent's storage, so joint transitions stay aligned.
 *
 * - `UniformSampler`: i.i.d. uniform with replacement (MADDPG's `make_index`).
 * - `NeighbourSampler`: locality-aware sampling (Gogineni et al., arXiv 2305.13411; rule
 *   reconstructed in /work/shared/specs/locality-replay.md): A = ceil(B/L) anchors drawn uniformly,
 *   each followed by L−1 consecutive slots, truncated to B. Boundary policy `wrap` (slots mod size;
 *   marginally unbiased, the default) or `clamp` (run start = min(u, size−L); never crosses size−1,
 *   biased towards the top slots). L = 1 draws exactly the same stream as `UniformSampler`.
 * - `PrioritizedSampler`: proportional PER (sum tree + min tree), anchors ∝ p^α, optional
 *   neighbour runs as above, importance weights (size·P(j))^−β with P(j) the exact marginal
 *   probability of slot j appearing at a batch position.
 *
 * Design decisions:
 * - Runs are over *physical* slots. When the ring is full a run may step from the newest record
 *   to the oldest across the write head (spec §f.6 allows it; both records are valid data, only
 *   the temporal adjacency breaks there). Slots ≥ size are never produced, so runs never reach
 *   unwritten data. Runs also ignore episode boundaries; `terminated`/`truncated` flags mark them.
 * - PER anchors are i.i.d. draws (OpenAI baselines), not stratified segments (Schaul et al.), so
 *   marginals are exactly p^α/Σp^α and testable.
 * - PER weights are normalised by an upper bound on the weight of *any* slot, computed from the
 *   min tree: (size·P_lo)^−β with P_lo = p_min/Σ under `wrap` (a run's marginal is an average of L
 *   anchor probabilities, so ≥ p_min/Σ; for L = 1 this is exactly baselines' max weight) and
 *   P_lo = p_min/(L·Σ) under `clamp` (slot 0 is reached only from anchor 0). Weights are in (0, 1].
 */
import { ConfigError, EnvStateError } from '../../envs/core/errors.js';
import { createRng, type Rng, type Seed } from '../../envs/core/rng.js';
import { checkInt, type InsertObserver } from './ring.js';
import { SumTree } from './sumtree.js';

/** A sampler of slot indices. */
export interface IndexSampler {
  /**
   * Writes `count` (default `indices.length`) slot indices in `[0, size)` into `indices` and, if
   * given, their importance weights into `weights` (1 for non-prioritised samplers).
   */
  sample(size: number, indices: Int32Array, count?: number, weights?: Float64Array): void;
}

export type Boundary = 'wrap' | 'clamp';

/** Seed for a new generator, or an existing generator to draw from. */
export type RngSource = { seed: Seed } | { rng: Rng };

function rngOf(source: RngSource): Rng {
  return 'rng' in source ? source.rng : createRng(source.seed);
}

function checkSample(size: number, indices: Int32Array, count: number, weights: Float64Array | undefined): void {
  if (!Number.isInteger(size) || size < 0) throw new ConfigError('size', size, 'must be an integer ≥ 0');
  if (size === 0) throw new EnvStateError('cannot sample from an empty replay buffer');
  if (!Number.isInteger(count) || count < 0 || count > indices.length) {
    throw new ConfigError('count', count, `must be an integer in [0, ${indices.length}]`);
  }
  if (weights !== undefined && weights.length < count) {
    throw new ConfigError('weights', weights.length, `must have length ≥ count ${count}`);
  }
}

function checkBoundary(boundary: Boundary): Boundary {
  if (boundary !== 'wrap' && boundary !== 'clamp') {
    throw new ConfigError('boundary', boundary, 'must be "wrap" or "clamp"');
  }
  return boundary;
}

function checkClampSize(boundary: Boundary, size: number, runLength: number): void {
  if (boundary === 'clamp' && size < runLength) {
    throw new EnvStateError(`boundary "clamp" needs size ≥ runLength, but size = ${size} < runLength = ${runLength}`);
  }
}

/** Uniform sampling with replacement: the MADDPG baseline. */
export class UniformSampler implements IndexSampler {
  private readonly rng: Rng;

  constructor(source: RngSource) {
    this.rng = rngOf(source);
  }

  sample(size: number, indices: Int32Array, count = indices.length, weights?: Float64Array): void {
    checkSample(size, indices, count, weights);
    const rng = this.rng;
    for (let k = 0; k < count; k++) indices[k] = Math.floor(rng() * size);
    if (weights) weights.fill(1, 0, count);
  }
}

export interface NeighbourSamplerConfig {
  /** Run length L ≥ 1: each anchor is followed by L−1 consecutive slots. */
  runLength: number;
  /** Ring-boundary policy (default `wrap`, the unbiased one). */
  boundary?: Boundary;
}

/** Locality-aware sampling: uniform anchors, each followed by L−1 neighbours. */
export class NeighbourSampler implements IndexSampler {
  readonly runLength: number;
  readonly boundary: Boundary;
  private readonly rng: Rng;

  constructor(config: NeighbourSamplerConfig & RngSource) {
    this.runLength = checkInt('runLength', config.runLength, 1);
    this.boundary = checkBoundary(config.boundary ?? 'wrap');
    this.rng = rngOf(config);
  }

  sample(size: number, indices: Int32Array, count = indices.length, weights?: Float64Array): void {
    checkSample(size, indices, count, weights);
    const L = this.runLength;
    checkClampSize(this.boundary, size, L);
    const rng = this.rng;
    const maxStart = this.boundary === 'clamp' ? size - L : size - 1;
    let k = 0;
    while (k < count) {
      let u = Math.floor(rng() * size);
      if (u > maxStart) u = maxStart;
      const end = k + L < count ? k + L : count;
      while (k < end) {
        indices[k++] = u++;
        if (u === size) u = 0;
      }
    }
    if (weights) weights.fill(1, 0, count);
  }
}

export interface PrioritizedSamplerConfig {
  /** Number of slots (the buffer's capacity). */
  capacity: number;
  /** Priority exponent α ≥ 0 (0 = uniform anchors); default 0.6. */
  alpha?: number;
  /** Importance-sampling exponent β ∈ [0, 1] (1 = full correction); default 0.4; anneal via `beta`. */
  beta?: number;
  /** Neighbour run length L ≥ 1 (1 = plain PER); default 1. */
  runLength?: number;
  /** Ring-boundary policy for runs; default `wrap`. */
  boundary?: Boundary;
}

/**
 * Proportional prioritised replay over slots, with optional neighbour runs. Subscribe it to the
 * buffer (`buffer.subscribe(sampler)`) so that every new slot gets the current maximum priority.
 */
export class PrioritizedSampler implements IndexSampler, InsertObserver {
  readonly alpha: number;
  /** Importance-sampling exponent; may be annealed by the learner. */
  beta: number;
  readonly runLength: number;
  readonly boundary: Boundary;
  readonly tree: SumTree;
  /** Largest raw priority seen so far (before the α exponent); new slots get it. */
  maxPriority = 1;
  /** Number of slots inserted so far (slots fill in order 0, 1, …, so this is the valid size). */
  private filled = 0;
  private readonly rng: Rng;

  constructor(config: PrioritizedSamplerConfig & RngSource) {
    this.tree = new SumTree(checkInt('capacity', config.capacity, 1));
    this.alpha = config.alpha ?? 0.6;
    if (!(this.alpha >= 0 && this.alpha < Infinity)) throw new ConfigError('alpha', this.alpha, 'must be finite and ≥ 0');
    this.beta = config.beta ?? 0.4;
    if (!(this.beta >= 0 && this.beta <= 1)) throw new ConfigError('beta', this.beta, 'must be in [0, 1]');
    this.runLength = checkInt('runLength', config.runLength ?? 1, 1);
    this.boundary = checkBoundary(config.boundary ?? 'wrap');
    this.rng = rngOf(config);
  }

  /** Gives a newly written slot the maximum priority seen so far. */
  onInsert(slot: number): void {
    this.tree.set(slot, this.maxPriority ** this.alpha);
    if (slot + 1 > this.filled) this.filled = slot + 1;
  }

  /** Sets the raw priorities (e.g. |TD error| + ε, must be > 0) of `indices[0..count)`; later duplicates win. */
  update(indices: Int32Array, priorities: ArrayLike<number>, count = indices.length): void {
    for (let k = 0; k < count; k++) {
      const p = priorities[k];
      if (!(p > 0 && p < Infinity)) throw new ConfigError(`priorities[${k}]`, p, 'must be finite and > 0');
      const i = indices[k];
      if (i < 0 || i >= this.filled) throw new ConfigError(`indices[${k}]`, i, `is not an inserted slot [0, ${this.filled})`);
      this.tree.set(i, p ** this.alpha);
      if (p > this.maxPriority) this.maxPriority = p;
    }
  }

  sample(size: number, indices: Int32Array, count = indices.length, weights?: Float64Array): void {
    checkSample(size, indices, count, weights);
    if (size !== this.filled) {
      throw new EnvStateError(`sampler tracks ${this.filled} slots but size = ${size}; subscribe it to the buffer`);
    }
    const L = this.runLength;
    checkClampSize(this.boundary, size, L);
    const rng = this.rng;
    const tree = this.tree;
    const total = tree.total();
    const maxStart = this.boundary === 'clamp' ? size - L : size - 1;
    let k = 0;
    while (k < count) {
      let u = tree.find(rng() * total);
      if (u > maxStart) u = maxStart;
      const end = k + L < count ? k + L : count;
      while (k < end) {
        indices[k++] = u++;
        if (u === size) u = 0;
      }
    }
    if (!weights) return;
    const beta = this.beta;
    const pLo = this.boundary === 'clamp' ? tree.min() / (L * total) : tree.min() / total;
    const maxWeight = (size * pLo) ** -beta;
    for (let j = 0; j < count; j++) weights[j] = (size * this.marginal(indices[j], size)) ** -beta / maxWeight;
  }

  /**
   * Probability that one batch position holds slot `j` (size = number of valid slots):
   * (1/L)·Σ_{k<L} P(run start = j−k), with anchor probabilities p_i^α/Σ.
   */
  marginal(j: number, size: number): number {
    const tree = this.tree;
    const total = tree.total();
    const L = this.runLength;
    if (L === 1) return tree.get(j) / total;
    if (this.boundary === 'clamp') {
      const lo = j - L + 1 > 0 ? j - L + 1 : 0;
      const last = size - L;
      const hi = j < last ? j : last;
      if (hi < lo) return 0;
      let mass = tree.prefix(hi + 1) - tree.prefix(lo);
      if (hi === last) mass += total - tree.prefix(last + 1);
      return mass / (L * total);
    }
    // wrap: run starts j, j−1, …, j−L+1 (mod size); L ≥ size covers whole cycles.
    const cycles = Math.floor(L / size);
    const m = L - cycles * size;
    let mass = cycles * total;
    if (m > 0) {
      const lo = j - m + 1;
      mass += lo >= 0 ? tree.prefix(j + 1) - tree.prefix(lo) : tree.prefix(j + 1) + total - tree.prefix(size + lo);
    }
    return mass / (L * total);
  }
}
