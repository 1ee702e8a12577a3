import { describe, expect, it } from 'vitest';
import { DispatchingRule, RandomDispatcher } from '../../../agents/jobshop/rules.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { JobShopEnv } from '../../../envs/jobshop/env.js';
import type { JobShopInstance, Variant } from '../../../envs/jobshop/types.js';
import { fixture, rollout } from './helpers.js';

/** Largest job total work, straight from the instance arrays. */
function maxJobWork(inst: JobShopInstance): number {
  return Math.max(...inst.durations.map((row) => row.reduce((a, b) => a + b, 0)));
}

describe('L2D-style reward "lower-bound" (spec acceptance 4)', () => {
  it('H(s0) = max job total work: ft06 47, la01 413, ft10 655, ta01 963', () => {
    const expected: Record<string, number> = { ft06: 47, la01: 413, ft10: 655, ta01: 963 };
    for (const [name, h0] of Object.entries(expected)) expect(maxJobWork(fixture(name))).toBe(h0);
  });

  it('rewards telescope: Σ r = H(s0) − makespan on every fixture, variant and rule', () => {
    const h0: Record<string, number> = { ft06: 47, la01: 413, ft10: 655, ta01: 963 };
    for (const name of Object.keys(h0)) {
      const inst = fixture(name);
      for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
        for (const agent of [new DispatchingRule('MWKR'), new DispatchingRule('SPT'), new RandomDispatcher(7)]) {
          const r = rollout(inst, agent, { variant, reward: 'lower-bound' }, 1);
          expect(r.makespan).not.toBeNull();
          expect(r.ret).toBe(h0[name] - (r.makespan as number));
          // The reward does not change the dynamics: same makespan as the default reward's −return.
          if (agent instanceof DispatchingRule) expect(-rollout(inst, agent, { variant }, 1).ret).toBe(r.makespan);
        }
      }
    }
  });

  it('per step: H is a nondecreasing lower bound of the makespan (r ≤ 0, H0 − Σ_{≤t} r ≤ C_max), with failures too', () => {
    const inst = fixture('ft10');
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      for (const seed of [1, 2, 3]) {
        const env = new JobShopEnv({ instance: inst, variant, shutdownProb: 0.02, reward: 'lower-bound' });
        const agent = new RandomDispatcher(seed);
        let { obs } = env.reset({ seed });
        const bounds: number[] = [655];
        let makespan = 0;
        for (;;) {
          const s = env.step(agent.act(obs));
          expect(s.reward).toBeLessThanOrEqual(0);
          bounds.push(bounds[bounds.length - 1] - s.reward);
          obs = s.obs;
          if (s.terminated) {
            makespan = (s.info as { makespan: number }).makespan;
            break;
          }
        }
        expect(bounds[bounds.length - 1]).toBe(makespan);
        for (const h of bounds) expect(h).toBeLessThanOrEqual(makespan);
        // Nontrivial: with failures the bound moves during the episode.
        expect(new Set(bounds).size).toBeGreaterThan(2);
      }
    }
  });

  it('hand-worked 2×2: J0 = [(0,2),(1,1)], J1 = [(0,1),(1,3)], SPT then LPT', () => {
    // H0 = max(3, 4) = 4. At t = 0 machine 0 has two candidates (a decision).
    const inst: JobShopInstance = { name: 'lb2x2', numJobs: 2, numMachines: 2, machines: [[0, 1], [0, 1]], durations: [[2, 1], [1, 3]] };
    // SPT starts J1 on M0 [0,1): bounds J0 = 0+3, J1 = 0+1+3 → H = 4, r = 0; the rest is forced:
    // J0 on M0 [1,3), J1 on M1 [1,4), J0 on M1 [4,5) → C_max 5, Σ r = 4 − 5 = −1.
    const spt = rollout(inst, new DispatchingRule('SPT'), { reward: 'lower-bound' });
    expect(spt.makespan).toBe(5);
    expect(spt.steps).toBe(1);
    expect(spt.ret).toBe(-1);
    // LPT starts J0 on M0 [0,2): H = max(0+2+1, 0+4) = 4 → r = 0; then J1 M0 [2,3), M1 [3,6) → C_max 6.
    const lpt = rollout(inst, new DispatchingRule('LPT'), { reward: 'lower-bound' });
    expect(lpt.makespan).toBe(6);
    expect(lpt.ret).toBe(-2);
  });

  it('unknown reward names are ConfigErrors naming the field', () => {
    expect(() => new JobShopEnv({ instance: fixture('ft06'), reward: 'l2d' as 'time' })).toThrow(ConfigError);
    expect(() => new JobShopEnv({ instance: fixture('ft06'), reward: 'l2d' as 'time' })).toThrow(/reward/);
  });
});
