import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { MultiAgent, ParallelTransition } from '../../../agents/agent.js';
import { rolloutParallel, type ParallelBusEvent, type ParallelEpisodeEndEvent, type ParallelStepEvent } from '../../../agents/bus/index.js';
import { RandomMultiAgent } from '../../../agents/random.js';
import { TinyParallelEnv } from '../../fixtures/bus/tiny-envs.js';

const collect = (env: TinyParallelEnv, agent: MultiAgent<Float64Array, number, Float64Array>, opts: Parameters<typeof rolloutParallel>[2]) =>
  lastValueFrom(rolloutParallel(env, agent, opts).pipe(toArray()));

/** Agent "a" plays 1, "b" plays 0; records transitions. */
class FixedAgent implements MultiAgent<Float64Array, number, Float64Array> {
  readonly name = 'fixed';
  starts = 0;
  seen: ParallelTransition<Float64Array, number, Float64Array>[] = [];
  act(obs: Record<string, Float64Array>, state: Float64Array): Record<string, number> {
    expect(state[0]).toBe(Object.values(obs)[0][0]); // state t equals obs t
    const out: Record<string, number> = {};
    for (const a of Object.keys(obs)) out[a] = a === 'a' ? 1 : 0;
    return out;
  }
  onEpisodeStart(): void {
    this.starts++;
  }
  observe(tr: ParallelTransition<Float64Array, number, Float64Array>) {
    this.seen.push(tr);
    return { 'charts/agents': Object.keys(tr.actions).length };
  }
}

describe('rolloutParallel', () => {
  it('per-agent step events, per-agent returns, return = sum over agents', async () => {
    const env = new TinyParallelEnv();
    const agent = new FixedAgent();
    const events = await collect(env, agent, { episodes: 2, seed: 3, stepEvents: true });
    const steps = events.filter((e): e is ParallelStepEvent => e.type === 'step');
    const ends = events.filter((e): e is ParallelEpisodeEndEvent => e.type === 'episodeEnd');
    expect(ends.map((e) => e.length)).toEqual([4, 4]);
    // "b" acts in steps 0,1 only; "a" in 0..3.
    expect(steps.slice(0, 4).map((s) => Object.keys(s.action).sort().join(''))).toEqual(['ab', 'ab', 'a', 'a']);
    for (const end of ends) {
      const mine = steps.filter((s) => s.episode === end.episode);
      for (const a of ['a', 'b']) {
        const sum = mine.reduce((acc, s) => acc + (s.reward[a] ?? 0), 0);
        expect(end.returns[a]).toBeCloseTo(sum, 12);
      }
      expect(end.return).toBeCloseTo(end.returns.a + end.returns.b, 12);
      expect(end.terminated).toBe(false); // "a" left by truncation
      expect(end.info).toEqual({ a: { t: 4 } });
    }
    // a plays 1 → its reward exceeds b's by 1 on shared steps.
    expect(steps[0].reward.a - steps[0].reward.b).toBeCloseTo(1, 12);
    expect(steps[1].terminated).toEqual({ a: false, b: true });
    expect(steps[3].truncated).toEqual({ a: true });
  });

  it('calls hooks, passes state/nextState, forwards update events', async () => {
    const env = new TinyParallelEnv();
    const agent = new FixedAgent();
    const events = await collect(env, agent, { episodes: 3, seed: 0 });
    expect(agent.starts).toBe(3);
    expect(agent.seen.length).toBe(12);
    expect(agent.seen[0].nextState[0]).toBe(agent.seen[0].state[0] + 1);
    const updates = events.filter((e) => e.type === 'update');
    expect(updates.map((u) => (u as { metrics: Record<string, number> }).metrics['charts/agents'])).toEqual([2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1]);
    expect(events.at(-1)).toEqual({ type: 'done', episodes: 3, steps: 12 });
  });

  it('deterministic per seed and JSON round-trippable', async () => {
    const run = (seed: number) => collect(new TinyParallelEnv(), new RandomMultiAgent((a) => new TinyParallelEnv().actionSpace(a), 5) as never, { episodes: 3, seed, stepEvents: true });
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a[0]).toEqual({ type: 'episodeStart', episode: 0, seed: 1 });
    expect((a as ParallelBusEvent[]).filter((e) => e.type === 'episodeStart')[1]).toEqual({ type: 'episodeStart', episode: 1 });
  });

  it('`steps` budget cuts mid-episode', async () => {
    const events = await collect(new TinyParallelEnv(), new FixedAgent(), { steps: 6, seed: 0 });
    expect(events.filter((e) => e.type === 'episodeEnd').length).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'done', episodes: 1, steps: 6 });
  });

  it('an env whose reset leaves no agents is an error, not an endless loop', async () => {
    const env = new TinyParallelEnv();
    const reset = env.reset.bind(env);
    env.reset = (args) => {
      const r = reset(args);
      env.agents = [];
      return r;
    };
    await expect(collect(env, new FixedAgent(), { steps: 10, seed: 0 })).rejects.toThrow(/no live agents/);
  });
});
