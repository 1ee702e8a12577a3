import { describe, expect, it } from 'vitest';
import { DispatchingRule, RandomDispatcher } from '../../../agents/jobshop/rules.js';
import { checkEnv } from '../../../envs/core/checker.js';
import { ConfigError, InvalidActionError } from '../../../envs/core/errors.js';
import { createRng, randomInt } from '../../../envs/core/rng.js';
import { make } from '../../../envs/index.js';
import { JobShopEnv } from '../../../envs/jobshop/env.js';
import { randomInstance } from '../../../envs/jobshop/generator.js';
import {
  EDGE_TYPES,
  GF_CANDIDATES,
  GF_OPS_DONE,
  JF_NEXT_MACHINE,
  JF_NEXT_OP,
  MACHINE_FEATURES,
  MF_OCCUPANT,
  JF_STATE,
  JOB_FEATURES,
  jobShopGraph,
  NF_CANDIDATE,
  NF_NOT_STARTED,
  NODE_FEATURES,
} from '../../../envs/jobshop/observation.js';
import { DONE, type JobShopInstance, type Variant } from '../../../envs/jobshop/types.js';
import { validateSchedule } from '../../../envs/jobshop/validator.js';
import { fixture, fixtureText, rollout } from './helpers.js';

const SWAP_EXAMPLE: JobShopInstance = { name: 'swap2x2', numJobs: 2, numMachines: 2, machines: [[0, 1], [1, 0]], durations: [[1, 1], [1, 1]] };

describe('swap necessity (spec acceptance 6)', () => {
  it('with swaps the 2×2 example finishes at 2 with 1 swap', () => {
    const r = rollout(SWAP_EXAMPLE, new DispatchingRule('FIFO'), { variant: 'blocking-swap' });
    expect(r.makespan).toBe(2);
    expect(r.swaps).toBe(1);
    expect(validateSchedule(SWAP_EXAMPLE, r.env.schedule(), 'blocking-swap')).toEqual([]);
  });

  it('without swaps the simulator reports a deadlock at t = 1 (terminated, not hung)', () => {
    const r = rollout(SWAP_EXAMPLE, new DispatchingRule('FIFO'), { variant: 'blocking' });
    expect(r.deadlock).toBe(true);
    expect(r.makespan).toBeNull();
    expect(r.time).toBe(1);
    expect(r.ret).toBe(-1);
    // The partial schedule is still consistent: both jobs hold their first machine from t = 0.
    const s = r.env.schedule();
    expect(s.ops.map((o) => [o.job, o.op, o.start, o.end, o.release])).toEqual([
      [0, 0, 0, 1, -1],
      [1, 0, 0, 1, -1],
    ]);
    expect(validateSchedule(SWAP_EXAMPLE, s, 'blocking')).toEqual([]);
  });

  it('the classic variant needs no swap and finishes at 2', () => {
    expect(rollout(SWAP_EXAMPLE, new DispatchingRule('FIFO'), { variant: 'classic' }).makespan).toBe(2);
  });
});

