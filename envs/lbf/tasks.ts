/**
 * lb-foraging v3 task names → `LbfOptions`.
 *
 * Names follow `Foraging{-2s}-{s}x{s}-{n}p-{F}f{-coop}-v3`, registered by the reference for
 * s ∈ 5..19, n ∈ 2..9, F ∈ 1..9, with player levels 1..2, food-level cap = sum of the three lowest
 * player levels, sight 2 for `-2s` (else s, full observability) and 50 steps. `foragingOptions`
 * parses any of them; `EPYMARL_LBF_TASKS` are the seven EPyMARL benchmark tasks, which
 * `envs/index.ts` registers as env ids (other sizes: `new LbfEnv(foragingOptions(name))`, or
 * `LBF-v0` with options).
 */
import { ConfigError } from '../core/errors.js';
import { LBF_DEFAULTS } from './env.js';
import type { LbfOptions } from './types.js';

/** The seven LBF tasks of the EPyMARL benchmark (Papoudakis et al. 2021), v3 names. */
export const EPYMARL_LBF_TASKS = [
  'Foraging-8x8-2p-2f-coop-v3',
  'Foraging-2s-8x8-2p-2f-coop-v3',
  'Foraging-10x10-3p-3f-v3',
  'Foraging-2s-10x10-3p-3f-v3',
  'Foraging-15x15-3p-5f-v3',
  'Foraging-15x15-4p-3f-v3',
  'Foraging-15x15-4p-5f-v3',
] as const;

const NAME = /^Foraging(-2s)?-(\d+)x(\d+)-(\d+)p-(\d+)f(-coop)?-v3$/;

/** The options of an lb-foraging v3 task name; `ConfigError` (field `task`) for anything else. */
export function foragingOptions(name: string): LbfOptions {
  const m = NAME.exec(name);
  if (m === null) throw new ConfigError('task', name, 'expected Foraging{-2s}-{s}x{s}-{n}p-{F}f{-coop}-v3, e.g. "Foraging-2s-10x10-3p-3f-v3"');
  const [rows, cols, players, food] = [m[2], m[3], m[4], m[5]].map(Number);
  if (rows !== cols) throw new ConfigError('task', name, `grids are square (${rows}x${cols} given)`);
  const within = (v: number, lo: number, hi: number, what: string) => {
    if (v < lo || v > hi) throw new ConfigError('task', name, `${what} ${v} is outside the registered range ${lo}..${hi}; use LBF-v0 with options for other sizes`);
  };
  within(rows, 5, 19, 'grid size');
  within(players, 2, 9, 'player count');
  within(food, 1, 9, 'food count');
  return { ...LBF_DEFAULTS, size: rows, players, food, sight: m[1] !== undefined ? 2 : null, coop: m[6] !== undefined, minPlayerLevel: 1, maxPlayerLevel: 2, maxFoodLevel: null, maxSteps: 50 };
}
