/**
 * Single-agent transition ring buffer (DQN, IQL: one per agent, or shared by parameter-sharing
 * learners), struct-of-arrays on preallocated typed arrays, each field row-major `[capacity, dim]`.
 *
 * @example
 * const buf = new TransitionBuffer({ capacity: 100_000, obsDim: 4 });
 * buf.push({ obs, action: 1, reward: 1, nextObs, terminated: false, truncated: false });
 * const sampler = new UniformSampler({ seed: 1 });
 * const batch = buf.createBatch(32);
 * buf.sample(sampler, batch); // batch.obs is [32, 4], batch.actions [32, 1], …
 */
import { ConfigError } from '../../envs/core/errors.js';
import { checkAction, checkInt, checkRow, flag, gatherAny, gatherF64, Ring, writeRow, type InsertObserver } from './ring.js';
import type { IndexSampler } from './samplers.js';

export interface TransitionBufferConfig {
  /** Number of transitions kept (oldest overwritten first). */
  capacity: number;
  /** Observation length (flattened). */
  obsDim: number;
  /** Integers per action (default 1: one discrete action). */
  actionDim?: number;
  /** If > 0, actions must lie in [0, nActions) and action masks of this width are stored. */
  nActions?: number;
  /** Store `actionMask` / `nextActionMask` rows (needs nActions > 0); default false. */
  masks?: boolean;
}

/** One environment step. Flags may be booleans or 0/1. */
export interface Transition {
  obs: ArrayLike<number>;
  /** A number when actionDim = 1, else an array of actionDim integers. */
  action: number | ArrayLike<number>;
  reward: number;
  nextObs: ArrayLike<number>;
  terminated: boolean | number;
  truncated: boolean | number;
  /** Legal actions at `obs` (1 = legal), when the buffer stores masks. */
  actionMask?: ArrayLike<number>;
  /** Legal actions at `nextObs`, when the buffer stores masks. */
  nextActionMask?: ArrayLike<number>;
}

/** A preallocated mini-batch; rows `[0, count)` are valid after a gather. */
export interface TransitionBatch {
  /** Rows gathered by the last call. */
  count: number;
  /** Slot of each row. */
  readonly indices: Int32Array;
  /** Importance weights (1 unless a prioritised sampler filled them). */
  readonly weights: Float64Array;
  readonly stepIds: Uint32Array;
  /** [B, obsDim] */
  readonly obs: Float64Array;
  /** [B, actionDim] */
  readonly actions: Int32Array;
  /** [B] */
  readonly rewards: Float64Array;
  /** [B, obsDim] */
  readonly nextObs: Float64Array;
  /** [B] 0/1 */
  readonly terminated: Uint8Array;
  /** [B] 0/1 */
  readonly truncated: Uint8Array;
  /** [B, nActions] or null */
  readonly actionMask: Uint8Array | null;
  /** [B, nActions] or null */
  readonly nextActionMask: Uint8Array | null;
}

