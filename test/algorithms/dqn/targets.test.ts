import { describe, expect, it } from 'vitest';
import { linearEpsilon, NStepAccumulator, tdTargets } from '../../../algorithms/dqn/index.js';

// Batch of 3 transitions, 2 actions, γ = 0.9 (worked by hand in the comments).
const nextQTarget = Float64Array.of(1, 3, /* row 1 */ 2, 0, /* row 2 */ 5, 4);
const nextQOnline = Float64Array.of(2, 1, /* row 1 */ 0, 1, /* row 2 */ 1, 0);
const base = { count: 3, nActions: 2, gamma: 0.9, rewards: [1, 0.5, -1], terminated: [0, 0, 1], horizons: null, nextQTarget, nextMask: null };

describe('tdTargets', () => {
  it('vanilla DQN: r + γ max_a Q_target(s′, a); terminal rows get r only', () => {
    // 1 + 0.9·3 = 3.7; 0.5 + 0.9·2 = 2.3; terminal: −1
    const y = tdTargets({ ...base, nextQOnline: null });
    expect(Array.from(y)).toEqual([1 + 0.9 * 3, 0.5 + 0.9 * 2, -1]);
    expect(y[0]).toBeCloseTo(3.7, 12);
  });

  it('double DQN: the online net picks a*, the target net values it', () => {
    // row 0: online argmax 0 → Q_target 1 → 1.9; row 1: argmax 1 → Q_target 0 → 0.5; terminal −1
    const y = tdTargets({ ...base, nextQOnline });
    expect(y[0]).toBeCloseTo(1.9, 12);
    expect(y[1]).toBeCloseTo(0.5, 12);
    expect(y[2]).toBe(-1);
  });

  it('a terminal row ignores the next-state values entirely', () => {
    const huge = Float64Array.of(1, 3, 2, 0, 1e9, -1e9);
    expect(tdTargets({ ...base, nextQTarget: huge, nextQOnline: null })[2]).toBe(-1);
    expect(tdTargets({ ...base, nextQTarget: huge, nextQOnline: huge })[2]).toBe(-1);
  });

  it('horizons discount the bootstrap by γ^h', () => {
    // row 0 with h = 2: 1 + 0.81·3 = 3.43; row 1 with h = 3: 0.5 + 0.729·2 = 1.958
    const y = tdTargets({ ...base, nextQOnline: null, horizons: [2, 3, 1] });
    expect(y[0]).toBeCloseTo(3.43, 12);
    expect(y[1]).toBeCloseTo(1.958, 12);
  });

  it('masked next actions are excluded from the max (vanilla and double); no legal action bootstraps 0', () => {
    const nextMask = Uint8Array.of(1, 0, /* row 1 */ 0, 0, /* row 2 */ 1, 1);
    // vanilla row 0: only action 0 legal → 1 + 0.9·1 = 1.9 (unmasked would be 3.7)
    const v = tdTargets({ ...base, nextQOnline: null, nextMask });
    expect(v[0]).toBeCloseTo(1.9, 12);
    expect(v[1]).toBe(0.5);
    // double row 0 with online preferring the illegal action 1
    const d = tdTargets({ ...base, nextQOnline: Float64Array.of(0, 9, 0, 9, 0, 0), nextMask });
    expect(d[0]).toBeCloseTo(1.9, 12);
  });
});

