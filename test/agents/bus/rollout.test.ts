import { firstValueFrom, lastValueFrom, map, take, toArray, VirtualTimeScheduler, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Agent, Transition, UpdateMetrics } from '../../../agents/agent.js';
import { rollout, type BusEvent, type EpisodeEndEvent, type StepEvent } from '../../../agents/bus/index.js';
import { RandomAgent } from '../../../agents/random.js';
import type { MaskedObs } from '../../../envs/core/env.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { make } from '../../../envs/index.js';
import { TinyMaskedEnv } from '../../fixtures/bus/tiny-envs.js';

const collect = (o: Observable<BusEvent>) => lastValueFrom(o.pipe(toArray()));
const ends = (events: BusEvent[]) => events.filter((e): e is EpisodeEndEvent => e.type === 'episodeEnd');

function cartpole() {
  const env = make<Float64Array, number>('CartPole-v1');
  return { env, agent: new RandomAgent(env.actionSpace, 7) };
}

describe('rollout: event sequence', () => {
  it('emits episodeStart … episodeEnd per episode, then done, and completes', async () => {
    const { env, agent } = cartpole();
    const events = await collect(rollout(env, agent, { episodes: 4, seed: 3 }));
    const types = events.map((e) => e.type);
    expect(types).toEqual(['episodeStart', 'episodeEnd', 'episodeStart', 'episodeEnd', 'episodeStart', 'episodeEnd', 'episodeStart', 'episodeEnd', 'done']);
    expect(events[0]).toEqual({ type: 'episodeStart', episode: 0, seed: 3 });
    expect(events[2]).toEqual({ type: 'episodeStart', episode: 1 });
    const e = ends(events);
    expect(e.map((x) => x.episode)).toEqual([0, 1, 2, 3]);
    const done = events.at(-1)!;
    expect(done).toEqual({ type: 'done', episodes: 4, steps: e.reduce((s, x) => s + x.length, 0) });
    // CartPole pays +1 per step.
    for (const x of e) expect(x.return).toBe(x.length);
  });

  it('step events: t runs 0..length-1, rewards sum to the return, the last step ends the episode', async () => {
    const env = new TinyMaskedEnv(5);
    const agent = new RandomAgent(env.actionSpace, 1);
    const events = await collect(rollout(env, agent, { episodes: 3, seed: 11, stepEvents: true }));
    let i = 0;
    for (let ep = 0; ep < 3; ep++) {
      expect(events[i++].type).toBe('episodeStart');
      const steps: StepEvent[] = [];
      while (events[i].type === 'step') steps.push(events[i++] as StepEvent);
      const end = events[i++] as EpisodeEndEvent;
      expect(end.type).toBe('episodeEnd');
      expect(steps.map((s) => s.t)).toEqual([0, 1, 2, 3, 4]);
      expect(steps.every((s) => s.episode === ep)).toBe(true);
      expect(steps.reduce((s, x) => s + x.reward, 0)).toBeCloseTo(end.return, 12);
      const last = steps.at(-1)!;
      expect(last.terminated || last.truncated).toBe(true);
      expect(steps.slice(0, -1).some((s) => s.terminated || s.truncated)).toBe(false);
      expect(end.terminated).toBe(last.terminated);
      // obs is the observation the action was chosen from: its t field equals the step index.
      expect(steps.map((s) => (s.obs as { observation: number[] }).observation[0])).toEqual([0, 1, 2, 3, 4]);
      expect(end.info).toEqual({ trace: [5, last.reward] });
    }
    expect(events[i].type).toBe('done');
    expect(i).toBe(events.length - 1);
  });

  it('events survive a JSON round trip unchanged (typed arrays become arrays)', async () => {
    const env = new TinyMaskedEnv(4);
    const events = await collect(rollout(env, new RandomAgent(env.actionSpace, 2), { episodes: 2, seed: 5, stepEvents: true }));
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    const step = events.find((e): e is StepEvent => e.type === 'step')!;
    expect(Array.isArray((step.obs as { actionMask: unknown }).actionMask)).toBe(true);
    expect(step.info).toEqual({ trace: [1, step.reward] }); // `skip: undefined` dropped
  });

  it('without stepEvents no step event is emitted', async () => {
    const env = new TinyMaskedEnv(4);
    const events = await collect(rollout(env, new RandomAgent(env.actionSpace, 2), { episodes: 3, seed: 5 }));
    expect(events.some((e) => e.type === 'step')).toBe(false);
  });
});

