/**
 * Level-Based Foraging start states.
 *
 * - `generateLbfState(rng, config)`: the seeded reset of lb-foraging v3. Players first: each takes
 *   a uniform empty cell anywhere on the grid and a level uniform on {minPlayerLevel..maxPlayerLevel}.
 *   Then food: up to 1000 attempts to place `food` items; each candidate cell has row and col
 *   uniform in [1, s−2] (never the border) and is rejected when a food lies in its 3×3
 *   neighbourhood, a food lies within distance 2 in the same row or the same column, or a player
 *   stands on it. Food levels: cap L = `maxFoodLevel`, or when null the sum of the three lowest
 *   player levels (all of them when n ≤ 3); coop: every level is L; otherwise uniform on [1, L].
 *   When the items do not fit (small grids), the reset keeps what was placed within the 1000
 *   attempts, as the reference does; with no food at all the episode ends (terminated) at the
 *   first step.
 * - `lbfState(init)`: a handcrafted state from plain JSON (tests, curricula), validated.
 */
import { ConfigError } from '../core/errors.js';
import { randomInt, type Rng } from '../core/rng.js';
import type { LbfOptions, LbfState, LbfStateInit } from './types.js';

/** Candidate food cells tried per reset before giving up on the remaining items. */
export const FOOD_PLACEMENT_ATTEMPTS = 1000;

export type LbfGeneratorConfig = Pick<LbfOptions, 'size' | 'players' | 'food' | 'coop' | 'minPlayerLevel' | 'maxPlayerLevel' | 'maxFoodLevel'>;

/** Food level cap of an episode: `maxFoodLevel`, else the sum of the three lowest player levels. */
export function foodLevelCap(playerLevel: ArrayLike<number>, maxFoodLevel: number | null): number {
  if (maxFoodLevel !== null) return maxFoodLevel;
  const sorted = Array.from(playerLevel).sort((a, b) => a - b);
  let cap = 0;
  for (let i = 0; i < Math.min(3, sorted.length); i++) cap += sorted[i];
  return cap;
}

/** A seeded start state (players, then food) with the reference's placement rules. */
export function generateLbfState(rng: Rng, cfg: LbfGeneratorConfig): LbfState {
  const s = cfg.size;
  const n = cfg.players;
  const occupied = new Uint8Array(s * s);
  const playerRow = new Int32Array(n);
  const playerCol = new Int32Array(n);
  const playerLevel = new Int32Array(n);
  const levels = cfg.maxPlayerLevel - cfg.minPlayerLevel + 1;
  for (let i = 0; i < n; i++) {
    // Rejection sampling = uniform over the empty cells (n ≤ s² is checked by the env's config).
    let cell: number;
    do cell = randomInt(rng, s * s);
    while (occupied[cell] === 1);
    occupied[cell] = 1;
    playerRow[i] = Math.floor(cell / s);
    playerCol[i] = cell % s;
    playerLevel[i] = cfg.minPlayerLevel + randomInt(rng, levels);
  }

  const cap = foodLevelCap(playerLevel, cfg.maxFoodLevel);
  const low = cfg.coop ? cap : 1;
  const food = new Int32Array(s * s);
  const inner = s - 2;
  let placed = 0;
  for (let attempt = 0; attempt < FOOD_PLACEMENT_ATTEMPTS && placed < cfg.food; attempt++) {
    const r = 1 + randomInt(rng, inner);
    const c = 1 + randomInt(rng, inner);
    if (occupied[r * s + c] === 1 || foodNearby(food, s, r, c)) continue;
    food[r * s + c] = low === cap ? cap : low + randomInt(rng, cap - low + 1);
    placed++;
  }
  return fromGrid(s, playerRow, playerCol, playerLevel, food, undefined, 0);
}

/** True when a food lies in the 3×3 block around (r, c) or within 2 cells in its row or column. */
function foodNearby(food: Int32Array, s: number, r: number, c: number): boolean {
  for (let y = Math.max(0, r - 1); y <= Math.min(s - 1, r + 1); y++) {
    for (let x = Math.max(0, c - 1); x <= Math.min(s - 1, c + 1); x++) if (food[y * s + x] !== 0) return true;
  }
  for (let d = -2; d <= 2; d += 4) {
    const y = r + d;
    const x = c + d;
    if (y >= 0 && y < s && food[y * s + c] !== 0) return true;
    if (x >= 0 && x < s && food[r * s + x] !== 0) return true;
  }
  return false;
}

