import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../envs/core/checker.js';
import { ConfigError, InvalidActionError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { make } from '../../../envs/index.js';
import { PagingEnv, SLOT, type PagingObs } from '../../../envs/paging/env.js';
import { belady, discardBits } from '../../../envs/paging/oracles.js';
import { compactTrace } from '../../../envs/paging/trace.js';
import type { Agent } from '../../../agents/agent.js';
import { LRUAgent, FIFOAgent, LFUAgent, DiscardBitAgent, MarkerAgent, PolicyAgent } from '../../../algorithms/paging/agents.js';
import { FIFO, LFU, LRU, OPT } from '../../../algorithms/paging/classic.js';
import { FollowDiscard } from '../../../algorithms/paging/predictions.js';
import { simulate, type PagingPolicy } from '../../../algorithms/paging/simulator.js';

/** Plays one episode; returns the return and the faults reported in info. */
function play(env: PagingEnv, agent: Agent<PagingObs, number>, seed = 1): { ret: number; faults: number; steps: number } {
  let { obs } = env.reset({ seed });
  agent.onEpisodeStart?.();
  let ret = 0;
  let steps = 0;
  for (;;) {
    const r = env.step(agent.act(obs));
    ret += r.reward;
    steps++;
    obs = r.obs;
    if (r.terminated || r.truncated) return { ret, faults: r.info.faults as number, steps };
  }
}

describe('Paging-v0', () => {
  it('passes checkEnv for synthetic sources and for a fixed trace', () => {
    for (const source of ['uniform', 'zipf', 'loop', 'scan', 'phases']) {
      checkEnv(make('Paging-v0', { k: 4, source, pages: 12, loopLength: 6, workingSet: 6, length: 400, phaseLength: 50 }), { steps: 200, seedSensitive: source !== 'loop' });
    }
    checkEnv(make('Paging-v0', { k: 3, source: 'trace', trace: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], predictions: 'phase' }), { seedSensitive: false });
    checkEnv(make('Paging-v0', { k: 4, pages: 12, length: 300, flipRate: 0.2 }), { steps: 200 });
  });

  it('return = −faults (cold misses included) and env + obs agents reproduce the fast policies', () => {
    const env = new PagingEnv({ k: 8, source: 'phases', pages: 60, workingSet: 12, length: 5000, phaseLength: 300 });
    const pairs: [Agent<PagingObs, number>, () => PagingPolicy][] = [
      [new LRUAgent(), () => new LRU()],
      [new FIFOAgent(), () => new FIFO()],
      [new LFUAgent(), () => new LFU()],
    ];
    for (const [agent, policy] of pairs) {
      const { ret, faults } = play(env, agent, 7);
      const { trace } = env.episode();
      expect(ret).toBe(-faults);
      expect(faults).toBe(simulate(policy(), { trace, k: 8 }));
    }
  });

  it('one step per full-cache fault; the spec trace with k = 3 has LRU 10 faults in 7 steps', () => {
    const env = new PagingEnv({ k: 3, trace: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], predictions: 'none' });
    const { faults, steps } = play(env, new LRUAgent());
    expect(faults).toBe(10);
    expect(steps).toBe(7);
  });

  it('PolicyAgent(OPT) through the env costs Belady; DiscardBitAgent with perfect bits is close to it', () => {
    const env = new PagingEnv({ k: 6, source: 'zipf', pages: 40, length: 3000 });
    env.reset({ seed: 3 });
    const { trace, bits } = env.episode();
    const opt = belady(trace, 6).faults;
    const agent = new PolicyAgent(() => new OPT(), { trace, k: 6 });
    expect(play(env, agent, 3).faults).toBe(opt);
    const a1 = new PolicyAgent(() => new FollowDiscard(), { trace, k: 6, bits });
    expect(play(env, a1, 3).faults).toBe(opt);
    expect(Array.from(bits)).toEqual(Array.from(discardBits(trace, 6)));
    const lru = play(env, new LRUAgent(), 3).faults;
    const obsA1 = play(env, new DiscardBitAgent(), 3).faults;
    expect(obsA1).toBeLessThan(lru);
    expect(play(env, new MarkerAgent(1), 3).faults).toBeGreaterThanOrEqual(opt);
  });

  it('observation carries cache ids, features and the request bit', () => {
    const env = new PagingEnv({ k: 2, trace: [10, 20, 10, 30], predictions: 'discard' });
    const { obs, info } = env.reset();
    const s = obs.observation.slots;
    expect(Array.from(s.subarray(SLOT.page * 2, SLOT.page * 2 + 2))).toEqual([10, 20]);
    expect(Array.from(s.subarray(SLOT.recency * 2, SLOT.recency * 2 + 2))).toEqual([1, 2]); // t = 3
    expect(Array.from(s.subarray(SLOT.age * 2, SLOT.age * 2 + 2))).toEqual([3, 2]);
    expect(Array.from(s.subarray(SLOT.frequency * 2, SLOT.frequency * 2 + 2))).toEqual([2, 1]);
    expect(Array.from(obs.observation.request)).toEqual([30, 0, 3]);
    expect(Array.from(obs.actionMask)).toEqual([1, 1]);
    expect(info.faults).toBe(3);
    // OPT evicts 10 or 20 (both never requested again: smallest id 10), so request 2 (page 10) has bit 1
    expect(Array.from(env.episode().bits)).toEqual([0, 0, 1, 0]);
    const r = env.step(0);
    expect(r.reward).toBe(-3);
    expect(r.terminated).toBe(true);
    expect(r.obs.observation.request[0]).toBe(-1);
  });

  it('every observation equals features recomputed from the request history (brute force)', () => {
    const k = 5;
    const env = new PagingEnv({ k, source: 'phases', pages: 30, workingSet: 8, length: 1500, phaseLength: 60, predictions: 'phase', flipRate: 0.2 });
    const rng = createRng('paging-brute');
    let { obs } = env.reset({ seed: 4 });
    const { trace, bits } = env.episode();
    const pages = Array.from(trace.pages, (p) => trace.ids[p]);
    const cache: number[] = []; // original page id per slot
    const loaded: number[] = [];
    let checked = 0;
    let t = 0;
    for (let ended = false; ; ) {
      // serve requests until the env's decision point (or the end)
      for (; t < pages.length; t++) {
        if (cache.includes(pages[t])) continue;
        if (cache.length === k) break;
        cache.push(pages[t]);
        loaded.push(t);
      }
      expect(obs.observation.request[2]).toBe(t);
      const seen = pages.slice(0, t);
      // k-phases (the faulting request t included): a phase starts at the (k+1)-th distinct page
      let phaseStart = 0;
      const distinct = new Set<number>();
      for (let i = 0; i < Math.min(t + 1, pages.length); i++) {
        if (!distinct.has(pages[i]) && distinct.size === k) {
          distinct.clear();
          phaseStart = i;
        }
        distinct.add(pages[i]);
      }
      const expected: number[][] = [[], [], [], [], [], []];
      for (let s = 0; s < k; s++) {
        const p = cache[s];
        const last = seen.lastIndexOf(p);
        expected[SLOT.page][s] = p;
        expected[SLOT.recency][s] = t - last;
        expected[SLOT.age][s] = t - loaded[s];
        expected[SLOT.frequency][s] = seen.filter((q) => q === p).length;
        expected[SLOT.marked][s] = last >= phaseStart ? 1 : 0;
        expected[SLOT.bit][s] = bits[last];
      }
      const slots = obs.observation.slots;
      for (let f = 0; f < 6; f++) expect(Array.from(slots.subarray(f * k, (f + 1) * k)), `feature ${f} at t = ${t}`).toEqual(expected[f]);
      checked++;
      if (ended) break;
      const victim = Math.floor(rng() * k);
      const r = env.step(victim);
      if (t < pages.length) {
        cache[victim] = pages[t];
        loaded[victim] = t;
        t++;
      }
      obs = r.obs;
      ended = r.terminated;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('same seed, same trace; different seeds differ', () => {
    const a = new PagingEnv({ k: 4, pages: 20, length: 200 });
    const b = new PagingEnv({ k: 4, pages: 20, length: 200 });
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    expect(Array.from(a.episode().trace.pages)).toEqual(Array.from(b.episode().trace.pages));
    b.reset({ seed: 6 });
    expect(Array.from(a.episode().trace.pages)).not.toEqual(Array.from(b.episode().trace.pages));
  });

  it('evicting a slot that does not exist is an InvalidActionError; bad options are ConfigErrors', () => {
    const env = new PagingEnv({ k: 4, pages: 20, length: 200 });
    env.reset({ seed: 1 });
    expect(() => env.step(4)).toThrow(InvalidActionError);
    expect(() => env.step(-1)).toThrow(InvalidActionError);
    expect(() => env.step(1.5)).toThrow(InvalidActionError);
    expect(() => new PagingEnv({ k: 0 })).toThrow(ConfigError);
    expect(() => new PagingEnv({ k: 8, pages: 8 })).toThrow(/pages/);
    expect(() => new PagingEnv({ k: 3, trace: [1, 2, 3, 1] })).toThrow(/never fills/);
    expect(() => new PagingEnv({ k: 2, trace: [1, -2, 3] })).toThrow(/trace\[1\]/);
    expect(() => new PagingEnv({ predictions: 'oracle' as 'none' })).toThrow(/predictions/);
    expect(() => new PagingEnv({ flipRate: 2 })).toThrow(/flipRate/);
    expect(() => new PagingEnv({ flipRate: 0.1, predictions: 'none' })).toThrow(/no bits to flip/);
    expect(() => new PagingEnv({ length: -1 })).toThrow(/length/); // at construction, not at the first reset
    expect(() => new PagingEnv({ source: 'loop', loopLength: 100, pages: 64 })).toThrow(/loopLength/);
    expect(() => make('Paging-v0', { source: 'trace' })).toThrow(/trace/);
  });

  it('flipRate reports error counts in info', () => {
    const env = new PagingEnv({ k: 4, pages: 20, length: 2000, flipRate: 0.1 });
    const { info } = env.reset({ seed: 2 });
    const e = info.bitErrors as { falseZero: number; falseOne: number; total: number };
    expect(e.total).toBeGreaterThan(100);
    expect(e.total).toBeLessThan(300);
    expect(e.falseZero + e.falseOne).toBe(e.total);
    expect(compactTrace([5]).nPages).toBe(1);
  });
});