describe('rollout: seeding and determinism', () => {
  it('same seed → identical stream; different seed → different stream', async () => {
    const run = async (seed: number) => {
      const { env, agent } = cartpole();
      return collect(rollout(env, agent, { episodes: 5, seed, stepEvents: true }));
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('seeds only the first reset; later resets continue the generator (Gymnasium convention)', async () => {
    const { env, agent } = cartpole();
    const bus = ends(await collect(rollout(env, agent, { episodes: 3, seed: 9 }))).map((e) => e.length);

    const { env: env2, agent: agent2 } = cartpole();
    const manual: number[] = [];
    for (let ep = 0; ep < 3; ep++) {
      let { obs } = env2.reset(ep === 0 ? { seed: 9 } : {});
      let n = 0;
      for (;;) {
        const r = env2.step(agent2.act(obs));
        obs = r.obs;
        n++;
        if (r.terminated || r.truncated) break;
      }
      manual.push(n);
    }
    expect(bus).toEqual(manual);
  });

  it('each subscription re-runs from the seed', async () => {
    const env = new TinyMaskedEnv(3);
    // A stateless agent (always 1) so only the env's generator matters.
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'one', act: () => 1 };
    const obs$ = rollout(env, agent, { episodes: 2, seed: 4 });
    expect(await collect(obs$)).toEqual(await collect(obs$));
  });
});

describe('rollout: agent hooks and budgets', () => {
  class CountingAgent implements Agent<Float64Array, number> {
    readonly name = 'counting';
    starts = 0;
    acts = 0;
    seen: Transition<Float64Array, number>[] = [];
    act(obs: Float64Array, explore?: boolean): number {
      expect(explore).toBe(false);
      this.acts++;
      return obs[2] > 0 ? 1 : 0;
    }
    onEpisodeStart(): void {
      this.starts++;
    }
    observe(tr: Transition<Float64Array, number>): UpdateMetrics | void {
      this.seen.push(tr);
      if (this.seen.length % 10 === 0) return { 'losses/fake': this.seen.length };
    }
  }

  it('calls onEpisodeStart/act/observe and forwards observe metrics as update events', async () => {
    const env = make<Float64Array, number>('CartPole-v1');
    const agent = new CountingAgent();
    const events = await collect(rollout(env, agent, { episodes: 3, seed: 0, explore: false, learn: true }));
    const done = events.at(-1) as Extract<BusEvent, { type: 'done' }>;
    expect(agent.starts).toBe(3);
    expect(agent.acts).toBe(done.steps);
    expect(agent.seen.length).toBe(done.steps);
    const updates = events.filter((e) => e.type === 'update');
    expect(updates.length).toBe(Math.floor(done.steps / 10));
    updates.forEach((u, i) => expect(u).toMatchObject({ step: 10 * (i + 1), metrics: { 'losses/fake': 10 * (i + 1) } }));
    // Transitions chain: nextObs of one is obs of the next within an episode.
    expect(agent.seen[1].obs).toBe(agent.seen[0].nextObs);
  });

  it('an evaluation rollout (explore: false) does not call observe unless learn is set', async () => {
    const env = make<Float64Array, number>('CartPole-v1');
    const agent = new CountingAgent();
    const events = await collect(rollout(env, agent, { episodes: 2, seed: 0, explore: false }));
    expect(agent.acts).toBeGreaterThan(0);
    expect(agent.seen.length).toBe(0);
    expect(events.some((e) => e.type === 'update')).toBe(false);
  });

  it('`steps` stops exactly, without episodeEnd for the cut episode', async () => {
    const env = new TinyMaskedEnv(4);
    const events = await collect(rollout(env, new RandomAgent(env.actionSpace, 3), { steps: 10, seed: 1, stepEvents: true }));
    expect(events.filter((e) => e.type === 'step').length).toBe(10);
    expect(ends(events).length).toBe(2);
    expect(events.at(-1)).toEqual({ type: 'done', episodes: 2, steps: 10 });
    expect(events.at(-2)!.type).toBe('step');
  });

  it('with both budgets the first reached wins', async () => {
    const env = new TinyMaskedEnv(4);
    const events = await collect(rollout(env, new RandomAgent(env.actionSpace, 3), { steps: 100, episodes: 2, seed: 1 }));
    expect(events.at(-1)).toEqual({ type: 'done', episodes: 2, steps: 8 });
  });

  it('stops stepping when the consumer unsubscribes (unbounded rollout + take)', async () => {
    const env = new TinyMaskedEnv(3);
    let acts = 0;
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'n', act: () => (acts++, 0) };
    const got = await lastValueFrom(rollout(env, agent, { seed: 0 }).pipe(take(4), toArray()));
    expect(got.map((e) => e.type)).toEqual(['episodeStart', 'episodeEnd', 'episodeStart', 'episodeEnd']);
    expect(acts).toBe(6);
  });

  it('rejects bad budgets with ConfigError', () => {
    const { env, agent } = cartpole();
    expect(() => rollout(env, agent, { episodes: 0 })).toThrow(ConfigError);
    expect(() => rollout(env, agent, { steps: 1.5 })).toThrow(/steps/);
    expect(() => rollout(env, agent, { chunkSteps: -1 })).toThrow(/chunkSteps/);
  });

  it('env errors reach the subscriber as an error notification', async () => {
    const env = new TinyMaskedEnv(3);
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'bad', act: () => 7 };
    await expect(firstValueFrom(rollout(env, agent, { episodes: 1, seed: 0 }).pipe(toArray()))).rejects.toThrow(/not contained/);
  });
});

