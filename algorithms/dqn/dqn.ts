/**
 * Deep Q-Network (Mnih et al. 2015), CleanRL-style (`cleanrl/dqn.py`): read top to bottom —
 * config, Q-network, then the learner, whose `observe` is the body of CleanRL's training loop
 * (store → train every `trainFrequency` steps → update the target network). It is an `Agent`,
 * so the episode bus (`agents/bus/rollout`) drives it; nothing here knows about any env.
 *
 * @example Train on CartPole through the bus, then act greedily
 * const env = make<Float64Array, number>('CartPole-v1');
 * const dqn = Dqn.forEnv(env, { seed: 1, totalTimesteps: 50_000 });
 * rollout(env, dqn, { steps: 50_000, seed: 1 }).subscribe();
 * const action = dqn.act(obs, false);
 *
 * Design choices (differences from CleanRL, each deliberate):
 * - Double DQN targets (`doubleDqn`, default on), Huber loss (δ = 1) and global gradient-norm
 *   clipping, where CleanRL's dqn.py uses vanilla targets, MSE and no clipping.
 * - Optional n-step returns (`nStep`): the learner keeps the last n steps and stores R, the
 *   horizon h and the flags of the last step; at an episode end the queue is flushed with
 *   shorter horizons. Truncated episodes bootstrap from the final observation, terminated ones
 *   do not (CleanRL also bootstraps at truncation, via `infos["final_observation"]`).
 * - The training counters follow CleanRL: `globalStep` counts transitions observed; the action
 *   of step t uses ε(t) = linear from startE to endE over explorationFraction·totalTimesteps;
 *   once globalStep > learningStarts, every trainFrequency-th step runs `gradientSteps` updates
 *   and every targetNetworkFrequency-th step sets θ⁻ ← τθ + (1 − τ)θ⁻ (τ = 1: hard copy).
 * - Observations are 1-D vectors (Float64Array or number arrays), optionally inside
 *   `{ observation, actionMask }`; masked-out actions are never chosen (greedy or random) and are
 *   excluded from the max in TD targets. The replay buffer stores masks when the learner is
 *   built with `masked: true` (`Dqn.forEnv` detects it from a Dict observation space).
 * - One seeded generator draws the network init, the exploration and the replay indices.
 *   Greedy actions (`explore = false`) draw nothing, so evaluation never shifts training.
 * - Checkpoints (`save`/`load`, JSON) hold both networks, Adam's moments, the generator state,
 *   the counters, the pending n-step queue and (by default) the replay buffer: a run resumed
 *   from a checkpoint continues bit for bit as if never stopped.
 *
 * Metrics returned by `observe` when it trained (CleanRL names): `losses/td_loss` (Huber loss)
 * and `losses/q_values` (mean Q(s, a) of the batch), averaged over the phase's gradient steps,
 * and `charts/epsilon`.
 */
import type { Agent, Transition as AgentTransition, UpdateMetrics } from '../../agents/agent.js';
import { actionMaskOf, type Env } from '../../envs/core/env.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { createRng, randomInt, rngFromState, type Rng, type RngState } from '../../envs/core/rng.js';
import { Box } from '../../envs/core/spaces/box.js';
import { Dict } from '../../envs/core/spaces/dict.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import type { Space } from '../../envs/core/spaces/space.js';
import { Adam, clipGradNorm, gather, huberLoss, loadJson, mlp, noGrad, saveJson, Tensor, type Layer } from '../nn/index.js';
import { NeighbourSampler, TransitionBuffer, UniformSampler, type IndexSampler, type TransitionBatch } from '../replay/index.js';
import { linearEpsilon, NStepAccumulator, tdTargets, type NStepTransition } from './targets.js';

// ───────────────────────────── config ─────────────────────────────

