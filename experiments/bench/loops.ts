/**
 * The reference loops benchmarks compare against: a bare Gymnasium-style for-loop over the Env
 * API (reset on episode end, the agent picks every action), for single-agent and parallel envs.
 */
import type { Agent, MultiAgent } from '../../agents/agent.js';
import type { Env, ParallelEnv } from '../../envs/core/env.js';

/** Takes exactly `steps` env steps; returns the number of finished episodes. */
export function bareLoop<O, A>(env: Env<O, A>, agent: Agent<O, A>, steps: number, seed: number): number {
  let obs = env.reset({ seed }).obs;
  agent.onEpisodeStart?.();
  let episodes = 0;
  for (let i = 0; i < steps; i++) {
    const r = env.step(agent.act(obs, true));
    if (r.terminated || r.truncated) {
      episodes++;
      obs = env.reset().obs;
      agent.onEpisodeStart?.();
    } else {
      obs = r.obs;
    }
  }
  return episodes;
}

/** Parallel-env version of `bareLoop` (one step = one joint step). */
export function bareParallelLoop<O, A, S>(env: ParallelEnv<O, A, S>, agent: MultiAgent<O, A, S>, steps: number, seed: number): number {
  let obs = env.reset({ seed }).observations;
  let episodes = 0;
  for (let i = 0; i < steps; i++) {
    if (env.agents.length === 0) {
      episodes++;
      obs = env.reset().observations;
    }
    const live: Record<string, O> = {};
    for (const a of env.agents) live[a] = obs[a];
    obs = env.step(agent.act(live, env.state(), true)).observations;
  }
  return episodes;
}
