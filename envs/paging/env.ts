/**
 * Paging-v0: online paging (caching) with optional one-bit predictions per request.
 *
 * Description: a cache of k slots starts empty; requests r_1..r_n arrive from a trace. A hit is
 *   free; a fault loads the page, and when the cache is full some page must be evicted first. The
 *   env serves hits and cold faults itself and asks the agent only for the victim on a fault with
 *   a full cache, so one step = one eviction decision (it fast-forwards between decisions).
 * Observation: `{ observation: { slots, request }, actionMask }`.
 *   - `slots`: Box([6, k]), feature-major (`slots[f * k + s]`, f from `SLOT`): original page id,
 *     recency (requests since the page's last request), age (requests since it was loaded),
 *     frequency (requests to the page so far), marked (1 if requested in the current k-phase),
 *     bit (prediction bit of the page's latest request; 0 when predictions are off).
 *   - `request`: Box(3) = [original page id of the faulting request, its prediction bit, t
 *     (0-based request index)]; after the last request it is [-1, 0, n].
 *   - `actionMask`: MultiBinary(k); every slot is legal at a decision (the cache is full).
 * Action: Discrete(k), the slot whose page is evicted. A slot outside 0..k-1 (i.e. a page that is not
 *   cached) is an `InvalidActionError`.
 * Reward: −(faults since the previous step), cold misses included; the first step also carries the
 *   faults before the first decision, so the return is exactly −(total faults).
 * Termination vs truncation: `terminated` when the trace is exhausted (finite horizon); never truncated.
 * Arguments: `k` (cache size); `source` (a synthetic family from generator.ts, or "trace" with
 *   `trace` = page ids); generator fields `length`, `pages`, `zipfAlpha`, `loopLength`,
 *   `workingSet`, `phaseLength`; `predictions` ("none" | "discard" | "phase": ground-truth bits from
 *   oracles.ts); `flipRate` (each bit flipped with this probability per episode). The class also takes
 *   `bits` (your own per-request bits, e.g. from a learned predictor) for a fixed `trace`;
 *   `copyObservation` (default true; false = view mode, below).
 * Synthetic traces are regenerated from the env's generator on every reset (same seed → same trace).
 * A trace whose distinct pages fit in the cache never needs a decision: that is a `ConfigError`.
 * Info: `faults` (total so far), `t`, `requests` (n); with bits also `bitErrors` (flips applied).
 * Observation storage (design choice, for speed): the env keeps the per-slot rows up to date as it
 *   serves requests (O(1) per request; the recency and age rows hold −(index of the last request)
 *   and −(index of the load)), and each observation copies them into fresh, never-rewritten views
 *   carved from a shared slab (`SlabAllocator`), so a decision costs one 6·k copy plus 2·k
 *   additions of t and no per-step `ArrayBuffer`. Holding one observation keeps its slab(s)
 *   (32 KiB, or one array if larger) alive, and `structuredClone` / `postMessage` copy the whole
 *   slab: copy the arrays out (`slice()`) to ship single observations; do not use `.buffer`.
 * View mode (`copyObservation: false`, opt-in; like `copy=False` of Gymnasium's vector envs): a
 *   decision costs O(1) instead of O(k). Every step and reset returns the SAME observation object,
 *   whose `slots` is the env's live internal row buffer, `request` and `actionMask` reused buffers:
 *   an observation is valid only until the next `step`/`reset`, which overwrite it (copy what you
 *   keep, e.g. for a replay buffer), and it is read-only (writing to `slots` corrupts the env). The
 *   recency and age rows are offset by −t: they hold −(index of the last request) and −(index of
 *   the load), i.e. the default features minus `request[2]`, so every comparison within a row (LRU =
 *   argmax recency, FIFO = argmax age) picks the same slot as the default mode; the other rows are
 *   identical. `rowOrigin(obs)` (t by default, 0 in view mode) turns either mode into request
 *   indices: last request = origin − recency row. (At a decision default recency and age are ≥ 1
 *   and view-mode ones ≤ 0, which is how `rowOrigin` tells the modes apart.) The observation space's
 *   recency/age bounds are [−∞, 0] in view mode. Fails checkEnv's obs-not-reused check by design.
 *
 * @example
 * const env = make('Paging-v0', { k: 8, source: 'zipf', pages: 32 });
 * let { obs } = env.reset({ seed: 1 });
 * const recency = obs.observation.slots.subarray(SLOT.recency * 8, SLOT.recency * 8 + 8);
 * env.step(recency.indexOf(Math.max(...recency))); // LRU (also right in view mode)
 */
