import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import type { JsonValue } from '../../../envs/core/json.js';
import { createRng } from '../../../envs/core/rng.js';
import { Box, Dict, Discrete, flatDim, flatten, flattenSpace, MultiBinary, MultiDiscrete, spaceFromJSON, Tuple, type Space } from '../../../envs/core/spaces/index.js';

const spaces: [string, Space<unknown>][] = [
  ['Discrete', new Discrete(5)],
  ['Discrete with start', new Discrete(3, -1)],
  ['bounded Box', new Box(-2, 3, [2, 3])],
  ['half-bounded Box', new Box([0, -Infinity], [Infinity, 1])],
  ['unbounded Box', new Box(-Infinity, Infinity, [4])],
  ['MultiDiscrete', new MultiDiscrete([2, 5, 3])],
  ['MultiBinary', new MultiBinary(6)],
  ['Dict', new Dict({ pos: new Box(0, 1, [2]), kind: new Discrete(3), bits: new MultiBinary(2) })],
  ['Tuple (nested)', new Tuple([new Discrete(2), new Dict({ v: new Box(-1, 1, [1]) }), new MultiDiscrete([4])])],
];

/** Plain JSON view of a value, for deep comparison of typed arrays inside objects. */
const plain = (x: unknown): unknown =>
  ArrayBuffer.isView(x) ? { [x.constructor.name]: Array.from(x as unknown as ArrayLike<number>) } : Array.isArray(x) ? x.map(plain) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)])) : x;

describe.each(spaces)('%s', (_name, space) => {
  it('contains its samples', () => {
    const rng = createRng(1);
    for (let i = 0; i < 300; i++) expect(space.contains(space.sample(rng))).toBe(true);
  });

  it('samples deterministically from a seeded generator and from seed()', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => plain(space.sample(rng)));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    space.seed(42);
    const a = [space.sample(), space.sample()].map(plain);
    space.seed(42);
    expect([space.sample(), space.sample()].map(plain)).toEqual(a);
  });

  it('round-trips through JSON text (including infinite bounds)', () => {
    const text = JSON.stringify(space.toJSON());
    const back = spaceFromJSON(JSON.parse(text) as JsonValue);
    expect(back.constructor).toBe(space.constructor);
    expect(back.toJSON()).toEqual(space.toJSON());
    expect(back.toString()).toBe(space.toString());
    const rng = createRng(3);
    for (let i = 0; i < 50; i++) expect(back.contains(space.sample(rng))).toBe(true);
  });

  it('flattens into its flattened Box', () => {
    const flat = flattenSpace(space);
    expect(flat.size).toBe(flatDim(space));
    const rng = createRng(4);
    for (let i = 0; i < 50; i++) {
      const v = flatten(space, space.sample(rng));
      expect(v.length).toBe(flatDim(space));
      expect(flat.contains(v)).toBe(true);
    }
  });

  it('rejects values of the wrong kind', () => {
    for (const x of [undefined, null, 'a', {}, [], new Float32Array(2)]) expect(space.contains(x)).toBe(false);
  });
});

