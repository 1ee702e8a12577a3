/**
 * Multi-agent transition ring buffer (MADDPG/MATD3/MAPPO-off-policy style joint transitions):
 * per-agent obs, actions, rewards, next obs, terminated/truncated flags and optional action masks,
 * plus an optional global state. All agents are written together, so slot t is the same
 * environment step for every agent; samplers return one index list that serves every agent.
 *
 * Two storage layouts behind one interface (spec "L1" and "L2"):
 * - `per-agent` (default): a separate struct-of-arrays block per agent; each field of agent a is
 *   its own contiguous array `[capacity, dim]`. A neighbour run reads one contiguous span per
 *   field per agent.
 * - `interleaved`: one array per field `[capacity, nAgents, dim]`; the joint record of step t is
 *   one contiguous span, which also gives inter-agent locality.
 * Batches have the same shape in both layouts: one `[B, dim]` array per agent per field, and the
 * same indices give bit-identical batches.
 *
 * Design decisions: all agents share one obsDim (pad heterogeneous observations to the largest,
 * as EPyMARL does); actions are int32 (`actionDim` per agent, flattened agent-major in `push`);
 * flags are per agent (PettingZoo parallel API); state is stored once per step, not per agent.
 *
 * @example
 * const buf = new MultiAgentTransitionBuffer({ capacity: 1e5, nAgents: 3, obsDim: 18, stateDim: 54 });
 * buf.push({ obs, actions: [0, 2, 1], rewards, nextObs, terminated, truncated, state, nextState });
 * const batch = buf.createBatch(1024);
 * buf.sample(new NeighbourSampler({ runLength: 8, seed: 1 }), batch); // batch.obs[a] is [1024, 18]
 */
import { ConfigError } from '../../envs/core/errors.js';
import {
  checkAction,
  checkInt,
  checkRow,
  flag,
  gatherAny,
  gatherF64,
  gatherInterleavedF64,
  Ring,
  writeRow,
  type FieldArray,
  type InsertObserver,
} from './ring.js';
import type { IndexSampler } from './samplers.js';

export type MultiAgentLayout = 'per-agent' | 'interleaved';

export interface MultiAgentBufferConfig {
  /** Number of joint transitions kept (oldest overwritten first). */
  capacity: number;
  /** Number of agents N. */
  nAgents: number;
  /** Observation length per agent (pad heterogeneous agents to the largest). */
  obsDim: number;
  /** Global state length; 0 (default) stores no state. */
  stateDim?: number;
  /** Integers per agent action (default 1). */
  actionDim?: number;
  /** If > 0, actions must lie in [0, nActions) and masks are this wide. */
  nActions?: number;
  /** Store per-agent `actionMask` / `nextActionMask` (needs nActions > 0); default false. */
  masks?: boolean;
  /** Storage layout; default `per-agent`. */
  layout?: MultiAgentLayout;
}

/** One joint environment step; per-agent arrays are indexed by agent number. */
export interface MultiAgentTransition {
  obs: ArrayLike<number>[];
  /** nAgents·actionDim integers, agent-major. */
  actions: ArrayLike<number>;
  rewards: ArrayLike<number>;
  nextObs: ArrayLike<number>[];
  terminated: ArrayLike<boolean | number>;
  truncated: ArrayLike<boolean | number>;
  state?: ArrayLike<number>;
  nextState?: ArrayLike<number>;
  actionMask?: ArrayLike<number>[];
  nextActionMask?: ArrayLike<number>[];
}

/** A preallocated joint mini-batch; rows `[0, count)` are valid after a gather. */
export interface MultiAgentBatch {
  count: number;
  readonly indices: Int32Array;
  /** Importance weights (1 unless a prioritised sampler filled them). */
  readonly weights: Float64Array;
  readonly stepIds: Uint32Array;
  /** [agent] → [B, obsDim] */
  readonly obs: Float64Array[];
  /** [agent] → [B, actionDim] */
  readonly actions: Int32Array[];
  /** [agent] → [B] */
  readonly rewards: Float64Array[];
  /** [agent] → [B, obsDim] */
  readonly nextObs: Float64Array[];
  /** [agent] → [B] */
  readonly terminated: Uint8Array[];
  /** [agent] → [B] */
  readonly truncated: Uint8Array[];
  /** [agent] → [B, nActions], or null */
  readonly actionMask: Uint8Array[] | null;
  readonly nextActionMask: Uint8Array[] | null;
  /** [B, stateDim], or null when stateDim = 0 */
  readonly state: Float64Array | null;
  readonly nextState: Float64Array | null;
}

/** One per-agent field stored in either layout. */
class AgentField<T extends FieldArray> {
  /** per-agent: nAgents arrays `[capacity, width]`; interleaved: one array `[capacity, nAgents, width]`. */
  readonly arrays: T[];
  /** Elements between consecutive slots of one agent. */
  readonly stride: number;

