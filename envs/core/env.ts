/**
 * The environment API.
 *
 * Single agent (Gymnasium): `reset({ seed, options }) → { obs, info }`,
 * `step(action) → { obs, reward, terminated, truncated, info }`.
 * Multi-agent (PettingZoo parallel): the same with every field keyed by agent id, plus a
 * global `state()` for centralised training.
 *
 * Conventions
 * - Seeding only through `reset({ seed })`; `reset()` without a seed continues the generator.
 * - `terminated`: the MDP reached a terminal state (no bootstrap). `truncated`: cut short
 *   (time limit, data end); learners bootstrap from the final observation.
 * - Stepping before `reset` or after `terminated || truncated` throws `EnvStateError`;
 *   an action outside the space throws `InvalidActionError`.
 * - Where actions can be illegal, the observation is `{ observation, actionMask }`
 *   (PettingZoo's convention); `actionMask[i] = 1` means action i is legal.
 * - `renderFrame()` returns plain JSON: renderers and recordings consume it.
 */
import { EnvStateError, InvalidActionError } from './errors.js';
import type { JsonObject } from './json.js';
import { createRng, resetRng, type Rng, type Seed } from './rng.js';
import type { Space } from './spaces/space.js';

export type Info = Record<string, unknown>;
export type AgentId = string;

/**
 * How a vector env (or a runner) restarts finished episodes.
 * - `next-step`: the step after the one that ended the episode resets it (Gymnasium ≥ 1.0 default).
 * - `same-step`: reset happens inside the ending step; the final obs is in `info.finalObs`.
 * - `disabled`: the caller resets.
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

export interface EnvMetadata {
  /** Registered id, e.g. `CartPole-v1` (filled in by `make`). */
  id?: string;
  /** Frames per second a viewer should play at. */
  renderFps?: number;
  /** Free-form extra facts (units, reward scale, …). */
  [key: string]: unknown;
}

export interface ResetArgs {
  seed?: Seed;
  options?: Record<string, unknown>;
}

export interface ResetResult<O> {
  obs: O;
  info: Info;
}

export interface StepResult<O> {
  obs: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** A plain, JSON-serialisable snapshot of an environment's state for renderers and recordings. */
export type Frame = JsonObject;

export interface Env<O = unknown, A = unknown> {
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  readonly metadata: EnvMetadata;
  reset(args?: ResetArgs): ResetResult<O>;
  step(action: A): StepResult<O>;
  renderFrame(): Frame;
  close(): void;
}

/** Observation of an environment whose actions can be illegal. */
export interface MaskedObs<O> {
  observation: O;
  actionMask: Uint8Array;
}

/** The action mask carried by an observation, if it has one. */
export function actionMaskOf(obs: unknown): Uint8Array | undefined {
  if (typeof obs === 'object' && obs !== null && 'actionMask' in obs) {
    const m = (obs as { actionMask: unknown }).actionMask;
    if (m instanceof Uint8Array) return m;
  }
  return undefined;
}

/**
 * Base class for single-agent envs: owns the generator, validates actions and the
 * reset/step life cycle, so subclasses implement only the dynamics.
 */
export abstract class BaseEnv<O, A> implements Env<O, A> {
  abstract readonly observationSpace: Space<O>;
  abstract readonly actionSpace: Space<A>;
  abstract readonly metadata: EnvMetadata;

  /** The environment's only source of randomness. */
  protected rng: Rng = createRng(0);
  private seeded = false;
  private needsReset = true;

  reset(args: ResetArgs = {}): ResetResult<O> {
    this.rng = resetRng(this.seeded ? this.rng : null, args.seed);
    this.seeded = true;
    this.needsReset = false;
    return this.resetState(args.options ?? {});
  }

  step(action: A): StepResult<O> {
    if (this.needsReset) {
      throw new EnvStateError(`${this.constructor.name}.step called ${this.seeded ? 'after the episode ended' : 'before reset'}; call reset() first`);
    }
    this.validateAction(action);
    const result = this.stepState(action);
    if (result.terminated || result.truncated) this.needsReset = true;
    return result;
  }

  /** Throws `InvalidActionError` for actions outside the space; subclasses may add mask checks. */
  protected validateAction(action: A): void {
    if (!this.actionSpace.contains(action)) throw new InvalidActionError(this.actionSpace.toString(), action);
  }

  close(): void {}

  abstract renderFrame(): Frame;
  protected abstract resetState(options: Record<string, unknown>): ResetResult<O>;
  protected abstract stepState(action: A): StepResult<O>;
}

export interface ParallelResetResult<O> {
  observations: Record<AgentId, O>;
  infos: Record<AgentId, Info>;
}

export interface ParallelStepResult<O> {
  observations: Record<AgentId, O>;
  rewards: Record<AgentId, number>;
  terminations: Record<AgentId, boolean>;
  truncations: Record<AgentId, boolean>;
  infos: Record<AgentId, Info>;
}

/**
 * PettingZoo-style parallel multi-agent environment. `agents` lists the live agents;
 * an agent that is terminated or truncated leaves `agents` after that step, and
 * `step` takes actions for exactly the live agents. The episode is over when `agents` is empty.
 * `observationSpace(a)` / `actionSpace(a)` return the same object on every call.
 */
export interface ParallelEnv<O = unknown, A = unknown, S = Float64Array> {
  readonly possibleAgents: readonly AgentId[];
  readonly agents: readonly AgentId[];
  readonly metadata: EnvMetadata;
  observationSpace(agent: AgentId): Space<O>;
  actionSpace(agent: AgentId): Space<A>;
  /** Space of the global state used by centralised learners (QMIX's mixer input). */
  readonly stateSpace: Space<S>;
  state(): S;
  reset(args?: ResetArgs): ParallelResetResult<O>;
  step(actions: Record<AgentId, A>): ParallelStepResult<O>;
  renderFrame(): Frame;
  close(): void;
}

/** Type guard separating the two env kinds (used by `make` and the checkers). */
export function isParallelEnv(env: Env | ParallelEnv): env is ParallelEnv {
  return Array.isArray((env as ParallelEnv).possibleAgents);
}
