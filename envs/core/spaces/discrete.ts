import { ConfigError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { sampleMasked, type Rng } from '../rng.js';
import { Space } from './space.js';

/**
 * Integers {start, …, start + n - 1}. A `mask` (length n, 1 = allowed) restricts `sample`.
 */
export class Discrete extends Space<number> {
  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    super();
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('n', n, 'Discrete needs a positive integer');
    if (!Number.isInteger(start)) throw new ConfigError('start', start, 'Discrete needs an integer start');
  }

  sample(rng: Rng = this.defaultRng(), mask?: Uint8Array): number {
    if (mask === undefined) return this.start + Math.floor(rng() * this.n);
    if (mask.length !== this.n) throw new ConfigError('mask', mask, `mask length must be ${this.n}`);
    const i = sampleMasked(rng, mask);
    if (i < 0) throw new ConfigError('mask', mask, 'mask allows no action');
    return this.start + i;
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  toJSON(): JsonObject {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
