/**
 * Classical paging policies: LRU, FIFO, LFU, Random, Marker, OPT (Belady/LFD) and OPT-Marking.
 *
 * Each is a `PagingPolicy` (see simulator.ts). Victim selection is an O(k) scan over slots except
 * OPT, which replays the O(n log k) schedule from `belady` in envs/paging/oracles.ts.
 * Conventions: LFU counts every request to a page since the start (not only while cached) and breaks
 * ties by LRU; Marker evicts a uniform unmarked page and clears the marks when all are marked;
 * OPT-Marking evicts the unmarked page requested farthest in the future (∞ ties: smallest page id).
 */
import { randomInt, type Rng } from '../../envs/core/rng.js';
import { belady, nextArrivals } from '../../envs/paging/oracles.js';
import type { PagingContext, PagingPolicy } from './simulator.js';
import { argmin, randomWhere } from './simulator.js';

/** Least recently used. */
export class LRU implements PagingPolicy {
  readonly name = 'LRU';
  private lastUse: Float64Array = new Float64Array(0);

  reset(ctx: PagingContext): void {
    this.lastUse = new Float64Array(ctx.k);
  }
  hit(t: number, s: number): boolean {
    this.lastUse[s] = t;
    return false;
  }
  victim(): number {
    return argmin(this.lastUse);
  }
  load(t: number, s: number): boolean {
    this.lastUse[s] = t;
    return false;
  }
}

/** First in, first out (hits do not refresh). */
export class FIFO implements PagingPolicy {
  readonly name = 'FIFO';
  private loadTime: Float64Array = new Float64Array(0);

  reset(ctx: PagingContext): void {
    this.loadTime = new Float64Array(ctx.k);
  }
  hit(): boolean {
    return false;
  }
  victim(): number {
    return argmin(this.loadTime);
  }
  load(t: number, s: number): boolean {
    this.loadTime[s] = t;
    return false;
  }
}

/** Least frequently used (whole-history counts), LRU among ties. */
export class LFU implements PagingPolicy {
  readonly name = 'LFU';
  private freq: Float64Array = new Float64Array(0);
  private lastUse: Float64Array = new Float64Array(0);
  private ctx!: PagingContext;

  reset(ctx: PagingContext): void {
    this.ctx = ctx;
    this.freq = new Float64Array(ctx.trace.nPages);
    this.lastUse = new Float64Array(ctx.k);
  }
  hit(t: number, s: number): boolean {
    this.freq[this.ctx.trace.pages[t]]++;
    this.lastUse[s] = t;
    return false;
  }
  victim(): number {
    const { cache } = this.ctx;
    let best = 0;
    for (let s = 1; s < cache.length; s++) {
      const f = this.freq[cache[s]];
      const fb = this.freq[cache[best]];
      if (f < fb || (f === fb && this.lastUse[s] < this.lastUse[best])) best = s;
    }
    return best;
  }
  load(t: number, s: number): boolean {
    return this.hit(t, s);
  }
}

/** Uniformly random victim. */
export class RandomEvict implements PagingPolicy {
  readonly name = 'Random';
  private rng!: Rng;
  private k = 0;

  reset(ctx: PagingContext): void {
    this.rng = ctx.rng;
    this.k = ctx.k;
  }
  hit(): boolean {
    return false;
  }
  victim(): number {
    return randomInt(this.rng, this.k);
  }
  load(): boolean {
    return false;
  }
}

/**
 * Shared state of marking policies: a mark per slot, cleared when a fault finds every page marked
 * (a new phase). Subclasses choose among the unmarked slots.
 */
export abstract class MarkingPolicy implements PagingPolicy {
  abstract readonly name: string;
  protected ctx!: PagingContext;
  protected marks: Uint8Array = new Uint8Array(0);
  /** Phase counter (0-based); increments when a fault finds every cached page marked. */
  protected phase = 0;

  reset(ctx: PagingContext): void {
    this.ctx = ctx;
    this.marks = new Uint8Array(ctx.k);
    this.phase = 0;
  }
  hit(t: number, s: number): boolean {
    this.marks[s] = 1;
    this.onServe(t, s);
    return false;
  }
  load(t: number, s: number): boolean {
    this.marks[s] = 1;
    this.onServe(t, s);
    return false;
  }
  victim(t: number): number {
    if (this.marks.indexOf(0) < 0) {
      this.marks.fill(0);
      this.phase++;
      this.onNewPhase();
    }
    return this.chooseUnmarked(t);
  }
  marked(s: number): boolean {
    return this.marks[s] === 1;
  }
  /** Per-request bookkeeping after serving r_t in slot s. */
  protected onServe(_t: number, _s: number): void {}
  protected onNewPhase(): void {}
  protected abstract chooseUnmarked(t: number): number;
}

/** Marker (Fiat et al. 1991): uniform random unmarked victim. */
export class Marker extends MarkingPolicy {
  readonly name = 'Marker';
  protected chooseUnmarked(): number {
    return randomWhere(this.marks, 0, this.ctx.rng);
  }
}

/** Belady / LFD: replays the offline optimal schedule (needs only the trace). */
export class OPT implements PagingPolicy {
  readonly name = 'OPT';
  private evicted: Int32Array = new Int32Array(0);
  private ctx!: PagingContext;

  reset(ctx: PagingContext): void {
    this.ctx = ctx;
    this.evicted = belady(ctx.trace, ctx.k, ctx.next ?? nextArrivals(ctx.trace)).evicted;
  }
  hit(): boolean {
    return false;
  }
  victim(t: number): number {
    return this.ctx.slotOf[this.evicted[t]];
  }
  load(): boolean {
    return false;
  }
}

/** Key of a next-arrival time for "farthest first": never-again pages rank by smallest page id. */
export function farthestKey(next: number, n: number, page: number, nPages: number): number {
  return next < n ? next : n + nPages - page;
}

/** OPT-Marking: a marking policy evicting the unmarked page with the farthest true next request. */
export class OPTMarking extends MarkingPolicy {
  readonly name = 'OPTMarking';
  private key: Float64Array = new Float64Array(0);
  private next: Int32Array = new Int32Array(0);

  override reset(ctx: PagingContext): void {
    super.reset(ctx);
    this.key = new Float64Array(ctx.k);
    this.next = ctx.next ?? nextArrivals(ctx.trace);
  }
  protected override onServe(t: number, s: number): void {
    const { trace } = this.ctx;
    this.key[s] = farthestKey(this.next[t], trace.pages.length, trace.pages[t], trace.nPages);
  }
  protected chooseUnmarked(): number {
    let best = -1;
    for (let s = 0; s < this.marks.length; s++) {
      if (this.marks[s] === 0 && (best < 0 || this.key[s] > this.key[best])) best = s;
    }
    return best;
  }
}
