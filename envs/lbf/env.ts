/**
 * LBF-v0: Level-Based Foraging (Christianos, Schäfer & Albrecht 2020; rules of semitable/lb-foraging
 * v3, the EPyMARL benchmark), as a PettingZoo-style parallel env. The `Foraging-…-v3` ids are the
 * same env with the benchmark tasks' options (see `tasks.ts`).
 *
 * Description: n players with integer levels and up to F food items with levels live on an s×s
 *   grid. A food item is collected when the players standing orthogonally next to it that choose
 *   LOAD in the same step have levels summing to at least the food's level.
 * Observation (per agent): `{ observation: Float64Array(3F + 3n), actionMask: Uint8Array(6) }`.
 *   - food block: F triples (row, col, level) of the food visible in the agent's view window, in
 *     row-major order of the window, then padding (−1, −1, 0); slots shift as food disappears;
 *   - player block: n triples, the agent itself first, then the other visible players in index
 *     order, then padding (−1, −1, 0).
 *   Coordinates are relative to the view window: for the agent at p, a position x maps to
 *   x − p + min(sight, p) per axis (absolute coordinates under full observability). Food is visible
 *   inside the window [max(p − sight, 0), min(p + sight, s − 1)] per axis; another player is
 *   visible when its mapped coordinates lie in [0, 2·sight], as in the reference: next to the top
 *   or left edge that reaches further down/right than the food window (reference parity).
 *   `actionMask` is all ones: every action is always accepted (EPyMARL's `avail_actions` are all
 *   ones too); the spec's validity is `infos[agent].validActions`. Bounds: coordinates in
 *   [−1, s − 1]; food levels in [0, maxFoodLevel], or [0, min(n, 3)·maxPlayerLevel] when the cap is
 *   the three lowest levels (the reference's looser bound is n·maxPlayerLevel); player levels in
 *   [0, maxPlayerLevel]. Values are float64 (the reference's float32 holds the same small integers).
 * Action: Discrete(6): 0 NONE, 1 NORTH (row − 1), 2 SOUTH, 3 WEST (col − 1), 4 EAST, 5 LOAD. An
 *   invalid action acts as NONE; validity comes from the state before the step: a move needs the
 *   target cell inside the grid and free of food (players do not matter), LOAD needs food in one
 *   of the 4 neighbours. Values outside Discrete(6) (7, −1, 1.5, missing) throw `InvalidActionError`.
 * Dynamics (`lbfStep`): (1) movement: each player targets its own cell (NONE, LOAD) or the
 *   neighbour; players sharing a target all stay, the others move, so swaps and following into a
 *   vacated cell succeed while moving into a cell whose occupant stays fails. Reference quirk kept:
 *   in a chain (A moves into B's cell while B's own move is blocked by a third player) A still
 *   moves and shares B's cell. (2) loading, players in ascending index order (our deterministic
 *   choice; the reference pops a Python set): a pending loader's food is its first neighbour with
 *   food in the order N, S, W, E; the group is every pending loader orthogonally next to that food;
 *   they leave the pending set; the load succeeds iff the group's level sum ≥ the food level.
 *   (The reference tests `row > 1` / `col > 1` for the N/W neighbours here; food never spawns on
 *   the border, so that only matters for handcrafted states with border food, where we use the
 *   plain in-grid test and the reference would fail.)
 * Reward: on a successful load, group member j gets ℓ_j·food_level / (Σ_group ℓ · food_spawned)
 *   (food_spawned = sum of the food levels at reset), so the team return Σ_agents Σ_t r lies in
 *   [0, 1] and is 1 iff all food is eaten. A failed load costs each member `penalty` (default 0).
 *   EPyMARL's common reward is the sum over agents.
 * Termination vs truncation: every agent terminates on the step that eats the last food (also if
 *   that step is the last one); otherwise every agent is truncated after `maxSteps` steps
 *   (Gymnasium/PettingZoo convention: learners may bootstrap). EPyMARL stores this timeout as
 *   terminal (no bootstrap); a learner wanting parity treats `truncations` as terminal. Agents leave
 *   `agents` when the episode ends.
 * State (`state()`): the concatenation of every agent's observation vector in agent order
 *   (EPyMARL's state), n·(3F + 3n) floats; after the episode ended, that of the final state.
 * Reset: see `generator.ts` (players, then food with the 1000-attempt rules). Reset option
 *   `state` (an `LbfStateInit`, or an `LbfState`) starts from a handcrafted state instead.
 * Arguments: `size`, `players`, `food`, `sight` (null = full), `coop`, `minPlayerLevel`,
 *   `maxPlayerLevel`, `maxFoodLevel` (null = sum of the three lowest player levels), `maxSteps`
 *   (50), `penalty` (0); see `LbfOptions`.
 * Info (per agent): `validActions` (Uint8Array(6), validity in the current state); after a step
 *   also `appliedAction` (the action executed, NONE if the chosen one was invalid).
 * Version history: v0 (this), lb-foraging v3 rules (inclusive food-level cap, spawns anywhere).
 *
 * @example
 * const env = makeParallel('Foraging-10x10-3p-3f-v3');
 * let { observations } = env.reset({ seed: 0 });
 * const r = env.step({ agent_0: 5, agent_1: 1, agent_2: 0 });
 */
