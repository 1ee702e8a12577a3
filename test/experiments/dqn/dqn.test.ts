import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../experiments/cli.js';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: tmpdir() });
  return { code, out, err };
}

describe('dqn experiment', () => {
  it('trains, evaluates greedily, prints {evalReturn, steps, …} last and writes curves, SVG and checkpoint', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dqn-')), 'run');
    const r = await cli(['dqn', '--env', 'CartPole-v1', '--steps', '3000', '--learning-starts', '500', '--eval-episodes', '3', '--seed', '2', '--json', '--out', dir]);
    expect(r.err.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out.at(-1)!);
    expect(s.steps).toBe(3000);
    expect(typeof s.evalReturn).toBe('number');
    expect(s.evalReturn).toBeGreaterThan(0);
    expect(s.config).toMatchObject({ seed: 2, totalTimesteps: 3000, learningStarts: 500, hiddenSizes: [64, 64] });
    const records = readFileSync(join(dir, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const train = records.filter((x) => x.phase === 'train');
    expect(train.reduce((a, x) => a + x.length, 0)).toBeLessThanOrEqual(3000);
    expect(records.filter((x) => x.phase === 'eval')).toHaveLength(3);
    expect(records.some((x) => x.phase === 'update' && Number.isFinite(x.td_loss))).toBe(true);
    expect(readFileSync(join(dir, 'learning_curve.svg'), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).format).toBe('dqn-checkpoint-v1');
    expect(existsSync(join(dir, 'summary.json'))).toBe(true);
  }, 60_000);

  it('bad options fail with the option named', async () => {
    const base = mkdtempSync(join(tmpdir(), 'dqn-'));
    expect((await cli(['dqn', '--sampler', 'best', '--steps', '10', '--out', join(base, 'a')])).err.join('')).toMatch(/"sampler"/);
    expect((await cli(['dqn', '--hidden-sizes', '64,0', '--out', join(base, 'b')])).err.join('')).toMatch(/"hiddenSizes"/);
    expect((await cli(['dqn', '--steps', '0', '--out', join(base, 'c')])).err.join('')).toMatch(/"steps"/);
    expect((await cli(['dqn', '--env', 'Nope-v0', '--steps', '10', '--out', join(base, 'd')])).code).toBe(1);
  });
});
