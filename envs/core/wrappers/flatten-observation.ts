import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import type { Box } from '../spaces/box.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import { Wrapper } from './wrapper.js';

/**
 * Gymnasium's `FlattenObservation`: observations become `flatten(space, obs)` (one-hots for
 * discrete parts, key order for Dict) and the observation space `flattenSpace(space)`.
 * Throws `ConfigError` at construction for spaces that cannot be flattened.
 */
export class FlattenObservation<O, A> extends Wrapper<O, A, Float64Array, A> {
  private readonly space: Box;

  constructor(env: Env<O, A>) {
    super(env);
    this.space = flattenSpace(env.observationSpace);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override reset(args?: ResetArgs): ResetResult<Float64Array> {
    const r = this.env.reset(args);
    return { obs: flatten(this.env.observationSpace, r.obs), info: r.info };
  }

  override step(action: A): StepResult<Float64Array> {
    const r = this.env.step(action) as unknown as StepResult<Float64Array>;
    r.obs = flatten(this.env.observationSpace, r.obs);
    return r;
  }
}