  constructor(
    make: (length: number) => T,
    readonly interleaved: boolean,
    readonly nAgents: number,
    capacity: number,
    readonly width: number,
  ) {
    this.arrays = interleaved
      ? [make(capacity * nAgents * width)]
      : Array.from({ length: nAgents }, () => make(capacity * width));
    this.stride = interleaved ? nAgents * width : width;
  }

  /** Start of agent `a`'s row at `slot`, in `array(a)`. */
  start(a: number, slot: number): number {
    return slot * this.stride + (this.interleaved ? a * this.width : 0);
  }

  array(a: number): T {
    return this.interleaved ? this.arrays[0] : this.arrays[a];
  }

  /** Agent `a`'s row at `slot` (a view, for inspection). */
  row(a: number, slot: number): T {
    const s = this.start(a, slot);
    return this.array(a).subarray(s, s + this.width) as T;
  }

  gather(indices: Int32Array, count: number, dsts: T[]): void {
    for (let a = 0; a < this.nAgents; a++) {
      gatherAny(this.array(a), this.stride, this.interleaved ? a * this.width : 0, this.width, indices, count, dsts[a]);
    }
  }

  gatherF64(this: AgentField<Float64Array>, indices: Int32Array, count: number, dsts: Float64Array[]): void {
    if (this.interleaved) {
      gatherInterleavedF64(this.arrays[0], this.nAgents, this.width, indices, count, dsts);
    } else {
      for (let a = 0; a < this.nAgents; a++) gatherF64(this.arrays[a], this.width, 0, this.width, indices, count, dsts[a]);
    }
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);
const u8 = (n: number) => new Uint8Array(n);

export class MultiAgentTransitionBuffer {
  readonly capacity: number;
  readonly nAgents: number;
  readonly obsDim: number;
  readonly stateDim: number;
  readonly actionDim: number;
  readonly nActions: number;
  readonly layout: MultiAgentLayout;
  readonly ring: Ring;
  private readonly obs: AgentField<Float64Array>;
  private readonly nextObs: AgentField<Float64Array>;
  private readonly actions: AgentField<Int32Array>;
  private readonly rewards: AgentField<Float64Array>;
  private readonly terminated: AgentField<Uint8Array>;
  private readonly truncated: AgentField<Uint8Array>;
  private readonly actionMask: AgentField<Uint8Array> | null;
  private readonly nextActionMask: AgentField<Uint8Array> | null;
  /** [capacity, stateDim] or null */
  readonly state: Float64Array | null;
  readonly nextState: Float64Array | null;

  constructor(config: MultiAgentBufferConfig) {
    const cap = (this.capacity = checkInt('capacity', config.capacity, 1));
    const n = (this.nAgents = checkInt('nAgents', config.nAgents, 1));
    this.obsDim = checkInt('obsDim', config.obsDim, 1);
    this.stateDim = checkInt('stateDim', config.stateDim ?? 0, 0);
    this.actionDim = checkInt('actionDim', config.actionDim ?? 1, 1);
    this.nActions = checkInt('nActions', config.nActions ?? 0, 0);
    if (config.masks && this.nActions === 0) checkInt('nActions', this.nActions, 1);
    this.layout = config.layout ?? 'per-agent';
    if (this.layout !== 'per-agent' && this.layout !== 'interleaved') {
      throw new ConfigError('layout', this.layout, 'must be "per-agent" or "interleaved"');
    }
    const il = this.layout === 'interleaved';
    this.ring = new Ring(cap);
    this.obs = new AgentField(f64, il, n, cap, this.obsDim);
    this.nextObs = new AgentField(f64, il, n, cap, this.obsDim);
    this.actions = new AgentField(i32, il, n, cap, this.actionDim);
    this.rewards = new AgentField(f64, il, n, cap, 1);
    this.terminated = new AgentField(u8, il, n, cap, 1);
    this.truncated = new AgentField(u8, il, n, cap, 1);
    this.actionMask = config.masks ? new AgentField(u8, il, n, cap, this.nActions) : null;
    this.nextActionMask = config.masks ? new AgentField(u8, il, n, cap, this.nActions) : null;
    this.state = this.stateDim > 0 ? f64(cap * this.stateDim) : null;
    this.nextState = this.stateDim > 0 ? f64(cap * this.stateDim) : null;
  }

  /** Valid joint transitions, ≤ capacity. */
  get size(): number {
    return this.ring.size;
  }

  /** Notifies `observer` (e.g. a PrioritizedSampler) of every slot written from now on. */
  subscribe(observer: InsertObserver): void {
    this.ring.subscribe(observer);
  }