export interface DqnConfig {
  /** Seed of network init, exploration and replay sampling. */
  seed: number;
  /** Planned training steps; sets the ε schedule's length (explorationFraction · totalTimesteps). */
  totalTimesteps: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Replay capacity (transitions). */
  bufferSize: number;
  /** Discount γ. */
  gamma: number;
  /** Target update rate: θ⁻ ← τθ + (1 − τ)θ⁻ (1 = hard copy). */
  tau: number;
  /** Env steps between target-network updates. */
  targetNetworkFrequency: number;
  /** Transitions per gradient step. */
  batchSize: number;
  /** Initial exploration ε. */
  startE: number;
  /** Final exploration ε. */
  endE: number;
  /** Share of totalTimesteps over which ε falls from startE to endE. */
  explorationFraction: number;
  /** Env steps before learning starts (the buffer fills with ε ≈ startE actions). */
  learningStarts: number;
  /** Env steps between training phases. */
  trainFrequency: number;
  /** Gradient steps per training phase. */
  gradientSteps: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Double DQN targets (online argmax, target evaluation). */
  doubleDqn: boolean;
  /** Steps n of the n-step return (1 = ordinary TD). */
  nStep: number;
  /** Replay index sampler: uniform, or locality-aware runs of `runLength` consecutive slots. */
  sampler: 'uniform' | 'neighbour';
  /** Run length L of the neighbour sampler. */
  runLength: number;
  /** Hidden layer widths of the Q-network MLP (ReLU). */
  hiddenSizes: number[];
}

/** CleanRL dqn.py defaults (CartPole-v1), plus this learner's additions. */
export const DQN_DEFAULTS: DqnConfig = {
  seed: 1,
  totalTimesteps: 500_000,
  learningRate: 2.5e-4,
  bufferSize: 10_000,
  gamma: 0.99,
  tau: 1,
  targetNetworkFrequency: 500,
  batchSize: 128,
  startE: 1,
  endE: 0.05,
  explorationFraction: 0.5,
  learningStarts: 10_000,
  trainFrequency: 10,
  gradientSteps: 1,
  maxGradNorm: 10,
  doubleDqn: true,
  nStep: 1,
  sampler: 'uniform',
  runLength: 4,
  hiddenSizes: [120, 84],
};

/** Fills defaults and validates (ConfigError naming the field); unknown keys are errors. */
export function resolveDqnConfig(partial: Partial<DqnConfig> = {}): DqnConfig {
  for (const k of Object.keys(partial)) {
    if (!(k in DQN_DEFAULTS)) throw new ConfigError(k, (partial as Record<string, unknown>)[k], `unknown DQN option; options: ${Object.keys(DQN_DEFAULTS).join(', ')}`);
  }
  const c: DqnConfig = { ...DQN_DEFAULTS, ...partial, hiddenSizes: [...(partial.hiddenSizes ?? DQN_DEFAULTS.hiddenSizes)] };
  const int = (f: keyof DqnConfig, min: number) => {
    if (!(Number.isInteger(c[f]) && (c[f] as number) >= min)) throw new ConfigError(f, c[f], `must be an integer ≥ ${min}`);
  };
  int('totalTimesteps', 1);
  int('bufferSize', 1);
  int('targetNetworkFrequency', 1);
  int('batchSize', 1);
  int('learningStarts', 0);
  int('trainFrequency', 1);
  int('gradientSteps', 1);
  int('nStep', 1);
  int('runLength', 1);
  if (!Number.isFinite(c.seed)) throw new ConfigError('seed', c.seed, 'must be a finite number');
  if (!(c.learningRate > 0)) throw new ConfigError('learningRate', c.learningRate, 'must be > 0');
  if (!(c.gamma >= 0 && c.gamma <= 1)) throw new ConfigError('gamma', c.gamma, 'must lie in [0, 1]');
  if (!(c.tau > 0 && c.tau <= 1)) throw new ConfigError('tau', c.tau, 'must lie in (0, 1]');
  if (!(c.startE >= 0 && c.startE <= 1)) throw new ConfigError('startE', c.startE, 'must lie in [0, 1]');
  if (!(c.endE >= 0 && c.endE <= 1)) throw new ConfigError('endE', c.endE, 'must lie in [0, 1]');
  if (!(c.explorationFraction >= 0 && c.explorationFraction <= 1)) throw new ConfigError('explorationFraction', c.explorationFraction, 'must lie in [0, 1]');
  if (!(c.maxGradNorm > 0)) throw new ConfigError('maxGradNorm', c.maxGradNorm, 'must be > 0');
  if (typeof c.doubleDqn !== 'boolean') throw new ConfigError('doubleDqn', c.doubleDqn, 'must be a boolean');
  if (c.sampler !== 'uniform' && c.sampler !== 'neighbour') throw new ConfigError('sampler', c.sampler, 'must be "uniform" or "neighbour"');
  if (!c.hiddenSizes.every((h) => Number.isInteger(h) && h > 0)) throw new ConfigError('hiddenSizes', c.hiddenSizes, 'must be positive integers');
  return c;
}

