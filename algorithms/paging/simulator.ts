/**
 * Fast array-based paging simulation, independent of the Env class.
 *
 * A `PagingPolicy` only chooses victims; `CacheSim` owns the cache (slot → page, page → slot)
 * and calls the policy's hooks once per request, in order:
 *   hit(t, s)      — r_t was found in slot s;
 *   victim(t)      — r_t faulted with a full cache: return the slot to evict;
 *   load(t, s)     — r_t was loaded into slot s (a free slot or the victim's).
 * `hit` and `load` return true to drop the page right after serving it (eager policies); the slot
 * becomes free. Free slots are reused lowest-first, exactly as `PagingEnv` fills them, so a policy
 * driven through the env (see agents.ts) sees the same slots.
 */
import { ConfigError, InvalidActionError } from '../../envs/core/errors.js';
import { createRng, type Rng, type Seed } from '../../envs/core/rng.js';
import type { Trace } from '../../envs/paging/types.js';

/** What a policy may read. Arrays are owned by the simulator; policies must not write them. */
export interface PagingContext {
  k: number;
  trace: Trace;
  /** cache[s] = dense page in slot s, or -1. */
  cache: Int32Array;
  /** slotOf[p] = slot of page p, or -1. */
  slotOf: Int32Array;
  /** The policy's own generator. */
  rng: Rng;
  /** One-bit predictions per request (discard or phase bits), if any. */
  bits: Uint8Array | null;
  /** True next arrivals (n = never), for offline policies. */
  next: Int32Array | null;
  /** Predicted next-arrival times per request, for next-arrival policies. */
  predictedNext: Float64Array | null;
}

export interface PagingPolicy {
  readonly name: string;
  reset(ctx: PagingContext): void;
  hit(t: number, s: number): boolean;
  victim(t: number): number;
  load(t: number, s: number): boolean;
  /** Marking policies: whether slot s is marked (for invariant tests). */
  marked?(s: number): boolean;
}

/** Inputs of one simulation. */
export interface PagingInput {
  trace: Trace;
  k: number;
  bits?: Uint8Array | null;
  next?: Int32Array | null;
  predictedNext?: Float64Array | null;
  /** Seed of the policy's generator (randomised policies). */
  seed?: Seed;
}

/** Steps a policy request by request. */
export class CacheSim {
  readonly cache: Int32Array;
  readonly slotOf: Int32Array;
  readonly ctx: PagingContext;
  faults = 0;
  /** Slot chosen by the last `victim` call (-1 before any). */
  lastVictim = -1;
  private readonly free: Int32Array;
  private nFree: number;

  constructor(
    readonly policy: PagingPolicy,
    input: PagingInput,
  ) {
    const { k, trace } = input;
    if (!Number.isInteger(k) || k <= 0) throw new ConfigError('k', k, 'cache size must be a positive integer');
    this.cache = new Int32Array(k).fill(-1);
    this.slotOf = new Int32Array(trace.nPages).fill(-1);
    this.free = Int32Array.from({ length: k }, (_, i) => k - 1 - i);
    this.nFree = k;
    this.ctx = {
      k,
      trace,
      cache: this.cache,
      slotOf: this.slotOf,
      rng: createRng(input.seed ?? 0),
      bits: input.bits ?? null,
      next: input.next ?? null,
      predictedNext: input.predictedNext ?? null,
    };
    policy.reset(this.ctx);
  }

  /** Serves request t; returns true on a fault. */
  serve(t: number): boolean {
    const p = this.ctx.trace.pages[t];
    let s = this.slotOf[p];
    if (s >= 0) {
      if (this.policy.hit(t, s)) this.drop(s);
      return false;
    }
    this.faults++;
    if (this.nFree > 0) {
      s = this.free[--this.nFree];
    } else {
      s = this.lastVictim = this.policy.victim(t);
      if (!(s >= 0 && s < this.cache.length && Number.isInteger(s))) {
        throw new InvalidActionError(`slots 0..${this.cache.length - 1}`, s, `(victim chosen by ${this.policy.name}) is not a cached slot of`);
      }
      this.slotOf[this.cache[s]] = -1;
    }
    this.cache[s] = p;
    this.slotOf[p] = s;
    if (this.policy.load(t, s)) this.drop(s);
    return true;
  }

  private drop(s: number): void {
    this.slotOf[this.cache[s]] = -1;
    this.cache[s] = -1;
    // keep the free stack lowest-first on top
    let i = this.nFree++;
    while (i > 0 && this.free[i - 1] < s) {
      this.free[i] = this.free[i - 1];
      i--;
    }
    this.free[i] = s;
  }
}

/** Runs `policy` over the whole trace; returns the number of faults (cold misses included). */
export function simulate(policy: PagingPolicy, input: PagingInput): number {
  const sim = new CacheSim(policy, input);
  const n = input.trace.pages.length;
  for (let t = 0; t < n; t++) sim.serve(t);
  return sim.faults;
}

/** H_k = 1 + 1/2 + … + 1/k. */
export function harmonic(k: number): number {
  let h = 0;
  for (let i = 1; i <= k; i++) h += 1 / i;
  return h;
}

/** Index of the r-th (0-based) slot with flag set, scanning 0..k-1. */
export function nthSet(flags: Uint8Array, want: number, r: number): number {
  for (let s = 0; s < flags.length; s++) if (flags[s] === want && r-- === 0) return s;
  return -1;
}

/** Index of the smallest entry (the first on ties): the victim of LRU (last use) and FIFO (load time). */
export function argmin(xs: Float64Array): number {
  let best = 0;
  let min = xs[0];
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    if (x < min) {
      min = x;
      best = i;
    }
  }
  return best;
}

/** Uniformly random slot among those with flags[s] === want (or -1 if none). */
export function randomWhere(flags: Uint8Array, want: number, rng: Rng): number {
  let count = 0;
  for (let s = 0; s < flags.length; s++) if (flags[s] === want) count++;
  if (count === 0) return -1;
  return nthSet(flags, want, Math.floor(rng() * count));
}