import type { AgentId, Frame, Info, MaskedObs, ParallelEnv, ParallelResetResult, ParallelStepResult, ResetArgs } from '../core/env.js';
import { ConfigError, EnvStateError, InvalidActionError } from '../core/errors.js';
import { createRng, resetRng, type Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import { Dict } from '../core/spaces/dict.js';
import { Discrete } from '../core/spaces/discrete.js';
import { MultiBinary } from '../core/spaces/multi-binary.js';
import type { Space } from '../core/spaces/space.js';
import { SlabAllocator } from '../core/slab.js';
import { generateLbfState, lbfState, lbfStateToInit } from './generator.js';
import { EAST, LOAD, NONE, NORTH, NUM_ACTIONS, SOUTH, WEST, type LbfOptions, type LbfState, type LbfStateInit } from './types.js';

export type LbfObs = MaskedObs<Float64Array>;

export const LBF_DEFAULTS: LbfOptions = {
  size: 8,
  players: 2,
  food: 2,
  sight: null,
  coop: false,
  minPlayerLevel: 1,
  maxPlayerLevel: 2,
  maxFoodLevel: null,
  maxSteps: 50,
  penalty: 0,
};

/** `options` over the defaults, validated; every problem is a `ConfigError` naming the option. */
export function resolveLbfOptions(options: Partial<LbfOptions> = {}): LbfOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(LBF_DEFAULTS, key)) throw new ConfigError(key, (options as Record<string, unknown>)[key], `unknown LBF option; options: ${Object.keys(LBF_DEFAULTS).join(', ')}`);
  }
  const o: LbfOptions = { ...LBF_DEFAULTS, ...options };
  const int = (field: keyof LbfOptions, min: number, why = `must be an integer ≥ ${min}`) => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(field, v, why);
  };
  int('size', 3, 'must be an integer ≥ 3 (food spawns only in rows and cols 1..size−2)');
  int('players', 1);
  if (o.players > o.size * o.size) throw new ConfigError('players', o.players, `more players than cells (${o.size}×${o.size})`);
  int('food', 1);
  if (o.sight !== null) int('sight', 1, 'must be an integer ≥ 1, or null for full observability');
  if (typeof o.coop !== 'boolean') throw new ConfigError('coop', o.coop, 'must be a boolean');
  int('minPlayerLevel', 1);
  int('maxPlayerLevel', o.minPlayerLevel, `must be an integer ≥ minPlayerLevel (${o.minPlayerLevel})`);
  if (o.maxFoodLevel !== null) int('maxFoodLevel', 1, 'must be an integer ≥ 1, or null for the sum of the three lowest player levels');
  int('maxSteps', 1);
  if (typeof o.penalty !== 'number' || !Number.isFinite(o.penalty) || o.penalty < 0) throw new ConfigError('penalty', o.penalty, 'must be a finite number ≥ 0');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Pure dynamics

