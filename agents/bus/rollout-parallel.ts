/**
 * `rolloutParallel(env, multiAgent, options)`: `rollout` for PettingZoo-style `ParallelEnv`s.
 * Same options, seeding convention, budget rules, event types and order as `rollout`, with
 * per-agent fields: `step` events key obs/action/reward/flags/info by agent, and `episodeEnd`
 * adds `returns` (per agent, every agent of `possibleAgents`) while `return` is their sum.
 *
 * An episode lasts while `env.agents` is non-empty; `episodeEnd.terminated` is true when no
 * agent left by truncation. `multiAgent.act` gets the observations of the agents in `env.agents`
 * (a step's `observations` also hold agents that just left; those go only to `observe`) and the global
 * `env.state()`; `observe` gets a `ParallelTransition`.
 *
 * @example
 * const env = makeParallel('SomeMarl-v0');
 * rolloutParallel(env, new RandomMultiAgent((a) => env.actionSpace(a), 1), { episodes: 5, seed: 0 })
 *   .pipe(filter((e) => e.type === 'episodeEnd'))
 *   .subscribe((e) => console.log(e.returns));
 */
import { Observable, type Subscriber } from 'rxjs';
import type { AgentId, Info, ParallelEnv } from '../../envs/core/env.js';
import { EnvStateError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import type { MultiAgent } from '../agent.js';
import { checkBudget, drive } from './drive.js';
import { EpisodeLoop } from './episode-loop.js';
import type { ParallelBusEvent } from './events.js';
import type { RolloutOptions } from './rollout.js';
import { toJson, toJsonObject } from './to-json.js';

export function rolloutParallel<O, A, S>(
  env: ParallelEnv<O, A, S>,
  agent: MultiAgent<O, A, S>,
  options: RolloutOptions = {},
): Observable<ParallelBusEvent> {
  checkBudget(options);
  return new Observable<ParallelBusEvent>((subscriber) => drive(subscriber, new ParallelLoop(env, agent, options, subscriber), options));
}

class ParallelLoop<O, A, S> extends EpisodeLoop {
  private returns: Record<AgentId, number> = {};
  private anyTruncated = false;
  private lastInfos: Record<AgentId, Info> = {};
  private obs: Record<AgentId, O> = {};
  private state!: S;

  constructor(
    private readonly env: ParallelEnv<O, A, S>,
    private readonly agent: MultiAgent<O, A, S>,
    options: RolloutOptions,
    private readonly sub: Subscriber<ParallelBusEvent>,
  ) {
    super(options, sub);
  }

  run(budget: number): boolean {
    const { env, agent, sub, explore, stepEvents, maxSteps } = this;
    const learns = this.learn && typeof agent.observe === 'function';
    let left = budget;
    while (!this.finished) {
      if (sub.closed) return true;
      if (!this.inEpisode) {
        if (this.completed >= this.maxEpisodes || this.steps >= maxSteps) return this.finish();
        this.startEpisode();
      } else if (this.steps >= maxSteps) {
        return this.finish();
      }
      if (left <= 0) return false;

      const episode = this.episode;
      const returns = this.returns;
      while (env.agents.length > 0) {
        const obs = liveOnly(this.obs, env.agents);
        const state = this.state;
        const actions = agent.act(obs, state, explore);
        const r = env.step(actions);
        for (const a in r.rewards) returns[a] = (returns[a] ?? 0) + r.rewards[a];
        for (const a in r.truncations) if (r.truncations[a]) this.anyTruncated = true;
        this.lastInfos = r.infos;
        this.steps++;
        left--;
        const nextState = env.state();
        if (stepEvents) {
          sub.next({
            type: 'step',
            episode,
            t: this.t,
            obs: mapJson(obs),
            action: mapJson(actions),
            reward: { ...r.rewards },
            terminated: { ...r.terminations },
            truncated: { ...r.truncations },
            info: mapInfo(r.infos),
          });
        }
        if (learns) {
          const metrics = agent.observe!({
            state,
            obs,
            actions,
            rewards: r.rewards,
            nextState,
            nextObs: r.observations,
            terminations: r.terminations,
            truncations: r.truncations,
            infos: r.infos,
          });
          if (metrics) sub.next({ type: 'update', step: this.steps, episode, metrics });
        }
        this.t++;
        this.obs = r.observations;
        this.state = nextState;
        if (left <= 0 || this.steps >= maxSteps || sub.closed) break;
      }
      if (env.agents.length === 0 && !sub.closed) this.emitEpisodeEnd();
    }
    return true;
  }

  private startEpisode(): void {
    const seed = this.resetSeed();
    const { observations } = this.env.reset({ seed, options: this.options.resetOptions });
    if (this.env.agents.length === 0) throw new EnvStateError('ParallelEnv.reset left no live agents (env.agents is empty); an episode needs at least one');
    this.obs = observations;
    this.state = this.env.state();
    this.agent.onEpisodeStart?.();
    this.returns = {};
    for (const a of this.env.possibleAgents) this.returns[a] = 0;
    this.anyTruncated = false;
    this.lastInfos = {};
    this.beginEpisode(seed);
  }

  private emitEpisodeEnd(): void {
    let total = 0;
    for (const a in this.returns) total += this.returns[a];
    const episode = this.endEpisode();
    this.sub.next({
      type: 'episodeEnd',
      episode,
      return: total,
      length: this.t,
      terminated: !this.anyTruncated,
      info: mapInfo(this.lastInfos),
      returns: { ...this.returns },
    });
  }
}

/** The observations of the live agents (a step's observations also hold agents that just left). */
function liveOnly<O>(obs: Record<AgentId, O>, agents: readonly AgentId[]): Record<AgentId, O> {
  let n = 0;
  for (const _ in obs) n++;
  if (n === agents.length) return obs;
  const out: Record<AgentId, O> = {};
  for (const a of agents) out[a] = obs[a];
  return out;
}

function mapJson(values: Record<AgentId, unknown>): Record<AgentId, JsonValue> {
  const out: Record<AgentId, JsonValue> = {};
  for (const a in values) out[a] = toJson(values[a]);
  return out;
}

function mapInfo(infos: Record<AgentId, Info>): Record<AgentId, JsonObject> {
  const out: Record<AgentId, JsonObject> = {};
  for (const a in infos) out[a] = toJsonObject(infos[a]);
  return out;
}
