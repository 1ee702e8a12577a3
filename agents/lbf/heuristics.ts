/**
 * The four heuristic policies of Level-Based Foraging (Albrecht & Ramamoorthy 2013, "A
 * game-theoretic model and best-response learning method for ad hoc coordination in multiagent
 * systems", AAMAS; the H1–H4 agents of semitable/lb-foraging, `lbforaging/agents/heuristic_agent.py`
 * with `_closest_food` in `agent.py`), as a decentralised `MultiAgent` for the `LBF-v0` /
 * `Foraging-…-v3` envs. Each agent decides from **its own observation vector only** (3F + 3n
 * floats, layout in `envs/lbf/env.ts`): food triples (row, col, level) with level 0 = empty slot,
 * then player triples with the agent itself first. All geometry is done in the observation's own
 * frame (coordinates relative to the agent's view window under partial sight, absolute under full
 * sight); distances and directions do not depend on the window's origin.
 *
 * Each step, per agent:
 * 1. Target food (among the visible food, i.e. food slots with level > 0):
 *
 *    | policy | candidates | closest to |
 *    |---|---|---|
 *    | H1 | every visible food | the agent |
 *    | H2 | every visible food | the centroid of the visible players (agent included) |
 *    | H3 | food with level ≤ the agent's level (it can load it alone) | the agent |
 *    | H4 | food with level ≤ the sum of the visible players' levels (agent included) | the centroid of the visible players |
 *
 *    "Closest" is squared Euclidean distance (as the reference's `_closest_food`); ties go to the
 *    food listed first in the observation (row-major order, as the reference's argmin over
 *    `np.nonzero`). The centroid is the exact mean of the players' (row, col) (the reference
 *    rounds it with `np.rint` first; we do not). With no other player in view, H2 = H1 and H4 = H3.
 * 2. No target (no food in view, or none passes the level test): a random move (3).
 * 3. Random move: uniform, from the agent's seeded generator, over the moves NORTH, SOUTH, WEST,
 *    EAST whose destination is "free": not holding visible food (such moves are no-ops in LBF),
 *    not holding another visible player, not outside the view window's top/left side (coordinate
 *    −1: off the grid there, or a real cell just outside the window under partial sight, unseen
 *    and so avoided; the bottom/right side cannot be told from the observation, so a move off the
 *    grid there may be a no-op), and allowed by the observation's `actionMask` (all ones in LBF).
 *    NONE when no move is free.
 *    (Deviation: the reference draws uniformly over all valid actions, NONE included.)
 * 4. Orthogonally next to the target: LOAD — every step, whether or not the levels suffice (as
 *    in the reference; a lone H1/H2 agent can wait forever at food it cannot load).
 * 5. Otherwise pick a goal cell next to the target: among the target's four orthogonal
 *    neighbours (in the order N, S, W, E of the food) that are free in the sense of (3), the one
 *    nearest the agent in Manhattan distance, ties to the earlier in that order; none free →
 *    random move (3). (Deviation: the reference heads for the food cell itself, so an agent lined
 *    up behind a partner that already stands next to the food walks into it forever; moves into
 *    food are no-ops, so every move plan must end orthogonally next to the food.)
 * 6. Step towards the goal: the moves that shorten the Manhattan distance (at most one vertical
 *    and one horizontal), the axis with the larger remaining gap first, vertical (N/S) first on
 *    a tie (the reference's order is N, S, E, W); the first of them whose destination is free is
 *    taken. If none is free (a player or food in the way): random move (3).
 *
 * Randomness: one generator per `LbfHeuristicAgent` (seeded with `seed`, `createRng`), drawn
 * only in random moves, for the live agents in the order of the `observations` keys (agent
 * order in `rolloutParallel`). Same seed and same observations → same actions.
 * Food that spawns never touches the border and never shares a neighbour cell with other food
 * (spawn rules), so LOAD next to the target always loads the target.
 *
 * @example
 * const env = new LbfEnv(foragingOptions('Foraging-10x10-3p-3f-v3'));
 * const agent = new LbfHeuristicAgent('H4', { food: env.config.food, seed: 1 });
 * rolloutParallel(env, agent, { episodes: 10, seed: 0 }).subscribe((e) => e.type === 'episodeEnd' && console.log(e.return));
 */
