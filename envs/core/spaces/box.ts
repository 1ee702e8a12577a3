import { ConfigError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { randomNormal, type Rng } from '../rng.js';
import { Space } from './space.js';

/**
 * A real-valued tensor in [low, high], stored row-major in a `Float64Array`
 * (one numeric type across the suite keeps V8's hot paths monomorphic).
 * Bounds may be ±Infinity. Sampling follows Gymnasium: uniform when both bounds are
 * finite, shifted exponential when one is, standard normal when neither is.
 */
export class Box extends Space<Float64Array> {
  readonly shape: readonly number[];
  readonly size: number;
  readonly low: Float64Array;
  readonly high: Float64Array;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[]) {
    super();
    const inferred = shape ?? (typeof low === 'number' ? (typeof high === 'number' ? [1] : [high.length]) : [low.length]);
    for (const d of inferred) {
      if (!Number.isInteger(d) || d <= 0) throw new ConfigError('shape', inferred, 'dimensions must be positive integers');
    }
    this.shape = [...inferred];
    this.size = inferred.reduce((a, b) => a * b, 1);
    this.low = broadcast('low', low, this.size);
    this.high = broadcast('high', high, this.size);
    for (let i = 0; i < this.size; i++) {
      if (Number.isNaN(this.low[i]) || Number.isNaN(this.high[i]) || this.low[i] > this.high[i]) {
        throw new ConfigError('low/high', [this.low[i], this.high[i]], `invalid bounds at index ${i}`);
      }
    }
  }

  sample(rng: Rng = this.defaultRng()): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      if (loFinite && hiFinite) out[i] = lo + (hi - lo) * rng();
      else if (loFinite) out[i] = lo - Math.log(1 - rng());
      else if (hiFinite) out[i] = hi + Math.log(1 - rng());
      else out[i] = randomNormal(rng);
    }
    return out;
  }

  contains(x: unknown): x is Float64Array {
    if (!(x instanceof Float64Array) || x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = x[i];
      if (!(v >= this.low[i] && v <= this.high[i])) return false; // also rejects NaN
    }
    return true;
  }

  /** Element-wise clip into the bounds (a new array). */
  clip(x: Float64Array): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = Math.min(this.high[i], Math.max(this.low[i], x[i]));
    return out;
  }

  /** True when every bound is finite. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.low[i]) || !Number.isFinite(this.high[i])) return false;
    return true;
  }

  toJSON(): JsonObject {
    return { type: 'Box', shape: [...this.shape], low: encode(this.low), high: encode(this.high) };
  }

  toString(): string {
    const lo = uniformOrNull(this.low);
    const hi = uniformOrNull(this.high);
    const bounds = lo !== null && hi !== null ? `${lo}, ${hi}` : 'low, high';
    return `Box(${bounds}, shape=[${this.shape.join(', ')}])`;
  }
}

function broadcast(field: string, v: number | ArrayLike<number>, size: number): Float64Array {
  if (typeof v === 'number') return new Float64Array(size).fill(v);
  if (v.length !== size) throw new ConfigError(field, v, `length ${v.length} does not match size ${size}`);
  return Float64Array.from(v);
}

/** JSON has no Infinity: infinite bounds become the strings "Infinity" / "-Infinity". */
function encode(a: Float64Array): (number | string)[] {
  return Array.from(a, (v) => (Number.isFinite(v) ? v : String(v)));
}

function uniformOrNull(a: Float64Array): number | null {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return null;
  return a[0];
}