describe('NStepAccumulator', () => {
  const obs = (k: number) => Float64Array.of(k);
  const step = (k: number, reward: number, end: 'none' | 'terminated' | 'truncated' = 'none') => ({
    obs: obs(k),
    action: k % 2,
    reward,
    nextObs: obs(k + 1),
    terminated: end === 'terminated',
    truncated: end === 'truncated',
  });

  for (const end of ['terminated', 'truncated'] as const) {
    it(`n = 3, γ = 0.5, episode of 4 steps ending ${end}: hand-worked returns, horizons and flags`, () => {
      const acc = new NStepAccumulator(3, 0.5);
      expect(acc.push(step(0, 1))).toEqual([]);
      expect(acc.push(step(1, 2))).toEqual([]);
      const first = acc.push(step(2, 3));
      // R = 1 + 0.5·2 + 0.25·3 = 2.75 from s0 to s3, not terminal
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ reward: 2.75, horizon: 3, terminated: false, truncated: false, action: 0 });
      expect(Array.from(first[0].obs)).toEqual([0]);
      expect(Array.from(first[0].nextObs)).toEqual([3]);
      const flushed = acc.push(step(3, 4, end));
      // s1: 2 + 0.5·3 + 0.25·4 = 4.5 (h 3); s2: 3 + 0.5·4 = 5 (h 2); s3: 4 (h 1); all end at s4
      expect(flushed.map((t) => [t.obs[0], t.reward, t.horizon, t.nextObs[0]])).toEqual([
        [1, 4.5, 3, 4],
        [2, 5, 2, 4],
        [3, 4, 1, 4],
      ]);
      for (const t of flushed) {
        expect(t.terminated).toBe(end === 'terminated');
        expect(t.truncated).toBe(end === 'truncated');
      }
      expect(acc.pending).toHaveLength(0);

      // TD targets of the flushed rows with Q_target(s4, ·) = (10, 20), γ = 0.5, vanilla:
      // truncated → R + γ^h·20 (the time limit is not the task's end); terminated → R.
      const y = tdTargets({
        count: 3,
        nActions: 2,
        gamma: 0.5,
        rewards: flushed.map((t) => t.reward),
        terminated: flushed.map((t) => Number(t.terminated)),
        horizons: flushed.map((t) => t.horizon),
        nextQTarget: Float64Array.of(10, 20, 10, 20, 10, 20),
        nextQOnline: null,
        nextMask: null,
      });
      if (end === 'terminated') expect(Array.from(y)).toEqual([4.5, 5, 4]);
      else expect(Array.from(y)).toEqual([4.5 + 0.125 * 20, 5 + 0.25 * 20, 4 + 0.5 * 20]);
    });
  }

  it('n = 1 passes transitions through with horizon 1', () => {
    const acc = new NStepAccumulator(1, 0.9);
    const out = acc.push(step(0, 7));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ reward: 7, horizon: 1, terminated: false });
  });

  it('an episode shorter than n flushes with short horizons; clear() drops an unfinished episode', () => {
    const acc = new NStepAccumulator(5, 0.5);
    acc.push(step(0, 1));
    const out = acc.push(step(1, 1, 'terminated'));
    expect(out.map((t) => [t.reward, t.horizon])).toEqual([
      [1.5, 2],
      [1, 1],
    ]);
    acc.push(step(0, 1));
    acc.clear();
    expect(acc.pending).toHaveLength(0);
  });

  it('copies its inputs (callers may reuse observation arrays)', () => {
    const acc = new NStepAccumulator(2, 1);
    const o = Float64Array.of(1);
    acc.push({ obs: o, action: 0, reward: 0, nextObs: o, terminated: false, truncated: false });
    o[0] = 99;
    const [t] = acc.push({ obs: o, action: 0, reward: 0, nextObs: o, terminated: false, truncated: false });
    expect(t.obs[0]).toBe(1);
  });

  it('rejects n < 1', () => {
    expect(() => new NStepAccumulator(0, 0.9)).toThrow(/nStep/);
  });
});

describe('linearEpsilon (CleanRL linear_schedule)', () => {
  it('falls linearly from startE to endE over the duration, then stays', () => {
    expect(linearEpsilon(1, 0.05, 100, 0)).toBe(1);
    expect(linearEpsilon(1, 0.05, 100, 50)).toBeCloseTo(0.525, 12);
    expect(linearEpsilon(1, 0.05, 100, 100)).toBeCloseTo(0.05, 12);
    expect(linearEpsilon(1, 0.05, 100, 1000)).toBe(0.05);
    expect(linearEpsilon(1, 0.05, 0, 0)).toBe(0.05);
  });
});
