/**
 * Types of the Level-Based Foraging domain: configuration, the immutable state value the pure
 * transition functions work on, and the action constants.
 *
 * Conventions: a square grid of `size × size` cells; positions are (row, col) with row 0 at the
 * top and col 0 at the left; a cell's flat index is `row · size + col` (row-major). Players are
 * 0-based (`agent_i` is player i). Levels are positive integers; a food level of 0 means "no food".
 * Time is counted in env steps.
 */

/** Do nothing. */
export const NONE = 0;
/** Move to row − 1. */
export const NORTH = 1;
/** Move to row + 1. */
export const SOUTH = 2;
/** Move to col − 1. */
export const WEST = 3;
/** Move to col + 1. */
export const EAST = 4;
/** Try to collect an orthogonally adjacent food item. */
export const LOAD = 5;
export const NUM_ACTIONS = 6;
export const ACTION_NAMES = ['NONE', 'NORTH', 'SOUTH', 'WEST', 'EAST', 'LOAD'] as const;

/** Options of `LBF-v0` (and of the `Foraging-…-v3` presets, which only change the defaults). */
export interface LbfOptions {
  /** Grid side s in cells (≥ 3: food only spawns in rows/cols 1..s−2). */
  size: number;
  /** Number of players (agents) n ≥ 1. */
  players: number;
  /** Food items F ≥ 1 to place at reset (fewer if they do not fit in 1000 attempts). */
  food: number;
  /**
   * View radius in cells (≥ 1): the agent sees a (2·sight+1)² window around itself, clipped at the
   * grid edge. null = `size` (full observability: coordinates are absolute).
   */
  sight: number | null;
  /**
   * Every food has the cap level L (`-coop` tasks). With n ≥ 2 players of levels 1..2, as in the
   * registered tasks, L exceeds every single level, so no player can load alone.
   */
  coop: boolean;
  /** Player levels are uniform on {minPlayerLevel..maxPlayerLevel} (integers ≥ 1). */
  minPlayerLevel: number;
  maxPlayerLevel: number;
  /** Food level cap L; null = the sum of the three lowest player levels of the episode (v1+). */
  maxFoodLevel: number | null;
  /** Step limit (≥ 1); reaching it truncates every agent. */
  maxSteps: number;
  /** Subtracted from each member of a group whose load fails (levels too low); ≥ 0. */
  penalty: number;
}

/**
 * A game state. Treat it as immutable: `lbfStep` returns a new state. Players may share a cell
 * only after a chain conflict (see `lbfStep`); food and players never share one.
 */
export interface LbfState {
  /** Grid side s (cells). */
  readonly size: number;
  /** Row of player i (0 = top); length n. */
  readonly playerRow: Int32Array;
  /** Column of player i (0 = left); length n. */
  readonly playerCol: Int32Array;
  /** Level of player i (≥ 1); length n. */
  readonly playerLevel: Int32Array;
  /** Food level of each cell, row-major, length s²; 0 = no food. */
  readonly food: Int32Array;
  /** Flat indices of the cells that held food at reset, ascending (= row-major order). */
  readonly foodCells: Int32Array;
  /** Sum of the food levels at reset: the reward normaliser (the episode's total return is ≤ 1). */
  readonly foodSpawned: number;
  /** Steps taken in this episode. */
  readonly step: number;
}

/** A player or food item of a handcrafted state (`lbfState`). */
export interface LbfEntity {
  row: number;
  col: number;
  level: number;
}

/** Plain-JSON description of a state, e.g. for tests: `lbfState(init)` builds the `LbfState`. */
export interface LbfStateInit {
  size: number;
  players: LbfEntity[];
  food: LbfEntity[];
  /** Reward normaliser; default the sum of the given food levels. */
  foodSpawned?: number;
  /** Steps already taken; default 0. */
  step?: number;
}