describe('contains', () => {
  it('Discrete checks integrality and range', () => {
    const d = new Discrete(3, -1);
    expect([-1, 0, 1].every((x) => d.contains(x))).toBe(true);
    for (const x of [-2, 2, 0.5, Number.NaN, '0', Infinity]) expect(d.contains(x)).toBe(false);
  });

  it('Box checks type, length, bounds and NaN', () => {
    const b = new Box([0, -Infinity], [1, Infinity]);
    expect(b.contains(Float64Array.of(1, -1e300))).toBe(true);
    expect(b.contains(Float64Array.of(1.0000001, 0))).toBe(false);
    expect(b.contains(Float64Array.of(0, Number.NaN))).toBe(false);
    expect(b.contains(Float64Array.of(0))).toBe(false);
    expect(b.contains([0, 0])).toBe(false);
  });

  it('MultiDiscrete samples only values its per-entry mask rows allow', () => {
    const md = new MultiDiscrete([3, 2]);
    const mask = Uint8Array.of(0, 1, 1, 1, 0); // entry 0 ∈ {1, 2}, entry 1 = 0
    const rng = createRng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const v = md.sample(rng, mask);
      expect(md.contains(v)).toBe(true);
      expect(v[0]).not.toBe(0);
      expect(v[1]).toBe(0);
      seen.add(v.join(','));
    }
    expect([...seen].sort()).toEqual(['1,0', '2,0']);
    expect(() => md.sample(rng, Uint8Array.of(1, 1, 1, 1))).toThrow(ConfigError);
    expect(() => md.sample(rng, Uint8Array.of(1, 1, 1, 0, 0))).toThrow(/entry 1/);
  });

  it('MultiDiscrete, MultiBinary, Dict and Tuple check every part', () => {
    const md = new MultiDiscrete([2, 3]);
    expect(md.contains(Int32Array.of(1, 2))).toBe(true);
    expect(md.contains(Int32Array.of(2, 0))).toBe(false);
    expect(md.contains(Int32Array.of(-1, 0))).toBe(false);
    const mb = new MultiBinary(2);
    expect(mb.contains(Uint8Array.of(1, 0))).toBe(true);
    expect(mb.contains(Uint8Array.of(2, 0))).toBe(false);
    const d = new Dict({ a: new Discrete(2) });
    expect(d.contains({ a: 1 })).toBe(true);
    expect(d.contains({ a: 1, b: 0 })).toBe(false);
    expect(d.contains({ a: 2 })).toBe(false);
    const t = new Tuple([new Discrete(2), new Discrete(2)]);
    expect(t.contains([0, 1])).toBe(true);
    expect(t.contains([0])).toBe(false);
  });
});

describe('Discrete masks', () => {
  it('samples only allowed actions, roughly uniformly', () => {
    const d = new Discrete(5, 10);
    const mask = Uint8Array.of(0, 1, 0, 1, 1);
    const rng = createRng(9);
    const counts = new Map<number, number>();
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const a = d.sample(rng, mask);
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([11, 13, 14]);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.03);
  });

  it('throws ConfigError for an empty mask or a mask of the wrong length', () => {
    const d = new Discrete(3);
    expect(() => d.sample(createRng(0), new Uint8Array(3))).toThrow(ConfigError);
    expect(() => d.sample(createRng(0), new Uint8Array(2).fill(1))).toThrow(/mask length must be 3/);
  });
});

describe('Box sampling follows Gymnasium', () => {
  const rng = createRng(11);
  const n = 20000;
  const stats = (space: Box) => {
    let s = 0;
    let s2 = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = space.sample(rng)[0];
      s += v;
      s2 += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const mean = s / n;
    return { mean, var: s2 / n - mean * mean, min, max };
  };

  it('uniform when bounded', () => {
    const st = stats(new Box(2, 4, [1]));
    expect(st.min).toBeGreaterThanOrEqual(2);
    expect(st.max).toBeLessThanOrEqual(4);
    expect(Math.abs(st.mean - 3)).toBeLessThan(0.02);
    expect(Math.abs(st.var - 4 / 12)).toBeLessThan(0.01);
  });

  it('shifted exponential when bounded on one side', () => {
    const lo = stats(new Box(1, Infinity, [1]));
    expect(lo.min).toBeGreaterThanOrEqual(1);
    expect(Math.abs(lo.mean - 2)).toBeLessThan(0.03);
    const hi = stats(new Box(-Infinity, -1, [1]));
    expect(hi.max).toBeLessThanOrEqual(-1);
    expect(Math.abs(hi.mean + 2)).toBeLessThan(0.03);
  });

  it('standard normal when unbounded', () => {
    const st = stats(new Box(-Infinity, Infinity, [1]));
    expect(Math.abs(st.mean)).toBeLessThan(0.03);
    expect(Math.abs(st.var - 1)).toBeLessThan(0.04);
  });
});