import { BaseEnv, type Frame, type MaskedObs, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { SlabAllocator } from '../core/slab.js';
import { Box } from '../core/spaces/box.js';
import { Dict } from '../core/spaces/dict.js';
import { Discrete } from '../core/spaces/discrete.js';
import { MultiBinary } from '../core/spaces/multi-binary.js';
import { DEFAULT_GENERATOR, generateTrace, TRACE_KINDS, validateGenerator } from './generator.js';
import { belady, bitErrors, discardBits, flipBits, nextArrivals, phaseBits } from './oracles.js';
import { compactTrace } from './trace.js';
import type { BitErrors, GeneratorConfig, PredictionKind, Trace, TraceKind } from './types.js';

/** Row of each per-slot feature in `slots` (feature-major, k columns). */
export const SLOT = { page: 0, recency: 1, age: 2, frequency: 3, marked: 4, bit: 5 } as const;
export const SLOT_FEATURES = 6;

export interface PagingObservation {
  /** [6, k] feature-major per-slot features (see `SLOT`). */
  slots: Float64Array;
  /** [page id, bit, t] of the faulting request. */
  request: Float64Array;
}
export type PagingObs = MaskedObs<PagingObservation>;

/**
 * The request index the recency and age rows count back from: `request[2]` (= t) in the default
 * mode, 0 in view mode (`copyObservation: false`). In either mode, the last request to the page in
 * slot s is `origin − slots[SLOT.recency * k + s]` and its load `origin − slots[SLOT.age * k + s]`.
 */
export function rowOrigin(obs: PagingObs): number {
  const k = obs.actionMask.length;
  return obs.observation.slots[SLOT.recency * k] > 0 ? obs.observation.request[2] : 0;
}

/** Registry options (JSON values): the generator's fields (see `GeneratorConfig`) plus these. */
export type PagingOptions = Omit<GeneratorConfig, 'kind'> & {
  /** Cache size in pages (slots). */
  k: number;
  /** Synthetic trace family, or "trace" for the fixed `trace`. */
  source: TraceKind | 'trace';
  /** Page ids of a fixed trace (non-negative integers), or null. */
  trace: number[] | null;
  /** Ground-truth one-bit predictions shown with each request. */
  predictions: PredictionKind;
  /** Probability of flipping each bit, per episode. */
  flipRate: number;
  /**
   * True: every observation is a fresh copy (the Gymnasium contract). False: view mode, one reused
   * observation over the env's live buffers, valid until the next step, recency/age offset by −t.
   */
  copyObservation: boolean;
};

export const PAGING_DEFAULTS: PagingOptions = {
  k: 16,
  source: 'zipf',
  length: DEFAULT_GENERATOR.length,
  pages: DEFAULT_GENERATOR.pages,
  zipfAlpha: DEFAULT_GENERATOR.zipfAlpha,
  loopLength: DEFAULT_GENERATOR.loopLength,
  workingSet: DEFAULT_GENERATOR.workingSet,
  phaseLength: DEFAULT_GENERATOR.phaseLength,
  trace: null,
  predictions: 'discard',
  flipRate: 0,
  copyObservation: true,
};

/** Constructor options: registry options, or a ready trace (raw ids or compacted) and bits. */
export type PagingEnvOptions = Partial<Omit<PagingOptions, 'trace'>> & {
  trace?: ArrayLike<number> | Trace | null;
  /** Per-request bits to show instead of an oracle's (needs a fixed `trace`). */
  bits?: Uint8Array;
};

const PREDICTIONS: readonly PredictionKind[] = ['none', 'discard', 'phase'];

export class PagingEnv extends BaseEnv<PagingObs, number> {
  readonly observationSpace: Dict<{ observation: Dict<{ slots: Box; request: Box }>; actionMask: MultiBinary }>;
  readonly actionSpace: Discrete;
  readonly metadata = { renderFps: 30, reward: '-faults' };
  readonly k: number;

  private readonly generator: GeneratorConfig | null;
  private readonly fixedTrace: Trace | null;
  private readonly fixedBits: Uint8Array | null;
  private readonly predictions: PredictionKind;
  private readonly flipRate: number;
  /** The reused observation in view mode (`copyObservation: false`), else null. */
  private readonly view: PagingObs | null;

  // episode
  private trace: Trace = { pages: new Int32Array(0), ids: new Float64Array(0), nPages: 0 };
  private bits: Uint8Array = new Uint8Array(0);
  private errors: BitErrors | null = null;
  /** Index of the request being decided (n once the trace is exhausted). */
  private t = 0;
  /** Slots filled so far (cold faults fill slots 0, 1, …). */
  private used = 0;
  /** Faults so far, cold misses included. */
  private faults = 0;
  /** Faults already paid out as reward. */
  private reported = 0;
  /** Index of the current k-phase, and the distinct pages requested in it so far. */
  private phase = 0;
  private phaseDistinct = 0;
  // per slot
  /** Dense page id held by each slot (−1 = empty). */
  private cache: Int32Array;
  /**
   * The `slots` rows as of request `t`, except that the recency and age rows hold −(request index)
   * of the last request and of the load, which `observe` turns into `t −` them (view mode: as is).
   */
  private rows: Float64Array;
  /** Fresh observation arrays (32 KiB slabs measured fastest: 64 KiB and up paid page faults on every slab). */
  private readonly slab = new SlabAllocator(1 << 15);
  // per page
  /** Slot holding each page (−1 = not cached). */
  private slotOf = new Int32Array(0);
  /** Requests to each page so far. */
  private freq = new Float64Array(0);
  /** Last k-phase in which each page was requested (−1 = never). */
  private markedIn = new Int32Array(0);

  constructor(options: PagingEnvOptions = {}) {
    super();
    const o = { ...PAGING_DEFAULTS, ...options } as PagingOptions & PagingEnvOptions;
    if (!Number.isInteger(o.k) || o.k <= 0) throw new ConfigError('k', o.k, 'cache size must be a positive integer');
    this.k = o.k;
    if (!PREDICTIONS.includes(o.predictions)) throw new ConfigError('predictions', o.predictions, `expected one of ${PREDICTIONS.join(', ')}`);
    this.predictions = o.predictions;
    if (!(o.flipRate >= 0 && o.flipRate <= 1)) throw new ConfigError('flipRate', o.flipRate, 'expected a probability in [0, 1]');
    this.flipRate = o.flipRate;
    if (typeof o.copyObservation !== 'boolean') throw new ConfigError('copyObservation', o.copyObservation, 'expected true or false');
    const trace = options.trace ?? null;
    if (trace !== null) {
      this.fixedTrace = 'pages' in trace && 'ids' in trace ? (trace as Trace) : compactTrace(validIds(trace as ArrayLike<number>));
      this.generator = null;
      if (this.fixedTrace.nPages <= this.k) {
        throw new ConfigError('trace', `${this.fixedTrace.nPages} distinct pages`, `never fills a cache of k = ${this.k}: no eviction to decide`);
      }
    } else {
      if (o.source === 'trace') throw new ConfigError('trace', null, 'source "trace" needs the trace option (page ids)');
      if (!TRACE_KINDS.includes(o.source)) throw new ConfigError('source', o.source, `expected "trace" or one of ${TRACE_KINDS.join(', ')}`);
      this.generator = { kind: o.source, length: o.length, pages: o.pages, zipfAlpha: o.zipfAlpha, loopLength: o.loopLength, workingSet: o.workingSet, phaseLength: o.phaseLength };
      validateGenerator(this.generator);
      const distinctBound = o.source === 'loop' ? o.loopLength : o.pages;
      if (distinctBound <= this.k) throw new ConfigError(o.source === 'loop' ? 'loopLength' : 'pages', distinctBound, `must exceed k = ${this.k}, or no eviction is ever needed`);
      this.fixedTrace = null;
    }
    if (options.bits !== undefined) {
      if (this.fixedTrace === null) throw new ConfigError('bits', 'Uint8Array', 'custom bits need a fixed trace');
      if (options.bits.length !== this.fixedTrace.pages.length) {
        throw new ConfigError('bits', `length ${options.bits.length}`, `expected one bit per request (${this.fixedTrace.pages.length})`);
      }
    }
    this.fixedBits = options.bits ?? null;
    if (this.flipRate > 0 && this.predictions === 'none' && this.fixedBits === null) {
      throw new ConfigError('flipRate', this.flipRate, 'predictions are "none": there are no bits to flip');
    }

    const k = this.k;
    const low = new Float64Array(SLOT_FEATURES * k);
    const high = new Float64Array(SLOT_FEATURES * k).fill(Infinity);
    high.fill(1, SLOT.marked * k, (SLOT.bit + 1) * k);
    if (!o.copyObservation) {
      low.fill(-Infinity, SLOT.recency * k, (SLOT.age + 1) * k);
      high.fill(0, SLOT.recency * k, (SLOT.age + 1) * k);
    }
    this.observationSpace = new Dict({
      observation: new Dict({ slots: new Box(low, high, [SLOT_FEATURES, k]), request: new Box([-1, 0, 0], [Infinity, 1, Infinity]) }),
      actionMask: new MultiBinary(k),
    });
    this.actionSpace = new Discrete(k);
    this.cache = new Int32Array(k);
    this.rows = new Float64Array(SLOT_FEATURES * k);
    this.view = o.copyObservation
      ? null
      : { observation: { slots: this.rows, request: new Float64Array(3) }, actionMask: new Uint8Array(k).fill(1) };
  }

  /** The current episode's trace (dense ids) and the bits shown with it. */
  episode(): { trace: Trace; bits: Uint8Array; errors: BitErrors | null } {
    return { trace: this.trace, bits: this.bits, errors: this.errors };
  }

  protected resetState(): ResetResult<PagingObs> {
    const trace = this.fixedTrace ?? compactTrace(generateTrace(this.generator as GeneratorConfig, this.rng));
    this.trace = trace;
    const n = trace.pages.length;
    let truth: Uint8Array | null = this.fixedBits;
    if (truth === null && this.predictions === 'discard') truth = discardBits(trace, this.k, belady(trace, this.k, nextArrivals(trace)));
    else if (truth === null && this.predictions === 'phase') truth = phaseBits(trace, this.k);
    if (truth !== null && this.flipRate > 0) {
      this.bits = flipBits(truth, this.flipRate, this.rng);
      this.errors = bitErrors(this.bits, truth);
    } else {
      this.bits = truth ?? new Uint8Array(n);
      this.errors = truth === null ? null : { falseZero: 0, falseOne: 0, total: 0 };
    }
    if (this.slotOf.length !== trace.nPages) {
      this.slotOf = new Int32Array(trace.nPages);
      this.freq = new Float64Array(trace.nPages);
      this.markedIn = new Int32Array(trace.nPages);
    }
    this.slotOf.fill(-1);
    this.freq.fill(0);
    this.markedIn.fill(-1);
    this.cache.fill(-1);
    this.rows.fill(0);
    this.used = 0;
    this.faults = 0;
    this.reported = 0;
    this.phase = 0;
    this.phaseDistinct = 0;
    if (!this.advance(0)) {
      throw new ConfigError('trace', `${trace.nPages} distinct pages`, `never fills a cache of k = ${this.k}: no eviction to decide`);
    }
    return { obs: this.observe(), info: this.info() };
  }

  protected stepState(action: number): StepResult<PagingObs> {
    const t = this.t;
    const p = this.trace.pages[t];
    this.slotOf[this.cache[action]] = -1;
    this.load(action, p, t);
    const more = this.advance(t + 1);
    const reward = -(this.faults - this.reported);
    this.reported = this.faults;
    return { obs: this.observe(), reward, terminated: !more, truncated: false, info: this.info() };
  }

  /**
   * Serves requests from `from` on until a fault with a full cache (returns true, `t` at it) or the
   * end of the trace (returns false). This is the hot loop.
   */
  private advance(from: number): boolean {
    const { pages } = this.trace;
    const n = pages.length;
    const k = this.k;
    const { slotOf, rows, freq, markedIn, bits } = this;
    const recency = SLOT.recency * k;
    const frequency = SLOT.frequency * k;
    const marked = SLOT.marked * k;
    const bit = SLOT.bit * k;
    for (let t = from; t < n; t++) {
      const p = pages[t];
      const s = slotOf[p];
      if (markedIn[p] !== this.phase) {
        if (this.phaseDistinct === k) {
          this.phase++;
          this.phaseDistinct = 0;
          rows.fill(0, marked, marked + k);
        }
        markedIn[p] = this.phase;
        this.phaseDistinct++;
        if (s >= 0) rows[marked + s] = 1;
      }
      if (s >= 0) {
        rows[recency + s] = -t;
        rows[bit + s] = bits[t];
        rows[frequency + s] = ++freq[p];
        continue;
      }
      this.faults++;
      if (this.used < k) {
        this.load(this.used++, p, t);
        continue;
      }
      this.t = t;
      return true;
    }
    this.t = n;
    return false;
  }

  /** Puts page `p` into slot `s` at request `t` (the request was already marked by `advance`). */
  private load(s: number, p: number, t: number): void {
    const k = this.k;
    const rows = this.rows;
    this.cache[s] = p;
    this.slotOf[p] = s;
    rows[SLOT.page * k + s] = this.trace.ids[p];
    rows[SLOT.recency * k + s] = -t;
    rows[SLOT.age * k + s] = -t;
    rows[SLOT.frequency * k + s] = ++this.freq[p];
    rows[SLOT.marked * k + s] = this.markedIn[p] === this.phase ? 1 : 0;
    rows[SLOT.bit * k + s] = this.bits[t];
  }

  private observe(): PagingObs {
    const k = this.k;
    const t = this.t;
    const view = this.view;
    if (view !== null) {
      this.writeRequest(view.observation.request);
      return view;
    }
    const slots = this.slab.float64(SLOT_FEATURES * k);
    slots.set(this.rows);
    // recency and age rows (adjacent): −(request index) → requests since
    for (let i = SLOT.recency * k, end = (SLOT.age + 1) * k; i < end; i++) slots[i] += t;
    const request = this.slab.float64(3);
    this.writeRequest(request);
    // every slot is legal at a decision (the cache is full)
    return { observation: { slots, request }, actionMask: this.slab.uint8(k).fill(1) };
  }

  /** [page id, bit, t] of the request being decided ([−1, 0, n] after the last one). */
  private writeRequest(request: Float64Array): void {
    const t = this.t;
    const { ids, pages } = this.trace;
    if (t < pages.length) {
      request[0] = ids[pages[t]];
      request[1] = this.bits[t];
    } else {
      request[0] = -1;
      request[1] = 0;
    }
    request[2] = t;
  }

  private info(): Record<string, unknown> {
    const info: Record<string, unknown> = { faults: this.faults, t: this.t, requests: this.trace.pages.length };
    if (this.errors !== null) info.bitErrors = { ...this.errors };
    return info;
  }

  renderFrame(): Frame {
    const { ids, pages } = this.trace;
    const cache: number[] = [];
    for (let s = 0; s < this.k; s++) cache.push(this.cache[s] >= 0 ? ids[this.cache[s]] : -1);
    return {
      env: 'Paging',
      k: this.k,
      t: this.t,
      requests: pages.length,
      request: this.t < pages.length ? ids[pages[this.t]] : -1,
      cache,
      faults: this.faults,
      phase: this.phase,
    };
  }
}

/** Rejects raw ids that are not non-negative safe integers. */
function validIds(raw: ArrayLike<number>): ArrayLike<number> {
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`trace[${i}]`, v, 'page ids must be non-negative integers');
  }
  return raw;
}
