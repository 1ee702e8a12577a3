import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import { childSeed, createRng, randomInt, randomNormal, randomUniform, rngFromState, sampleMasked, shuffle } from '../../../envs/core/rng.js';

describe('rng', () => {
  it('same seed, same stream; different seeds differ; numbers and strings are distinct seeds only by text', () => {
    const draw = (seed: number | string) => {
      const r = createRng(seed);
      return Array.from({ length: 5 }, () => r());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7)).toEqual(draw('7'));
    for (const v of draw('x')) expect(v >= 0 && v < 1).toBe(true);
  });

  it('rngFromState continues exactly where a saved state left off, through JSON', () => {
    const a = createRng(3);
    a();
    const saved = JSON.parse(JSON.stringify(a.state()));
    const next = [a(), a(), a()];
    const b = rngFromState(saved);
    expect([b(), b(), b()]).toEqual(next);
  });

  it('a malformed state is a ConfigError, not a generator of NaN', () => {
    expect(() => rngFromState({ c: 1 } as never)).toThrow(ConfigError);
    expect(() => rngFromState(null as never)).toThrow(/rngState/);
    expect(() => rngFromState({ c: 1, s0: 0.1, s1: Number.NaN, s2: 0.3 })).toThrow(ConfigError);
  });

  it('randomInt, randomUniform and childSeed stay in range; randomNormal has mean 0 and variance 1', () => {
    const rng = createRng('ranges');
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[randomInt(rng, 5)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150); // ±4.7 σ
    for (let i = 0; i < 1000; i++) {
      const u = randomUniform(rng, -2, 3);
      expect(u >= -2 && u < 3).toBe(true);
      const s = childSeed(rng);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
    const n = 20000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = randomNormal(rng);
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.04); // 5.6 standard errors
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.06); // ≈ 6 standard errors (sd of x² is √2)
  });

  it('shuffle is an in-place, seeded permutation', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffle(createRng(1), xs.slice());
    expect(a.slice().sort((p, q) => p - q)).toEqual(xs);
    expect(a).not.toEqual(xs);
    expect(shuffle(createRng(1), xs.slice())).toEqual(a);
  });

  it('sampleMasked draws uniformly among allowed entries; an empty mask gives -1 and spends no draw', () => {
    const rng = createRng('masked');
    const mask = Float64Array.of(0, 2, 0, 1, 1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 3000; i++) counts[sampleMasked(rng, mask)]++;
    expect([counts[0], counts[2]]).toEqual([0, 0]);
    for (const i of [1, 3, 4]) expect(Math.abs(counts[i] - 1000)).toBeLessThan(120); // ±4.6 σ
    const a = createRng(4);
    const b = createRng(4);
    expect(sampleMasked(a, new Uint8Array(3))).toBe(-1);
    expect(a()).toBe(b());
  });
});