describe('construction errors', () => {
  it('name the field and value', () => {
    expect(() => new Discrete(0)).toThrow(/option "n" = 0/);
    expect(() => new Discrete(2.5)).toThrow(ConfigError);
    expect(() => new Box(1, 0, [1])).toThrow(/low\/high/);
    expect(() => new Box(Number.NaN, 0, [1])).toThrow(ConfigError);
    expect(() => new Box(0, 1, [2, 0])).toThrow(/shape/);
    expect(() => new Box([0, 0, 0], [1, 1])).toThrow(/high/);
    expect(() => new MultiDiscrete([2, 0])).toThrow(/nvec/);
    expect(() => new MultiDiscrete([])).toThrow(ConfigError);
    expect(() => new MultiBinary(-1)).toThrow(ConfigError);
  });

  it('spaceFromJSON rejects unknown types and non-objects', () => {
    expect(() => spaceFromJSON({ type: 'Graph' })).toThrow(/space.type/);
    expect(() => spaceFromJSON(3)).toThrow(ConfigError);
    expect(() => spaceFromJSON([])).toThrow(ConfigError);
    expect(() => spaceFromJSON({ type: 'Dict' })).toThrow(/space.spaces/);
    expect(() => spaceFromJSON({ type: 'Tuple', spaces: {} })).toThrow(/space.spaces/);
    expect(() => spaceFromJSON({ type: 'MultiDiscrete' })).toThrow(/nvec/);
  });
});

describe('JSON encoding of Box bounds', () => {
  it('writes infinities as strings and reads them back', () => {
    const b = new Box([-Infinity, 0], [Infinity, 2.5]);
    const json = JSON.parse(JSON.stringify(b.toJSON())) as { low: unknown[]; high: unknown[] };
    expect(json.low).toEqual(['-Infinity', 0]);
    expect(json.high).toEqual(['Infinity', 2.5]);
    const back = spaceFromJSON(json as JsonValue) as Box;
    expect(Array.from(back.low)).toEqual([-Infinity, 0]);
    expect(Array.from(back.high)).toEqual([Infinity, 2.5]);
    expect(back.isBounded()).toBe(false);
  });
});

describe('flatten', () => {
  it('one-hot encodes Discrete relative to start', () => {
    expect(Array.from(flatten(new Discrete(4, 2), 3))).toEqual([0, 1, 0, 0]);
  });

  it('concatenates MultiDiscrete one-hots, MultiBinary bits and Box entries', () => {
    expect(Array.from(flatten(new MultiDiscrete([2, 3]), Int32Array.of(1, 0)))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(flatten(new MultiBinary(3), Uint8Array.of(1, 0, 1)))).toEqual([1, 0, 1]);
    expect(Array.from(flatten(new Box(-9, 9, [2, 2]), Float64Array.of(1, 2, 3, 4)))).toEqual([1, 2, 3, 4]);
  });

  it('walks Dict in key order and Tuple in order', () => {
    const d = new Dict({ b: new Discrete(2), a: new Box(-5, 5, [1]) });
    expect(Array.from(flatten(d, { b: 1, a: Float64Array.of(-3) }))).toEqual([0, 1, -3]);
    const t = new Tuple([new Box(-5, 5, [1]), new Discrete(3)]);
    expect(Array.from(flatten(t, [Float64Array.of(4), 2]))).toEqual([4, 0, 0, 1]);
  });

  it('carries Box bounds into the flattened space and uses [0, 1] for one-hots', () => {
    const s = flattenSpace(new Tuple([new Box([-1, -Infinity], [1, 7]), new Discrete(2)]));
    expect(Array.from(s.low)).toEqual([-1, -Infinity, 0, 0]);
    expect(Array.from(s.high)).toEqual([1, 7, 1, 1]);
  });
});