// ───────────────────────────── network ─────────────────────────────

/** Sizes of the problem: flattened observation length, number of actions, masks or not. */
export interface DqnDims {
  obsDim: number;
  nActions: number;
  /** Observations are `{ observation, actionMask }` (store masks in replay). */
  masked?: boolean;
}

/** Dims from an env's spaces: 1-D Box (or Dict {observation: Box, actionMask}) → Discrete(n). */
export function dqnDims(observationSpace: Space<unknown>, actionSpace: Space<unknown>): DqnDims {
  let box: Space<unknown> = observationSpace;
  let masked = false;
  if (box instanceof Dict && box.spaces.observation !== undefined && box.spaces.actionMask !== undefined) {
    box = box.spaces.observation as Space<unknown>;
    masked = true;
  }
  if (!(box instanceof Box) || box.shape.length !== 1) {
    throw new ConfigError('observationSpace', observationSpace.toString(), 'DQN needs 1-D Box observations (or {observation: Box, actionMask})');
  }
  if (!(actionSpace instanceof Discrete) || actionSpace.start !== 0) {
    throw new ConfigError('actionSpace', actionSpace.toString(), 'DQN needs a Discrete(n) action space starting at 0');
  }
  return { obsDim: box.size, nActions: actionSpace.n, masked };
}

/** Q-network: MLP obsDim → hidden… → nActions, ReLU, PyTorch default init. */
export function qNetwork(dims: DqnDims, hiddenSizes: readonly number[], rng: Rng): Layer {
  return mlp([dims.obsDim, ...hiddenSizes, dims.nActions], { rng });
}

/** The feature vector of an observation (the `observation` field of a masked one). */
export function featuresOf(obs: unknown): ArrayLike<number> {
  const x = typeof obs === 'object' && obs !== null && 'actionMask' in obs && 'observation' in obs ? (obs as { observation: unknown }).observation : obs;
  if (x instanceof Float64Array || Array.isArray(x) || ArrayBuffer.isView(x)) return x as ArrayLike<number>;
  throw new ConfigError('obs', typeof x, 'DQN needs a numeric vector observation (or {observation, actionMask})');
}

// ───────────────────────────── learner ─────────────────────────────

export const DQN_CHECKPOINT_FORMAT = 'dqn-checkpoint-v1';

export class Dqn<O = Float64Array> implements Agent<O, number> {
  readonly name: string;
  readonly config: DqnConfig;
  readonly dims: Required<DqnDims>;
  readonly qNetwork: Layer;
  readonly targetNetwork: Layer;
  readonly optimizer: Adam;
  readonly buffer: TransitionBuffer;
  /** Horizon h of the transition in each replay slot (γʰ bootstraps it). */
  readonly horizons: Uint8Array;
  /** Transitions observed so far (CleanRL's global_step). */
  globalStep = 0;
  /** Gradient steps taken. */
  updates = 0;
  private rng: Rng;
  private sampler: IndexSampler;
  private readonly nstep: NStepAccumulator;
  private readonly batch: TransitionBatch;
  private readonly allLegal: Uint8Array;