/** True when player i may take action a in `state` (invalid actions act as NONE). */
export function isValidAction(state: LbfState, i: number, a: number): boolean {
  const s = state.size;
  const r = state.playerRow[i];
  const c = state.playerCol[i];
  const food = state.food;
  switch (a) {
    case NONE:
      return true;
    case NORTH:
      return r > 0 && food[(r - 1) * s + c] === 0;
    case SOUTH:
      return r < s - 1 && food[(r + 1) * s + c] === 0;
    case WEST:
      return c > 0 && food[r * s + c - 1] === 0;
    case EAST:
      return c < s - 1 && food[r * s + c + 1] === 0;
    case LOAD:
      return adjacentFood(food, s, r, c) >= 0;
    default:
      return false;
  }
}

/** The six validity flags of player i (1 = valid), written into `out` (a new array by default). */
export function validActions(state: LbfState, i: number, out: Uint8Array = new Uint8Array(NUM_ACTIONS)): Uint8Array {
  for (let a = 0; a < NUM_ACTIONS; a++) out[a] = isValidAction(state, i, a) ? 1 : 0;
  return out;
}

/** Flat index of the first neighbour of (r, c) holding food, in the order N, S, W, E; −1 if none. */
function adjacentFood(food: Int32Array, s: number, r: number, c: number): number {
  if (r > 0 && food[(r - 1) * s + c] !== 0) return (r - 1) * s + c;
  if (r < s - 1 && food[(r + 1) * s + c] !== 0) return (r + 1) * s + c;
  if (c > 0 && food[r * s + c - 1] !== 0) return r * s + c - 1;
  if (c < s - 1 && food[r * s + c + 1] !== 0) return r * s + c + 1;
  return -1;
}

export interface LbfTransition {
  /** The state after the step: a new value; the input is unchanged (arrays that did not change are shared). */
  state: LbfState;
  /** Reward of each player. */
  rewards: Float64Array;
  /** The actions executed: invalid ones became NONE. */
  applied: Int32Array;
  /** No food is left: the episode terminates. */
  allEaten: boolean;
  /** `state.step ≥ maxSteps`: the episode is truncated unless it terminated. */
  timeUp: boolean;
}

/**
 * One step of the game (pure): invalid actions → NONE, movement, loading in ascending player
 * index, step counter. `actions[i]` must be an integer in 0..5 (`InvalidActionError` otherwise).
 */
export function lbfStep(state: LbfState, actions: ArrayLike<number>, maxSteps: number, penalty = 0): LbfTransition {
  const s = state.size;
  const n = state.playerLevel.length;
  if (actions.length !== n) throw new InvalidActionError(`Discrete(${NUM_ACTIONS})^${n}`, actions, `has length ${actions.length}, not one action per player, for`);
  const applied = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = actions[i];
    if (!Number.isInteger(a) || a < 0 || a >= NUM_ACTIONS) throw new InvalidActionError(`Discrete(${NUM_ACTIONS})`, a, `of player ${i} is not contained in`);
    applied[i] = isValidAction(state, i, a) ? a : NONE;
  }

  // Movement: a player moves iff no other player targets the same cell.
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = state.playerRow[i];
    const c = state.playerCol[i];
    const a = applied[i];
    target[i] = a === NORTH ? (r - 1) * s + c : a === SOUTH ? (r + 1) * s + c : a === WEST ? r * s + c - 1 : a === EAST ? r * s + c + 1 : r * s + c;
  }
  const playerRow = state.playerRow.slice();
  const playerCol = state.playerCol.slice();
  for (let i = 0; i < n; i++) {
    let shared = false;
    for (let j = 0; j < n && !shared; j++) shared = j !== i && target[j] === target[i];
    if (!shared) {
      playerRow[i] = Math.floor(target[i] / s);
      playerCol[i] = target[i] % s;
    }
  }
  // Loading, ascending player index.
  const rewards = new Float64Array(n);
  const pending = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (applied[i] === LOAD) pending[i] = 1;
  const level = state.playerLevel;
  let food = state.food; // copied on the first successful load (off-heap arrays are costly to allocate)
  for (let i = 0; i < n; i++) {
    if (pending[i] === 0) continue;
    const f = adjacentFood(food, s, playerRow[i], playerCol[i]);
    if (f < 0) {
      pending[i] = 0; // unreachable: a pending loader's foods are only eaten by groups it joins
      continue;
    }
    const fr = Math.floor(f / s);
    const fc = f % s;
    let sum = 0;
    const group: number[] = [];
    for (let j = i; j < n; j++) {
      if (pending[j] === 1 && Math.abs(playerRow[j] - fr) + Math.abs(playerCol[j] - fc) === 1) {
        group.push(j);
        sum += level[j];
        pending[j] = 0;
      }
    }
    const foodLevel = food[f];
    if (sum < foodLevel) {
      for (const j of group) rewards[j] -= penalty;
      continue;
    }
    for (const j of group) rewards[j] = (level[j] * foodLevel) / (sum * state.foodSpawned);
    if (food === state.food) food = food.slice();
    food[f] = 0;
  }
  const next: LbfState = { ...state, playerRow, playerCol, food, step: state.step + 1 };
  let left = 0;
  for (const cell of state.foodCells) if (food[cell] !== 0) left++;
  return { state: next, rewards, applied, allEaten: left === 0, timeUp: next.step >= maxSteps };
}

