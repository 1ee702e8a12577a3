import { describe, expect, it } from 'vitest';
import { insertionSchedule } from '../../../agents/jobshop/insertion.js';
import { DISPATCHER_NAMES, DispatchingRule, RULE_NAMES, RandomDispatcher, makeRule, type RuleName } from '../../../agents/jobshop/rules.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { JobShopEnv } from '../../../envs/jobshop/env.js';
import type { JobShopInstance, Variant } from '../../../envs/jobshop/types.js';
import { validateSchedule } from '../../../envs/jobshop/validator.js';
import { fixture, rollout } from '../../envs/jobshop/helpers.js';

/**
 * Hand-worked instance: J0 = [(M0,3), (M1,1)], J1 = [(M0,1), (M1,5), (M0,1)], J2 = [(M0,2)].
 * At t = 0 all three jobs wait for M0 (candidates {0, 1, 2}).
 */
const TINY: JobShopInstance = {
  name: 'tiny',
  numJobs: 3,
  numMachines: 2,
  machines: [[0, 1], [0, 1, 0], [0]],
  durations: [[3, 1], [1, 5, 1], [2]],
};

describe('dispatching rules: first choice on the hand-worked instance', () => {
  // p: 3, 1, 2; work remaining: 4, 7, 2; ops remaining: 2, 3, 1; ready: 0, 0, 0;
  // FDD/MWKR = p/work: 0.75, 0.143, 1.
  const expected: Record<RuleName, number> = { FIFO: 0, SPT: 1, LPT: 0, MWKR: 1, LWKR: 2, MOR: 1, LOR: 2, 'FDD/MWKR': 1 };
  for (const rule of RULE_NAMES) {
    it(`${rule} picks job ${expected[rule]}`, () => {
      const env = new JobShopEnv({ instance: TINY });
      const { obs } = env.reset({ seed: 0 });
      expect(Array.from(obs.actionMask)).toEqual([1, 1, 1]);
      expect(new DispatchingRule(rule).act(obs)).toBe(expected[rule]);
    });
  }
});

describe('SPT on the hand-worked instance, by hand', () => {
  // t=0: SPT starts J1 on M0 [0,1). t=1: J1 → M1 [1,6) (single candidate); M0: {J0 (3), J2 (2)} → J2 [1,3).
  // t=3: J0 on M0 [3,6). t=6: J0 done on M0, J1 done on M1.
  it('classic: J0 → M1 [6,7), J1 → M0 [6,7); makespan 7', () => {
    const r = rollout(TINY, new DispatchingRule('SPT'), { variant: 'classic' });
    expect(r.makespan).toBe(7);
    const ops = r.env.schedule().ops.map((o) => [o.job, o.op, o.machine, o.start, o.end]);
    expect(ops).toEqual([
      [0, 0, 0, 3, 6],
      [0, 1, 1, 6, 7],
      [1, 0, 0, 0, 1],
      [1, 1, 1, 1, 6],
      [1, 2, 0, 6, 7],
      [2, 0, 0, 1, 3],
    ]);
  });
  it('blocking-swap: at t=6 J0 (on M0, wants M1) and J1 (on M1, wants M0) swap; makespan 7, 1 swap', () => {
    const r = rollout(TINY, new DispatchingRule('SPT'), { variant: 'blocking-swap' });
    expect(r.makespan).toBe(7);
    expect(r.swaps).toBe(1);
    expect(validateSchedule(TINY, r.env.schedule(), 'blocking-swap')).toEqual([]);
  });
  it('blocking without swaps: the same cycle is a deadlock at t=6', () => {
    const r = rollout(TINY, new DispatchingRule('SPT'), { variant: 'blocking' });
    expect(r.deadlock).toBe(true);
    expect(r.time).toBe(6);
  });
});

