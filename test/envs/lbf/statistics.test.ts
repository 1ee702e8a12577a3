/**
 * LBF statistics: spec /work/shared/specs/lbf.md (e) 10 (spawn properties over 3000 resets per
 * task), 11 (team return in [0, 1], 1 iff all food eaten) and 12 (uniform-random baseline within
 * ±3 SE of the spec's table). Every run is seeded, so the outcomes are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { createRng, randomInt, type Rng } from '../../../envs/core/rng.js';
import { mean } from '../../../envs/core/stats.js';
import { makeParallel } from '../../../envs/index.js';
import { LbfEnv, isValidAction } from '../../../envs/lbf/env.js';
import { EPYMARL_LBF_TASKS, foragingOptions } from '../../../envs/lbf/tasks.js';
import { EAST, LOAD, NONE, NORTH, SOUTH, WEST, type LbfState } from '../../../envs/lbf/types.js';

function lbf(id: string): LbfEnv {
  return EPYMARL_LBF_TASKS.includes(id as never) ? (makeParallel(id) as unknown as LbfEnv) : new LbfEnv(foragingOptions(id));
}

interface SpawnStats {
  violations: string[];
  foodLevels: Set<number>;
  /** Food items whose level equals the cap L (non-coop v3 allows L; v1 did not). */
  atCap: number;
  lastRow: number;
  lastCol: number;
  levelOne: number;
  players: number;
}

function spawnStats(id: string, resets: number): SpawnStats {
  const env = lbf(id);
  const { size: s, food: F, coop } = env.config;
  const st: SpawnStats = { violations: [], foodLevels: new Set(), atCap: 0, lastRow: 0, lastCol: 0, levelOne: 0, players: 0 };
  const bad = (seed: number, what: string) => st.violations.length < 5 && st.violations.push(`seed ${seed}: ${what}`);
  for (let seed = 0; seed < resets; seed++) {
    env.reset({ seed });
    const g = env.current;
    const n = g.playerLevel.length;
    const cells = new Set<number>();
    for (let i = 0; i < n; i++) {
      const cell = g.playerRow[i] * s + g.playerCol[i];
      if (cells.has(cell)) bad(seed, `two players on cell ${cell}`);
      cells.add(cell);
      const l = g.playerLevel[i];
      if (l !== 1 && l !== 2) bad(seed, `player level ${l}`);
      if (l === 1) st.levelOne++;
      if (g.playerRow[i] === s - 1) st.lastRow++;
      if (g.playerCol[i] === s - 1) st.lastCol++;
      st.players++;
    }
    // Cap L = sum of the three lowest player levels (all of them when n ≤ 3).
    const cap = Array.from(g.playerLevel)
      .sort((a, b) => a - b)
      .slice(0, 3)
      .reduce((a, b) => a + b, 0);
    if (g.foodCells.length !== F) bad(seed, `${g.foodCells.length} food items, expected ${F}`);
    let sum = 0;
    const food = Array.from(g.foodCells, (cell) => ({ r: Math.floor(cell / s), c: cell % s, level: g.food[cell] }));
    for (const [k, f] of food.entries()) {
      sum += f.level;
      st.foodLevels.add(f.level);
      if (f.level === cap) st.atCap++;
      if (f.r < 1 || f.r > s - 2 || f.c < 1 || f.c > s - 2) bad(seed, `food on the border at (${f.r}, ${f.c})`);
      if (cells.has(f.r * s + f.c)) bad(seed, `food under a player at (${f.r}, ${f.c})`);
      if (coop ? f.level !== cap : f.level < 1 || f.level > cap) bad(seed, `food level ${f.level} with cap ${cap}${coop ? ' (coop)' : ''}`);
      for (const h of food.slice(k + 1)) {
        const dr = Math.abs(f.r - h.r);
        const dc = Math.abs(f.c - h.c);
        if (Math.max(dr, dc) <= 1) bad(seed, `foods at Chebyshev distance ${Math.max(dr, dc)}`);
        if ((dr === 0 && dc <= 2) || (dc === 0 && dr <= 2)) bad(seed, `foods (${f.r}, ${f.c}) and (${h.r}, ${h.c}) within 2 in a row/column`);
      }
    }
    if (sum !== g.foodSpawned) bad(seed, `foodSpawned ${g.foodSpawned} ≠ ${sum}`);
  }
  return st;
}

