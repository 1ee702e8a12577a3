/**
 * Learning-augmented paging policies.
 *
 * One-bit predictions (spec paging.md §b, our reconstruction of Antoniadis et al. 2023):
 * - `FollowDiscard` (A1 ≈ MARK0), discard bits (1 = safe to discard). On a fault with a full cache:
 *   evict the LRU page among those whose latest bit is 1; otherwise fall back to marking (clear
 *   marks if all are marked; evict the LRU unmarked page, or a uniform one when `randomized`).
 *   After serving p with bit b: b = 0 marks p, b = 1 unmarks it. `eager` drops p right after
 *   serving it when b = 1 (the third-party MARK0), `lazy` (default) keeps it until a fault needs room.
 * - `MarkAndPredict` (A2), phase bits (1 = needed next phase): a marking policy that evicts uniformly
 *   among unmarked pages whose latest bit is 0, else uniformly among all unmarked pages.
 *
 * Next-arrival predictions (ctx.predictedNext, one predicted time per request):
 * - `FollowPrediction` (FtP / BlindOracle, Wei 2020): evict the page predicted farthest.
 * - `PredictiveMarker` (Lykouris & Vassilvitskii): marking with eviction chains; clean faults start
 *   a chain and evict the farthest-predicted unmarked page; a stale page's fault extends its chain,
 *   and once the chain is longer than H_k the victim is uniform among unmarked pages.
 * - `LMarker` (Rohatgi): stale faults evict a uniform unmarked page, clean faults the
 *   farthest-predicted unmarked page.
 * Ties in "farthest" are broken by smallest page id, as in Belady, so σ = 0 predictions make FtP = OPT.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { MarkingPolicy } from './classic.js';
import { harmonic, randomWhere, type PagingContext, type PagingPolicy } from './simulator.js';

export interface FollowDiscardConfig {
  /** Fallback when no cached page has bit 1: uniform random unmarked page (true) or LRU unmarked (false). */
  randomized: boolean;
  /** Drop a page right after serving it when its bit is 1 (third-party MARK0) instead of waiting for a fault. */
  eager: boolean;
}

/** A1: follow the discard bits, with a marking fallback. */
export class FollowDiscard implements PagingPolicy {
  readonly name: string;
  private ctx!: PagingContext;
  private bits: Uint8Array = new Uint8Array(0);
  private slotBit: Uint8Array = new Uint8Array(0);
  private marks: Uint8Array = new Uint8Array(0);
  private lastUse: Float64Array = new Float64Array(0);

  constructor(readonly config: FollowDiscardConfig = { randomized: false, eager: false }) {
    this.name = `FollowDiscard${config.randomized ? 'Rnd' : 'Det'}${config.eager ? 'Eager' : ''}`;
  }

  reset(ctx: PagingContext): void {
    if (ctx.bits === null) throw new ConfigError('bits', null, `${this.name} needs discard bits`);
    this.ctx = ctx;
    this.bits = ctx.bits;
    this.slotBit = new Uint8Array(ctx.k);
    this.marks = new Uint8Array(ctx.k);
    this.lastUse = new Float64Array(ctx.k);
  }
  hit(t: number, s: number): boolean {
    return this.serve(t, s);
  }
  load(t: number, s: number): boolean {
    return this.serve(t, s);
  }
  victim(): number {
    const k = this.ctx.k;
    let best = -1;
    for (let s = 0; s < k; s++) if (this.slotBit[s] === 1 && (best < 0 || this.lastUse[s] < this.lastUse[best])) best = s;
    if (best >= 0) return best;
    if (this.marks.indexOf(0) < 0) this.marks.fill(0);
    if (this.config.randomized) return randomWhere(this.marks, 0, this.ctx.rng);
    for (let s = 0; s < k; s++) if (this.marks[s] === 0 && (best < 0 || this.lastUse[s] < this.lastUse[best])) best = s;
    return best;
  }
  marked(s: number): boolean {
    return this.marks[s] === 1;
  }
  private serve(t: number, s: number): boolean {
    const b = this.bits[t];
    this.slotBit[s] = b;
    this.marks[s] = b === 0 ? 1 : 0;
    this.lastUse[s] = t;
    return this.config.eager && b === 1;
  }
}

/** A2: MARK&PREDICT with phase bits. */
export class MarkAndPredict extends MarkingPolicy {
  readonly name = 'MarkAndPredict';
  private bits: Uint8Array = new Uint8Array(0);
  private slotBit: Uint8Array = new Uint8Array(0);
  private candidates: Uint8Array = new Uint8Array(0);

  override reset(ctx: PagingContext): void {
    if (ctx.bits === null) throw new ConfigError('bits', null, 'MarkAndPredict needs phase bits');
    super.reset(ctx);
    this.bits = ctx.bits;
    this.slotBit = new Uint8Array(ctx.k);
    this.candidates = new Uint8Array(ctx.k);
  }
  protected override onServe(t: number, s: number): void {
    this.slotBit[s] = this.bits[t];
  }
  protected chooseUnmarked(): number {
    for (let s = 0; s < this.candidates.length; s++) this.candidates[s] = this.marks[s] === 0 && this.slotBit[s] === 0 ? 1 : 0;
    const c = randomWhere(this.candidates, 1, this.ctx.rng);
    return c >= 0 ? c : randomWhere(this.marks, 0, this.ctx.rng);
  }
}

