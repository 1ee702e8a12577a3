import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent } from '../../../agents/agent.js';
import { JobShopEnv, type JobShopObs, type JobShopOptions } from '../../../envs/jobshop/env.js';
import { parseOrLibrary } from '../../../envs/jobshop/parsers.js';
import type { JobShopInstance } from '../../../envs/jobshop/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/jobshop');

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixture(name: string): JobShopInstance {
  return parseOrLibrary(fixtureText(name), name, name);
}

export interface Rollout {
  env: JobShopEnv;
  makespan: number | null;
  deadlock: boolean;
  swaps: number;
  time: number;
  steps: number;
  ret: number;
  actions: number[];
}

/** Runs one episode with `agent` from reset(seed). */
export function rollout(instance: JobShopInstance | string, agent: Agent<JobShopObs, number>, options: Partial<JobShopOptions> = {}, seed = 0): Rollout {
  const env = new JobShopEnv({ ...options, instance });
  let { obs } = env.reset({ seed });
  let steps = 0;
  let ret = 0;
  const actions: number[] = [];
  for (;;) {
    const a = agent.act(obs);
    actions.push(a);
    const r = env.step(a);
    steps++;
    ret += r.reward;
    if (r.terminated) {
      const info = r.info as { makespan: number | null; deadlock: boolean; swaps: number; time: number };
      return { env, makespan: info.makespan, deadlock: info.deadlock, swaps: info.swaps, time: info.time, steps, ret, actions };
    }
    obs = r.obs;
  }
}