describe('spawn properties over 3000 resets per task (spec e10)', () => {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const tasks: [string, number[]][] = [
    ['Foraging-8x8-2p-2f-coop-v3', range(2, 4)],
    ['Foraging-2s-8x8-2p-2f-coop-v3', range(2, 4)],
    ['Foraging-10x10-3p-3f-v3', range(1, 6)],
    ['Foraging-2s-10x10-3p-3f-v3', range(1, 6)],
    ['Foraging-15x15-3p-5f-v3', range(1, 6)],
    ['Foraging-15x15-4p-3f-v3', range(1, 6)],
    ['Foraging-15x15-4p-5f-v3', range(1, 6)],
    ['Foraging-15x15-4p-3f-coop-v3', range(3, 6)], // coop cap = sum of the three lowest of four levels
  ];
  it.each(tasks)('%s: no violations, exactly F foods, observed food levels %j', (id, levels) => {
    const st = spawnStats(id, 3000);
    expect(st.violations).toEqual([]);
    expect([...st.foodLevels].sort((a, b) => a - b)).toEqual(levels);
    if (!id.includes('coop')) expect(st.atCap).toBeGreaterThan(0);
    // v2+ players spawn on the last row and column too (v0/v1's off-by-one never did).
    expect(st.lastRow).toBeGreaterThan(0);
    expect(st.lastCol).toBeGreaterThan(0);
    expect(Math.abs(st.levelOne / st.players - 0.5)).toBeLessThan(0.03);
  });

  it('a grid too small for F foods keeps what fits; with no food the episode terminates at the first step', () => {
    const env = new LbfEnv({ size: 3, players: 1, food: 3 });
    for (let seed = 0; seed < 50; seed++) {
      env.reset({ seed });
      const g = env.current;
      const centreFree = g.playerRow[0] !== 1 || g.playerCol[0] !== 1;
      expect(Array.from(g.foodCells)).toEqual(centreFree ? [4] : []);
    }
    const full = new LbfEnv({ size: 3, players: 9, food: 1 });
    full.reset({ seed: 0 });
    expect(full.current.foodSpawned).toBe(0);
    const actions = Object.fromEntries(full.agents.map((a) => [a, 0]));
    const r = full.step(actions);
    expect(Object.values(r.terminations).every(Boolean)).toBe(true);
    expect(Object.values(r.rewards).every((x) => x === 0)).toBe(true);
    expect(full.agents).toEqual([]);
  });
});

type Policy = (state: LbfState, i: number, rng: Rng) => number;

const randomPolicy: Policy = (_s, _i, rng) => randomInt(rng, 6);

/** Walk towards the nearest food (random among the distance-reducing valid moves), LOAD when next to it; 10% random. */
const greedyPolicy: Policy = (s, i, rng) => {
  if (rng() < 0.1) return randomInt(rng, 6);
  if (isValidAction(s, i, LOAD)) return LOAD;
  const r = s.playerRow[i];
  const c = s.playerCol[i];
  let best = -1;
  let bestD = Infinity;
  for (const cell of s.foodCells) {
    if (s.food[cell] === 0) continue;
    const d = Math.abs(Math.floor(cell / s.size) - r) + Math.abs((cell % s.size) - c);
    if (d < bestD) [best, bestD] = [cell, d];
  }
  if (best < 0) return NONE;
  const fr = Math.floor(best / s.size);
  const fc = best % s.size;
  const moves = [fr < r ? NORTH : -1, fr > r ? SOUTH : -1, fc < c ? WEST : -1, fc > c ? EAST : -1].filter((a) => a >= 0 && isValidAction(s, i, a));
  return moves.length > 0 ? moves[randomInt(rng, moves.length)] : randomInt(rng, 6);
};

