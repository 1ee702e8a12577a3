import { describe, expect, it } from 'vitest';
import bench from '../../../experiments/bench/replay.js';

describe('replay benchmark (smoke, --quick)', () => {
  it('returns a reduction for every agent count and run length, and logs a table', async () => {
    const logs: string[] = [];
    const r = (await bench.run({ json: true, quick: true, log: (m) => logs.push(m) })) as Record<string, never>;
    const red = r.samplingReduction as Record<string, Record<string, number>>;
    expect(Object.keys(red)).toEqual(['agents3', 'agents6', 'agents12', 'agents24']);
    for (const row of Object.values(red)) {
      expect(Object.keys(row)).toEqual(['L1', 'L2', 'L4', 'L8', 'L16']);
      for (const v of Object.values(row)) expect(v).toBeLessThan(1);
    }
    expect(r.samplingReductionL8Min).toBe(Math.min(...Object.values(red).map((row) => row.L8)));
    expect(Object.keys(r.samplingReductionInterleaved)).toHaveLength(4);
    expect(logs.some((l) => l.includes('uniform µs'))).toBe(true);
  });
});