  constructor(config: Partial<DqnConfig>, dims: DqnDims, name = 'dqn') {
    const c = (this.config = resolveDqnConfig(config));
    if (!(Number.isInteger(dims.obsDim) && dims.obsDim > 0)) throw new ConfigError('obsDim', dims.obsDim, 'must be a positive integer');
    if (!(Number.isInteger(dims.nActions) && dims.nActions > 0)) throw new ConfigError('nActions', dims.nActions, 'must be a positive integer');
    if (c.nStep > 255) throw new ConfigError('nStep', c.nStep, 'must be ≤ 255');
    this.name = name;
    this.dims = { obsDim: dims.obsDim, nActions: dims.nActions, masked: dims.masked ?? false };
    this.rng = createRng(c.seed);
    this.qNetwork = qNetwork(this.dims, c.hiddenSizes, this.rng);
    this.targetNetwork = qNetwork(this.dims, c.hiddenSizes, this.rng);
    this.targetNetwork.copyFrom(this.qNetwork);
    this.optimizer = new Adam(this.qNetwork.parameters(), { lr: c.learningRate });
    this.buffer = new TransitionBuffer({ capacity: c.bufferSize, obsDim: dims.obsDim, nActions: dims.nActions, masks: this.dims.masked });
    this.horizons = new Uint8Array(c.bufferSize);
    this.sampler = this.makeSampler();
    this.nstep = new NStepAccumulator(c.nStep, c.gamma);
    this.batch = this.buffer.createBatch(c.batchSize);
    this.allLegal = new Uint8Array(dims.nActions).fill(1);
  }

  /** A learner sized for `env`'s spaces. */
  static forEnv<O>(env: Env<O, number>, config: Partial<DqnConfig>, name?: string): Dqn<O> {
    return new Dqn<O>(config, dqnDims(env.observationSpace as Space<unknown>, env.actionSpace as Space<unknown>), name);
  }

  /** ε used for the action of the current step. */
  get epsilon(): number {
    const c = this.config;
    return linearEpsilon(c.startE, c.endE, c.explorationFraction * c.totalTimesteps, this.globalStep);
  }

  /** Q(obs, ·) of the online network. */
  qValues(obs: O): Float64Array {
    const x = featuresOf(obs);
    if (x.length !== this.dims.obsDim) throw new ConfigError('obs', x.length, `must have ${this.dims.obsDim} features`);
    return noGrad(() => this.qNetwork.forward(Tensor.from(x, [1, this.dims.obsDim])).data);
  }

  /** ε-greedy over legal actions when `explore`, else the greedy legal action. */
  act(obs: O, explore = true): number {
    const mask = this.maskOf(obs);
    if (explore && this.rng() < this.epsilon) {
      let legal = 0;
      for (let a = 0; a < mask.length; a++) legal += mask[a] ? 1 : 0;
      if (legal === 0) throw new ConfigError('actionMask', Array.from(mask), 'allows no action');
      let pick = randomInt(this.rng, legal);
      for (let a = 0; a < mask.length; a++) if (mask[a] && pick-- === 0) return a;
    }
    const q = this.qValues(obs);
    let best = -1;
    for (let a = 0; a < q.length; a++) if (mask[a] && (best < 0 || q[a] > q[best])) best = a;
    if (best < 0) throw new ConfigError('actionMask', Array.from(mask), 'allows no action');
    return best;
  }

  /** A new episode: n-step steps of an episode that never ended are dropped. */
  onEpisodeStart(): void {
    this.nstep.clear();
  }

  /** Stores the transition, then trains / updates the target as scheduled (see module doc). */
  observe(t: AgentTransition<O, number>): UpdateMetrics | void {
    const c = this.config;
    const epsilon = this.epsilon;
    const masked = this.dims.masked;
    const ready = this.nstep.push({
      obs: featuresOf(t.obs),
      action: t.action,
      reward: t.reward,
      nextObs: featuresOf(t.nextObs),
      terminated: t.terminated,
      truncated: t.truncated,
      ...(masked ? { actionMask: this.maskOf(t.obs), nextActionMask: this.maskOf(t.nextObs) } : {}),
    });
    for (const r of ready) this.store(r);
    this.globalStep++;

    if (this.globalStep <= c.learningStarts || this.buffer.size === 0) return;
    let metrics: UpdateMetrics | undefined;
    if (this.globalStep % c.trainFrequency === 0) {
      let loss = 0;
      let q = 0;
      for (let g = 0; g < c.gradientSteps; g++) {
        const m = this.trainStep();
        loss += m['losses/td_loss'];
        q += m['losses/q_values'];
      }
      metrics = { 'losses/td_loss': loss / c.gradientSteps, 'losses/q_values': q / c.gradientSteps, 'charts/epsilon': epsilon };
    }
    if (this.globalStep % c.targetNetworkFrequency === 0) {
      if (c.tau === 1) this.targetNetwork.copyFrom(this.qNetwork);
      else this.targetNetwork.softUpdateFrom(this.qNetwork, c.tau);
    }
    return metrics;
  }

