import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../envs/core/errors.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import { RandomAgent, RandomMultiAgent } from '../../agents/random.js';

describe('RandomAgent / RandomMultiAgent', () => {
  it('only picks actions the mask allows, and every allowed one', () => {
    const agent = new RandomAgent(new Discrete(5), 1);
    const seen = new Set<number>();
    const obs = { observation: 0, actionMask: Uint8Array.from([0, 1, 0, 1, 1]) };
    for (let i = 0; i < 200; i++) seen.add(agent.act(obs));
    expect([...seen].sort()).toEqual([1, 3, 4]);
  });

  it('same seed, same actions; save/load through JSON continues the same stream', () => {
    const a = new RandomAgent(new Discrete(100), 'seed');
    const b = new RandomAgent(new Discrete(100), 'seed');
    const first = Array.from({ length: 10 }, () => a.act(null));
    expect(Array.from({ length: 10 }, () => b.act(null))).toEqual(first);
    const saved = JSON.parse(JSON.stringify(a.save()));
    const next = Array.from({ length: 10 }, () => a.act(null));
    const c = new RandomAgent(new Discrete(100), 0);
    c.load(saved);
    expect(Array.from({ length: 10 }, () => c.act(null))).toEqual(next);
  });

  it('the multi-agent version acts for exactly the given agents and restores its generator', () => {
    const m = new RandomMultiAgent(() => new Discrete(3), 2);
    const saved = m.save();
    const acts = m.act({ x: null, y: { observation: 0, actionMask: Uint8Array.from([0, 0, 1]) } });
    expect(Object.keys(acts).sort()).toEqual(['x', 'y']);
    expect(acts.y).toBe(2);
    m.load(saved);
    expect(m.act({ x: null, y: null }).x).toBe(acts.x);
  });

  it('loading anything but a saved state is a ConfigError', () => {
    const agent = new RandomAgent(new Discrete(2));
    expect(() => agent.load(null)).toThrow(ConfigError);
    expect(() => agent.load({ rng: { c: 1 } })).toThrow(/rngState/);
    expect(() => new RandomMultiAgent(() => new Discrete(2)).load([1, 2])).toThrow(ConfigError);
  });
});
