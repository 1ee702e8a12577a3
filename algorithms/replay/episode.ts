/**
 * Episode ring buffer for recurrent value-decomposition learners (QMIX, VDN, QTRAN; EPyMARL's
 * `EpisodeBatch`): whole episodes padded to `maxLen` steps, struct-of-arrays on typed arrays.
 *
 * Layout per episode slot e (row-major, each field one contiguous array over all slots):
 * - `obs`     Float64 `[capacity, maxLen+1, nAgents, obsDim]`
 * - `state`   Float64 `[capacity, maxLen+1, stateDim]`
 * - `avail`   Uint8   `[capacity, maxLen+1, nAgents, nActions]` (1 = action available)
 * - `actions` Int32   `[capacity, maxLen, nAgents]`
 * - `reward`  Float64 `[capacity, maxLen]` (team reward)
 * - `terminated` Uint8 `[capacity, maxLen]` (1 at the step that ended the episode by termination)
 * - `filled`  Uint8   `[capacity, maxLen]` (1 for steps t < length)
 * - `length`  Int32   `[capacity]`
 *
 * Conventions (EPyMARL): time t ∈ [0, length] holds the observation, state and avail mask *before*
 * action t; row `length` holds the final ones, so targets at step t read row t+1. Steps ≥ length
 * are zero padding: `filled` = 0, obs/state/actions/reward 0 and avail rows all 0 (no action
 * available), so a learner must mask its loss with `filled` and use a large negative number, not
 * −∞, when masking a max over unavailable actions. A time-limit cut is an episode that ends with
 * `terminated` = 0 at its last filled step (bootstrap from row `length`).
 *
 * An episode is built in a private staging area (`begin`, `step`…, `end`) and copied into the ring
 * by `end`, so the slot it will overwrite stays sampleable until then.
 *
 * @example
 * const buf = new EpisodeBuffer({ capacity: 5000, maxLen: 60, nAgents: 3, obsDim: 30, stateDim: 48, nActions: 9 });
 * buf.begin(obs, state, avail);
 * buf.step({ actions, reward, terminated: false, obs, state, avail }); // … until done
 * buf.end();
 * const batch = buf.createBatch(32);
 * buf.sample(new UniformSampler({ seed: 0 }), batch); // batch.obs is [32, maxLen+1, 3, 30]
 */
import { EnvStateError } from '../../envs/core/errors.js';
import { checkAction, checkInt, checkRow, flag, gatherAny, gatherF64, Ring, writeRow, type InsertObserver } from './ring.js';
import type { IndexSampler } from './samplers.js';

export interface EpisodeBufferConfig {
  /** Number of episodes kept (oldest overwritten first). */
  capacity: number;
  /** Maximum steps per episode (the env's episode limit). */
  maxLen: number;
  nAgents: number;
  /** Observation length per agent. */
  obsDim: number;
  /** Global state length (0 = none). */
  stateDim?: number;
  /** Discrete actions per agent; also the avail-mask width. */
  nActions: number;
}

/** What follows action t: its reward and the observation/state/avail rows at t+1. */
export interface EpisodeStep {
  /** One action per agent. */
  actions: ArrayLike<number>;
  /** Team reward for the step. */
  reward: number;
  /** The episode ended by termination (not by a time limit). */
  terminated: boolean | number;
  /** Next observation per agent. */
  obs: ArrayLike<number>[];
  /** Next global state (when stateDim > 0). */
  state?: ArrayLike<number>;
  /** Next avail-action mask per agent. */
  avail: ArrayLike<number>[];
}

/** Per-episode row widths in elements. */
interface Widths {
  obs: number;
  state: number;
  avail: number;
  actions: number;
  steps: number;
}

