import { ConfigError } from '../errors.js';
import type { JsonObject } from '../json.js';
import type { Rng } from '../rng.js';
import { Space } from './space.js';

/** A vector of independent discrete choices; entry i is in {0, …, nvec[i] - 1}. */
export class MultiDiscrete extends Space<Int32Array> {
  readonly nvec: Int32Array;

  constructor(nvec: ArrayLike<number>) {
    super();
    if (typeof nvec !== 'object' || nvec === null || typeof nvec.length !== 'number') throw new ConfigError('nvec', nvec ?? null, 'expected an array of positive integers');
    for (let i = 0; i < nvec.length; i++) {
      if (!Number.isInteger(nvec[i]) || nvec[i] <= 0) throw new ConfigError('nvec', Array.from(nvec), `entry ${i} must be a positive integer`);
    }
    if (nvec.length === 0) throw new ConfigError('nvec', [], 'MultiDiscrete needs at least one entry');
    this.nvec = Int32Array.from(nvec);
  }

  sample(rng: Rng = this.defaultRng()): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(rng() * this.nvec[i]);
    return out;
  }

  contains(x: unknown): x is Int32Array {
    if (!(x instanceof Int32Array) || x.length !== this.nvec.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] < 0 || x[i] >= this.nvec[i]) return false;
    return true;
  }

  toJSON(): JsonObject {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec) };
  }

  toString(): string {
    return `MultiDiscrete([${Array.from(this.nvec).join(', ')}])`;
  }
}
