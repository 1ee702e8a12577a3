/**
 * The `Space` contract shared by every space (Gymnasium's `spaces.Space`).
 *
 * - `sample(rng?, mask?)` draws a value; with no `rng` the space's own generator is used,
 *   which `seed()` makes reproducible (entropy-seeded otherwise).
 * - `contains(x)` is a strict membership test (type, shape, bounds, no NaN).
 * - `toJSON()` is a plain description (`spaceFromJSON` in `./index.ts` inverts it).
 */
import type { JsonObject } from '../json.js';
import { createRng, entropySeed, type Rng, type Seed } from '../rng.js';

export abstract class Space<T> {
  private ownRng: Rng | null = null;

  /** Seeds the generator used by `sample()` when no generator is passed. */
  seed(seed: Seed): void {
    this.ownRng = createRng(seed);
  }

  /** The generator used when `sample` gets none. */
  protected defaultRng(): Rng {
    if (this.ownRng === null) this.ownRng = createRng(entropySeed());
    return this.ownRng;
  }

  abstract sample(rng?: Rng, mask?: Uint8Array): T;
  abstract contains(x: unknown): x is T;
  abstract toJSON(): JsonObject;

  /** One-line description used in error messages, e.g. `Discrete(2)`. */
  abstract toString(): string;
}

/** The value type held by a space. */
export type SpaceValue<S> = S extends Space<infer T> ? T : never;
