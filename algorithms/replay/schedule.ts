/**
 * MADDPG's replay schedule and the cost model of one update round (spec
 * `locality-replay.md` §a and acceptance tests 7–8; baseline verified from openai/maddpg).
 *
 * - `UpdateGate`: no update before the buffer holds `batchSize · episodeLength` transitions
 *   (1024 · 25 = 25 600 in MADDPG), then one update round every `updateEvery` (100) env steps,
 *   counted by the caller's global step counter t (MADDPG: `t % 100 == 0`).
 * - `updateRound`: in MADDPG each of the N learners draws its own index list and gathers every
 *   agent's rows at it (the critic is centralised): N·N gathers per round (`per-learner`). The
 *   `shared` mode draws one list that every learner reads: N gathers per round. Samplers and
 *   gathers are callbacks, so a learner passes `buffer.gather`-style functions and a test passes
 *   counting stubs.
 */
import { ConfigError } from '../../envs/core/errors.js';

export interface UpdateGateConfig {
  /** Mini-batch size B (MADDPG: 1024). */
  batchSize?: number;
  /** Steps per episode; the buffer must hold B·episodeLength transitions first (MADDPG: 25). */
  episodeLength?: number;
  /** Env steps between update rounds once the buffer is warm (MADDPG: 100). */
  updateEvery?: number;
}

function positiveInt(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ConfigError(field, v, 'must be a positive integer');
  return v;
}

export class UpdateGate {
  /** Buffer size at which updates start (B · episodeLength). */
  readonly minSize: number;
  readonly updateEvery: number;

  constructor(config: UpdateGateConfig = {}) {
    const batchSize = positiveInt('batchSize', config.batchSize ?? 1024);
    const episodeLength = positiveInt('episodeLength', config.episodeLength ?? 25);
    this.updateEvery = positiveInt('updateEvery', config.updateEvery ?? 100);
    this.minSize = batchSize * episodeLength;
  }

  /** Whether to run an update round at global env step `t` (0-based) with `size` stored transitions. */
  shouldUpdate(size: number, t: number): boolean {
    return size >= this.minSize && t % this.updateEvery === 0;
  }
}

/** `per-learner`: one index list per learner (MADDPG); `shared`: one list for all learners. */
export type IndexMode = 'per-learner' | 'shared';

export interface UpdateRoundHooks {
  /** Draws an index list for `learner` (in `shared` mode called once, with learner 0). */
  drawIndices(learner: number): Int32Array;
  /** Gathers agent `agent`'s rows at `indices` into the batch of `learner`. */
  gather(agent: number, indices: Int32Array, learner: number): void;
}

/**
 * One update round of `nLearners` learners over `nAgents` agents' buffers; returns the number
 * of gathers performed (per-learner: nLearners·nAgents; shared: nAgents). In `shared` mode the
 * gathered batch belongs to learner 0 and every learner reads it.
 */
export function updateRound(nLearners: number, nAgents: number, mode: IndexMode, hooks: UpdateRoundHooks): number {
  positiveInt('nLearners', nLearners);
  positiveInt('nAgents', nAgents);
  if (mode !== 'per-learner' && mode !== 'shared') throw new ConfigError('mode', mode, 'expected "per-learner" or "shared"');
  const lists = mode === 'shared' ? 1 : nLearners;
  let gathers = 0;
  for (let l = 0; l < lists; l++) {
    const indices = hooks.drawIndices(l);
    for (let a = 0; a < nAgents; a++) {
      hooks.gather(a, indices, l);
      gathers++;
    }
  }
  return gathers;
}
