import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../envs/core/checker.js';
import { make } from '../../../envs/index.js';
import { JobShopEnv } from '../../../envs/jobshop/env.js';
import { JumanjiJobShopEnv, jumanjiToDispatches, toJumanjiObservation, type JumanjiObs } from '../../../envs/jobshop/jumanji.js';
import { JF_NEXT_MACHINE, JOB_FEATURES } from '../../../envs/jobshop/observation.js';
import { fixture } from './helpers.js';

/** Jumanji policy: every free machine takes its lowest-index legal job (non-delay). */
function lowestIndex(obs: JumanjiObs, M: number, J: number): Int32Array {
  const a = new Int32Array(M).fill(J);
  const taken = new Set<number>();
  for (let x = 0; x < M; x++) {
    for (let j = 0; j < J; j++) {
      if (obs.actionMask[x * (J + 1) + j] === 1 && !taken.has(j)) {
        a[x] = j;
        taken.add(j);
        break;
      }
    }
  }
  return a;
}

describe('Jumanji-compatible job shop (spec acceptance 10)', () => {
  it('action_mask has shape M × (J+1) with an all-true no-op column; observation fields are padded J × O', () => {
    const env = new JumanjiJobShopEnv({ numJobs: 5, numMachines: 3, maxDuration: 6 });
    const { obs } = env.reset({ seed: 1 });
    const o = obs.observation;
    expect(o.action_mask.length).toBe(3 * 6);
    expect(obs.actionMask).toBe(o.action_mask);
    for (let x = 0; x < 3; x++) expect(o.action_mask[x * 6 + 5]).toBe(1);
    expect(o.ops_machine_ids.length).toBe(5 * 3);
    expect(Array.from(o.machines_job_ids)).toEqual([5, 5, 5]);
    expect(o.ops_mask.every((v) => v === 1)).toBe(true);
    expect(env.actionSpace.toString()).toBe('MultiDiscrete([6, 6, 6])');
  });

  it('an illegal action terminates with reward −J·O·D_max', () => {
    const ft06 = fixture('ft06');
    const env = new JumanjiJobShopEnv({ instance: ft06 });
    const { obs } = env.reset({ seed: 0 });
    // Job 0's first op is on machine 2: giving job 0 to machine 0 is illegal.
    expect(obs.actionMask[0 * 7 + 0]).toBe(0);
    const a = new Int32Array(6).fill(6);
    a[0] = 0;
    const r = env.step(a);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(-6 * 6 * 10);
    expect(r.info.invalid).toBe(true);
  });

  it('all machines idle with work left terminates with the same penalty', () => {
    const env = new JumanjiJobShopEnv({ instance: fixture('ft06') });
    env.reset({ seed: 0 });
    const r = env.step(new Int32Array(6).fill(6));
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(-360);
    expect(r.info.allIdle).toBe(true);
  });

  it('non-delay lowest-index dispatching gives the same makespan as in JobShop-v0 (same timing semantics)', () => {
    for (const name of ['ft06', 'la01', 'ft10']) {
      const inst = fixture(name);
      const jenv = new JumanjiJobShopEnv({ instance: inst });
      let { obs } = jenv.reset({ seed: 0 });
      let steps = 0;
      let ret = 0;
      let makespan: number | null = null;
      for (;;) {
        const r = jenv.step(lowestIndex(obs, inst.numMachines, inst.numJobs));
        steps++;
        ret += r.reward;
        obs = r.obs;
        if (r.terminated) {
          expect(r.info.invalid).toBe(false);
          makespan = r.info.makespan as number;
          break;
        }
      }
      expect(makespan).toBe(steps);
      expect(ret).toBe(-steps);
      // JobShop-v0 with the same rule (lowest legal job index, per machine).
      const env = new JobShopEnv({ instance: inst });
      let o2 = env.reset({ seed: 0 }).obs;
      for (;;) {
        const r = env.step(o2.actionMask.indexOf(1));
        o2 = r.obs;
        if (r.terminated) {
          expect(r.info.makespan).toBe(makespan);
          break;
        }
      }
    }
  });

  it('toJumanjiObservation / jumanjiToDispatches convert JobShop-v0 decision epochs', () => {
    const inst = fixture('la01');
    const env = new JobShopEnv({ instance: inst });
    let { obs } = env.reset({ seed: 0 });
    const J = inst.numJobs;
    for (let step = 0; step < 10; step++) {
      const jo = toJumanjiObservation(obs.observation);
      for (let j = 0; j < J; j++) {
        const x = obs.observation.jobs[j * JOB_FEATURES + JF_NEXT_MACHINE];
        const legalSomewhere = Array.from({ length: inst.numMachines }, (_, m) => jo.action_mask[m * (J + 1) + j]).some((v) => v === 1);
        expect(legalSomewhere).toBe(obs.actionMask[j] === 1);
        if (obs.actionMask[j] === 1) expect(jo.action_mask[x * (J + 1) + j]).toBe(1);
      }
      const jact = new Int32Array(inst.numMachines).fill(J);
      const first = obs.actionMask.indexOf(1);
      jact[obs.observation.jobs[first * JOB_FEATURES + JF_NEXT_MACHINE]] = first;
      expect(jumanjiToDispatches(jact, obs.observation)).toEqual([first]);
      const r = env.step(first);
      if (r.terminated) break;
      obs = r.obs;
    }
  });

  it('passes checkEnv', () => {
    checkEnv(make('JobShopJumanji-v0', { numJobs: 4, numMachines: 3 }));
  });
});
