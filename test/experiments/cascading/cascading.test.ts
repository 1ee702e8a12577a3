import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import experiment from '../../../experiments/cascading/index.js';
import type { OptionValues } from '../../../experiments/types.js';
import { defaultOptions } from '../../../experiments/cli.js';
import { quietContext, tempDir } from '../helpers.js';

function options(overrides: OptionValues): OptionValues {
  return { ...defaultOptions(experiment.options), ...overrides };
}

const ctx = (outDir: string) => quietContext(outDir, 3);

describe('cascading experiment', () => {
  it('one configuration returns the documented JSON shape and writes its files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascading-'));
    const summary = await experiment.run(options({ items: 4, episodes: 200, seeds: 2, states: 3, agents: ['CascadingVI', 'AdaptRM', 'Optimal'] }), ctx(dir));
    expect(Object.keys(summary).sort()).toEqual(['msPerEpisode', 'regret', 'regretSlope']);
    const regret = summary.regret as Record<string, number>;
    expect(Object.keys(regret).sort()).toEqual(['AdaptRM', 'CascadingVI', 'Optimal']);
    expect(regret.Optimal).toBeLessThan(1e-9);
    expect(regret.CascadingVI).toBeGreaterThan(0);
    expect((summary.regretSlope as Record<string, number | null>).Optimal).toBeNull();
    for (const f of ['episodes.jsonl', 'regret_curves.csv', 'table.md', 'regret_N4.svg', 'time_N4.svg', 'time_vs_N.svg']) expect(existsSync(path.join(dir, f))).toBe(true);
    const lines = readFileSync(path.join(dir, 'episodes.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(6);
    // Cumulative wall-clock against episodes: non-decreasing, ending at K · msPerEpisode.
    for (const line of lines) {
      const rec = JSON.parse(line) as { wallMs: number[]; checkpoints: number[]; msPerEpisode: number };
      expect(rec.wallMs.length).toBe(rec.checkpoints.length);
      for (let i = 1; i < rec.wallMs.length; i++) expect(rec.wallMs[i]).toBeGreaterThanOrEqual(rec.wallMs[i - 1]);
      expect(rec.wallMs.at(-1)).toBeCloseTo(200 * rec.msPerEpisode, 9);
    }
  });

  it('sweep mode adds per-N results and the BPI comparison', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascading-'));
    const summary = await experiment.run(
      options({ sweepItems: ['3', '4'], m: 2, episodes: 100, seeds: 1, states: 2, horizon: 2, agents: ['CascadingVI', 'UniformRandom'], bpiItems: ['3'], bpiSeeds: 1, bpiMaxEpisodes: 300 }),
      ctx(dir),
    );
    expect(Object.keys(summary.sweep as object)).toEqual(['3', '4']);
    expect(Object.keys((summary.bpi as Record<string, object>)['3']).sort()).toEqual(['AdaptBPI', 'CascadingBPI']);
    expect(existsSync(path.join(dir, 'bpi_vs_N.svg'))).toBe(true);
    // One seed has no interval: the tables say so instead of printing "± 0".
    for (const f of ['table.md', 'bpi_table.md']) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text).toContain('(1 seed)');
      expect(text.split('\n').filter((l) => /^\| \d/.test(l)).join('\n')).not.toContain('±');
    }
  });

  it('a resumed run reuses the finished runs (no duplicate records, same summary)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascading-'));
    const opts = options({ sweepItems: ['3'], m: 2, episodes: 100, seeds: 2, states: 2, horizon: 2, agents: ['CascadingVI', 'UniformRandom'], bpiItems: ['3'], bpiSeeds: 1, bpiMaxEpisodes: 300 });
    const first = await experiment.run(opts, ctx(dir));
    const count = (f: string) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n').length;
    expect([count('episodes.jsonl'), count('bpi.jsonl')]).toEqual([4, 2]);
    // Drop the last regret record, as a crash would: only that run is redone.
    const lines = readFileSync(path.join(dir, 'episodes.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'episodes.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);
    const second = await experiment.run(opts, ctx(dir));
    expect([count('episodes.jsonl'), count('bpi.jsonl')]).toEqual([4, 2]);
    expect(second.regret).toEqual(first.regret);
    expect(second.bpi).toEqual(first.bpi);
  });

  it('rejects bad options with ConfigError naming the option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascading-'));
    await expect(experiment.run(options({ items: 2, m: 3 }), ctx(dir))).rejects.toThrow(/"m"/);
    await expect(experiment.run(options({ agents: ['Nope'] }), ctx(dir))).rejects.toThrow(ConfigError);
    await expect(experiment.run(options({ instance: 'movielens' }), ctx(dir))).rejects.toThrow(/"instance"/);
    await expect(experiment.run(options({ sweepItems: ['x'] }), ctx(dir))).rejects.toThrow(/"sweepItems"/);
  });
});
