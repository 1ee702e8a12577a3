import { actionMaskOf, type AgentId } from '../envs/core/env.js';
import type { JsonValue } from '../envs/core/json.js';
import { createRng, rngFromState, type Rng, type RngState, type Seed } from '../envs/core/rng.js';
import type { Space } from '../envs/core/spaces/space.js';
import type { Agent, MultiAgent } from './agent.js';

/** Uniformly random legal actions (respects `actionMask` when the observation carries one). */
export class RandomAgent<O, A> implements Agent<O, A> {
  readonly name = 'random';
  private rng: Rng;

  constructor(
    private readonly actionSpace: Space<A>,
    seed: Seed = 0,
  ) {
    this.rng = createRng(seed);
  }

  act(obs: O): A {
    return this.actionSpace.sample(this.rng, actionMaskOf(obs));
  }

  save(): JsonValue {
    return { rng: this.rng.state() };
  }

  load(state: JsonValue): void {
    this.rng = rngFromSaved(state);
  }
}

/** Independent uniformly random legal actions for every live agent of a parallel env. */
export class RandomMultiAgent<O, A> implements MultiAgent<O, A, unknown> {
  readonly name = 'random';
  private rng: Rng;

  constructor(
    private readonly actionSpace: (agent: AgentId) => Space<A>,
    seed: Seed = 0,
  ) {
    this.rng = createRng(seed);
  }

  act(observations: Record<AgentId, O>): Record<AgentId, A> {
    const actions: Record<AgentId, A> = {};
    for (const agent of Object.keys(observations)) {
      actions[agent] = this.actionSpace(agent).sample(this.rng, actionMaskOf(observations[agent]));
    }
    return actions;
  }

  save(): JsonValue {
    return { rng: this.rng.state() };
  }

  load(state: JsonValue): void {
    this.rng = rngFromSaved(state);
  }
}

/** The generator saved as `{ rng }` by `save()`; anything else is a `ConfigError`. */
function rngFromSaved(state: JsonValue): Rng {
  const saved = typeof state === 'object' && state !== null && !Array.isArray(state) ? state.rng : undefined;
  return rngFromState(saved as unknown as RngState);
}
