/**
 * The real lackey traces in ../shared/data/paging/ against the reference fault counts in that
 * folder's README (an independent Python LRU and Belady), and the "done when": the learned
 * predictor (no oracle) with the deterministic discard algorithm beats LRU on every full trace at
 * k = 16, and on sort and python3 at k = 64. Not asserted, because it fails: gzip at k = 64, where
 * LRU pays 17 capacity misses, all caused by decisions in the first 1% of the trace (ties: 160).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LRU } from '../../../algorithms/paging/classic.js';
import { learnedBits } from '../../../algorithms/paging/learned.js';
import { FollowDiscard } from '../../../algorithms/paging/predictions.js';
import { simulate } from '../../../algorithms/paging/simulator.js';
import { belady } from '../../../envs/paging/oracles.js';
import type { Trace } from '../../../envs/paging/types.js';
import { loadTraceFile } from '../../../experiments/paging/traces.js';

const DIR = resolve(process.cwd(), '../shared/data/paging');
/** README table: trace → k → [OPT faults, LRU faults]. */
const REFERENCE: Record<string, Record<number, [number, number]>> = {
  gzip: { 16: [142_541, 271_932], 64: [143, 160] },
  sort: { 16: [5_480, 8_814], 64: [603, 728] },
  python3: { 16: [124_482, 226_661], 64: [14_069, 25_520] },
};
const file = (name: string) => resolve(DIR, `lackey-${name}.txt.gz`);
const present = Object.keys(REFERENCE).every((n) => existsSync(file(n)));

describe.skipIf(!present)('real lackey traces (2 M requests each)', () => {
  const traces = new Map<string, Trace>();
  const load = (name: string) => {
    if (!traces.has(name)) traces.set(name, loadTraceFile(file(name)));
    return traces.get(name) as Trace;
  };

  it('Belady and LRU fault counts equal the README reference (k = 16, 64)', () => {
    for (const [name, byK] of Object.entries(REFERENCE)) {
      const tr = load(name);
      expect(tr.pages.length).toBe(2_000_000);
      for (const [k, [opt, lru]] of Object.entries(byK)) {
        expect(belady(tr, Number(k)).faults, `${name} k=${k} OPT`).toBe(opt);
        expect(simulate(new LRU(), { trace: tr, k: Number(k) }), `${name} k=${k} LRU`).toBe(lru);
      }
    }
  });

  it('learned bits (no oracle) + deterministic discard algorithm beat LRU on every trace at k = 16 and on sort and python3 at k = 64', () => {
    const cases: [string, number][] = [['gzip', 16], ['sort', 16], ['python3', 16], ['sort', 64], ['python3', 64]];
    for (const [name, k] of cases) {
      const tr = load(name);
      const a1 = simulate(new FollowDiscard(), { trace: tr, k, bits: learnedBits(tr, k).bits });
      expect(a1, `${name} k=${k}`).toBeLessThan(REFERENCE[name][k][1]);
      expect(a1, `${name} k=${k}`).toBeGreaterThanOrEqual(REFERENCE[name][k][0]);
    }
  }, 90_000);
});