export class TransitionBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly nActions: number;
  readonly ring: Ring;
  /** [capacity, obsDim] */
  readonly obs: Float64Array;
  /** [capacity, actionDim] */
  readonly actions: Int32Array;
  /** [capacity] */
  readonly rewards: Float64Array;
  /** [capacity, obsDim] */
  readonly nextObs: Float64Array;
  /** [capacity] */
  readonly terminated: Uint8Array;
  /** [capacity] */
  readonly truncated: Uint8Array;
  /** [capacity, nActions] or null */
  readonly actionMask: Uint8Array | null;
  /** [capacity, nActions] or null */
  readonly nextActionMask: Uint8Array | null;

  constructor(config: TransitionBufferConfig) {
    const cap = (this.capacity = checkInt('capacity', config.capacity, 1));
    this.obsDim = checkInt('obsDim', config.obsDim, 1);
    this.actionDim = checkInt('actionDim', config.actionDim ?? 1, 1);
    this.nActions = checkInt('nActions', config.nActions ?? 0, 0);
    if (config.masks && this.nActions === 0) checkInt('nActions', this.nActions, 1);
    this.ring = new Ring(cap);
    this.obs = new Float64Array(cap * this.obsDim);
    this.actions = new Int32Array(cap * this.actionDim);
    this.rewards = new Float64Array(cap);
    this.nextObs = new Float64Array(cap * this.obsDim);
    this.terminated = new Uint8Array(cap);
    this.truncated = new Uint8Array(cap);
    this.actionMask = config.masks ? new Uint8Array(cap * this.nActions) : null;
    this.nextActionMask = config.masks ? new Uint8Array(cap * this.nActions) : null;
  }

  /** Valid transitions, ≤ capacity. */
  get size(): number {
    return this.ring.size;
  }

  /** Notifies `observer` (e.g. a PrioritizedSampler) of every slot written from now on. */
  subscribe(observer: InsertObserver): void {
    this.ring.subscribe(observer);
  }

  /** Stores one transition, overwriting the oldest when full; returns its slot. */
  push(t: Transition): number {
    const slot = this.ring.next();
    const d = this.obsDim;
    const ad = this.actionDim;
    writeRow(this.obs, slot * d, checkRow('obs', t.obs, d));
    writeRow(this.nextObs, slot * d, checkRow('nextObs', t.nextObs, d));
    if (typeof t.action === 'number') {
      if (ad !== 1) throw new ConfigError('action', t.action, `must be an array of length ${ad}`);
      this.actions[slot] = checkAction(t.action, this.nActions);
    } else {
      checkRow('action', t.action, ad);
      for (let c = 0; c < ad; c++) this.actions[slot * ad + c] = checkAction(t.action[c], this.nActions);
    }
    this.rewards[slot] = t.reward;
    this.terminated[slot] = flag(t.terminated);
    this.truncated[slot] = flag(t.truncated);
    if (this.actionMask && this.nextActionMask) {
      const n = this.nActions;
      writeRow(this.actionMask, slot * n, checkRow('actionMask', t.actionMask, n));
      writeRow(this.nextActionMask, slot * n, checkRow('nextActionMask', t.nextActionMask, n));
    }
    return this.ring.commit();
  }

  /** A batch with room for `batchSize` rows. */
  createBatch(batchSize: number): TransitionBatch {
    const b = checkInt('batchSize', batchSize, 1);
    const masks = this.actionMask !== null;
    return {
      count: 0,
      indices: new Int32Array(b),
      weights: new Float64Array(b).fill(1),
      stepIds: new Uint32Array(b),
      obs: new Float64Array(b * this.obsDim),
      actions: new Int32Array(b * this.actionDim),
      rewards: new Float64Array(b),
      nextObs: new Float64Array(b * this.obsDim),
      terminated: new Uint8Array(b),
      truncated: new Uint8Array(b),
      actionMask: masks ? new Uint8Array(b * this.nActions) : null,
      nextActionMask: masks ? new Uint8Array(b * this.nActions) : null,
    };
  }

  /** Copies the rows at `indices[0..count)` into `batch` (and the indices into `batch.indices`). */
  gather(indices: Int32Array, batch: TransitionBatch, count = indices.length): void {
    this.ring.checkIndices(indices, count);
    const d = this.obsDim;
    if (indices !== batch.indices) for (let k = 0; k < count; k++) batch.indices[k] = indices[k];
    gatherF64(this.obs, d, 0, d, indices, count, batch.obs);
    gatherF64(this.nextObs, d, 0, d, indices, count, batch.nextObs);
    gatherAny(this.actions, this.actionDim, 0, this.actionDim, indices, count, batch.actions);
    gatherAny(this.rewards, 1, 0, 1, indices, count, batch.rewards);
    gatherAny(this.terminated, 1, 0, 1, indices, count, batch.terminated);
    gatherAny(this.truncated, 1, 0, 1, indices, count, batch.truncated);
    gatherAny(this.ring.stepIds, 1, 0, 1, indices, count, batch.stepIds);
    if (this.actionMask && this.nextActionMask && batch.actionMask && batch.nextActionMask) {
      const n = this.nActions;
      gatherAny(this.actionMask, n, 0, n, indices, count, batch.actionMask);
      gatherAny(this.nextActionMask, n, 0, n, indices, count, batch.nextActionMask);
    }
    batch.count = count;
  }

  /** Draws `batch.indices.length` indices (and weights) from `sampler` and gathers them. */
  sample(sampler: IndexSampler, batch: TransitionBatch): void {
    sampler.sample(this.size, batch.indices, batch.indices.length, batch.weights);
    this.gather(batch.indices, batch);
  }
}
