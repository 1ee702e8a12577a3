import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../experiments/cli.js';
import { HFT_AGENTS } from '../../../experiments/hft/agents.js';
import { inferPeriodsPerYear, loadPairFiles } from '../../../experiments/hft/data.js';
import { generatePair } from '../../../envs/hft/generator.js';

function writePair(dir: string, bars = 700): [string, string] {
  const p = generatePair(9, { bars });
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const a = ['Date,Close', ...Array.from(p.a, (v, t) => `${iso(p.time[t])},${v.toFixed(4)}`)];
  // B in another common shape: yyyymmdd with a `cl` column, one row missing (forward-filled).
  const b = ['date,op,cl', ...Array.from(p.b, (v, t) => `${iso(p.time[t]).replaceAll('-', '')},1,${v.toFixed(4)}`).filter((_, t) => t !== 300)];
  const fa = join(dir, 'A.csv');
  const fb = join(dir, 'B.csv');
  writeFileSync(fa, `${a.join('\n')}\n`);
  writeFileSync(fb, `${b.join('\n')}\n`);
  return [fa, fb];
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: tmpdir() });
  return { code, out, err };
}

describe('hft experiment, built-in data sets', () => {
  it('runs every built-in data set end to end; on the OU pair the z-band beats random after costs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hft-'));
    // Baselines only: the dqn agent trains per data set (tested in test/agents/hft/dqn.test.ts and the --data test below).
    const baselines = Object.keys(HFT_AGENTS).filter((a) => a !== 'dqn').join(',');
    const r = await cli(['hft', '--seeds', '1', '--agents', baselines, '--json', '--out', join(dir, 'run')]);
    expect(r.code).toBe(0);
    const { datasets } = JSON.parse(r.out.at(-1)!);
    expect(Object.keys(datasets)).toEqual(['ou', 'regime', 'minute', 'ewa-ewc', 'coinbase-eth-btc']);
    expect(datasets.ou.agents['z-band'].sharpe).toBeGreaterThan(datasets.ou.agents.random.sharpe);
    expect(datasets['ewa-ewc'].pairStats.trainBars).toBe(883);
    expect(datasets['coinbase-eth-btc'].config.costBps).toBe(10);
    for (const ds of Object.keys(datasets)) expect(existsSync(join(dir, 'run', `equity_${ds}.svg`))).toBe(true);
  });
});

describe('hft experiment, user data mode', () => {
  it('--data A.csv,B.csv --cost-bps C --json prints every agent\'s test metrics on the last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hft-'));
    const [fa, fb] = writePair(dir);
    const outDir = join(dir, 'run');
    const r = await cli(['hft', '--data', `${fa},${fb}`, '--cost-bps', '2', '--seeds', '2', '--formation-bars', '200', '--trading-bars', '100', '--json', '--out', outDir]);
    expect(r.err.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.at(-1)!);
    expect(Object.keys(summary.agents).sort()).toEqual(Object.keys(HFT_AGENTS).sort());
    for (const m of Object.values(summary.agents) as Record<string, number>[]) {
      for (const k of ['sharpe', 'pnl', 'maxDrawdown', 'turnover', 'trades']) expect(typeof m[k]).toBe('number');
    }
    expect(summary.agents.flat.pnl).toBe(0);
    expect(summary.agents['z-band'].trades).toBeGreaterThan(0);
    expect(summary.config.costBps).toBe(2);
    expect(r.err.join('\n')).toMatch(/1 bars of A and 0 of B forward-filled|0 bars of A and 1 of B forward-filled/);
    for (const f of ['metrics.csv', 'equity_user.svg', 'episodes.jsonl', 'summary.json']) expect(existsSync(join(outDir, f))).toBe(true);
    expect(readFileSync(join(outDir, 'equity_user.svg'), 'utf8')).toMatch(/^<svg/);
    // Deterministic baselines are identical across seeds; records per seed × agent.
    expect(readFileSync(join(outDir, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2 * Object.keys(HFT_AGENTS).length);
  }, 180_000); // includes two trainings of the dqn agent
  it('bad options fail with the option named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hft-'));
    const [fa] = writePair(dir);
    expect((await cli(['hft', '--data', fa, '--out', join(dir, 'r1')])).err.join('')).toMatch(/"data".*two files/);
    expect((await cli(['hft', '--agents', 'oracle', '--out', join(dir, 'r2')])).err.join('')).toMatch(/"agents" = "oracle"/);
    expect((await cli(['hft', '--data', `${fa},${join(dir, 'nope.csv')}`, '--out', join(dir, 'r3')])).err.join('')).toMatch(/cannot read/);
    const [a, b] = writePair(dir, 400);
    expect((await cli(['hft', '--data', `${a},${b}`, '--out', join(dir, 'r4')])).err.join('')).toMatch(/formation-bars/);
  });
  it('headerless files: --time-col/--price-col as 0-based indices give the same pair as the headered files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hft-'));
    const p = generatePair(4, { bars: 50 });
    const day = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
    const rows = (x: Float64Array) => Array.from(x, (v, t) => `${day(p.time[t])},1,${v.toFixed(4)}`);
    const write = (name: string, lines: string[]) => {
      writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
      return join(dir, name);
    };
    const headered = loadPairFiles(write('A.csv', ['date,op,cl', ...rows(p.a)]), write('B.csv', ['date,op,cl', ...rows(p.b)]));
    const bare = loadPairFiles(write('a.csv', rows(p.a)), write('b.csv', rows(p.b)), { timeCol: '0', priceCol: '2' });
    expect(bare.time.length).toBe(50);
    expect(Array.from(bare.time)).toEqual(Array.from(headered.time));
    expect(Array.from(bare.a)).toEqual(Array.from(headered.a));
    expect(Array.from(bare.b)).toEqual(Array.from(headered.b));
    // Without the indices a headerless file is a ParseError naming line 1; an index out of range names the option.
    expect(() => loadPairFiles(join(dir, 'a.csv'), join(dir, 'b.csv'))).toThrow(/a\.csv:1: no header row/);
    expect(() => loadPairFiles(join(dir, 'a.csv'), join(dir, 'b.csv'), { timeCol: '0', priceCol: '7' })).toThrow(/priceCol/);
  });
  it('infers the annualisation from the bar spacing', () => {
    expect(inferPeriodsPerYear(Float64Array.from([0, 1, 2, 3], (i) => i * 86_400_000))).toBe(252);
    expect(inferPeriodsPerYear(Float64Array.from([0, 1, 2, 3], (i) => i * 60_000))).toBe(525_600);
  });
});
