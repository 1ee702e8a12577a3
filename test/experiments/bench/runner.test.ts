import { describe, expect, it } from 'vitest';
import { rollout } from '../../../agents/bus/rollout.js';
import { RandomAgent, RandomMultiAgent } from '../../../agents/random.js';
import { make } from '../../../envs/index.js';
import { main } from '../../../experiments/bench/index.js';
import { bareLoop, bareParallelLoop } from '../../../experiments/bench/loops.js';
import { interleaved, median } from '../../../experiments/bench/timing.js';
import type { Benchmark } from '../../../experiments/types.js';
import { TinyParallelEnv } from '../../fixtures/bus/tiny-envs.js';

const fake = (name: string, result: object): (() => Promise<Benchmark>) => async () => ({
  name,
  description: `fake ${name}`,
  run: async (ctx) => {
    ctx.log(`table of ${name} quick=${ctx.quick}`);
    return { ...result, quick: ctx.quick } as never;
  },
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, { a: fake('a', { x: 1 }), b: fake('b', { y: 2 }) });
  return { code, out, err };
}

describe('bench runner', () => {
  it('--json: one bench → its object as the last stdout line; human output on stderr', async () => {
    const r = await run(['a', '--json', '--quick']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['{"x":1,"quick":true}']);
    expect(r.err.some((l) => l.includes('table of a quick=true'))).toBe(true);
  });

  it('--json with all benches → object keyed by name', async () => {
    const r = await run(['--json']);
    expect(JSON.parse(r.out.at(-1)!)).toEqual({ a: { x: 1, quick: false }, b: { y: 2, quick: false } });
  });

  it('without --json the tables go to stdout', async () => {
    const r = await run(['b']);
    expect(r.out.some((l) => l.includes('table of b'))).toBe(true);
  });

  it('unknown bench or flag → error: … and exit 1', async () => {
    const r = await run(['nope']);
    expect(r.code).toBe(1);
    expect(r.err.at(-1)).toBe('error: unknown benchmark "nope"; benchmarks: a, b');
    expect((await run(['--fast'])).err.at(-1)).toMatch(/^error: unknown flag --fast/);
  });
});

describe('benchmark loops do the same work as the bus', () => {
  it('bareLoop and rollout finish the same episodes for the same seed and step count', () => {
    const env = make<Float64Array, number>('CartPole-v1');
    const steps = 5000;
    const bare = bareLoop(env, new RandomAgent(env.actionSpace, 4), steps, 9);
    let bus = 0;
    let taken = 0;
    rollout(env, new RandomAgent(env.actionSpace, 4), { steps, seed: 9 }).subscribe((e) => {
      if (e.type === 'episodeEnd') bus++;
      if (e.type === 'done') taken = e.steps;
    });
    expect(taken).toBe(steps);
    expect(bare).toBe(bus);
    expect(bare).toBeGreaterThan(50);
  });

  it('bareParallelLoop steps only live agents and counts episodes', () => {
    const env = new TinyParallelEnv();
    // TinyParallelEnv episodes last 4 joint steps; 4k+1 steps finish k episodes.
    expect(bareParallelLoop(env, new RandomMultiAgent((a) => env.actionSpace(a), 0) as never, 41, 0)).toBe(10);
  });

  it('timing helpers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const order: string[] = [];
    const t = interleaved({ a: () => order.push('a'), b: () => order.push('b') }, 2);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'b', 'a']); // warm-up, then rotated rounds
    expect(t.a.length).toBe(2);
  });
});