import { actionMaskOf, type AgentId } from '../../envs/core/env.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonValue } from '../../envs/core/json.js';
import { createRng, randomInt, rngFromState, type Rng, type RngState, type Seed } from '../../envs/core/rng.js';
import type { LbfObs } from '../../envs/lbf/env.js';
import { EAST, LOAD, NONE, NORTH, SOUTH, WEST } from '../../envs/lbf/types.js';
import type { MultiAgent } from '../agent.js';

export const LBF_HEURISTICS = ['H1', 'H2', 'H3', 'H4'] as const;
export type LbfHeuristic = (typeof LBF_HEURISTICS)[number];

/** A food item or player as seen in one observation (observation-frame coordinates). */
export interface LbfSeen {
  row: number;
  col: number;
  level: number;
}

/** One agent's observation, decoded. */
export interface LbfView {
  self: LbfSeen;
  /** Other visible players, in observation order. */
  others: LbfSeen[];
  /** Visible food, in observation (row-major) order. */
  food: LbfSeen[];
}

/** What a heuristic decided, and why (for tests and debugging). */
export interface LbfDecision {
  action: number;
  /** The target food, or null when none qualifies. */
  target: LbfSeen | null;
  /** The cell next to the target the agent walks to; null when loading or moving at random. */
  goal: { row: number; col: number } | null;
  /** True when the action is a random move (step 2, 3, 5 or 6 of the module doc). */
  random: boolean;
}

/** Row/column offsets of NONE, NORTH, SOUTH, WEST, EAST. */
const DR = [0, -1, 1, 0, 0];
const DC = [0, 0, 0, -1, 1];
const MOVES = [NORTH, SOUTH, WEST, EAST];

/**
 * Splits an LBF observation vector (3F + 3n floats) into the agent, the other visible players and
 * the visible food. `numFood` = F, the env's food slots (`env.config.food`).
 */
export function decodeLbfObservation(obs: ArrayLike<number>, numFood: number): LbfView {
  const playerFloats = obs.length - 3 * numFood;
  if (!Number.isInteger(numFood) || numFood < 1 || playerFloats < 3 || playerFloats % 3 !== 0) {
    throw new ConfigError('food', numFood, `does not fit an observation of length ${obs.length} (expected 3·food + 3·players floats, players ≥ 1)`);
  }
  const food: LbfSeen[] = [];
  for (let k = 0; k < numFood; k++) {
    const level = obs[3 * k + 2];
    if (level > 0) food.push({ row: obs[3 * k], col: obs[3 * k + 1], level });
  }
  const p = 3 * numFood;
  const self = { row: obs[p], col: obs[p + 1], level: obs[p + 2] };
  const others: LbfSeen[] = [];
  for (let k = p + 3; k < obs.length; k += 3) {
    const level = obs[k + 2];
    if (level > 0) others.push({ row: obs[k], col: obs[k + 1], level });
  }
  return { self, others, food };
}

/** The food `kind` targets in `view` (step 1 of the module doc), or null when none qualifies. */
export function heuristicTarget(kind: LbfHeuristic, view: LbfView): LbfSeen | null {
  const { self, others } = view;
  let refRow = self.row;
  let refCol = self.col;
  let levels = self.level;
  for (const o of others) levels += o.level;
  if (kind === 'H2' || kind === 'H4') {
    for (const o of others) {
      refRow += o.row;
      refCol += o.col;
    }
    refRow /= others.length + 1;
    refCol /= others.length + 1;
  }
  const cap = kind === 'H3' ? self.level : kind === 'H4' ? levels : Infinity;
  let best: LbfSeen | null = null;
  let bestD = Infinity;
  for (const f of view.food) {
    if (f.level > cap) continue;
    const d = (f.row - refRow) ** 2 + (f.col - refCol) ** 2;
    if (d < bestD) {
      best = f;
      bestD = d;
    }
  }
  return best;
}

/** True when (row, col) may be stepped on as far as the view tells: not beyond the view window's top/left side, no food, no other player. */
function isFree(view: LbfView, row: number, col: number): boolean {
  if (row < 0 || col < 0) return false;
  for (const f of view.food) if (f.row === row && f.col === col) return false;
  for (const o of view.others) if (o.row === row && o.col === col) return false;
  return true;
}

