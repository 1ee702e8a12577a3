import { ConfigError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { sampleMasked, type Rng } from '../rng.js';
import { Space } from './space.js';

/**
 * A vector of independent discrete choices; entry i is in {0, …, nvec[i] - 1}.
 * A sampling `mask` is the concatenation of one 0/1 mask per entry (length Σ nvec, the same
 * layout as the flattened one-hots), e.g. Jumanji's per-machine `action_mask` rows.
 */
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

  sample(rng: Rng = this.defaultRng(), mask?: Uint8Array): Int32Array {
    const out = new Int32Array(this.nvec.length);
    if (mask === undefined) {
      for (let i = 0; i < out.length; i++) out[i] = Math.floor(rng() * this.nvec[i]);
      return out;
    }
    const total = this.nvec.reduce((a, b) => a + b, 0);
    if (mask.length !== total) throw new ConfigError('mask', mask, `mask length must be ${total} (one row per entry)`);
    for (let i = 0, offset = 0; i < out.length; offset += this.nvec[i], i++) {
      const pick = sampleMasked(rng, mask.subarray(offset, offset + this.nvec[i]));
      if (pick < 0) throw new ConfigError('mask', mask, `mask allows no value for entry ${i}`);
      out[i] = pick;
    }
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
