import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../envs/core/errors.js';
import { defaultOutDir, main, parseOptions } from '../../experiments/cli.js';
import { RunWriter } from '../../experiments/io/run-writer.js';
import type { Experiment, OptionSpec } from '../../experiments/types.js';

const specs: Record<string, OptionSpec> = {
  episodes: { type: 'integer', default: 3, help: 'episodes per agent' },
  lr: { type: 'number', default: 0.1, help: 'learning rate' },
  agents: { type: 'list', default: ['a', 'b'], help: 'agents' },
  greedy: { type: 'boolean', default: false, help: 'greedy' },
  label: { type: 'string', default: null, help: 'label' },
};

/** A toy experiment: writes one record per (agent, episode), skipping those already written. */
function toy(calls: { ran: string[] }): Experiment {
  return {
    name: 'toy',
    description: 'test experiment',
    options: specs,
    async run(opts, ctx) {
      if ((opts.episodes as number) < 0) throw new ConfigError('episodes', opts.episodes, 'must be ≥ 0');
      const w = RunWriter.open(ctx.outDir);
      const done = w.completedKeys((r) => `${r.agent}/${r.episode}`);
      for (const agent of opts.agents as string[]) {
        for (let e = 0; e < (opts.episodes as number); e++) {
          if (done.has(`${agent}/${e}`)) continue;
          calls.ran.push(`${agent}/${e}`);
          w.appendJsonl({ agent, episode: e, return: ctx.seed + e });
        }
      }
      w.close();
      if (opts.label === 'crash') throw new Error('crashed after writing episodes');
      ctx.log('human line');
      return { records: w.readJsonl().length, lr: opts.lr as number };
    },
  };
}

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const calls = { ran: [] as string[] };
  const cwd = mkdtempSync(join(tmpdir(), 'cli-'));
  const run = (argv: string[]) => main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd, now: () => new Date(Date.UTC(2026, 10, 25, 9, 5, 7)) }, { toy: async () => toy(calls) });
  return { out, err, calls, cwd, run };
}

