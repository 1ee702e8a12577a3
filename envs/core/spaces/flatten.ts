/**
 * Flattening any space to a `Float64Array`, as Gymnasium's `spaces.utils.flatten`:
 * Discrete → one-hot, MultiDiscrete → concatenated one-hots, MultiBinary → 0/1 floats,
 * Box → row-major copy, Dict → concatenation in key order, Tuple → in order.
 */
import { ConfigError } from '../errors.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { Tuple } from './tuple.js';

/** Length of the flattened vector. */
export function flatDim(space: Space<unknown>): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof MultiBinary) return space.n;
  if (space instanceof Dict) return space.keys.reduce((a, k) => a + flatDim(space.spaces[k]), 0);
  if (space instanceof Tuple) return space.spaces.reduce((a: number, s: Space<unknown>) => a + flatDim(s), 0);
  throw new ConfigError('space', space.toString(), 'cannot flatten this space type');
}

/** Writes the flattened `value` into `out` at `offset`; returns the offset after it. */
export function flattenInto(space: Space<unknown>, value: unknown, out: Float64Array, offset = 0): number {
  if (space instanceof Box) {
    out.set(value as Float64Array, offset);
    return offset + space.size;
  }
  if (space instanceof Discrete) {
    out.fill(0, offset, offset + space.n);
    out[offset + (value as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const v = value as Int32Array;
    for (let i = 0; i < space.nvec.length; i++) {
      out.fill(0, offset, offset + space.nvec[i]);
      out[offset + v[i]] = 1;
      offset += space.nvec[i];
    }
    return offset;
  }
  if (space instanceof MultiBinary) {
    const v = value as Uint8Array;
    for (let i = 0; i < space.n; i++) out[offset + i] = v[i];
    return offset + space.n;
  }
  if (space instanceof Dict) {
    const rec = value as Record<string, unknown>;
    for (const k of space.keys) offset = flattenInto(space.spaces[k], rec[k], out, offset);
    return offset;
  }
  if (space instanceof Tuple) {
    const arr = value as unknown[];
    space.spaces.forEach((s: Space<unknown>, i: number) => {
      offset = flattenInto(s, arr[i], out, offset);
    });
    return offset;
  }
  throw new ConfigError('space', space.toString(), 'cannot flatten this space type');
}

/** The flattened value as a new array. */
export function flatten(space: Space<unknown>, value: unknown): Float64Array {
  const out = new Float64Array(flatDim(space));
  flattenInto(space, value, out, 0);
  return out;
}

/** The Box that flattened values live in (bounds carried over; one-hots in [0, 1]). */
export function flattenSpace(space: Space<unknown>): Box {
  if (space instanceof Box) return new Box(space.low, space.high, [space.size]);
  const low: number[] = [];
  const high: number[] = [];
  collectBounds(space, low, high);
  return new Box(low, high, [low.length]);
}

function collectBounds(space: Space<unknown>, low: number[], high: number[]): void {
  if (space instanceof Box) {
    low.push(...space.low);
    high.push(...space.high);
  } else if (space instanceof Dict) {
    for (const k of space.keys) collectBounds(space.spaces[k], low, high);
  } else if (space instanceof Tuple) {
    for (const s of space.spaces) collectBounds(s, low, high);
  } else {
    const n = flatDim(space);
    for (let i = 0; i < n; i++) {
      low.push(0);
      high.push(1);
    }
  }
}