/** Episode-shaped arrays with `rows` episode rows (ring storage, staging area, or batch). */
export interface EpisodeArrays {
  /** [rows, maxLen+1, nAgents, obsDim] */
  readonly obs: Float64Array;
  /** [rows, maxLen+1, stateDim] */
  readonly state: Float64Array;
  /** [rows, maxLen+1, nAgents, nActions] */
  readonly avail: Uint8Array;
  /** [rows, maxLen, nAgents] */
  readonly actions: Int32Array;
  /** [rows, maxLen] */
  readonly reward: Float64Array;
  /** [rows, maxLen] */
  readonly terminated: Uint8Array;
  /** [rows, maxLen] */
  readonly filled: Uint8Array;
  /** [rows] */
  readonly length: Int32Array;
}

export interface EpisodeBatch extends EpisodeArrays {
  /** Episodes gathered by the last call. */
  count: number;
  /** Longest episode in the batch (EPyMARL's `max_t_filled`): learners may stop there. */
  maxFilled: number;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
  readonly episodeIds: Uint32Array;
}

function allocate(rows: number, w: Widths): EpisodeArrays {
  return {
    obs: new Float64Array(rows * w.obs),
    state: new Float64Array(rows * w.state),
    avail: new Uint8Array(rows * w.avail),
    actions: new Int32Array(rows * w.actions),
    reward: new Float64Array(rows * w.steps),
    terminated: new Uint8Array(rows * w.steps),
    filled: new Uint8Array(rows * w.steps),
    length: new Int32Array(rows),
  };
}

export class EpisodeBuffer {
  readonly capacity: number;
  readonly maxLen: number;
  readonly nAgents: number;
  readonly obsDim: number;
  readonly stateDim: number;
  readonly nActions: number;
  readonly ring: Ring;
  /** Ring storage (see the module doc for shapes). */
  readonly data: EpisodeArrays;
  private readonly w: Widths;
  private readonly staging: EpisodeArrays;
  /** Steps written to the staging episode, or −1 when no episode is open. */
  private t = -1;

  constructor(config: EpisodeBufferConfig) {
    this.capacity = checkInt('capacity', config.capacity, 1);
    this.maxLen = checkInt('maxLen', config.maxLen, 1);
    this.nAgents = checkInt('nAgents', config.nAgents, 1);
    this.obsDim = checkInt('obsDim', config.obsDim, 1);
    this.stateDim = checkInt('stateDim', config.stateDim ?? 0, 0);
    this.nActions = checkInt('nActions', config.nActions, 1);
    const T = this.maxLen;
    const n = this.nAgents;
    this.w = {
      obs: (T + 1) * n * this.obsDim,
      state: (T + 1) * this.stateDim,
      avail: (T + 1) * n * this.nActions,
      actions: T * n,
      steps: T,
    };
    this.ring = new Ring(this.capacity);
    this.data = allocate(this.capacity, this.w);
    this.staging = allocate(1, this.w);
  }

  /** Complete episodes stored, ≤ capacity. */
  get size(): number {
    return this.ring.size;
  }

  /** Whether an episode is being built. */
  get open(): boolean {
    return this.t >= 0;
  }

  /** Notifies `observer` (e.g. a PrioritizedSampler) of every episode slot written from now on. */
  subscribe(observer: InsertObserver): void {
    this.ring.subscribe(observer);
  }

  /** Starts an episode with the initial observations, state and avail masks (row t = 0). */
  begin(obs: ArrayLike<number>[], state: ArrayLike<number> | undefined, avail: ArrayLike<number>[]): void {
    if (this.t >= 0) throw new EnvStateError('begin() called while an episode is open; call end() first');
    const s = this.staging;
    s.obs.fill(0);
    s.state.fill(0);
    s.avail.fill(0);
    s.actions.fill(0);
    s.reward.fill(0);
    s.terminated.fill(0);
    s.filled.fill(0);
    this.writeRows(0, obs, state, avail);
    this.t = 0;
  }

  /** Appends one step: the actions taken at row t, their reward, and the rows at t+1. */
  step(step: EpisodeStep): void {
    const t = this.t;
    if (t < 0) throw new EnvStateError('step() called before begin()');
    if (t >= this.maxLen) throw new EnvStateError(`episode longer than maxLen = ${this.maxLen}`);
    const s = this.staging;
    const n = this.nAgents;
    checkRow('actions', step.actions, n);
    for (let a = 0; a < n; a++) s.actions[t * n + a] = checkAction(step.actions[a], this.nActions);
    s.reward[t] = step.reward;
    s.terminated[t] = flag(step.terminated);
    s.filled[t] = 1;
    this.writeRows(t + 1, step.obs, step.state, step.avail);
    this.t = t + 1;
  }