describe('parseOptions', () => {
  it('parses every type, both --k v and --k=v, kebab-case and --no-flag', () => {
    const p = parseOptions('toy', ['--episodes', '5', '--lr=0.25', '--agents', 'x, y,z', '--greedy', '--label', 'hi', '--seed', '7', '--json'], specs);
    expect(p).toMatchObject({ seed: 7, json: true, resume: false, out: null, options: { episodes: 5, lr: 0.25, agents: ['x', 'y', 'z'], greedy: true, label: 'hi' } });
    expect(parseOptions('toy', ['--no-greedy'], specs).options.greedy).toBe(false);
    expect(parseOptions('toy', ['--greedy', 'false'], specs).options.greedy).toBe(false);
    const kebab = parseOptions('toy', ['--num-envs', '2'], { numEnvs: { type: 'integer', default: 1, help: '' } });
    expect(kebab.options.numEnvs).toBe(2);
    expect(parseOptions('toy', [], specs).options).toEqual({ episodes: 3, lr: 0.1, agents: ['a', 'b'], greedy: false, label: null });
  });

  it('unknown option → ConfigError naming it and listing the valid ones', () => {
    try {
      parseOptions('toy', ['--episdoes', '4'], specs);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe('episdoes');
      expect((e as ConfigError).value).toBe('4');
      expect((e as Error).message).toMatch(/--episodes, --lr, --agents, --greedy, --label, --seed, --out, --json, --resume/);
    }
  });

  it.each([
    [['--episodes', '2.5'], 'episodes', /integer/],
    [['--episodes', 'x'], 'episodes', /integer/],
    [['--lr', 'abc'], 'lr', /number/],
    [['--lr'], 'lr', /expects a number/],
    [['--lr', '--greedy'], 'lr', /expects a number/],
    [['--greedy=yes'], 'greedy', /boolean/],
    [['--seed', '-1'], 'seed', /non-negative/],
    [['stray'], 'stray', /unexpected argument/],
  ])('wrong value %j → ConfigError on %s', (argv, field, msg) => {
    try {
      parseOptions('toy', argv, specs);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe(field);
      expect((e as Error).message).toMatch(msg);
    }
  });

  it('default out dir is runs/{name}__{seed}__{YYYYMMDD-HHMMSS}', () => {
    expect(defaultOutDir('toy', 3, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('runs/toy__3__20260102-030405');
  });
});

describe('main', () => {
  it('writes config.json and summary.json; --json prints the summary as the last stdout line', async () => {
    const h = harness();
    expect(await h.run(['toy', '--seed', '4', '--episodes', '2', '--json'])).toBe(0);
    const dir = resolve(h.cwd, 'runs/toy__4__20261125-090507');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ experiment: 'toy', seed: 4, options: { episodes: 2, lr: 0.1, agents: ['a', 'b'], greedy: false, label: null } });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary).toEqual({ records: 4, lr: 0.1 });
    expect(JSON.parse(h.out.at(-1)!)).toEqual(summary);
    expect(h.out.length).toBe(1); // human output went to stderr
    expect(h.err).toContain('human line');
    expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8').trim().split('\n').length).toBe(4);
  });

  it('a run rejected by the experiment leaves no folder, so the same --out works next time; partial results stay', async () => {
    const h = harness();
    expect(await h.run(['toy', '--episodes', '-1', '--out', 'o'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/^error: option "episodes" = -1/);
    expect(existsSync(resolve(h.cwd, 'o'))).toBe(false);
    mkdirSync(resolve(h.cwd, 'mine'));
    expect(await h.run(['toy', '--episodes', '-1', '--out', 'mine'])).toBe(1);
    expect(existsSync(resolve(h.cwd, 'mine', 'config.json'))).toBe(false);
    expect(existsSync(resolve(h.cwd, 'mine'))).toBe(true); // the user's folder is kept
    expect(await h.run(['toy', '--episodes', '1', '--out', 'o'])).toBe(0);
    expect(await h.run(['toy', '--label', 'crash', '--out', 'c'])).toBe(1);
    expect(readFileSync(resolve(h.cwd, 'c', 'episodes.jsonl'), 'utf8').trim().split('\n').length).toBe(6);
  });

  it('without --json human output goes to stdout', async () => {
    const h = harness();
    expect(await h.run(['toy', '--out', 'o'])).toBe(0);
    expect(h.out[0]).toBe('human line');
    expect(h.err).toEqual([]);
  });

  it('errors: unknown experiment lists the names; bad option names it; exit 1 with "error: "', async () => {
    const h = harness();
    expect(await h.run(['nope'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/^error: option "experiment" = "nope": unknown experiment; experiments: toy$/);
    expect(await h.run(['toy', '--bogus', '1'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/^error: option "bogus".*valid: --episodes/);
    expect(await h.run([])).toBe(1);
    expect(h.err.at(-1)).toMatch(/missing experiment name/);
  });

  it('--help lists the experiment options and globals, runs nothing', async () => {
    const h = harness();
    expect(await h.run(['toy', '--help'])).toBe(0);
    const text = h.out.join('\n');
    for (const s of ['--episodes <integer>', '--agents <a,b,…>', '--greedy | --no-greedy', '--seed <integer>', '--resume']) expect(text).toContain(s);
    expect(h.calls.ran).toEqual([]);
    expect(existsSync(join(h.cwd, 'runs'))).toBe(false);
  });

  it('refuses a non-empty out dir without --resume', async () => {
    const h = harness();
    mkdirSync(join(h.cwd, 'busy'));
    writeFileSync(join(h.cwd, 'busy', 'x'), '');
    expect(await h.run(['toy', '--out', 'busy'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/--resume/);
  });

  it('--resume skips finished work and checks the config matches', async () => {
    const h = harness();
    expect(await h.run(['toy', '--out', 'r', '--episodes', '2', '--seed', '1'])).toBe(0);
    expect(h.calls.ran).toEqual(['a/0', 'a/1', 'b/0', 'b/1']);
    // Simulate a crash that lost the last two records (and left a partial line).
    const file = join(h.cwd, 'r', 'episodes.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n{"agent":"b","epi`);
    h.calls.ran.length = 0;
    expect(await h.run(['toy', '--out', 'r', '--episodes', '2', '--seed', '1', '--resume'])).toBe(0);
    expect(h.calls.ran).toEqual(['b/0', 'b/1']);
    expect(JSON.parse(readFileSync(join(h.cwd, 'r', 'summary.json'), 'utf8')).records).toBe(4);
    // Mismatched options or seed are refused.
    expect(await h.run(['toy', '--out', 'r', '--episodes', '3', '--seed', '1', '--resume'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/option "episodes" = 3: differs from the run being resumed \(2\)/);
    expect(await h.run(['toy', '--out', 'r', '--episodes', '2', '--seed', '2', '--resume'])).toBe(1);
    expect(await h.run(['toy', '--resume'])).toBe(1);
    expect(h.err.at(-1)).toMatch(/needs --out/);
    expect(existsSync(join(h.cwd, 'runs'))).toBe(false);
  });

  it('the real entry point exits 1 with "error: " on an unknown experiment', () => {
    const repo = resolve(import.meta.dirname, '../..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'experiments/cli.ts', 'no-such-experiment'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: option "experiment" = "no-such-experiment": unknown experiment/m);
  });
});