describe('rollout: scheduling (virtual time)', () => {
  it('synchronous by default: all events are delivered inside subscribe()', () => {
    const { env, agent } = cartpole();
    const got: BusEvent[] = [];
    rollout(env, agent, { episodes: 2, seed: 0 }).subscribe((e) => got.push(e));
    expect(got.at(-1)!.type).toBe('done');
  });

  it('chunkSteps: nothing runs until the scheduler does; chunks are separate tasks of chunkSteps steps', () => {
    const env = new TinyMaskedEnv(3);
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'one', act: () => 1 };
    const sync: BusEvent[] = [];
    rollout(env, agent, { episodes: 2, seed: 0, stepEvents: true }).subscribe((e) => sync.push(e));

    const scheduler = new VirtualTimeScheduler();
    const got: BusEvent[] = [];
    rollout(env, agent, { episodes: 2, seed: 0, stepEvents: true, chunkSteps: 2, scheduler }).subscribe((e) => got.push(e));
    expect(got).toEqual([]);
    // A probe queued after the rollout's first task runs between chunk 1 and chunk 2.
    const seenAfterFirstChunk: string[] = [];
    scheduler.schedule(() => seenAfterFirstChunk.push(...got.map((e) => e.type)));
    scheduler.flush();
    expect(seenAfterFirstChunk).toEqual(['episodeStart', 'step', 'step']);
    expect(got).toEqual(sync);
  });

  it('chunked run on the (virtualised) asyncScheduler delivers the same events in order and completes', () => {
    const env = new TinyMaskedEnv(2);
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'zero', act: () => 0 };
    const testScheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    testScheduler.run(({ expectObservable }) => {
      const stream = rollout(env, agent, { episodes: 2, seed: 0, chunkSteps: 1 });
      expectObservable(stream.pipe(map((e) => e.type))).toBe('(seseD|)', { s: 'episodeStart', e: 'episodeEnd', D: 'done' });
    });
  });

  it('unsubscribing a chunked run stops it', () => {
    const env = new TinyMaskedEnv(3);
    let acts = 0;
    const agent: Agent<MaskedObs<Float64Array>, number> = { name: 'n', act: () => (acts++, 0) };
    const scheduler = new VirtualTimeScheduler();
    const sub = rollout(env, agent, { seed: 0, chunkSteps: 2, scheduler }).subscribe();
    scheduler.schedule(() => sub.unsubscribe());
    scheduler.flush();
    expect(acts).toBe(2);
  });
});

describe('toJson', () => {
  it('returns plain JSON by reference and converts everything else', async () => {
    const { toJson, toJsonObject, isPlainJson } = await import('../../../agents/bus/to-json.js');
    const plain = { a: [1, 'x', true, null, { b: 2 }] };
    expect(toJson(plain)).toBe(plain);
    expect(isPlainJson({ a: NaN })).toBe(false);
    expect(isPlainJson({ a: undefined })).toBe(false);
    expect(isPlainJson(new Date(0))).toBe(false);
    const mixed = { t: new Float64Array([1.5, 2]), m: new Uint8Array([1, 0]), n: NaN, u: undefined, big: 3n, nest: { s: new Set([1]), map: new Map([['k', new Int32Array([4])]]) }, keep: { x: 1 } };
    const out = toJsonObject(mixed);
    expect(out).toEqual({ t: [1.5, 2], m: [1, 0], n: null, big: 3, nest: { s: [1], map: { k: [4] } }, keep: { x: 1 } });
    expect(out.keep).toBe(mixed.keep); // plain subtrees are shared, not copied
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(toJsonObject(undefined)).toEqual({});
  });
});
