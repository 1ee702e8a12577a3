/**
 * The `lbf` experiment (experiments/lbf/index.ts) on two tasks with few episodes: summary shape,
 * files, resume without duplicates, and option errors as ConfigErrors naming the option.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import experiment from '../../../experiments/lbf/index.js';
import { experiments } from '../../../experiments/registry.js';
import type { ExperimentContext, OptionValues } from '../../../experiments/types.js';
import { defaultOptions } from '../../../experiments/cli.js';
import { quietContext, tempDir } from '../helpers.js';

function ctx(outDir = tempDir('lbf-exp-')): ExperimentContext {
  return quietContext(outDir);
}

function options(over: OptionValues): OptionValues {
  return { ...defaultOptions(experiment.options), ...over };
}

const TASKS = ['Foraging-8x8-2p-2f-coop-v3', 'Foraging-2s-10x10-3p-3f-v3'];
const AGENTS = ['random', 'H1', 'H2', 'H3', 'H4'];

describe('lbf experiment', () => {
  it('is registered; defaults: the 7 EPyMARL tasks, random + H1–H4', async () => {
    expect(await experiments.lbf()).toBe(experiment);
    expect(experiment.options.tasks.default).toHaveLength(7);
    expect(experiment.options.agents.default).toEqual(AGENTS);
  });

  it('runs two tasks: summary per task × agent, episodes.jsonl, CSV, table and SVG; resume adds nothing', async () => {
    const c = ctx();
    const out = await experiment.run(options({ tasks: TASKS, episodes: 6 }), c);
    expect(out).toMatchObject({ seed: 0, episodes: 6, agents: AGENTS });
    const tasks = out.tasks as Record<string, Record<string, Record<string, number>>>;
    expect(Object.keys(tasks)).toEqual(TASKS);
    for (const task of TASKS) {
      expect(Object.keys(tasks[task])).toEqual(AGENTS);
      for (const agent of AGENTS) {
        const s = tasks[task][agent];
        expect(Object.keys(s).sort()).toEqual(['ci95', 'cleared', 'episodes', 'meanLength', 'meanReturn', 'sdReturn']);
        expect(s.episodes).toBe(6);
        expect(s.meanReturn).toBeGreaterThanOrEqual(0);
        expect(s.meanReturn).toBeLessThanOrEqual(1);
        expect(s.ci95).toBeGreaterThanOrEqual(0);
        expect(s.cleared).toBeGreaterThanOrEqual(0);
        expect(s.cleared).toBeLessThanOrEqual(1);
        expect(s.meanLength).toBeGreaterThan(0);
        expect(s.meanLength).toBeLessThanOrEqual(50);
      }
    }
    expect(Object.keys(out.meanOverTasks as object)).toEqual(AGENTS);
    // On the coop task random play scores ≈ 0 and H2 clearly more (measured: 0.87 over 1000 episodes).
    expect(tasks[TASKS[0]].H2.meanReturn).toBeGreaterThan(tasks[TASKS[0]].random.meanReturn);

    const lines = readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(TASKS.length * AGENTS.length * 6);
    expect(Object.keys(lines[0]).sort()).toEqual(['agent', 'cleared', 'episode', 'length', 'return', 'returns', 'task']);
    for (const r of lines) expect(r.cleared).toBe(Math.abs(r.return - 1) < 1e-9);
    const csv = readFileSync(join(c.outDir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('task,agent,episodes,meanReturn,ci95,sdReturn,cleared,meanLength');
    expect(csv).toHaveLength(1 + TASKS.length * AGENTS.length);
    expect(readFileSync(join(c.outDir, 'returns.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(readFileSync(join(c.outDir, 'table.md'), 'utf8')).toContain('| 2s-10x10-3p-3f |');

    // Resume into the same folder: nothing re-recorded, same statistics.
    const again = await experiment.run(options({ tasks: TASKS, episodes: 6 }), ctx(c.outDir));
    expect(readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(lines.length);
    expect(again.tasks).toEqual(out.tasks);
  });

  it('bad option values are ConfigErrors naming the option; nothing is written', async () => {
    const cases: [OptionValues, RegExp][] = [
      [{ episodes: 0 }, /"episodes"/],
      [{ episodes: 2.5 }, /"episodes"/],
      [{ tasks: ['Foraging-9x9-2p-2f-v3'] }, /"tasks"/],
      [{ tasks: [] }, /"tasks"/],
      [{ agents: ['H5'] }, /"agents"/],
    ];
    for (const [over, field] of cases) {
      const c = ctx();
      const run = experiment.run(options({ tasks: TASKS.slice(0, 1), episodes: 2, ...over }), c);
      await expect(run).rejects.toThrow(ConfigError);
      await expect(run).rejects.toThrow(field);
      expect(existsSync(join(c.outDir, 'episodes.jsonl'))).toBe(false);
    }
  });
});
