/**
 * `ItemList`: the action space of cascading recommendation. A value is an `Int32Array` holding an
 * ordered list of distinct item indices from {0, …, n-1}, of length 1..maxLen (or exactly maxLen
 * when `exact`). None of the core spaces fits: MultiDiscrete has a fixed length and allows
 * repeats, and a Discrete over all lists (Θ(n^m) values) would hide the item structure that
 * cascading learners rely on. `invalidReason(x)` says why a value is not a list of this space
 * (used for `InvalidActionError` messages).
 *
 * The space is not flattenable (`flatten` throws) and `spaceFromJSON` does not know it; its
 * `toJSON()` is `{ type: 'ItemList', n, maxLen, exact }`.
 */
import { ConfigError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';
import type { Rng } from '../core/rng.js';
import { Space } from '../core/spaces/space.js';

export class ItemList extends Space<Int32Array> {
  constructor(
    /** Number of items. */
    readonly n: number,
    /** Maximum list length m. */
    readonly maxLen: number,
    /** Whether lists must have exactly `maxLen` items. */
    readonly exact = false,
  ) {
    super();
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('n', n, 'ItemList needs a positive number of items');
    if (!Number.isInteger(maxLen) || maxLen < 1 || maxLen > n) throw new ConfigError('maxLen', maxLen, `must be an integer in [1, ${n}]`);
  }

  /** Number of lists: Σ_{ℓ=1..m} n!/(n-ℓ)! (or n!/(n-m)! when exact). */
  get size(): number {
    let total = 0;
    let perm = 1;
    for (let l = 1; l <= this.maxLen; l++) {
      perm *= this.n - l + 1;
      if (!this.exact || l === this.maxLen) total += perm;
    }
    return total;
  }

  /**
   * A uniformly random list among all lists of the space (the length is drawn with probability
   * proportional to the number of lists of that length, then a uniform partial permutation).
   */
  sample(rng: Rng = this.defaultRng()): Int32Array {
    let len = this.maxLen;
    if (!this.exact) {
      let u = rng() * this.size;
      let perm = 1;
      for (let l = 1; l <= this.maxLen; l++) {
        perm *= this.n - l + 1;
        if (u < perm) {
          len = l;
          break;
        }
        u -= perm;
      }
    }
    const pool = Int32Array.from({ length: this.n }, (_, i) => i);
    const out = new Int32Array(len);
    for (let i = 0; i < len; i++) {
      const j = i + Math.floor(rng() * (this.n - i));
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      out[i] = pool[i];
    }
    return out;
  }

  contains(x: unknown): x is Int32Array {
    return this.invalidReason(x) === null;
  }

  /** `null` when `x` is a list of this space, else the reason it is not. */
  invalidReason(x: unknown): string | null {
    if (!(x instanceof Int32Array)) return 'is not an Int32Array list of item indices';
    if (x.length === 0) return 'is an empty list';
    if (x.length > this.maxLen) return `has ${x.length} items, more than m = ${this.maxLen}`;
    if (this.exact && x.length !== this.maxLen) return `has ${x.length} items; this exact-length variant needs exactly m = ${this.maxLen}`;
    for (let i = 0; i < x.length; i++) {
      if (x[i] < 0 || x[i] >= this.n) return `contains unknown item ${x[i]} (items are 0..${this.n - 1})`;
      for (let j = 0; j < i; j++) if (x[j] === x[i]) return `repeats item ${x[i]}`;
    }
    return null;
  }

  toJSON(): JsonObject {
    return { type: 'ItemList', n: this.n, maxLen: this.maxLen, exact: this.exact };
  }

  toString(): string {
    return `ItemList(n=${this.n}, ${this.exact ? 'len' : 'maxLen'}=${this.maxLen})`;
  }
}
