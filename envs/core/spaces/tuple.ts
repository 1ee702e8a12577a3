import type { JsonObject } from '../json.js';
import type { Rng } from '../rng.js';
import { Space, type SpaceValue } from './space.js';

/** An ordered product of spaces; a value is an array with one entry per sub-space. */
export class Tuple<S extends readonly Space<unknown>[]> extends Space<{ [K in keyof S]: SpaceValue<S[K]> }> {
  constructor(readonly spaces: S) {
    super();
  }

  sample(rng: Rng = this.defaultRng()): { [K in keyof S]: SpaceValue<S[K]> } {
    return this.spaces.map((s) => s.sample(rng)) as { [K in keyof S]: SpaceValue<S[K]> };
  }

  contains(x: unknown): x is { [K in keyof S]: SpaceValue<S[K]> } {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  toJSON(): JsonObject {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map((s) => s.toString()).join(', ')})`;
  }
}
