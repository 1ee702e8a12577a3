import { describe, expect, it } from 'vitest';
import { touchedBlocks } from '../../../algorithms/replay/locality.js';
import { NeighbourSampler, UniformSampler } from '../../../algorithms/replay/samplers.js';

/** Spec §f.5: distinct 64 B lines and 4 KiB pages touched by one batch (B = 1024, size = 10⁶, L = 16). */
describe('locality metric', () => {
  const size = 1_000_000;
  const B = 1024;
  const L = 16;
  const uni = new Int32Array(B);
  const ns = new Int32Array(B);
  new UniformSampler({ seed: 'loc' }).sample(size, uni);
  new NeighbourSampler({ runLength: L, seed: 'loc' }).sample(size, ns);

  it('counts blocks exactly on a hand-worked example', () => {
    // records of 24 B at slots 0, 1, 2 cover bytes [0, 72): lines 0 and 1; slot 100 covers [2400, 2424): line 37
    expect(touchedBlocks(Int32Array.of(0, 1, 2, 100, 1), 24, 64)).toBe(3);
    expect(touchedBlocks(Int32Array.of(0, 170, 171), 24, 4096)).toBe(2); // 171·24 = 4104 → page 1
  });

  for (const [field, r, lineRatio, pageRatio] of [
    ['reward (4 B, spec)', 4, 1 / 6, 1 / 8],
    ['reward (float64, ours)', 8, 1 / 4, 1 / 8],
    ['obs (18 float32, spec)', 72, 0.75, 1 / 8],
    // 8 KiB runs span 2–3 pages: ≈ 190 pages vs ≈ 1020; lines are the same count (8 per record) either way
    ['obs (64 float64, benchmark)', 512, 1.01, 1 / 5],
  ] as [string, number, number, number][]) {
    it(`${field}: each run touches ≤ ceil(L·r/64)+1 lines; totals well below uniform`, () => {
      for (let k = 0; k < B; k += L) {
        expect(touchedBlocks(ns.subarray(k, k + L), r, 64)).toBeLessThanOrEqual(Math.ceil((L * r) / 64) + 1);
      }
      const lines = [touchedBlocks(ns, r, 64), touchedBlocks(uni, r, 64)];
      for (let k = 0; k < B; k += L) {
        expect(touchedBlocks(ns.subarray(k, k + L), r, 4096)).toBeLessThanOrEqual(Math.ceil((L * r) / 4096) + 1);
      }
      const pages = [touchedBlocks(ns, r, 4096), touchedBlocks(uni, r, 4096)];
      expect(lines[0]).toBeLessThanOrEqual(lineRatio * lines[1]);
      expect(pages[0]).toBeLessThanOrEqual(pageRatio * pages[1]);
    });
  }
});
