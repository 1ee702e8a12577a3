import { ConfigError, InvalidActionError } from '../errors.js';
import type { Env, StepResult } from '../env.js';
import { Box } from '../spaces/box.js';
import { Wrapper } from './wrapper.js';

/**
 * Gymnasium's `ClipAction`: accepts any finite-or-infinite real action of the inner Box's shape
 * and clips it element-wise into the inner bounds. The outer action space is
 * `Box(-∞, ∞, shape)`, as in Gymnasium 1.x. An in-bounds action is passed through as is
 * (no allocation); only an out-of-bounds one is copied. NaN entries, a wrong type or a wrong
 * length throw `InvalidActionError` naming the outer space.
 */
export class ClipAction<O> extends Wrapper<O, Float64Array> {
  private readonly inner: Box;
  private readonly outer: Box;

  constructor(env: Env<O, Float64Array>) {
    super(env);
    if (!(env.actionSpace instanceof Box)) throw new ConfigError('actionSpace', env.actionSpace.toString(), 'ClipAction needs a Box action space');
    this.inner = env.actionSpace;
    this.outer = new Box(-Infinity, Infinity, this.inner.shape);
  }

  override get actionSpace(): Box {
    return this.outer;
  }

  override step(action: Float64Array): StepResult<O> {
    if (!this.outer.contains(action)) throw new InvalidActionError(this.outer.toString(), action);
    return this.env.step(this.inner.contains(action) ? action : this.inner.clip(action));
  }
}