  /** One gradient step on a sampled batch: Huber(Q(s, a), y) with y from `tdTargets`. */
  trainStep(): UpdateMetrics {
    const c = this.config;
    const { obsDim: D, nActions: A } = this.dims;
    const B = c.batchSize;
    const batch = this.batch;
    this.buffer.sample(this.sampler, batch);
    const horizons = new Uint8Array(B);
    for (let i = 0; i < B; i++) horizons[i] = this.horizons[batch.indices[i]];
    const y = noGrad(() => {
      const next = Tensor.from(batch.nextObs, [B, D]);
      return tdTargets({
        count: B,
        nActions: A,
        gamma: c.gamma,
        rewards: batch.rewards,
        terminated: batch.terminated,
        horizons,
        nextQTarget: this.targetNetwork.forward(next).data,
        nextQOnline: c.doubleDqn ? this.qNetwork.forward(next).data : null,
        nextMask: batch.nextActionMask,
      });
    });
    this.optimizer.zeroGrad();
    const qSa = gather(this.qNetwork.forward(Tensor.from(batch.obs, [B, D])), batch.actions);
    const loss = huberLoss(qSa, y);
    loss.backward();
    clipGradNorm(this.optimizer.params, c.maxGradNorm);
    this.optimizer.step();
    this.updates++;
    let q = 0;
    for (let i = 0; i < B; i++) q += qSa.data[i];
    return { 'losses/td_loss': loss.item(), 'losses/q_values': q / B };
  }

  // ───────────────────────────── checkpoints ─────────────────────────────

  /** Networks, Adam state, generator, counters, n-step queue and (unless `replay: false`) the replay buffer. */
  save(options: { replay?: boolean } = {}): JsonObject {
    const ckpt: JsonObject = {
      format: DQN_CHECKPOINT_FORMAT,
      config: { ...this.config, hiddenSizes: [...this.config.hiddenSizes] } as unknown as JsonObject,
      dims: { ...this.dims } as unknown as JsonObject,
      qNetwork: saveJson(this.qNetwork),
      targetNetwork: saveJson(this.targetNetwork),
      optimizer: this.optimizer.state(),
      rng: this.rng.state(),
      globalStep: this.globalStep,
      updates: this.updates,
      pending: this.nstep.pending.map(transitionToJson),
    };
    if (options.replay ?? true) ckpt.replay = this.saveReplay();
    return ckpt;
  }