/** Length of one agent's observation vector: 3F + 3n. */
export function observationLength(numFood: number, numPlayers: number): number {
  return 3 * numFood + 3 * numPlayers;
}

/**
 * Writes player i's observation vector (3F + 3n floats, see the module doc) at `out[offset..]`.
 * `sight` ≥ 1 (use `size` for full observability); `numFood` = F, the number of food slots.
 */
export function writeObservation(state: LbfState, i: number, sight: number, numFood: number, out: Float64Array, offset = 0): void {
  const s = state.size;
  const n = state.playerLevel.length;
  const pr = state.playerRow[i];
  const pc = state.playerCol[i];
  const r0 = Math.max(pr - sight, 0);
  const c0 = Math.max(pc - sight, 0);
  const r1 = Math.min(pr + sight, s - 1);
  const c1 = Math.min(pc + sight, s - 1);
  let k = offset;
  let slots = 0;
  for (const cell of state.foodCells) {
    const lvl = state.food[cell];
    if (lvl === 0) continue;
    const fr = Math.floor(cell / s);
    const fc = cell % s;
    if (fr < r0 || fr > r1 || fc < c0 || fc > c1) continue;
    if (slots === numFood) break;
    out[k++] = fr - r0;
    out[k++] = fc - c0;
    out[k++] = lvl;
    slots++;
  }
  for (; slots < numFood; slots++) {
    out[k++] = -1;
    out[k++] = -1;
    out[k++] = 0;
  }
  out[k++] = pr - r0;
  out[k++] = pc - c0;
  out[k++] = state.playerLevel[i];
  let seen = 1;
  const far = 2 * sight;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const tr = state.playerRow[j] - r0;
    const tc = state.playerCol[j] - c0;
    if (tr < 0 || tc < 0 || tr > far || tc > far) continue;
    out[k++] = tr;
    out[k++] = tc;
    out[k++] = state.playerLevel[j];
    seen++;
  }
  for (; seen < n; seen++) {
    out[k++] = -1;
    out[k++] = -1;
    out[k++] = 0;
  }
}

