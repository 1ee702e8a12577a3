import { ConfigError } from '../errors.js';
import type { Env, StepResult } from '../env.js';
import type { JsonObject, JsonValue } from '../json.js';
import { loadRmsField, RunningMeanStd } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

export interface NormalizeRewardOptions {
  /** Discount of the running return whose variance scales rewards (default 0.99). */
  gamma?: number;
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
  /** Whether rewards update the statistics (default true; set false to freeze for evaluation). */
  update?: boolean;
}

/**
 * Gymnasium's `NormalizeReward` (v0.27+ form): keeps `G ← G·γ·(1 − terminated) + r`, merges `G`
 * into a running variance, and returns `r / sqrt(var + ε)` (not centred, see openai/baselines#538).
 * As in Gymnasium, the flag is the current step's (a terminating step's `G` is its own reward),
 * truncation and reset do not touch `G`, and the statistics include the current step. `saveState` / `loadState` carry the variance as JSON.
 */
export class NormalizeReward<O, A> extends Wrapper<O, A> {
  readonly rms = new RunningMeanStd(1);
  readonly gamma: number;
  readonly epsilon: number;
  /** Update the statistics with each reward (Gymnasium's `update_running_mean`). */
  update: boolean;
  /** The running discounted return G. */
  discountedReturn = 0;
  private readonly scratch = new Float64Array(1);

  constructor(env: Env<O, A>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = options.gamma ?? 0.99;
    if (!(this.gamma >= 0 && this.gamma <= 1)) throw new ConfigError('gamma', options.gamma, 'must be in [0, 1]');
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.epsilon >= 0)) throw new ConfigError('epsilon', options.epsilon, 'must be a non-negative number');
    this.update = options.update ?? true;
  }

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.discountedReturn = this.discountedReturn * this.gamma * (r.terminated ? 0 : 1) + r.reward;
    if (this.update) {
      this.scratch[0] = this.discountedReturn;
      this.rms.updateOne(this.scratch);
    }
    r.reward = r.reward / Math.sqrt(this.rms.var[0] + this.epsilon);
    return r;
  }

  saveState(): JsonObject {
    return { returnRms: this.rms.toJSON() };
  }

  loadState(state: JsonValue): void {
    loadRmsField(state, 'returnRms', this.rms);
  }
}