  /** Restores a `save()`d checkpoint into a learner of the same architecture. */
  load(state: JsonValue): void {
    if (typeof state !== 'object' || state === null || Array.isArray(state) || state.format !== DQN_CHECKPOINT_FORMAT) {
      throw new ConfigError('checkpoint', typeof state, `expected an object with format "${DQN_CHECKPOINT_FORMAT}"`);
    }
    const dims = state.dims as JsonObject;
    if (dims.obsDim !== this.dims.obsDim || dims.nActions !== this.dims.nActions || dims.masked !== this.dims.masked) {
      throw new ConfigError('checkpoint.dims', dims, `must match this learner (${JSON.stringify(this.dims)})`);
    }
    loadJson(this.qNetwork, state.qNetwork);
    loadJson(this.targetNetwork, state.targetNetwork);
    this.optimizer.loadState(state.optimizer as JsonObject);
    this.rng = rngFromState(state.rng as unknown as RngState);
    this.sampler = this.makeSampler();
    this.globalStep = Number(state.globalStep);
    this.updates = Number(state.updates);
    this.nstep.restore((state.pending as JsonObject[]).map(transitionFromJson));
    if (state.replay !== undefined) this.loadReplay(state.replay as JsonObject);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private store(t: NStepTransition): void {
    const slot = this.buffer.push(t);
    this.horizons[slot] = t.horizon;
  }

  private maskOf(obs: unknown): Uint8Array {
    const m = actionMaskOf(obs);
    if (m === undefined) return this.allLegal;
    if (m.length !== this.dims.nActions) throw new ConfigError('actionMask', m.length, `must have one entry per action (${this.dims.nActions})`);
    return m;
  }

  /** Samplers draw from the learner's generator, so one state covers all randomness. */
  private makeSampler(): IndexSampler {
    const rng = this.rng;
    return this.config.sampler === 'neighbour' ? new NeighbourSampler({ runLength: this.config.runLength, rng }) : new UniformSampler({ rng });
  }

  /** The filled rows of every replay array plus the ring counters. */
  private saveReplay(): JsonObject {
    const b = this.buffer;
    const n = b.size;
    const rows = (a: ArrayLike<number>, width: number) => Array.from({ length: n * width }, (_, i) => a[i]);
    return {
      head: b.ring.head,
      size: n,
      pushes: b.ring.pushes,
      stepIds: rows(b.ring.stepIds, 1),
      obs: rows(b.obs, b.obsDim),
      nextObs: rows(b.nextObs, b.obsDim),
      actions: rows(b.actions, b.actionDim),
      rewards: rows(b.rewards, 1),
      terminated: rows(b.terminated, 1),
      truncated: rows(b.truncated, 1),
      horizons: rows(this.horizons, 1),
      actionMask: b.actionMask ? rows(b.actionMask, b.nActions) : null,
      nextActionMask: b.nextActionMask ? rows(b.nextActionMask, b.nActions) : null,
    };
  }

  private loadReplay(r: JsonObject): void {
    const b = this.buffer;
    const n = Number(r.size);
    if (!(Number.isInteger(n) && n >= 0 && n <= b.capacity)) throw new ConfigError('checkpoint.replay.size', r.size, `must be an integer in [0, ${b.capacity}]`);
    const put = (name: string, dst: { set(a: ArrayLike<number>): void }, width: number) => {
      const src = r[name];
      if (!Array.isArray(src) || src.length !== n * width) throw new ConfigError(`checkpoint.replay.${name}`, Array.isArray(src) ? src.length : src, `must be ${n * width} numbers`);
      dst.set(src as number[]);
    };
    put('stepIds', b.ring.stepIds, 1);
    put('obs', b.obs, b.obsDim);
    put('nextObs', b.nextObs, b.obsDim);
    put('actions', b.actions, b.actionDim);
    put('rewards', b.rewards, 1);
    put('terminated', b.terminated, 1);
    put('truncated', b.truncated, 1);
    put('horizons', this.horizons, 1);
    if (b.actionMask && b.nextActionMask) {
      put('actionMask', b.actionMask, b.nActions);
      put('nextActionMask', b.nextActionMask, b.nActions);
    }
    b.ring.head = Number(r.head);
    b.ring.size = n;
    b.ring.pushes = Number(r.pushes);
  }
}

function transitionToJson(t: NStepTransition): JsonObject {
  const out: JsonObject = {
    obs: Array.from(t.obs),
    action: typeof t.action === 'number' ? t.action : Array.from(t.action),
    reward: t.reward,
    nextObs: Array.from(t.nextObs),
    terminated: t.terminated,
    truncated: t.truncated,
    horizon: t.horizon,
  };
  if (t.actionMask !== undefined) out.actionMask = Array.from(t.actionMask);
  if (t.nextActionMask !== undefined) out.nextActionMask = Array.from(t.nextActionMask);
  return out;
}

function transitionFromJson(j: JsonObject): NStepTransition {
  const t: NStepTransition = {
    obs: Float64Array.from(j.obs as number[]),
    action: typeof j.action === 'number' ? j.action : (j.action as number[]),
    reward: Number(j.reward),
    nextObs: Float64Array.from(j.nextObs as number[]),
    terminated: Boolean(j.terminated),
    truncated: Boolean(j.truncated),
    horizon: Number(j.horizon),
  };
  if (Array.isArray(j.actionMask)) t.actionMask = Uint8Array.from(j.actionMask as number[]);
  if (Array.isArray(j.nextActionMask)) t.nextActionMask = Uint8Array.from(j.nextActionMask as number[]);
  return t;
}
