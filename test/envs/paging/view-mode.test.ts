/** Paging-v0's opt-in view mode (`copyObservation: false`) against the default copy mode. */
import { describe, expect, it } from 'vitest';
import { CheckError, checkEnv } from '../../../envs/core/checker.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { make } from '../../../envs/index.js';
import { PagingEnv, rowOrigin, SLOT, SLOT_FEATURES, type PagingEnvOptions, type PagingObs } from '../../../envs/paging/env.js';
import type { Agent } from '../../../agents/agent.js';
import { DiscardBitAgent, FIFOAgent, LFUAgent, LRUAgent, MarkerAgent } from '../../../algorithms/paging/agents.js';

/** Plays one episode, recording each action and a copy of each observation's arrays. */
function record(env: PagingEnv, agent: Agent<PagingObs, number>, seed: number) {
  const copy = (o: PagingObs) => ({ slots: o.observation.slots.slice(), request: o.observation.request.slice(), mask: o.actionMask.slice() });
  let { obs } = env.reset({ seed });
  agent.onEpisodeStart?.();
  const observations = [copy(obs)];
  const actions: number[] = [];
  const rewards: number[] = [];
  for (;;) {
    const a = agent.act(obs);
    actions.push(a);
    const r = env.step(a);
    rewards.push(r.reward);
    observations.push(copy(r.obs));
    obs = r.obs;
    if (r.terminated) return { actions, rewards, observations, faults: r.info.faults as number };
  }
}

const OPTIONS: PagingEnvOptions = { k: 6, source: 'phases', pages: 40, workingSet: 9, length: 3000, phaseLength: 120, predictions: 'discard', flipRate: 0.2 };

describe('Paging-v0 view mode (copyObservation: false)', () => {
  it('returns one reused observation over live buffers, valid until the next step', () => {
    const env = new PagingEnv({ k: 2, trace: [10, 20, 10, 30, 20, 40], predictions: 'none', copyObservation: false });
    const first = env.reset().obs;
    const slots = first.observation.slots;
    // t = 3: page 10 last requested at 2, loaded at 0; page 20 at 1 and 1
    expect(Array.from(slots.subarray(SLOT.page * 2, SLOT.page * 2 + 2))).toEqual([10, 20]);
    expect(Array.from(slots.subarray(SLOT.recency * 2, SLOT.recency * 2 + 2))).toEqual([-2, -1]);
    expect(Array.from(slots.subarray(SLOT.age * 2, SLOT.age * 2 + 2))).toEqual([-0, -1]);
    expect(Array.from(first.observation.request)).toEqual([30, 0, 3]);
    expect(rowOrigin(first)).toBe(0);
    const r = env.step(1); // evict 20 (LRU); 30 loads into slot 1 at t = 3, then 20 faults at t = 4
    expect(r.obs).toBe(first);
    expect(r.obs.observation.slots).toBe(slots);
    // the first observation now shows the new state: it was only valid until this step
    expect(Array.from(first.observation.request)).toEqual([20, 0, 4]);
    expect(slots[SLOT.page * 2 + 1]).toBe(30);
    expect(slots[SLOT.age * 2 + 1]).toBe(-3);
    expect(env.reset().obs).toBe(first);
  });

  it('fails only checkEnv obs-not-reused (earlier checks, including obs-in-space, pass); the default mode passes', () => {
    const options = { k: 4, source: 'zipf', pages: 12, length: 400 };
    let caught: unknown;
    try {
      checkEnv(make('Paging-v0', { ...options, copyObservation: false }), { steps: 200 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CheckError);
    expect((caught as CheckError).check).toBe('obs-not-reused');
    checkEnv(make('Paging-v0', options), { steps: 200 });
  });

  it('equals the default observation with recency and age offset by −t; rowOrigin recovers request indices in both', () => {
    const copyEnv = new PagingEnv(OPTIONS);
    const viewEnv = new PagingEnv({ ...OPTIONS, copyObservation: false });
    const rng = createRng('view-offset');
    let c = copyEnv.reset({ seed: 3 }).obs;
    let v = viewEnv.reset({ seed: 3 }).obs;
    const k = OPTIONS.k as number;
    let checked = 0;
    for (let ended = false; !ended; ) {
      const t = c.observation.request[2];
      expect(Array.from(v.observation.request)).toEqual(Array.from(c.observation.request));
      expect(Array.from(v.actionMask)).toEqual(Array.from(c.actionMask));
      expect(rowOrigin(c)).toBe(t);
      expect(rowOrigin(v)).toBe(0);
      for (let f = 0; f < SLOT_FEATURES; f++) {
        const offset = f === SLOT.recency || f === SLOT.age ? t : 0;
        for (let s = 0; s < k; s++) expect(v.observation.slots[f * k + s] + offset).toBe(c.observation.slots[f * k + s]);
      }
      for (const row of [SLOT.recency, SLOT.age]) {
        for (let s = 0; s < k; s++) expect(rowOrigin(v) - v.observation.slots[row * k + s]).toBe(rowOrigin(c) - c.observation.slots[row * k + s]);
      }
      expect(viewEnv.observationSpace.contains(v)).toBe(true);
      const a = Math.floor(rng() * k);
      const rc = copyEnv.step(a);
      const rv = viewEnv.step(a);
      expect(rv.reward).toBe(rc.reward);
      expect(rv.terminated).toBe(rc.terminated);
      expect(rv.info).toEqual(rc.info);
      c = rc.obs;
      v = rv.obs;
      ended = rc.terminated;
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('every observation agent takes the same actions and faults in both modes; same seed, same trajectory', () => {
    const agents: [string, () => Agent<PagingObs, number>][] = [
      ['LRU', () => new LRUAgent()],
      ['FIFO', () => new FIFOAgent()],
      ['LFU', () => new LFUAgent()],
      ['DiscardBit', () => new DiscardBitAgent()],
      ['Marker', () => new MarkerAgent(5)],
    ];
    for (const source of ['zipf', 'phases'] as const) {
      for (const [name, makeAgent] of agents) {
        const copied = record(new PagingEnv({ ...OPTIONS, source }), makeAgent(), 11);
        const view = record(new PagingEnv({ ...OPTIONS, source, copyObservation: false }), makeAgent(), 11);
        expect(view.actions, `${name} on ${source}`).toEqual(copied.actions);
        expect(view.faults).toBe(copied.faults);
        expect(view.rewards).toEqual(copied.rewards);
        const again = record(new PagingEnv({ ...OPTIONS, source, copyObservation: false }), makeAgent(), 11);
        expect(again.observations).toEqual(view.observations);
        expect(again.actions).toEqual(view.actions);
      }
    }
  });

  it('copyObservation must be a boolean', () => {
    expect(() => new PagingEnv({ copyObservation: 'no' as unknown as boolean })).toThrow(ConfigError);
    expect(() => make('Paging-v0', { copyObservation: 0 })).toThrow(/copyObservation/);
  });
});