describe('rule makespans under our semantics (spec (d) tables, acceptance 3 ND and 5)', () => {
  const run = (name: string, rule: string, variant: Variant) => rollout(fixture(name), makeRule(rule), { variant });
  it('classic = non-delay Giffler–Thompson: ft06, la01, ft10, ta01', () => {
    const table: Record<string, Record<string, number>> = {
      ft06: { SPT: 88, MWKR: 61, MOR: 59, FIFO: 65, LPT: 77, LWKR: 83, LOR: 68, 'FDD/MWKR': 67 },
      la01: { SPT: 751, MWKR: 735, MOR: 763, FIFO: 772 },
      ft10: { SPT: 1074, MWKR: 1108, MOR: 1163, FIFO: 1184 },
      ta01: { SPT: 1462, MWKR: 1491, MOR: 1438, FIFO: 1486 },
    };
    for (const [inst, rules] of Object.entries(table)) {
      for (const [rule, ms] of Object.entries(rules)) expect(run(inst, rule, 'classic').makespan, `${inst} ${rule}`).toBe(ms);
    }
  });

  it('blocking with swaps, p = 0: ft06 (incl. 6 swaps for FIFO), la01, ft10', () => {
    const table: Record<string, Record<string, number>> = {
      ft06: { FIFO: 75, SPT: 79, LPT: 81, MWKR: 75, LWKR: 82, MOR: 75, LOR: 77 },
      la01: { FIFO: 1130, SPT: 1175, MWKR: 1142, MOR: 1130 },
      ft10: { FIFO: 1780, SPT: 1340, MWKR: 1796, MOR: 1831, LOR: 1536 },
    };
    for (const [inst, rules] of Object.entries(table)) {
      for (const [rule, ms] of Object.entries(rules)) expect(run(inst, rule, 'blocking-swap').makespan, `${inst} ${rule}`).toBe(ms);
    }
    expect(run('ft06', 'FIFO', 'blocking-swap').swaps).toBe(6);
    expect(run('la01', 'FIFO', 'blocking-swap').swaps).toBe(13);
  });

  it('no rule beats the optimum: every rule, every variant on ft06 ≥ 55 (and blocking ≥ classic optimum)', () => {
    for (const rule of DISPATCHER_NAMES) {
      for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
        for (let seed = 0; seed < (rule === 'random' ? 20 : 1); seed++) {
          const r = rollout(fixture('ft06'), makeRule(rule, seed), { variant }, seed);
          expect(r.makespan).toBeGreaterThanOrEqual(55);
        }
      }
    }
  });
});

describe('random dispatcher', () => {
  it('picks only legal jobs, uniformly, and saves/restores its generator', () => {
    const env = new JobShopEnv({ instance: fixture('la01') });
    const { obs } = env.reset({ seed: 0 });
    const legal = Array.from(obs.actionMask).flatMap((m, j) => (m ? [j] : []));
    const agent = new RandomDispatcher(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const a = agent.act(obs);
      expect(legal).toContain(a);
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    for (const j of legal) expect(Math.abs((counts.get(j) ?? 0) / 3000 - 1 / legal.length)).toBeLessThan(0.05);
    const saved = agent.save();
    const a1 = [agent.act(obs), agent.act(obs), agent.act(obs)];
    agent.load(saved);
    expect([agent.act(obs), agent.act(obs), agent.act(obs)]).toEqual(a1);
  });

  it('unknown rule names are ConfigErrors listing the known ones', () => {
    expect(() => makeRule('EDD')).toThrow(ConfigError);
    expect(() => makeRule('EDD')).toThrow(/MWKR/);
  });
});

describe('INS scheme (L2D-like insertion, spec (d) table, acceptance 3 INS)', () => {
  it('reproduces the INS table exactly and yields valid classic schedules', () => {
    const table: Record<string, Record<string, number>> = {
      ft06: { SPT: 83, MWKR: 67, MOR: 60, FIFO: 65 },
      la01: { SPT: 920, MWKR: 735, MOR: 846, FIFO: 772 },
      ft10: { SPT: 1399, MWKR: 1178, MOR: 1219, FIFO: 1184 },
      ta01: { SPT: 2099, MWKR: 1562, MOR: 1490, FIFO: 1486 },
    };
    for (const [name, rules] of Object.entries(table)) {
      const inst = fixture(name);
      for (const [rule, ms] of Object.entries(rules)) {
        const s = insertionSchedule(inst, rule);
        expect(s.makespan, `${name} ${rule}`).toBe(ms);
        expect(validateSchedule(inst, s, 'classic')).toEqual([]);
      }
    }
  });

  it('inserts into an earlier gap (left shift) on a hand-worked instance', () => {
    // J0 = [(M0,2), (M1,4)], J1 = [(M1,1)]. LPT: J0 op0 on M0 [0,2), J0 op1 on M1 [2,6); then
    // J1's op (ready 0) fits the gap [0,2) on M1 before J0's op1: [0,1).
    const inst: JobShopInstance = { name: 'gap', numJobs: 2, numMachines: 2, machines: [[0, 1], [1]], durations: [[2, 4], [1]] };
    const s = insertionSchedule(inst, 'LPT');
    expect(s.ops.map((o) => [o.job, o.op, o.start, o.end])).toEqual([
      [0, 0, 0, 2],
      [0, 1, 2, 6],
      [1, 0, 0, 1],
    ]);
    expect(() => insertionSchedule(inst, 'EDD')).toThrow(ConfigError);
  });
});
