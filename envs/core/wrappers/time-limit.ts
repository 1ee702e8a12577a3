import { ConfigError, EnvStateError } from '../errors.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps (`truncated = true`, `terminated` kept as the
 * env said). Stepping after the episode ended, by either flag, throws `EnvStateError`.
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  private elapsed = 0;
  private done = true;

  constructor(
    env: Env<O, A>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new ConfigError('maxEpisodeSteps', maxEpisodeSteps, 'must be a positive integer');
    }
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    this.elapsed = 0;
    this.done = false;
    return this.env.reset(args);
  }

  override step(action: A): StepResult<O> {
    if (this.done) throw new EnvStateError(`TimeLimit.step called ${this.elapsed > 0 ? 'after the episode ended' : 'before reset'}; call reset() first`);
    const r = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps && !r.truncated) r.truncated = true;
    if (r.terminated || r.truncated) this.done = true;
    return r;
  }
}