/** Player i's observation vector as a new array. */
export function lbfObservation(state: LbfState, i: number, sight: number, numFood: number): Float64Array {
  const out = new Float64Array(observationLength(numFood, state.playerLevel.length));
  writeObservation(state, i, sight, numFood, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The env

const MASK_SPACE = new MultiBinary(NUM_ACTIONS);

export class LbfEnv implements ParallelEnv<LbfObs, number> {
  readonly possibleAgents: readonly AgentId[];
  agents: AgentId[] = [];
  readonly metadata = { renderFps: 4 };
  readonly stateSpace: Box;
  /** The resolved options. */
  readonly config: Readonly<LbfOptions>;
  /** The effective view radius (`size` when `sight` is null). */
  readonly sight: number;
  private readonly obsSpace: Dict<{ observation: Box; actionMask: MultiBinary }>;
  private readonly actSpace = new Discrete(NUM_ACTIONS);
  private readonly obsLen: number;
  /** Upper bound of food levels in observations. */
  private readonly foodLevelBound: number;
  private rng: Rng = createRng(0);
  private seeded = false;
  private game: LbfState | null = null;
  /** Fresh observation, mask and state arrays as views into shared slabs (cheap to allocate). */
  private readonly alloc = new SlabAllocator();

  constructor(options: Partial<LbfOptions> = {}) {
    const o = resolveLbfOptions(options);
    this.config = Object.freeze(o);
    this.sight = o.sight ?? o.size;
    const n = o.players;
    const F = o.food;
    this.possibleAgents = Object.freeze(Array.from({ length: n }, (_, i) => `agent_${i}`));
    this.foodLevelBound = o.maxFoodLevel ?? Math.min(n, 3) * o.maxPlayerLevel;
    this.obsLen = observationLength(F, n);
    const low = new Float64Array(this.obsLen);
    const high = new Float64Array(this.obsLen);
    for (let k = 0; k < F + n; k++) {
      low[3 * k] = -1;
      low[3 * k + 1] = -1;
      high[3 * k] = o.size - 1;
      high[3 * k + 1] = o.size - 1;
      high[3 * k + 2] = k < F ? this.foodLevelBound : o.maxPlayerLevel;
    }
    this.obsSpace = new Dict({ observation: new Box(low, high), actionMask: MASK_SPACE });
    const stateLow = new Float64Array(n * this.obsLen);
    const stateHigh = new Float64Array(n * this.obsLen);
    for (let i = 0; i < n; i++) {
      stateLow.set(low, i * this.obsLen);
      stateHigh.set(high, i * this.obsLen);
    }
    this.stateSpace = new Box(stateLow, stateHigh);
  }

  observationSpace(_agent: AgentId): Space<LbfObs> {
    return this.obsSpace as unknown as Space<LbfObs>;
  }

  actionSpace(_agent: AgentId): Space<number> {
    return this.actSpace;
  }

  /** The current game state (read-only use; `EnvStateError` before the first reset). */
  get current(): LbfState {
    if (this.game === null) throw new EnvStateError('LbfEnv.current read before reset(); call reset() first');
    return this.game;
  }

  reset(args: ResetArgs = {}): ParallelResetResult<LbfObs> {
    const options = args.options ?? {};
    for (const key of Object.keys(options)) {
      if (key !== 'state') throw new ConfigError(`options.${key}`, options[key], 'unknown LBF reset option; reset options: state');
    }
    this.rng = resetRng(this.seeded ? this.rng : null, args.seed);
    this.seeded = true;
    this.game = options.state !== undefined ? this.handcrafted(options.state) : generateLbfState(this.rng, this.config);
    this.agents = [...this.possibleAgents];
    const observations: Record<AgentId, LbfObs> = {};
    const infos: Record<AgentId, Info> = {};
    for (let i = 0; i < this.agents.length; i++) {
      const a = this.agents[i];
      observations[a] = this.observe(i);
      infos[a] = { validActions: validActions(this.game, i, this.alloc.uint8(NUM_ACTIONS)) };
    }
    return { observations, infos };
  }

  step(actions: Record<AgentId, number>): ParallelStepResult<LbfObs> {
    if (this.agents.length === 0 || this.game === null) {
      throw new EnvStateError(`LbfEnv.step called ${this.game === null ? 'before reset' : 'after the episode ended'}; call reset() first`);
    }
    const n = this.possibleAgents.length;
    const acts = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const agent = this.possibleAgents[i];
      const a = actions[agent];
      if (!this.actSpace.contains(a)) throw new InvalidActionError(this.actSpace.toString(), a, `for ${agent} is not contained in`);
      acts[i] = a;
    }
    for (const key of Object.keys(actions)) {
      if (!this.possibleAgents.includes(key)) throw new InvalidActionError(this.actSpace.toString(), actions[key], `is keyed by an unknown agent "${key}" (live agents: ${this.agents.join(', ')}); action space`);
    }
    const t = lbfStep(this.game, acts, this.config.maxSteps, this.config.penalty);
    this.game = t.state;
    const terminated = t.allEaten;
    const truncated = !terminated && t.timeUp;
    const out: ParallelStepResult<LbfObs> = { observations: {}, rewards: {}, terminations: {}, truncations: {}, infos: {} };
    for (let i = 0; i < n; i++) {
      const a = this.possibleAgents[i];
      out.observations[a] = this.observe(i);
      out.rewards[a] = t.rewards[i];
      out.terminations[a] = terminated;
      out.truncations[a] = truncated;
      out.infos[a] = { validActions: validActions(t.state, i, this.alloc.uint8(NUM_ACTIONS)), appliedAction: t.applied[i] };
    }
    if (terminated || truncated) this.agents = [];
    return out;
  }

  /** Every agent's observation vector, concatenated in agent order (EPyMARL's state). */
  state(): Float64Array {
    if (this.game === null) throw new EnvStateError('LbfEnv.state called before reset; call reset() first');
    const out = this.alloc.float64(this.possibleAgents.length * this.obsLen);
    for (let i = 0; i < this.possibleAgents.length; i++) writeObservation(this.game, i, this.sight, this.config.food, out, i * this.obsLen);
    return out;
  }

  /** Plain JSON: grid size, players (agent, row, col, level) and remaining food (row, col, level). */
  renderFrame(): Frame {
    const o = this.config;
    const g = this.game;
    if (g === null) return { env: 'LBF', status: 'not reset', size: o.size, sight: this.sight, players: [], food: [] };
    const init = lbfStateToInit(g);
    return {
      env: 'LBF',
      status: this.agents.length > 0 ? 'running' : 'over',
      size: g.size,
      sight: this.sight,
      step: g.step,
      maxSteps: o.maxSteps,
      foodSpawned: g.foodSpawned,
      players: init.players.map((p, i) => ({ agent: this.possibleAgents[i], row: p.row, col: p.col, level: p.level })),
      food: init.food.map((f) => ({ row: f.row, col: f.col, level: f.level })),
    };
  }

  close(): void {}

  private observe(i: number): LbfObs {
    const observation = this.alloc.float64(this.obsLen);
    writeObservation(this.game!, i, this.sight, this.config.food, observation);
    return { observation, actionMask: this.alloc.uint8(NUM_ACTIONS).fill(1) };
  }

  /** A reset-option state, checked against this env's options and observation bounds. */
  private handcrafted(raw: unknown): LbfState {
    const init = isLbfState(raw) ? lbfStateToInit(raw) : (raw as LbfStateInit);
    const st = lbfState(init);
    const o = this.config;
    if (st.size !== o.size) throw new ConfigError('state.size', st.size, `must equal the env's size (${o.size})`);
    if (st.playerLevel.length !== o.players) throw new ConfigError('state.players', init.players.length, `must list exactly ${o.players} players`);
    if (st.foodCells.length > o.food) throw new ConfigError('state.food', init.food.length, `at most ${o.food} food items (the observation has ${o.food} food slots)`);
    st.playerLevel.forEach((l, i) => {
      if (l > o.maxPlayerLevel) throw new ConfigError(`state.players[${i}].level`, l, `exceeds maxPlayerLevel (${o.maxPlayerLevel}), the observation bound`);
    });
    init.food.forEach((f, k) => {
      if (f.level > this.foodLevelBound) throw new ConfigError(`state.food[${k}].level`, f.level, `exceeds the observation bound on food levels (${this.foodLevelBound})`);
    });
    if (st.step >= o.maxSteps) throw new ConfigError('state.step', st.step, `must be < maxSteps (${o.maxSteps})`);
    return st;
  }
}

function isLbfState(x: unknown): x is LbfState {
  return typeof x === 'object' && x !== null && (x as { playerRow?: unknown }).playerRow instanceof Int32Array;
}