  /** Stores one joint transition, overwriting the oldest when full; returns its slot. */
  push(t: MultiAgentTransition): number {
    const slot = this.ring.next();
    const n = this.nAgents;
    const d = this.obsDim;
    checkRow('obs', t.obs, n);
    checkRow('nextObs', t.nextObs, n);
    checkRow('actions', t.actions, n * this.actionDim);
    checkRow('rewards', t.rewards, n);
    checkRow('terminated', t.terminated, n);
    checkRow('truncated', t.truncated, n);
    for (let a = 0; a < n; a++) {
      writeRow(this.obs.array(a), this.obs.start(a, slot), checkRow(`obs[${a}]`, t.obs[a], d));
      writeRow(this.nextObs.array(a), this.nextObs.start(a, slot), checkRow(`nextObs[${a}]`, t.nextObs[a], d));
      const acts = this.actions.array(a);
      const s = this.actions.start(a, slot);
      for (let c = 0; c < this.actionDim; c++) acts[s + c] = checkAction(t.actions[a * this.actionDim + c], this.nActions);
      this.rewards.array(a)[this.rewards.start(a, slot)] = t.rewards[a];
      this.terminated.array(a)[this.terminated.start(a, slot)] = flag(t.terminated[a]);
      this.truncated.array(a)[this.truncated.start(a, slot)] = flag(t.truncated[a]);
    }
    if (this.actionMask && this.nextActionMask) {
      const m = this.nActions;
      checkRow('actionMask', t.actionMask, n);
      checkRow('nextActionMask', t.nextActionMask, n);
      for (let a = 0; a < n; a++) {
        writeRow(this.actionMask.array(a), this.actionMask.start(a, slot), checkRow(`actionMask[${a}]`, t.actionMask![a], m));
        writeRow(
          this.nextActionMask.array(a),
          this.nextActionMask.start(a, slot),
          checkRow(`nextActionMask[${a}]`, t.nextActionMask![a], m),
        );
      }
    }
    if (this.state && this.nextState) {
      const sd = this.stateDim;
      writeRow(this.state, slot * sd, checkRow('state', t.state, sd));
      writeRow(this.nextState, slot * sd, checkRow('nextState', t.nextState, sd));
    }
    return this.ring.commit();
  }

  /** Agent `agent`'s observation row at `slot` (a view into storage, for inspection). */
  obsRow(agent: number, slot: number): Float64Array {
    return this.obs.row(agent, slot);
  }

  /** A batch with room for `batchSize` rows. */
  createBatch(batchSize: number): MultiAgentBatch {
    const b = checkInt('batchSize', batchSize, 1);
    const n = this.nAgents;
    const per = <T>(make: () => T): T[] => Array.from({ length: n }, make);
    const masks = this.actionMask !== null;
    return {
      count: 0,
      indices: new Int32Array(b),
      weights: new Float64Array(b).fill(1),
      stepIds: new Uint32Array(b),
      obs: per(() => f64(b * this.obsDim)),
      actions: per(() => i32(b * this.actionDim)),
      rewards: per(() => f64(b)),
      nextObs: per(() => f64(b * this.obsDim)),
      terminated: per(() => u8(b)),
      truncated: per(() => u8(b)),
      actionMask: masks ? per(() => u8(b * this.nActions)) : null,
      nextActionMask: masks ? per(() => u8(b * this.nActions)) : null,
      state: this.stateDim > 0 ? f64(b * this.stateDim) : null,
      nextState: this.stateDim > 0 ? f64(b * this.stateDim) : null,
    };
  }

  /**
   * Gathers only the observations of every agent at `indices[0..count)` into `out[a]` (`[B, obsDim]`):
   * the hot part of the sampling phase, used by the benchmark.
   */
  gatherObs(indices: Int32Array, count: number, out: Float64Array[]): void {
    this.ring.checkIndices(indices, count);
    this.obs.gatherF64(indices, count, out);
  }

  /** Copies every field of the joint transitions at `indices[0..count)` into `batch`. */
  gather(indices: Int32Array, batch: MultiAgentBatch, count = indices.length): void {
    this.ring.checkIndices(indices, count);
    if (indices !== batch.indices) for (let k = 0; k < count; k++) batch.indices[k] = indices[k];
    this.obs.gatherF64(indices, count, batch.obs);
    this.nextObs.gatherF64(indices, count, batch.nextObs);
    this.actions.gather(indices, count, batch.actions);
    this.rewards.gather(indices, count, batch.rewards);
    this.terminated.gather(indices, count, batch.terminated);
    this.truncated.gather(indices, count, batch.truncated);
    if (this.actionMask && this.nextActionMask && batch.actionMask && batch.nextActionMask) {
      this.actionMask.gather(indices, count, batch.actionMask);
      this.nextActionMask.gather(indices, count, batch.nextActionMask);
    }
    if (this.state && this.nextState && batch.state && batch.nextState) {
      const sd = this.stateDim;
      gatherF64(this.state, sd, 0, sd, indices, count, batch.state);
      gatherF64(this.nextState, sd, 0, sd, indices, count, batch.nextState);
    }
    gatherAny(this.ring.stepIds, 1, 0, 1, indices, count, batch.stepIds);
    batch.count = count;
  }

  /** Draws `batch.indices.length` indices (and weights) from `sampler` and gathers them. */
  sample(sampler: IndexSampler, batch: MultiAgentBatch): void {
    sampler.sample(this.size, batch.indices, batch.indices.length, batch.weights);
    this.gather(batch.indices, batch);
  }
}
