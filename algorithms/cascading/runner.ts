/**
 * Running cascading learners on `CascadingRec-v0` with exact regret: before each episode the
 * learner's deterministic policy π_k is evaluated by backward induction on the true model, so
 * Reg(K) = Σ_k (V*_1 − V^{π_k}_1) (expectation over the initial distribution) is exact, not
 * estimated. Wall-clock covers only the learner's calls (planning, act, observe), not the env
 * or the evaluation.
 */
import { evaluatePolicy, initialValue } from '../../envs/recsys/cascade.js';
import { CascadingRecEnv } from '../../envs/recsys/env.js';
import type { CascadingModel, ListPolicy } from '../../envs/recsys/types.js';
import type { Seed } from '../../envs/core/rng.js';
import type { CascadingLearner } from './common.js';
import { planWithModel } from './planning.js';

/** Plays one episode of `learner` in `env` (already reset → `obs`); returns the learner's time (ms). */
function playEpisode(env: CascadingRecEnv, learner: CascadingLearner, first: Int32Array): number {
  let obs = first;
  let ms = 0;
  for (;;) {
    let t0 = performance.now();
    const action = learner.act(obs);
    ms += performance.now() - t0;
    const res = env.step(action);
    t0 = performance.now();
    learner.observe?.({ obs, action, reward: res.reward, nextObs: res.obs, terminated: res.terminated, truncated: res.truncated, info: res.info });
    ms += performance.now() - t0;
    obs = res.obs;
    if (res.terminated || res.truncated) return ms;
  }
}

export interface RegretRun {
  /** Cumulative regret after episode k (index k-1). */
  cumRegret: Float64Array;
  /** Learner wall-clock per episode (ms), averaged over the run. */
  msPerEpisode: number;
  /** Cumulative learner wall-clock (ms) after episode k (index k-1). */
  cumMs: Float64Array;
}

/** K episodes of a regret learner; `seed` seeds the env's episode randomness. */
export function runRegret(model: CascadingModel, learner: CascadingLearner, episodes: number, seed: Seed): RegretRun {
  const env = new CascadingRecEnv({ model });
  const vStar = initialValue(model, planWithModel(model).V);
  const cumRegret = new Float64Array(episodes);
  const cumMs = new Float64Array(episodes);
  let cum = 0;
  let ms = 0;
  for (let k = 0; k < episodes; k++) {
    const t0 = performance.now();
    learner.onEpisodeStart();
    ms += performance.now() - t0;
    cum += vStar - initialValue(model, evaluatePolicy(model, learner.currentPolicy()));
    cumRegret[k] = cum;
    const { obs } = env.reset(k === 0 ? { seed } : {});
    ms += playEpisode(env, learner, obs);
    cumMs[k] = ms;
  }
  return { cumRegret, msPerEpisode: ms / episodes, cumMs };
}

export interface BpiRun {
  /** Episodes played before the stopping rule fired (`maxEpisodes` if it never did). */
  episodes: number;
  /** Whether the stopping rule fired within `maxEpisodes`. */
  stopped: boolean;
  /** V*_1 − V^π̂_1 of the output policy (exact). */
  gap: number;
  /** Learner wall-clock per episode (ms). */
  msPerEpisode: number;
  /** Total learner wall-clock (ms). */
  totalMs: number;
}

/** Runs a BPI learner (one with `stopped()` and `outputPolicy()`) until it stops or `maxEpisodes`. */
export function runBpi(
  model: CascadingModel,
  learner: CascadingLearner & { outputPolicy(): ListPolicy },
  maxEpisodes: number,
  seed: Seed,
): BpiRun {
  const env = new CascadingRecEnv({ model });
  const vStar = initialValue(model, planWithModel(model).V);
  let ms = 0;
  let played = 0;
  let stopped = false;
  for (let k = 0; k < maxEpisodes; k++) {
    const t0 = performance.now();
    learner.onEpisodeStart();
    ms += performance.now() - t0;
    if (learner.stopped?.()) {
      stopped = true;
      break;
    }
    const { obs } = env.reset(k === 0 ? { seed } : {});
    ms += playEpisode(env, learner, obs);
    played++;
  }
  const gap = vStar - initialValue(model, evaluatePolicy(model, learner.outputPolicy()));
  return { episodes: played, stopped, gap, msPerEpisode: ms / Math.max(1, played), totalMs: ms };
}