describe('JobShop-v0 API', () => {
  it('passes checkEnv: random instances, fixed instances, every variant, with failures', () => {
    const ft06 = fixtureText('ft06');
    checkEnv(make('JobShop-v0', {}));
    checkEnv(make('JobShop-v0', { numJobs: 5, numMachines: 4, variant: 'blocking-swap', shutdownProb: 0.05 }));
    checkEnv(make('JobShop-v0', { numJobs: 4, numMachines: 3, variant: 'blocking', shutdownProb: 0.1 }));
    checkEnv(make('JobShop-v0', { instance: ft06, variant: 'blocking-swap', shutdownProb: 0.05 }));
    for (const variant of ['classic', 'blocking-swap', 'blocking']) checkEnv(make('JobShop-v0', { instance: ft06, variant }), { seedSensitive: false });
  });

  it('renders plain-JSON Gantt frames (before reset too)', () => {
    const env = new JobShopEnv({ instance: fixture('ft06'), variant: 'blocking-swap', shutdownProb: 0.05 });
    expect(env.renderFrame()).toMatchObject({ status: 'not reset' });
    const r = rollout(fixture('ft06'), new DispatchingRule('MOR'), { variant: 'blocking-swap', shutdownProb: 0.05 }, 2);
    const frame = r.env.renderFrame();
    expect(JSON.parse(JSON.stringify(frame))).toEqual(frame);
    expect((frame.ops as unknown[]).length).toBe(36);
    expect(frame.status).toBe('done');
    expect(frame.time).toBe(r.makespan);
  });

  it('rejects bad options and masked actions with typed errors', () => {
    expect(() => new JobShopEnv({ variant: 'buffered' as Variant })).toThrow(ConfigError);
    expect(() => new JobShopEnv({ shutdownProb: 1 })).toThrow(/shutdownProb/);
    expect(() => new JobShopEnv({ downtimeMin: 5, downtimeMax: 4 })).toThrow(/downtimeMax/);
    expect(() => new JobShopEnv({ numJobs: 0 })).toThrow(/numJobs/);
    expect(() => make('JobShop-v0', { instance: '2 2\n0 1 5 1\n1 1 0 1\n' })).toThrow(/options.instance:2: job 0 op 1: machine 5/);
    const env = new JobShopEnv({ instance: fixture('la01') });
    const { obs } = env.reset({ seed: 0 });
    const masked = Array.from(obs.actionMask).indexOf(0);
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(() => env.step(masked)).toThrow(/is masked out/);
    expect(() => env.step(masked)).toThrow(InvalidActionError);
    expect(() => env.step(10)).toThrow(InvalidActionError);
    expect(() => env.reset({ options: { instance: fixture('ft06') } })).toThrow(/must be 10x5/);
    expect(() => env.reset({ options: { shutdownProb: -0.1 } })).toThrow(ConfigError);
  });

  it('returns sum to −makespan (reward "time") and "makespan" pays it at the end', () => {
    const ft10 = fixture('ft10');
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      const r = rollout(ft10, new DispatchingRule('MWKR'), { variant, shutdownProb: 0.02 }, 3);
      expect(r.ret).toBe(-(r.makespan as number));
      const env = new JobShopEnv({ instance: ft10, variant, shutdownProb: 0.02, reward: 'makespan' });
      let { obs } = env.reset({ seed: 3 });
      const agent = new DispatchingRule('MWKR');
      const rewards: number[] = [];
      for (;;) {
        const s = env.step(agent.act(obs));
        rewards.push(s.reward);
        obs = s.obs;
        if (s.terminated) break;
      }
      expect(rewards.slice(0, -1).every((x) => x === 0)).toBe(true);
      expect(rewards[rewards.length - 1]).toBe(-(r.makespan as number));
    }
  });

  it('decision epochs only with a real choice: every step offers ≥ 2 candidates except a forced first step', () => {
    const env = new JobShopEnv({ instance: fixture('la01'), variant: 'blocking-swap' });
    let { obs } = env.reset({ seed: 0 });
    const agent = new DispatchingRule('SPT');
    for (;;) {
      const n = obs.actionMask.reduce((a, b) => a + b, 0);
      expect(n).toBeGreaterThanOrEqual(2);
      const s = env.step(agent.act(obs));
      if (s.terminated) break;
      obs = s.obs;
    }
    // A one-job instance has no choice at all: its first dispatch is shown as a one-candidate step.
    const single: JobShopInstance = { name: 'one', numJobs: 1, numMachines: 2, machines: [[0, 1]], durations: [[2, 3]] };
    const e1 = new JobShopEnv({ instance: single });
    const r0 = e1.reset({ seed: 0 });
    expect(Array.from(r0.obs.actionMask)).toEqual([1]);
    const r1 = e1.step(0);
    expect(r1.terminated).toBe(true);
    expect(r1.info.makespan).toBe(5);
  });
});

