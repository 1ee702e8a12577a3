import { ConfigError } from '../errors.js';
import type { JsonObject } from '../json.js';
import type { Rng } from '../rng.js';
import { Space } from './space.js';

/** A vector of n bits, stored as 0/1 in a `Uint8Array`. */
export class MultiBinary extends Space<Uint8Array> {
  constructor(readonly n: number) {
    super();
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('n', n, 'MultiBinary needs a positive integer');
  }

  sample(rng: Rng = this.defaultRng()): Uint8Array {
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = rng() < 0.5 ? 1 : 0;
    return out;
  }

  contains(x: unknown): x is Uint8Array {
    if (!(x instanceof Uint8Array) || x.length !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (x[i] > 1) return false;
    return true;
  }

  toJSON(): JsonObject {
    return { type: 'MultiBinary', n: this.n };
  }

  toString(): string {
    return `MultiBinary(${this.n})`;
  }
}