/** Predicted-next key of a request: predicted time, ties (equal times) broken toward smaller page ids. */
function needPredictions(ctx: PagingContext, name: string): Float64Array {
  if (ctx.predictedNext === null) throw new ConfigError('predictedNext', null, `${name} needs next-arrival predictions`);
  return ctx.predictedNext;
}

/** Index of the slot with the largest prediction among `eligible` (all when null); ties → smaller page id. */
function farthestPredicted(pred: Float64Array, cache: Int32Array, marks: Uint8Array | null): number {
  let best = -1;
  for (let s = 0; s < cache.length; s++) {
    if (marks !== null && marks[s] !== 0) continue;
    if (best < 0 || pred[s] > pred[best] || (pred[s] === pred[best] && cache[s] < cache[best])) best = s;
  }
  return best;
}

/** FtP / BlindOracle: evict the page whose predicted next request is farthest. */
export class FollowPrediction implements PagingPolicy {
  readonly name = 'FtP';
  private ctx!: PagingContext;
  private predicted: Float64Array = new Float64Array(0);
  private pred: Float64Array = new Float64Array(0);

  reset(ctx: PagingContext): void {
    this.predicted = needPredictions(ctx, this.name);
    this.ctx = ctx;
    this.pred = new Float64Array(ctx.k);
  }
  hit(t: number, s: number): boolean {
    this.pred[s] = this.predicted[t];
    return false;
  }
  load(t: number, s: number): boolean {
    this.pred[s] = this.predicted[t];
    return false;
  }
  victim(): number {
    return farthestPredicted(this.pred, this.ctx.cache, null);
  }
}

/**
 * Shared machinery of L&V's Predictive Marker and Rohatgi's LMarker: a marking policy that knows
 * which pages are stale (requested in the previous phase) and tracks eviction chains.
 */
abstract class ChainMarker extends MarkingPolicy {
  protected predicted: Float64Array = new Float64Array(0);
  protected pred: Float64Array = new Float64Array(0);
  /** Last phase in which each page was requested (-2 never). */
  private requestedIn: Int32Array = new Int32Array(0);
  /** chainOf[p] = chain that evicted p in phase `evictedIn[p]`. */
  private chainOf: Int32Array = new Int32Array(0);
  private evictedIn: Int32Array = new Int32Array(0);
  private chainLen: number[] = [];

  override reset(ctx: PagingContext): void {
    this.predicted = needPredictions(ctx, this.name);
    super.reset(ctx);
    this.pred = new Float64Array(ctx.k);
    this.requestedIn = new Int32Array(ctx.trace.nPages).fill(-2);
    this.chainOf = new Int32Array(ctx.trace.nPages);
    this.evictedIn = new Int32Array(ctx.trace.nPages).fill(-1);
    this.chainLen = [];
  }
  protected override onServe(t: number, s: number): void {
    this.pred[s] = this.predicted[t];
    this.requestedIn[this.ctx.trace.pages[t]] = this.phase;
  }
  protected override onNewPhase(): void {
    this.chainLen = [];
  }
  protected chooseUnmarked(t: number): number {
    const p = this.ctx.trace.pages[t];
    const stale = this.requestedIn[p] === this.phase - 1 && this.evictedIn[p] === this.phase;
    let chain: number;
    if (stale) {
      chain = this.chainOf[p];
      this.chainLen[chain]++;
    } else {
      chain = this.chainLen.length;
      this.chainLen.push(1);
    }
    const victim = this.pick(stale, this.chainLen[chain]);
    const q = this.ctx.cache[victim];
    this.chainOf[q] = chain;
    this.evictedIn[q] = this.phase;
    return victim;
  }
  protected farthestUnmarked(): number {
    return farthestPredicted(this.pred, this.ctx.cache, this.marks);
  }
  protected randomUnmarked(): number {
    return randomWhere(this.marks, 0, this.ctx.rng);
  }
  protected abstract pick(stale: boolean, chainLength: number): number;
}

/** Predictive Marker (Lykouris & Vassilvitskii 2018). */
export class PredictiveMarker extends ChainMarker {
  readonly name = 'PredictiveMarker';
  private hk = 1;
  override reset(ctx: PagingContext): void {
    super.reset(ctx);
    this.hk = harmonic(ctx.k);
  }
  protected pick(stale: boolean, chainLength: number): number {
    return !stale || chainLength <= this.hk ? this.farthestUnmarked() : this.randomUnmarked();
  }
}

/** LMarker (Rohatgi 2020). */
export class LMarker extends ChainMarker {
  readonly name = 'LMarker';
  protected pick(stale: boolean): number {
    return stale ? this.randomUnmarked() : this.farthestUnmarked();
  }
}
