import type { ParallelStepResult } from '../../../envs/core/env.js';
import { LbfEnv, type LbfObs } from '../../../envs/lbf/env.js';
import type { LbfEntity, LbfOptions, LbfStateInit } from '../../../envs/lbf/types.js';

export const [NONE, NORTH, SOUTH, WEST, EAST, LOAD] = [0, 1, 2, 3, 4, 5];

/** An env (8×8 by default, penalty 0) reset to a handcrafted state; F = max(2, food given). */
export function envAt(players: LbfEntity[], food: LbfEntity[], options: Partial<LbfOptions> = {}, extra: Partial<LbfStateInit> = {}): LbfEnv {
  const size = options.size ?? 8;
  const env = new LbfEnv({ size, players: players.length, food: Math.max(2, food.length), ...options });
  env.reset({ seed: 0, options: { state: { size, players, food, ...extra } } });
  return env;
}

/** Steps with `actions[i]` for `agent_i`. */
export function act(env: LbfEnv, ...actions: number[]): ParallelStepResult<LbfObs> {
  const rec: Record<string, number> = {};
  actions.forEach((a, i) => (rec[`agent_${i}`] = a));
  return env.step(rec);
}

/** [row, col] of every player. */
export function positions(env: LbfEnv): [number, number][] {
  const s = env.current;
  return Array.from(s.playerRow, (r, i) => [r, s.playerCol[i]]);
}

/** [row, col, level] of every remaining food item. */
export function foodLeft(env: LbfEnv): [number, number, number][] {
  const s = env.current;
  const out: [number, number, number][] = [];
  for (const cell of s.foodCells) if (s.food[cell] !== 0) out.push([Math.floor(cell / s.size), cell % s.size, s.food[cell]]);
  return out;
}

/** Rewards in agent order. */
export function rewardsOf(r: ParallelStepResult<LbfObs>): number[] {
  return Object.keys(r.rewards)
    .sort()
    .map((a) => r.rewards[a]);
}
