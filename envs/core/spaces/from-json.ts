import { ConfigError } from '../errors.js';
import type { JsonObject, JsonValue } from '../json.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { Tuple } from './tuple.js';

/** Rebuilds a space from its `toJSON()` description. */
export function spaceFromJSON(json: JsonValue): Space<unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError('space', json, 'a space description must be an object with a "type"');
  }
  const d = json as JsonObject;
  switch (d.type) {
    case 'Discrete':
      return new Discrete(d.n as number, (d.start as number) ?? 0);
    case 'Box':
      return new Box(decode(d.low), decode(d.high), d.shape as number[]);
    case 'MultiDiscrete':
      return new MultiDiscrete(d.nvec as number[]);
    case 'MultiBinary':
      return new MultiBinary(d.n as number);
    case 'Dict': {
      if (typeof d.spaces !== 'object' || d.spaces === null || Array.isArray(d.spaces)) {
        throw new ConfigError('space.spaces', d.spaces, 'a Dict description needs an object of sub-spaces');
      }
      const spaces: Record<string, Space<unknown>> = {};
      for (const [k, v] of Object.entries(d.spaces)) spaces[k] = spaceFromJSON(v);
      return new Dict(spaces);
    }
    case 'Tuple':
      if (!Array.isArray(d.spaces)) throw new ConfigError('space.spaces', d.spaces ?? null, 'a Tuple description needs an array of sub-spaces');
      return new Tuple(d.spaces.map(spaceFromJSON));
    default:
      throw new ConfigError('space.type', d.type, 'expected Discrete, Box, MultiDiscrete, MultiBinary, Dict or Tuple');
  }
}

function decode(v: JsonValue): number[] {
  if (!Array.isArray(v)) throw new ConfigError('space.low/high', v, 'expected an array');
  return v.map((x) => (typeof x === 'string' ? Number(x) : (x as number)));
}
