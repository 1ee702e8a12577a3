import type { JsonObject } from '../json.js';
import type { Rng } from '../rng.js';
import { Space, type SpaceValue } from './space.js';

/** Named sub-spaces; a value is a plain object with exactly those keys. */
export class Dict<S extends Record<string, Space<unknown>>> extends Space<{ [K in keyof S]: SpaceValue<S[K]> }> {
  readonly keys: readonly (keyof S & string)[];

  constructor(readonly spaces: S) {
    super();
    this.keys = Object.keys(spaces) as (keyof S & string)[];
  }

  sample(rng: Rng = this.defaultRng()): { [K in keyof S]: SpaceValue<S[K]> } {
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = this.spaces[k].sample(rng);
    return out as { [K in keyof S]: SpaceValue<S[K]> };
  }

  contains(x: unknown): x is { [K in keyof S]: SpaceValue<S[K]> } {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const rec = x as Record<string, unknown>;
    if (Object.keys(rec).length !== this.keys.length) return false;
    for (const k of this.keys) if (!(k in rec) || !this.spaces[k].contains(rec[k])) return false;
    return true;
  }

  toJSON(): JsonObject {
    const spaces: JsonObject = {};
    for (const k of this.keys) spaces[k] = this.spaces[k].toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `${k}: ${this.spaces[k].toString()}`).join(', ')})`;
  }
}
