import { ConfigError } from '../errors.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import type { JsonObject, JsonValue } from '../json.js';
import { Box } from '../spaces/box.js';
import { loadRmsField, RunningMeanStd } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

export interface NormalizeObservationOptions {
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
  /** Whether observations update the statistics (default true; set false to freeze for evaluation). */
  update?: boolean;
}

/**
 * Gymnasium's `NormalizeObservation`: every observation (reset and step) first updates a running
 * mean/variance (when `update` is true), then is returned as `(obs - mean) / sqrt(var + ε)`,
 * computed with the statistics that include it. The observation space becomes
 * `Box(-∞, ∞, shape)`. Statistics save and load as JSON (`saveState` / `loadState`), so an
 * evaluation env can reuse a training env's normaliser. Each observation is a new array.
 */
export class NormalizeObservation<A> extends Wrapper<Float64Array, A> {
  readonly rms: RunningMeanStd;
  readonly epsilon: number;
  /** Update the statistics with each observation (Gymnasium's `update_running_mean`). */
  update: boolean;
  private readonly space: Box;

  constructor(env: Env<Float64Array, A>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new ConfigError('observationSpace', inner.toString(), 'NormalizeObservation needs a Box observation space');
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.epsilon >= 0)) throw new ConfigError('epsilon', options.epsilon, 'must be a non-negative number');
    this.update = options.update ?? true;
    this.rms = new RunningMeanStd(inner.size);
    this.space = new Box(-Infinity, Infinity, inner.shape);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override reset(args?: ResetArgs): ResetResult<Float64Array> {
    const r = this.env.reset(args);
    return { obs: this.normalize(r.obs), info: r.info };
  }

  override step(action: A): StepResult<Float64Array> {
    const r = this.env.step(action);
    r.obs = this.normalize(r.obs);
    return r;
  }

  /** Updates (if enabled) and normalises one observation into a new array. */
  normalize(obs: Float64Array): Float64Array {
    if (this.update) this.rms.updateOne(obs);
    const { mean, size } = this.rms;
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = (obs[i] - mean[i]) / Math.sqrt(this.rms.var[i] + this.epsilon);
    return out;
  }

  saveState(): JsonObject {
    return { obsRms: this.rms.toJSON() };
  }

  loadState(state: JsonValue): void {
    loadRmsField(state, 'obsRms', this.rms);
  }
}
