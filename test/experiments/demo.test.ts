import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../experiments/cli.js';
import { register } from '../../envs/index.js';
import { measureEnv } from '../../experiments/bench/envs.js';
import { LeanAgent } from '../../experiments/demo/cartpole-lean.js';
import { TinyParallelEnv } from '../fixtures/bus/tiny-envs.js';

function runCli(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd }).then((code) => ({ code, out, err }));
}

describe('demo experiment (npm start)', () => {
  it('LeanAgent pushes towards the lean', () => {
    const a = new LeanAgent();
    expect(a.act(new Float64Array([0, 0, 0.05, 0]))).toBe(1);
    expect(a.act(new Float64Array([0, 0, -0.05, 0]))).toBe(0);
  });

  it('writes a complete run folder; the heuristic beats random on CartPole; resume replays only missing episodes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'demo-'));
    const args = ['demo', '--envs', 'CartPole-v1', '--episodes', '8', '--seed', '3', '--out', 'run', '--json'];
    const r = await runCli(args, cwd);
    expect(r.err.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.at(-1)!);
    const pairs = summary.pairs as { env: string; agent: string; episodes: number; meanReturn: number }[];
    expect(pairs.map((p) => `${p.env}/${p.agent}/${p.episodes}`)).toEqual(['CartPole-v1/random/8', 'CartPole-v1/lean/8']);
    expect(summary.cartPoleLeanOverRandom).toBeGreaterThan(1.3);
    const dir = join(cwd, 'run');
    expect(readFileSync(join(dir, 'returns.svg'), 'utf8')).toContain('>lean</text>');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).options).toEqual({ episodes: 8, maxSteps: 100_000, envs: ['CartPole-v1'] });
    const file = join(dir, 'episodes.jsonl');
    const full = readFileSync(file, 'utf8');
    expect(full.trim().split('\n').length).toBe(16);

    // Crash simulation: keep 5 records plus a partial line, then resume.
    const lines = full.split('\n');
    writeFileSync(file, `${lines.slice(0, 5).join('\n')}\n${lines[5].slice(0, 10)}`);
    const again = await runCli([...args, '--resume'], cwd);
    expect(again.code).toBe(0);
    const sortLines = (s: string) => s.trim().split('\n').sort();
    expect(sortLines(readFileSync(file, 'utf8'))).toEqual(sortLines(full));
    expect(JSON.parse(again.out.at(-1)!).pairs).toEqual(summary.pairs.map((p: object) => ({ ...p, stepsPerSecond: expect.anything() })));
  });

  it('covers registered parallel envs generically (rolloutParallel + random joint policy); the envs bench measures them', async () => {
    register('TinyParallelDemo-v0', () => new TinyParallelEnv(), {}, { kind: 'parallel', description: 'test' });
    const cwd = mkdtempSync(join(tmpdir(), 'demo-par-'));
    const r = await runCli(['demo', '--envs', 'TinyParallelDemo-v0', '--episodes', '3', '--out', 'p', '--json'], cwd);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.at(-1)!);
    expect(summary.pairs).toMatchObject([{ env: 'TinyParallelDemo-v0', agent: 'random', episodes: 3, meanLength: 4 }]);
    const rec = JSON.parse(readFileSync(join(cwd, 'p', 'episodes.jsonl'), 'utf8').split('\n')[0]);
    expect(Object.keys(rec.returns).sort()).toEqual(['a', 'b']);
    expect(rec.return).toBeCloseTo(rec.returns.a + rec.returns.b, 12);
    expect(measureEnv({ id: 'TinyParallelDemo-v0', kind: 'parallel', seconds: 0.01 })).toBeGreaterThan(0);
  });
});
