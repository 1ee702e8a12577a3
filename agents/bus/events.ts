/**
 * Events of the episode bus: a discriminated union on `type`, every payload plain JSON
 * (typed arrays become number arrays), so a stream can be written as JSONL, sent to a worker
 * or a browser, and read back unchanged.
 *
 * Order for one rollout: `episodeStart`, then (only with `stepEvents`) one `step` per env step,
 * interleaved with `update` events whenever `agent.observe` returned metrics (a step's `step`
 * event comes before its `update`), then `episodeEnd`;
 * repeated per episode; finally one `done`, after which the Observable completes.
 * Episode indices and `t` are 0-based; `update.step` is the 1-based count of env steps so far.
 */
import type { AgentId } from '../../envs/core/env.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import type { Seed } from '../../envs/core/rng.js';
import type { UpdateMetrics } from '../agent.js';

export type EpisodeStartEvent = {
  type: 'episodeStart';
  episode: number;
  /** The seed passed to `reset`; only on the first episode (later resets continue the generator). */
  seed?: Seed;
};

/** One env step (single agent). `obs` is the observation the action was chosen from. */
export type StepEvent = {
  type: 'step';
  episode: number;
  /** 0-based step index within the episode. */
  t: number;
  obs: JsonValue;
  action: JsonValue;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: JsonObject;
};

/** One env step of a parallel env: every field keyed by the agents that acted. */
export type ParallelStepEvent = {
  type: 'step';
  episode: number;
  t: number;
  obs: Record<AgentId, JsonValue>;
  action: Record<AgentId, JsonValue>;
  reward: Record<AgentId, number>;
  terminated: Record<AgentId, boolean>;
  truncated: Record<AgentId, boolean>;
  info: Record<AgentId, JsonObject>;
};

export type EpisodeEndEvent = {
  type: 'episodeEnd';
  episode: number;
  /** Undiscounted sum of rewards (parallel envs: summed over agents too). */
  return: number;
  /** Number of env steps in the episode. */
  length: number;
  /** Whether the episode ended by termination (false: truncation). */
  terminated: boolean;
  /** The `info` of the final step (parallel envs: keyed by agent). */
  info: JsonObject;
};

export type ParallelEpisodeEndEvent = EpisodeEndEvent & {
  /** Per-agent undiscounted returns (every agent of `possibleAgents`). */
  returns: Record<AgentId, number>;
};

/** Metrics returned by `agent.observe` (a learner update happened). */
export type UpdateEvent = {
  type: 'update';
  /** Env steps taken so far in this rollout (1-based: the step whose transition triggered it). */
  step: number;
  episode: number;
  metrics: UpdateMetrics;
};

export type DoneEvent = {
  type: 'done';
  /** Completed episodes (an episode cut by the `steps` budget is not counted). */
  episodes: number;
  /** Env steps taken. */
  steps: number;
};

export type BusEvent = EpisodeStartEvent | StepEvent | EpisodeEndEvent | UpdateEvent | DoneEvent;
export type ParallelBusEvent = EpisodeStartEvent | ParallelStepEvent | ParallelEpisodeEndEvent | UpdateEvent | DoneEvent;
/** Any bus event; consumers (recorder, statistics, progress) accept both kinds. */
export type AnyBusEvent = BusEvent | ParallelBusEvent;
