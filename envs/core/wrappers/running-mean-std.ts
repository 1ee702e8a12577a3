/**
 * Running mean and (population) variance of a stream of vectors, merged batch by batch with
 * Chan et al.'s parallel formula: Gymnasium's `wrappers.utils.RunningMeanStd`, same prior
 * (mean 0, variance 1, pseudo-count 1e-4), all in float64.
 */
import { ConfigError } from '../errors.js';
import type { JsonObject, JsonValue } from '../json.js';

export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  /** Number of samples merged so far, plus the prior's pseudo-count. */
  count: number;

  constructor(
    readonly size: number,
    priorCount = 1e-4,
  ) {
    if (!Number.isInteger(size) || size <= 0) throw new ConfigError('size', size, 'must be a positive integer');
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = priorCount;
  }

  /** Merges one sample (no allocation). */
  updateOne(x: ArrayLike<number>): void {
    const tot = this.count + 1;
    for (let i = 0; i < this.size; i++) {
      const delta = x[i] - this.mean[i];
      this.mean[i] += delta / tot;
      this.var[i] = (this.var[i] * this.count + (delta * delta * this.count) / tot) / tot;
    }
    this.count = tot;
  }

  /** Merges `n` samples stored row-major in `batch` (row r at `r * size`). */
  updateBatch(batch: ArrayLike<number>, n: number): void {
    if (n <= 0) return;
    if (batch.length < n * this.size) throw new ConfigError('batch', batch.length, `expected ${n} rows of ${this.size}`);
    const tot = this.count + n;
    for (let i = 0; i < this.size; i++) {
      let m = 0;
      for (let r = 0; r < n; r++) m += batch[r * this.size + i];
      m /= n;
      let v = 0;
      for (let r = 0; r < n; r++) {
        const d = batch[r * this.size + i] - m;
        v += d * d;
      }
      v /= n;
      const delta = m - this.mean[i];
      this.mean[i] += (delta * n) / tot;
      this.var[i] = (this.var[i] * this.count + v * n + (delta * delta * this.count * n) / tot) / tot;
    }
    this.count = tot;
  }

  toJSON(): JsonObject {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restores a `toJSON()` snapshot of the same size. */
  load(state: JsonValue): void {
    const s = state as { mean?: unknown; var?: unknown; count?: unknown } | null;
    const ok = (a: unknown, positive: boolean): a is number[] =>
      Array.isArray(a) && a.length === this.size && a.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v >= 0));
    if (typeof s !== 'object' || s === null) throw new ConfigError('state', state, 'expected {mean, var, count}');
    if (!ok(s.mean, false)) throw new ConfigError('state.mean', s.mean, `expected ${this.size} finite numbers`);
    if (!ok(s.var, true)) throw new ConfigError('state.var', s.var, `expected ${this.size} non-negative numbers`);
    if (typeof s.count !== 'number' || !(s.count > 0) || !Number.isFinite(s.count)) {
      throw new ConfigError('state.count', s.count, 'expected a positive number');
    }
    this.mean.set(s.mean);
    this.var.set(s.var);
    this.count = s.count;
  }
}

/** Restores `rms` from field `key` of a normalising wrapper's `saveState()` object (`{ [key]: rms.toJSON() }`). */
export function loadRmsField(state: JsonValue, key: string, rms: RunningMeanStd): void {
  if (typeof state !== 'object' || state === null || !(key in state)) throw new ConfigError('state', state, `expected {${key}}`);
  rms.load((state as JsonObject)[key]);
}
