import { describe, expect, it } from 'vitest';
import { MultiAgentTransitionBuffer } from '../../../algorithms/replay/multiagent.js';
import { UniformSampler } from '../../../algorithms/replay/samplers.js';
import { UpdateGate, updateRound, type IndexMode } from '../../../algorithms/replay/schedule.js';
import { ConfigError } from '../../../envs/core/errors.js';

describe('UpdateGate (spec test 7: sampling start gate)', () => {
  it('MADDPG defaults: no update before size ≥ 1024·25, then exactly every 100 env steps', () => {
    const gate = new UpdateGate();
    expect(gate.minSize).toBe(25_600);
    // A real buffer, pushed once per env step; capacity above the gate so size = t + 1.
    const buf = new MultiAgentTransitionBuffer({ capacity: 40_000, nAgents: 2, obsDim: 1 });
    const row = { obs: [[0], [0]], nextObs: [[0], [0]], actions: [0, 0], rewards: [0, 0], terminated: [0, 0], truncated: [0, 0] };
    const updates: number[] = [];
    for (let t = 0; t < 30_000; t++) {
      buf.push(row);
      if (gate.shouldUpdate(buf.size, t)) {
        expect(buf.size).toBeGreaterThanOrEqual(25_600);
        updates.push(t);
      }
    }
    // size = t + 1 ≥ 25 600 first at t = 25 599; the first multiple of 100 from there is 25 600.
    expect(updates[0]).toBe(25_600);
    expect(updates.length).toBe(44); // 25 600, 25 700, …, 29 900
    for (let k = 1; k < updates.length; k++) expect(updates[k] - updates[k - 1]).toBe(100);
  });

  it('is configurable and validates its fields', () => {
    const gate = new UpdateGate({ batchSize: 4, episodeLength: 3, updateEvery: 5 });
    const fired = Array.from({ length: 30 }, (_, t) => t).filter((t) => gate.shouldUpdate(t + 1, t));
    expect(fired).toEqual([15, 20, 25]);
    expect(() => new UpdateGate({ updateEvery: 0 })).toThrow(ConfigError);
    expect(() => new UpdateGate({ batchSize: 2.5 })).toThrow(/batchSize/);
  });
});

describe('updateRound (spec test 8: gather cost model)', () => {
  /** Counting stub: records (agent, learner, list identity) per gather. */
  function stub(nAgents: number, nLearners: number, mode: IndexMode) {
    const sampler = new UniformSampler({ seed: 3 });
    const draws: Int32Array[] = [];
    const gathers: { agent: number; learner: number; list: number }[] = [];
    const n = updateRound(nLearners, nAgents, mode, {
      drawIndices: () => {
        const idx = new Int32Array(16);
        sampler.sample(1000, idx);
        draws.push(idx);
        return idx;
      },
      gather: (agent, indices, learner) => gathers.push({ agent, learner, list: draws.indexOf(indices) }),
    });
    return { n, draws, gathers };
  }

  it.each([3, 6, 12, 24])('N = %i: MADDPG per-learner lists make N·N gathers, the shared list N', (N) => {
    const own = stub(N, N, 'per-learner');
    expect(own.n).toBe(N * N);
    expect(own.gathers.length).toBe(N * N);
    expect(own.draws.length).toBe(N);
    // Learner l gathers every agent's rows at its own list l.
    for (let l = 0; l < N; l++) {
      const mine = own.gathers.filter((g) => g.learner === l);
      expect(mine.map((g) => g.agent)).toEqual(Array.from({ length: N }, (_, a) => a));
      expect(mine.every((g) => g.list === l)).toBe(true);
    }
    const shared = stub(N, N, 'shared');
    expect(shared.n).toBe(N);
    expect(shared.draws.length).toBe(1);
    expect(shared.gathers.every((g) => g.list === 0 && g.learner === 0)).toBe(true);
  });

  it('rejects bad arguments with ConfigError', () => {
    const hooks = { drawIndices: () => new Int32Array(1), gather: () => {} };
    expect(() => updateRound(0, 3, 'shared', hooks)).toThrow(ConfigError);
    expect(() => updateRound(3, 3, 'both' as IndexMode, hooks)).toThrow(/mode/);
  });
});