function fromGrid(s: number, playerRow: Int32Array, playerCol: Int32Array, playerLevel: Int32Array, food: Int32Array, foodSpawned: number | undefined, step: number): LbfState {
  const cells: number[] = [];
  let total = 0;
  for (let k = 0; k < food.length; k++) {
    if (food[k] !== 0) {
      cells.push(k);
      total += food[k];
    }
  }
  return { size: s, playerRow, playerCol, playerLevel, food, foodCells: Int32Array.from(cells), foodSpawned: foodSpawned ?? total, step };
}

/**
 * A handcrafted state. Checks: integer coordinates inside the grid, levels ≥ 1, no food on a cell
 * with another entity (players may share a cell, as after the dynamics' chain conflict), `foodSpawned` ≥ the food present (> 0 when there is food), `step` ≥ 0. Food may sit
 * on the border here (the generator never puts it there).
 */
export function lbfState(init: LbfStateInit): LbfState {
  if (typeof init !== 'object' || init === null) throw new ConfigError('state', init, 'expected { size, players, food }');
  const s = init.size;
  if (!Number.isInteger(s) || s < 1) throw new ConfigError('state.size', s, 'must be a positive integer');
  if (!Array.isArray(init.players) || init.players.length === 0) throw new ConfigError('state.players', init.players, 'expected a non-empty array of { row, col, level }');
  if (!Array.isArray(init.food)) throw new ConfigError('state.food', init.food, 'expected an array of { row, col, level }');
  const taken = new Map<number, string>();
  const place = (field: string, e: unknown, isFood: boolean): { cell: number; level: number } => {
    const { row, col, level } = (e ?? {}) as Partial<Record<'row' | 'col' | 'level', unknown>>;
    const inGrid = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < s;
    if (!inGrid(row) || !inGrid(col)) throw new ConfigError(field, e, `row and col must be integers in [0, ${s - 1}]`);
    if (!Number.isInteger(level) || (level as number) < 1) throw new ConfigError(`${field}.level`, level, 'must be an integer ≥ 1');
    const cell = (row as number) * s + (col as number);
    const other = taken.get(cell);
    if (other !== undefined && (isFood || other.startsWith('state.food'))) throw new ConfigError(field, e, `shares cell (${row}, ${col}) with ${other}`);
    if (other === undefined) taken.set(cell, field);
    return { cell, level: level as number };
  };
  const n = init.players.length;
  const playerRow = new Int32Array(n);
  const playerCol = new Int32Array(n);
  const playerLevel = new Int32Array(n);
  init.players.forEach((p, i) => {
    const { cell, level } = place(`state.players[${i}]`, p, false);
    playerRow[i] = Math.floor(cell / s);
    playerCol[i] = cell % s;
    playerLevel[i] = level;
  });
  const food = new Int32Array(s * s);
  init.food.forEach((f, k) => {
    const { cell, level } = place(`state.food[${k}]`, f, true);
    food[cell] = level;
  });
  let present = 0;
  for (let k = 0; k < food.length; k++) present += food[k];
  const spawned = init.foodSpawned ?? present;
  if (typeof spawned !== 'number' || !Number.isFinite(spawned) || spawned < present || (present > 0 && spawned <= 0)) {
    throw new ConfigError('state.foodSpawned', spawned, `must be a finite number ≥ the food present (${present})`);
  }
  const step = init.step ?? 0;
  if (!Number.isInteger(step) || step < 0) throw new ConfigError('state.step', step, 'must be an integer ≥ 0');
  return fromGrid(s, playerRow, playerCol, playerLevel, food, spawned, step);
}

/** The plain-JSON form of a state (inverse of `lbfState` for states without eaten food). */
export function lbfStateToInit(state: LbfState): LbfStateInit {
  const s = state.size;
  const players = Array.from(state.playerLevel, (level, i) => ({ row: state.playerRow[i], col: state.playerCol[i], level }));
  const food: LbfStateInit['food'] = [];
  for (const cell of state.foodCells) if (state.food[cell] !== 0) food.push({ row: Math.floor(cell / s), col: cell % s, level: state.food[cell] });
  return { size: s, players, food, foodSpawned: state.foodSpawned, step: state.step };
}