function moveIsFree(view: LbfView, a: number, mask: ArrayLike<number> | undefined): boolean {
  return (mask === undefined || mask[a] !== 0) && isFree(view, view.self.row + DR[a], view.self.col + DC[a]);
}

function randomMove(view: LbfView, rng: Rng, mask: ArrayLike<number> | undefined): number {
  const free = MOVES.filter((a) => moveIsFree(view, a, mask));
  return free.length === 0 ? NONE : free[randomInt(rng, free.length)];
}

/**
 * The action of heuristic `kind` for one decoded observation (steps 1–6 of the module doc).
 * `rng` is drawn from only for random moves; `mask` (1 = allowed) restricts LOAD and moves.
 */
export function heuristicDecision(kind: LbfHeuristic, view: LbfView, rng: Rng, mask?: ArrayLike<number>): LbfDecision {
  const target = heuristicTarget(kind, view);
  const random = (): LbfDecision => ({ action: randomMove(view, rng, mask), target, goal: null, random: true });
  if (target === null) return random();
  const { self } = view;
  if (Math.abs(target.row - self.row) + Math.abs(target.col - self.col) === 1 && (mask === undefined || mask[LOAD] !== 0)) {
    return { action: LOAD, target, goal: null, random: false };
  }
  let goal: { row: number; col: number } | null = null;
  let goalD = Infinity;
  for (const a of MOVES) {
    const row = target.row + DR[a];
    const col = target.col + DC[a];
    if (!isFree(view, row, col)) continue;
    const d = Math.abs(row - self.row) + Math.abs(col - self.col);
    if (d < goalD) {
      goal = { row, col };
      goalD = d;
    }
  }
  if (goal === null) return random();
  const dr = goal.row - self.row;
  const dc = goal.col - self.col;
  const vertical = dr < 0 ? NORTH : dr > 0 ? SOUTH : NONE;
  const horizontal = dc < 0 ? WEST : dc > 0 ? EAST : NONE;
  for (const a of Math.abs(dr) >= Math.abs(dc) ? [vertical, horizontal] : [horizontal, vertical]) {
    if (a !== NONE && moveIsFree(view, a, mask)) return { action: a, target, goal, random: false };
  }
  return { ...random(), goal };
}

export interface LbfHeuristicOptions {
  /** F, the env's number of food slots (`env.config.food`): needed to split the observation. */
  food: number;
  /** Seed of the generator behind random moves (default 0). */
  seed?: Seed;
}

/** H1–H4 (see the module doc) for every live agent of an LBF env, each from its own observation. */
export class LbfHeuristicAgent implements MultiAgent<LbfObs, number, unknown> {
  readonly name: LbfHeuristic;
  private readonly numFood: number;
  private rng: Rng;

  constructor(kind: LbfHeuristic, options: LbfHeuristicOptions) {
    if (!(LBF_HEURISTICS as readonly string[]).includes(kind)) throw new ConfigError('kind', kind, `unknown LBF heuristic; choose from ${LBF_HEURISTICS.join(', ')}`);
    if (!Number.isInteger(options.food) || options.food < 1) throw new ConfigError('food', options.food, 'must be the env\'s number of food slots (an integer ≥ 1)');
    this.name = kind;
    this.numFood = options.food;
    this.rng = createRng(options.seed ?? 0);
  }

  act(observations: Record<AgentId, LbfObs>): Record<AgentId, number> {
    const actions: Record<AgentId, number> = {};
    for (const agent of Object.keys(observations)) {
      const obs = observations[agent];
      const view = decodeLbfObservation(obs.observation, this.numFood);
      actions[agent] = heuristicDecision(this.name, view, this.rng, actionMaskOf(obs)).action;
    }
    return actions;
  }

  save(): JsonValue {
    return { rng: this.rng.state() };
  }

  load(state: JsonValue): void {
    const saved = typeof state === 'object' && state !== null && !Array.isArray(state) ? state.rng : undefined;
    this.rng = rngFromState(saved as unknown as RngState);
  }
}