interface Episode {
  ret: number;
  length: number;
  allEaten: boolean;
}

/** `episodes` episodes with reset seeds 0..episodes−1; team return = Σ agents Σ t reward. */
function play(id: string, episodes: number, policy: Policy, policySeed: string): Episode[] {
  const env = lbf(id);
  const rng = createRng(policySeed);
  const out: Episode[] = [];
  const actions: Record<string, number> = {};
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: e });
    let ret = 0;
    let length = 0;
    let allEaten = false;
    while (env.agents.length > 0) {
      const g = env.current;
      env.possibleAgents.forEach((a, i) => (actions[a] = policy(g, i, rng)));
      const r = env.step(actions);
      for (const a of env.possibleAgents) ret += r.rewards[a];
      length++;
      allEaten = r.terminations.agent_0;
    }
    out.push({ ret, length, allEaten });
  }
  return out;
}

/** Every episode's team return lies in [0, 1 + 1e-9] and is 1 ± 1e-9 exactly when all food was eaten. */
function checkReturns(eps: Episode[]): void {
  for (const ep of eps) {
    expect(ep.ret).toBeGreaterThanOrEqual(0);
    expect(ep.ret).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.abs(ep.ret - 1) <= 1e-9).toBe(ep.allEaten);
  }
}

describe('team return in [0, 1], 1 iff all food eaten (spec e11)', () => {
  it.each(['Foraging-8x8-2p-2f-coop-v3', 'Foraging-10x10-3p-3f-v3', 'Foraging-2s-10x10-3p-3f-v3', 'Foraging-15x15-4p-3f-v3'])('%s, greedy-to-food policy (clears many episodes)', (id) => {
    const eps = play(id, 300, greedyPolicy, `greedy/${id}`);
    checkReturns(eps);
    const cleared = eps.filter((e) => e.allEaten);
    expect(cleared.length).toBeGreaterThan(30);
    // A cleared episode ends before the limit; an uncleared one runs to exactly 50 steps.
    for (const e of eps) expect(e.allEaten ? e.length <= 50 : e.length === 50).toBe(true);
    // Some episodes end with food left but a positive return (partial collection).
    expect(eps.some((e) => !e.allEaten && e.ret > 0)).toBe(true);
  });
});

describe('uniform-random baseline vs the spec table (spec e12; 2000 episodes, reset seeds 0..1999)', () => {
  // task → [mean, sd, P(return > 0)] measured with the v3 reference (spec (d)).
  const table: [string, number, number, number][] = [
    ['Foraging-10x10-3p-3f-v3', 0.0961, 0.1529, 0.39],
    ['Foraging-15x15-4p-5f-v3', 0.0712, 0.1005, 0.456],
    ['Foraging-8x8-2p-2f-coop-v3', 0.004, 0.0445, 0.008],
    ['Foraging-15x15-3p-5f-v3', 0.0405, 0.0697, 0.326],
    ['Foraging-15x15-4p-3f-v3', 0.0783, 0.1404, 0.308],
  ];
  const N = 2000;
  // The reference is itself a 2000-episode sample, so the SE of the difference is √2 · SE.
  const gate = 3 * Math.SQRT2;
  it.each(table)('%s: mean within ±3 SE (of the difference) of %f (sd %f), P(return > 0) likewise of %f', (id, refMean, refSd, refPos) => {
    const eps = play(id, N, randomPolicy, `random/${id}`);
    checkReturns(eps);
    const m = mean(eps.map((e) => e.ret));
    expect(Math.abs(m - refMean)).toBeLessThanOrEqual((gate * refSd) / Math.sqrt(N));
    const pos = eps.filter((e) => e.ret > 0).length / N;
    expect(Math.abs(pos - refPos)).toBeLessThanOrEqual(gate * Math.sqrt((refPos * (1 - refPos)) / N));
    expect(mean(eps.map((e) => e.length))).toBeGreaterThan(49.5);
  });
});
