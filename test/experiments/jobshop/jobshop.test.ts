import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPATCHER_NAMES } from '../../../agents/jobshop/rules.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { defaultOptions, main } from '../../../experiments/cli.js';
import experiment from '../../../experiments/jobshop/index.js';
import { jobShopAgentNames } from '../../../experiments/jobshop/agents.js';
import type { ExperimentContext, OptionValues } from '../../../experiments/types.js';
import { quietContext, tempDir } from '../helpers.js';

const FIXTURES = resolve(process.cwd(), 'test/fixtures/jobshop');

function ctx(): ExperimentContext {
  return quietContext(tempDir('jobshop-'));
}

function options(over: OptionValues): OptionValues {
  return { ...defaultOptions(experiment.options), ...over };
}

describe('jobshop experiment', () => {
  it('user mode through the CLI prints {"makespan": {...}} for every agent as the last stdout line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'jobshop-cli-'));
    const code = await main(['jobshop', '--instance', join(FIXTURES, 'ft06'), '--json', '--out', join(dir, 'run')], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir });
    expect(code, err.join('\n')).toBe(0);
    const last = JSON.parse(out[out.length - 1]) as { makespan: Record<string, number> };
    expect(Object.keys(last.makespan)).toEqual(jobShopAgentNames());
    expect(jobShopAgentNames()).toEqual(expect.arrayContaining(DISPATCHER_NAMES as string[]));
    // Classic ft06 under our semantics (spec (d) ND table).
    expect(last.makespan).toMatchObject({ SPT: 88, MWKR: 61, MOR: 59, FIFO: 65, LPT: 77, LWKR: 83, LOR: 68, 'FDD/MWKR': 67 });
  });

  it('user mode writes one episodes.jsonl record per agent and a Gantt SVG of the best agent', async () => {
    const c = ctx();
    const o = await experiment.run(options({ instance: join(FIXTURES, 'ft06'), agent: null }), c);
    const names = jobShopAgentNames();
    const lines = readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { agent: string; meanMakespan: number });
    expect(lines.map((l) => l.agent)).toEqual(names);
    const ms = o.makespan as Record<string, number>;
    const best = names.reduce((b, n) => (ms[n] < ms[b] ? n : b));
    expect(lines.find((l) => l.agent === best)?.meanMakespan).toBe(ms[best]);
    expect(o.gantt).toBe(`gantt_ft06_${best.replace(/[^A-Za-z0-9._-]+/g, '-')}.svg`);
    const svg = readFileSync(join(c.outDir, o.gantt as string), 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain(`makespan ${ms[best]}`);
  });

  it('user mode: Taillard-format file, one agent, blocking-swap with shutdowns averages over failure seeds', async () => {
    const o = await experiment.run(options({ instance: join(FIXTURES, 'tai015_15.txt'), variant: 'blocking-swap', shutdown: 0.02, agent: 'MWKR', failureSeeds: 3 }), ctx());
    const ms = (o.makespan as Record<string, number>).MWKR;
    const base = await experiment.run(options({ instance: join(FIXTURES, 'ta01'), variant: 'blocking-swap', agent: 'MWKR' }), ctx());
    expect(ms).toBeGreaterThan((base.makespan as Record<string, number>).MWKR);
    expect((o.runs as Record<string, number>).MWKR).toBe(3);
  });

  it('validates options with ConfigErrors', async () => {
    await expect(experiment.run(options({ instance: join(FIXTURES, 'ft06'), variant: 'buffered' }), ctx())).rejects.toThrow(ConfigError);
    await expect(experiment.run(options({ instance: join(FIXTURES, 'ft06'), shutdown: 1 }), ctx())).rejects.toThrow(/shutdown/);
    await expect(experiment.run(options({ instance: join(FIXTURES, 'ft06'), agent: 'EDD' }), ctx())).rejects.toThrow(/EDD/);
    await expect(experiment.run(options({ instance: join(FIXTURES, 'nope') }), ctx())).rejects.toThrow(/cannot read/);
  });

  it('full mode (tiny): writes episodes, summary fields and SVGs', async () => {
    const c = ctx();
    const out = await experiment.run(
      options({ instances: ['ft06', 'ta01'], dataDir: resolve(process.cwd(), '../shared/data/jobshop'), agents: ['MWKR', 'SPT'], variants: ['blocking-swap'], shutdownProbs: ['0', '0.05'], failureSeeds: 2, randomInstances: 2, randomJobs: 4, randomMachines: 3 }),
      c,
    );
    const gap = out.classicGap as Record<string, { meanGapTaillard15x15: number; instances: Record<string, { makespan: number; gapPercent: number }> }>;
    expect(gap.MWKR.instances.ta01).toMatchObject({ makespan: 1491 });
    expect(gap.MWKR.meanGapTaillard15x15).toBeCloseTo((100 * (1491 - 1231)) / 1231, 1);
    const sweep = out.sweep as Record<string, Record<string, Record<string, { benchmark: { meanMakespan: number } }>>>;
    expect(sweep['blocking-swap']['0.05'].MWKR.benchmark.meanMakespan).toBeGreaterThan(sweep['blocking-swap']['0'].MWKR.benchmark.meanMakespan);
    for (const f of ['episodes.jsonl', 'gap_taillard.svg', 'gantt_ft06_classic_p0.svg', 'gantt_ft06_blocking-swap_p0.02.svg', 'sweep_blocking-swap_held-out.svg']) {
      expect(existsSync(join(c.outDir, f)), f).toBe(true);
    }
    const lines = readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n');
    // 2 agents × 2 instances (gap) + 2 agents × 2 p × (2 benchmark + 2 held-out) (sweep).
    expect(lines.length).toBe(4 + 16);
  });
});
