import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import { SlabAllocator } from '../../../envs/core/slab.js';

describe('SlabAllocator', () => {
  it('hands out zero-filled, 8-aligned, non-overlapping views of one slab until it is full', () => {
    const a = new SlabAllocator(64);
    const x = a.float64(3); // bytes 0..24
    const m = a.uint8(5); // bytes 24..29
    const y = a.float64(2); // aligned to 32..48
    expect([x.byteOffset, m.byteOffset, y.byteOffset]).toEqual([0, 24, 32]);
    expect(x.buffer).toBe(y.buffer);
    expect([...x, ...m, ...y].every((v) => v === 0)).toBe(true);
    x.fill(7);
    m.fill(9);
    expect([...y]).toEqual([0, 0]);
    const z = a.float64(3); // 48 + 24 > 64: a fresh slab
    expect(z.buffer).not.toBe(x.buffer);
    expect(z.byteOffset).toBe(0);
    expect(z.buffer.byteLength).toBe(64);
  });

  it('gives a request larger than a slab a slab of its own size', () => {
    const a = new SlabAllocator(64);
    const big = a.float64(20);
    expect(big.buffer.byteLength).toBe(160);
    const next = a.uint8(1);
    expect(next.buffer).not.toBe(big.buffer);
  });

  it('rejects a bad slab size with a ConfigError', () => {
    expect(() => new SlabAllocator(0)).toThrow(ConfigError);
    expect(() => new SlabAllocator(1.5)).toThrow(/slabBytes/);
  });
});