  /** Closes the episode and copies it into the ring (overwriting the oldest when full); returns its slot. */
  end(): number {
    const len = this.t;
    if (len < 0) throw new EnvStateError('end() called before begin()');
    if (len === 0) throw new EnvStateError('end() called on an episode with no steps');
    const slot = this.ring.next();
    const s = this.staging;
    const d = this.data;
    const w = this.w;
    d.obs.set(s.obs, slot * w.obs);
    d.state.set(s.state, slot * w.state);
    d.avail.set(s.avail, slot * w.avail);
    d.actions.set(s.actions, slot * w.actions);
    d.reward.set(s.reward, slot * w.steps);
    d.terminated.set(s.terminated, slot * w.steps);
    d.filled.set(s.filled, slot * w.steps);
    d.length[slot] = len;
    this.t = -1;
    return this.ring.commit();
  }

  private writeRows(t: number, obs: ArrayLike<number>[], state: ArrayLike<number> | undefined, avail: ArrayLike<number>[]): void {
    const s = this.staging;
    const n = this.nAgents;
    const od = this.obsDim;
    const m = this.nActions;
    checkRow('obs', obs, n);
    checkRow('avail', avail, n);
    for (let a = 0; a < n; a++) {
      writeRow(s.obs, (t * n + a) * od, checkRow(`obs[${a}]`, obs[a], od));
      writeRow(s.avail, (t * n + a) * m, checkRow(`avail[${a}]`, avail[a], m));
    }
    if (this.stateDim > 0) writeRow(s.state, t * this.stateDim, checkRow('state', state, this.stateDim));
  }

  /** A batch with room for `batchSize` episodes. */
  createBatch(batchSize: number): EpisodeBatch {
    const b = checkInt('batchSize', batchSize, 1);
    return {
      ...allocate(b, this.w),
      count: 0,
      maxFilled: 0,
      indices: new Int32Array(b),
      weights: new Float64Array(b).fill(1),
      episodeIds: new Uint32Array(b),
    };
  }

  /** Copies the episodes at `indices[0..count)` into `batch`. */
  gather(indices: Int32Array, batch: EpisodeBatch, count = indices.length): void {
    this.ring.checkIndices(indices, count);
    if (indices !== batch.indices) for (let k = 0; k < count; k++) batch.indices[k] = indices[k];
    const d = this.data;
    const w = this.w;
    gatherF64(d.obs, w.obs, 0, w.obs, indices, count, batch.obs);
    gatherF64(d.state, w.state, 0, w.state, indices, count, batch.state);
    gatherAny(d.avail, w.avail, 0, w.avail, indices, count, batch.avail);
    gatherAny(d.actions, w.actions, 0, w.actions, indices, count, batch.actions);
    gatherF64(d.reward, w.steps, 0, w.steps, indices, count, batch.reward);
    gatherAny(d.terminated, w.steps, 0, w.steps, indices, count, batch.terminated);
    gatherAny(d.filled, w.steps, 0, w.steps, indices, count, batch.filled);
    gatherAny(d.length, 1, 0, 1, indices, count, batch.length);
    gatherAny(this.ring.stepIds, 1, 0, 1, indices, count, batch.episodeIds);
    let maxFilled = 0;
    for (let k = 0; k < count; k++) if (batch.length[k] > maxFilled) maxFilled = batch.length[k];
    batch.maxFilled = maxFilled;
    batch.count = count;
  }

  /** Draws `batch.indices.length` episode indices (and weights) from `sampler` and gathers them. */
  sample(sampler: IndexSampler, batch: EpisodeBatch): void {
    sampler.sample(this.size, batch.indices, batch.indices.length, batch.weights);
    this.gather(batch.indices, batch);
  }
}
