/**
 * Agent interfaces. An agent maps observations to actions; a learning agent also `observe`s
 * transitions and may return update metrics (the bus forwards them as `update` events).
 * Masks travel inside observations (`{ observation, actionMask }`, see `actionMaskOf`).
 * State (weights, optimiser moments, generator state) saves to and loads from JSON.
 */
import type { AgentId, Info } from '../envs/core/env.js';
import type { JsonValue } from '../envs/core/json.js';

/** Scalar metrics from one learner update, keyed by stable names (`losses/td`, `charts/epsilon`, …). */
export type UpdateMetrics = Record<string, number>;

export interface Transition<O, A> {
  obs: O;
  action: A;
  reward: number;
  nextObs: O;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

export interface Agent<O = unknown, A = unknown> {
  readonly name: string;
  /** Chooses an action; `explore = false` asks for the greedy/evaluation action. */
  act(obs: O, explore?: boolean): A;
  /** Called once per episode start, before the first `act`. */
  onEpisodeStart?(): void;
  /** Sees one transition; returns metrics when it ran an update. */
  observe?(transition: Transition<O, A>): UpdateMetrics | void;
  save?(): JsonValue;
  load?(state: JsonValue): void;
}

export interface ParallelTransition<O, A, S = Float64Array> {
  state: S;
  obs: Record<AgentId, O>;
  actions: Record<AgentId, A>;
  rewards: Record<AgentId, number>;
  nextState: S;
  nextObs: Record<AgentId, O>;
  terminations: Record<AgentId, boolean>;
  truncations: Record<AgentId, boolean>;
  infos: Record<AgentId, Info>;
}

/** A (possibly centralised) controller for every agent of a `ParallelEnv`. */
export interface MultiAgent<O = unknown, A = unknown, S = Float64Array> {
  readonly name: string;
  /** Actions for the live agents; `state` is the env's global state (for centralised actors). */
  act(observations: Record<AgentId, O>, state: S, explore?: boolean): Record<AgentId, A>;
  onEpisodeStart?(): void;
  observe?(transition: ParallelTransition<O, A, S>): UpdateMetrics | void;
  save?(): JsonValue;
  load?(state: JsonValue): void;
}

