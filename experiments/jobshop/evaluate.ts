/** One dispatching episode of `JobShop-v0` with an agent (shared by the experiment and the benchmark). */
import type { Agent } from '../../agents/agent.js';
import type { JobShopEnv, JobShopObs } from '../../envs/jobshop/env.js';

export interface EpisodeResult {
  /** Null when the episode deadlocked. */
  makespan: number | null;
  deadlock: boolean;
  swaps: number;
  /** Decisions taken (env steps). */
  steps: number;
  /** Undiscounted return (−makespan with the default reward). */
  return: number;
}

/** Runs one episode from `reset({ seed })` (the seed fixes random instances and failures). */
export function runEpisode(env: JobShopEnv, agent: Agent<JobShopObs, number>, seed: number): EpisodeResult {
  agent.onEpisodeStart?.();
  let { obs } = env.reset({ seed });
  let steps = 0;
  let ret = 0;
  for (;;) {
    const r = env.step(agent.act(obs, false));
    steps++;
    ret += r.reward;
    if (r.terminated || r.truncated) {
      const info = r.info as { makespan: number | null; deadlock: boolean; swaps: number };
      return { makespan: info.makespan, deadlock: info.deadlock, swaps: info.swaps, steps, return: ret };
    }
    obs = r.obs;
  }
}