describe('determinism and failures', () => {
  it('same seed → same trajectory; different seeds → different random instances and failures', () => {
    const run = (seed: number) => {
      const env = new JobShopEnv({ numJobs: 6, numMachines: 5, variant: 'blocking-swap', shutdownProb: 0.05 });
      const agent = new RandomDispatcher(7);
      let { obs } = env.reset({ seed });
      for (;;) {
        const s = env.step(agent.act(obs));
        obs = s.obs;
        if (s.terminated) break;
      }
      return JSON.stringify(env.schedule());
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });

  it('shutdownProb = 0 ignores the seed (deterministic simulator)', () => {
    const ft06 = fixture('ft06');
    const ms = [0, 1, 2, 3].map((seed) => rollout(ft06, new DispatchingRule('MOR'), { variant: 'blocking-swap' }, seed).makespan);
    expect(new Set(ms).size).toBe(1);
    expect(ms[0]).toBe(75);
  });

  it('common random numbers: two rules reset with one seed face the same downtimes', () => {
    const ft10 = fixture('ft10');
    const a = rollout(ft10, new DispatchingRule('SPT'), { variant: 'blocking-swap', shutdownProb: 0.02 }, 11);
    const b = rollout(ft10, new DispatchingRule('LOR'), { variant: 'blocking-swap', shutdownProb: 0.02 }, 11);
    const horizon = Math.min(a.makespan as number, b.makespan as number);
    const within = (r: typeof a) => r.env.schedule().downtimes.filter((d) => d.start < horizon);
    expect(within(a).length).toBeGreaterThan(0);
    expect(within(a)).toEqual(within(b));
  });

  it('downtime laws: uniform within [min, max] with mean (min+max)/2; geometric ≥ min with the same mean and a tail', () => {
    const ft10 = fixture('ft10');
    for (const dist of ['uniform', 'geometric'] as const) {
      const d: number[] = [];
      for (let seed = 0; seed < 40; seed++) {
        const r = rollout(ft10, new DispatchingRule('MOR'), { variant: 'classic', shutdownProb: 0.02, downtimeDist: dist, downtimeMin: 2, downtimeMax: 12 }, seed);
        for (const x of r.env.schedule().downtimes) d.push(x.end - x.start);
      }
      expect(d.length).toBeGreaterThan(2000);
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      expect(Math.min(...d)).toBe(2);
      expect(Math.abs(mean - 7)).toBeLessThan(0.3);
      if (dist === 'uniform') expect(Math.max(...d)).toBe(12);
      else expect(Math.max(...d)).toBeGreaterThan(20);
    }
    expect(() => new JobShopEnv({ downtimeDist: 'weibull' as 'uniform' })).toThrow(/downtimeDist/);
  });

  it('mean makespan is nondecreasing in the shutdown probability (spec acceptance 8, 200 seeds)', () => {
    const ft06 = fixture('ft06');
    for (const variant of ['blocking-swap', 'classic'] as Variant[]) {
      const means = [0, 0.01, 0.05, 0.1].map((p) => {
        let sum = 0;
        for (let seed = 0; seed < 200; seed++) sum += rollout(ft06, new DispatchingRule('MOR'), { variant, shutdownProb: p }, seed).makespan as number;
        return sum / 200;
      });
      for (let i = 1; i < means.length; i++) expect(means[i]).toBeGreaterThan(means[i - 1]);
      if (variant === 'blocking-swap') expect(means[0]).toBe(75);
    }
  });
});

describe('fuzzing with random policies (spec acceptance 7)', () => {
  it('1 000 episodes on random 6×6…15×15 shops, p ∈ {0, 0.05}: always terminate and validate', () => {
    const rng = createRng('fuzz');
    const variants: Variant[] = ['classic', 'blocking', 'blocking-swap'];
    let deadlocks = 0;
    for (let e = 0; e < 1000; e++) {
      const n = 6 + randomInt(rng, 10);
      const m = 6 + randomInt(rng, 10);
      const variant = variants[e % 3];
      const p = e % 2 === 0 ? 0 : 0.05;
      const inst = randomInstance(createRng(`inst-${e}`), n, m, 1, 20);
      const r = rollout(inst, new RandomDispatcher(e), { variant, shutdownProb: p }, e);
      const violations = validateSchedule(inst, r.env.schedule(), variant);
      expect(violations, `${variant} p=${p} episode ${e}: ${violations[0]?.message}`).toEqual([]);
      if (variant === 'blocking') {
        if (r.deadlock) deadlocks++;
      } else {
        expect(r.deadlock).toBe(false);
        expect(r.makespan).not.toBeNull();
      }
      if (!r.deadlock) expect(r.ret).toBe(-(r.makespan as number));
      expect(r.steps).toBeLessThanOrEqual(n * m);
    }
    // Without swaps, random dispatching on these shops deadlocks (the swap variant exists for this).
    expect(deadlocks).toBeGreaterThan(0);
  });
});

describe('dynamic disjunctive graph (spec acceptance 9)', () => {
  it('has exactly the unfinished ops, the defined edges and candidate nodes matching the mask', () => {
    const inst = fixture('la01');
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      const env = new JobShopEnv({ instance: inst, variant, shutdownProb: 0.02 });
      let { obs } = env.reset({ seed: 5 });
      const agent = new RandomDispatcher(1);
      let checked = 0;
      for (;;) {
        const o = obs.observation;
        const g = jobShopGraph(o);
        expect(jobShopGraph(o)).toBe(g); // cached
        const sim = env.state;
        // Nodes: unstarted ops, the processing op, the blocked op; finished-and-left ops absent.
        const expected: number[] = [];
        for (let j = 0; j < inst.numJobs; j++) {
          const st = o.jobs[j * JOB_FEATURES + JF_STATE];
          const k = o.jobs[j * JOB_FEATURES + JF_NEXT_OP];
          const base = sim.inst.jobStart[j];
          const from = st === DONE ? inst.machines[j].length : st === 1 || st === 2 ? k - 1 : k;
          for (let q = from; q < inst.machines[j].length; q++) expected.push(base + q);
        }
        expect(Array.from(g.nodeOp)).toEqual(expected);
        for (let v = 0; v < g.numNodes; v++) {
          const o2 = g.nodeOp[v];
          if (sim.opEnd[o2] >= 0) expect(sim.opRelease[o2]).toBe(-1); // a finished node is a blocked one
        }
        // Edge counts.
        const perJob = new Map<number, number>();
        const perMachine = new Map<number, number>();
        for (let v = 0; v < g.numNodes; v++) {
          perJob.set(g.nodeJob[v], (perJob.get(g.nodeJob[v]) ?? 0) + 1);
          perMachine.set(g.nodeMachine[v], (perMachine.get(g.nodeMachine[v]) ?? 0) + 1);
        }
        const prec = [...perJob.values()].reduce((a, c) => a + c - 1, 0);
        const disj = [...perMachine.values()].reduce((a, c) => a + c * (c - 1), 0);
        expect(g.edges.precedence.src.length).toBe(prec);
        expect(g.edges.precedenceReverse.src.length).toBe(prec);
        expect(g.edges.disjunctive.src.length).toBe(disj);
        for (let i = 0; i < disj; i++) {
          expect(g.nodeMachine[g.edges.disjunctive.src[i]]).toBe(g.nodeMachine[g.edges.disjunctive.dst[i]]);
        }
        for (let i = 0; i < g.edges.occupies.src.length; i++) {
          const h = g.edges.occupies.src[i];
          const w = g.edges.occupies.dst[i];
          expect(g.nodeMachine[h]).toBe(g.nodeMachine[w]);
          expect(sim.opStart[g.nodeOp[h]]).toBeGreaterThanOrEqual(0);
          expect(g.nodeFeatures[w * NODE_FEATURES + NF_NOT_STARTED]).toBe(1);
        }
        let occupied = 0;
        for (let j = 0; j < inst.numJobs; j++) {
          const st = o.jobs[j * JOB_FEATURES + JF_STATE];
          const x = o.jobs[j * JOB_FEATURES + JF_NEXT_MACHINE];
          if ((st === 0 || st === 2) && x >= 0) {
            const occ = o.machines[x * MACHINE_FEATURES + MF_OCCUPANT];
            if (occ >= 0 && occ !== j) occupied++;
          }
        }
        expect(g.edges.occupies.src.length).toBe(occupied);
        for (const type of EDGE_TYPES) {
          for (const v of [...g.edges[type].src, ...g.edges[type].dst]) expect(v >= 0 && v < g.numNodes).toBe(true);
        }
        // Candidates ↔ mask.
        for (let j = 0; j < inst.numJobs; j++) {
          const v = g.actionNode[j];
          if (obs.actionMask[j] === 1) {
            expect(g.nodeAction[v]).toBe(j);
            expect(g.nodeFeatures[v * NODE_FEATURES + NF_CANDIDATE]).toBe(1);
            expect(g.nodeOp[v]).toBe(sim.jobNext[j]);
          } else expect(v).toBe(-1);
        }
        const candidates = Array.from(g.nodeAction).filter((a) => a >= 0).length;
        expect(candidates).toBe(obs.actionMask.reduce((a, b) => a + b, 0));
        expect(g.globalFeatures[GF_CANDIDATES]).toBeCloseTo(candidates / inst.numJobs, 12);
        expect(g.globalFeatures[GF_OPS_DONE]).toBeCloseTo(1 - g.numNodes / sim.inst.numOps, 12);
        checked++;
        const s = env.step(agent.act(obs));
        if (s.terminated) break;
        obs = s.obs;
      }
      expect(checked).toBeGreaterThan(5);
    }
  });
});
