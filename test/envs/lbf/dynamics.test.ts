/**
 * LBF dynamics on handcrafted states: spec /work/shared/specs/lbf.md (e) unit tests 1–9, plus the
 * rules around them (validity from the pre-step state, load priority N/S/W/E, ascending loading
 * order, the chain-conflict quirk, the player-visibility window).
 */
import { describe, expect, it } from 'vitest';
import { lbfState } from '../../../envs/lbf/generator.js';
import { isValidAction, lbfObservation, lbfStep, validActions } from '../../../envs/lbf/env.js';
import { makeParallel } from '../../../envs/index.js';
import type { LbfEnv } from '../../../envs/lbf/env.js';
import { act, EAST, envAt, foodLeft, LOAD, NONE, NORTH, positions, rewardsOf, SOUTH, WEST } from './helpers.js';

/** A food item far from the action, so the episode does not end when the tested food is eaten. */
const FAR = { row: 6, col: 6, level: 1 };

describe('movement (spec e1–e3, e7)', () => {
  it('e1: two adjacent players swap', () => {
    const env = envAt([{ row: 3, col: 3, level: 1 }, { row: 3, col: 4, level: 1 }], [FAR]);
    act(env, EAST, WEST);
    expect(positions(env)).toEqual([[3, 4], [3, 3]]);
  });

  it('e2: two players targeting the same cell both stay', () => {
    const env = envAt([{ row: 3, col: 3, level: 1 }, { row: 3, col: 5, level: 1 }], [FAR]);
    const r = act(env, EAST, WEST);
    expect(positions(env)).toEqual([[3, 3], [3, 5]]);
    // The moves were valid (players are ignored by validity); they failed in the conflict.
    expect(r.infos.agent_0.appliedAction).toBe(EAST);
    expect(r.infos.agent_1.appliedAction).toBe(WEST);
  });

  it('e3: moving into the cell of a player that stays (NONE or LOAD) fails', () => {
    for (const stay of [NONE, LOAD]) {
      const env = envAt([{ row: 3, col: 3, level: 1 }, { row: 3, col: 4, level: 1 }], [FAR]);
      act(env, EAST, stay);
      expect(positions(env)).toEqual([[3, 3], [3, 4]]);
    }
  });

  it('following into a cell being vacated succeeds', () => {
    const env = envAt([{ row: 3, col: 3, level: 1 }, { row: 3, col: 4, level: 1 }], [FAR]);
    act(env, EAST, EAST);
    expect(positions(env)).toEqual([[3, 4], [3, 5]]);
  });

  it('chain conflict (reference quirk kept): A follows B, B is blocked by C, so A ends on B’s cell', () => {
    const env = envAt([{ row: 3, col: 3, level: 1 }, { row: 3, col: 4, level: 1 }, { row: 3, col: 6, level: 1 }], [FAR]);
    act(env, EAST, EAST, WEST);
    expect(positions(env)).toEqual([[3, 4], [3, 4], [3, 6]]);
    // The reached state can be restored (players may share a cell in handcrafted states too).
    const copy = envAt([{ row: 0, col: 0, level: 1 }, { row: 0, col: 1, level: 1 }, { row: 0, col: 2, level: 1 }], [FAR]);
    copy.reset({ options: { state: env.current } });
    expect(positions(copy)).toEqual([[3, 4], [3, 4], [3, 6]]);
  });

  it('e7: a move onto a food cell or off the grid is a no-op (applied as NONE)', () => {
    const env = envAt([{ row: 3, col: 2, level: 1 }, { row: 0, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }, FAR]);
    const r = act(env, EAST, NORTH);
    expect(positions(env)).toEqual([[3, 2], [0, 0]]);
    expect(r.infos.agent_0.appliedAction).toBe(NONE);
    expect(r.infos.agent_1.appliedAction).toBe(NONE);
    expect(foodLeft(env)).toEqual([[3, 3, 2], [6, 6, 1]]);
    // SOUTH from the corner is fine.
    act(env, NONE, SOUTH);
    expect(positions(env)[1]).toEqual([1, 0]);
  });

  it('validity comes from the state before the step; LOAD needs orthogonal food (a diagonal one does not count)', () => {
    const s = lbfState({ size: 8, players: [{ row: 2, col: 2, level: 1 }, { row: 0, col: 7, level: 1 }], food: [{ row: 3, col: 3, level: 1 }, { row: 1, col: 7, level: 1 }] });
    expect(Array.from(validActions(s, 0))).toEqual([1, 1, 1, 1, 1, 0]);
    // Corner (0, 7): NORTH and EAST leave the grid, SOUTH is food, LOAD reaches the food below.
    expect(Array.from(validActions(s, 1))).toEqual([1, 0, 0, 1, 0, 1]);
    expect(isValidAction(s, 0, 9)).toBe(false);
    // Player 0 steps next to the food and LOADs in the same step: LOAD was invalid before the step.
    const t = lbfStep(s, [SOUTH, NONE], 50);
    expect([t.state.playerRow[0], t.state.playerCol[0]]).toEqual([3, 2]);
    const t2 = lbfStep(t.state, [LOAD, NONE], 50);
    expect(t2.applied[0]).toBe(LOAD);
    expect(t2.rewards[0]).toBeCloseTo(0.5, 12);
    const invalidLoad = lbfStep(s, [LOAD, NONE], 50);
    expect(Array.from(invalidLoad.applied)).toEqual([NONE, NONE]);
  });

  it('lbfStep is pure: the input state is unchanged', () => {
    const s = lbfState({ size: 8, players: [{ row: 2, col: 3, level: 2 }, { row: 5, col: 5, level: 1 }], food: [{ row: 3, col: 3, level: 1 }, FAR] });
    const before = JSON.stringify([Array.from(s.playerRow), Array.from(s.playerCol), Array.from(s.food), s.step]);
    const t = lbfStep(s, [LOAD, EAST], 50);
    expect(t.state.food[3 * 8 + 3]).toBe(0);
    expect(JSON.stringify([Array.from(s.playerRow), Array.from(s.playerCol), Array.from(s.food), s.step])).toBe(before);
    expect(t.state.step).toBe(s.step + 1);
  });
});

describe('loading (spec e4–e6)', () => {
  it('e4: two players with levels 1 + 2 load a level-3 food together: rewards [0.25, 0.5], food removed', () => {
    const env = envAt([{ row: 2, col: 3, level: 1 }, { row: 4, col: 3, level: 2 }], [{ row: 3, col: 3, level: 3 }, FAR]);
    expect(env.current.foodSpawned).toBe(4);
    const r = act(env, LOAD, LOAD);
    expect(rewardsOf(r)).toEqual([0.25, 0.5]);
    expect(foodLeft(env)).toEqual([[6, 6, 1]]);
    expect(r.terminations.agent_0).toBe(false);
  });

  it('e5: a level-1 player alone cannot load a level-2 food: reward 0 (or −penalty), food stays', () => {
    for (const penalty of [0, 0.1]) {
      const env = envAt([{ row: 2, col: 3, level: 1 }, { row: 6, col: 0, level: 2 }], [{ row: 3, col: 3, level: 2 }, FAR], { penalty });
      const r = act(env, LOAD, NONE);
      expect(rewardsOf(r)).toEqual([penalty === 0 ? 0 : -0.1, 0]);
      expect(foodLeft(env)).toEqual([[3, 3, 2], [6, 6, 1]]);
    }
  });

  it('a failed group is penalised per member, and the failure is not retried with another food', () => {
    // P0 (level 1) next to a level-3 food (north) and a level-1 food (south): the north one is tried, fails.
    const env = envAt(
      [{ row: 3, col: 3, level: 1 }, { row: 2, col: 2, level: 1 }],
      [{ row: 2, col: 3, level: 3 }, { row: 4, col: 3, level: 1 }],
      { penalty: 0.5 },
    );
    const r = act(env, LOAD, LOAD);
    expect(rewardsOf(r)).toEqual([-0.5, -0.5]);
    expect(foodLeft(env)).toEqual([[2, 3, 3], [4, 3, 1]]);
  });

  it('e6: an adjacent player that does not LOAD does not help', () => {
    const env = envAt([{ row: 2, col: 3, level: 2 }, { row: 3, col: 4, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    const r = act(env, LOAD, NONE);
    expect(rewardsOf(r)).toEqual([1, 0]);
    expect(foodLeft(env)).toEqual([]);
  });

  it('an adjacent level-1 helper shares the food by level: 2·2/(3·2) and 1·2/(3·2)', () => {
    const env = envAt([{ row: 2, col: 3, level: 2 }, { row: 3, col: 4, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    const r = act(env, LOAD, LOAD);
    expect(rewardsOf(r)[0]).toBeCloseTo(2 / 3, 15);
    expect(rewardsOf(r)[1]).toBeCloseTo(1 / 3, 15);
  });

  it('a loader picks its food in the order N, S, W, E', () => {
    const around = [
      { row: 2, col: 3, level: 1 },
      { row: 4, col: 3, level: 1 },
      { row: 3, col: 2, level: 1 },
      { row: 3, col: 4, level: 1 },
    ];
    // With the food above removed, the next one in the order is taken, and so on.
    for (let k = 0; k < 4; k++) {
      const env = envAt([{ row: 3, col: 3, level: 2 }, { row: 7, col: 7, level: 1 }], around.slice(k), { food: 4 });
      act(env, LOAD, NONE);
      expect(foodLeft(env).map(([r, c]) => [r, c])).toEqual(around.slice(k + 1).map((f) => [f.row, f.col]).sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    }
  });

  it('loading order is ascending player index (our deterministic choice for the reference’s set order)', () => {
    // P0 touches only food B (east of it); P1 touches A (north of it) and B (south of it).
    // Ascending order: P0 first → food B with group {P0, P1} (levels 1 + 1 = 2 ≥ 2); A stays.
    // (P1 first would eat A alone and leave P0 failing on B.)
    const env = envAt(
      [{ row: 3, col: 2, level: 1 }, { row: 2, col: 3, level: 1 }],
      [{ row: 1, col: 3, level: 1 }, { row: 3, col: 3, level: 2 }],
    );
    const r = act(env, LOAD, LOAD);
    expect(rewardsOf(r)[0]).toBeCloseTo(1 / 3, 15);
    expect(rewardsOf(r)[1]).toBeCloseTo(1 / 3, 15);
    expect(foodLeft(env)).toEqual([[1, 3, 1]]);
  });

  it('two groups load two foods in the same step', () => {
    const env = envAt(
      [{ row: 1, col: 2, level: 1 }, { row: 5, col: 2, level: 2 }],
      [{ row: 1, col: 3, level: 1 }, { row: 5, col: 3, level: 2 }],
    );
    const r = act(env, LOAD, LOAD);
    expect(rewardsOf(r)).toEqual([1 / 3, 2 / 3]);
    expect(r.terminations.agent_0).toBe(true);
  });
});

describe('episode end (spec e8)', () => {
  it('eating the last food terminates every agent on that step', () => {
    const env = envAt([{ row: 2, col: 3, level: 2 }, { row: 6, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    let r = act(env, NONE, NONE);
    expect(r.terminations).toEqual({ agent_0: false, agent_1: false });
    expect(env.agents).toEqual(['agent_0', 'agent_1']);
    r = act(env, LOAD, NONE);
    expect(r.terminations).toEqual({ agent_0: true, agent_1: true });
    expect(r.truncations).toEqual({ agent_0: false, agent_1: false });
    expect(env.agents).toEqual([]);
    expect(env.current.step).toBe(2);
  });

  it('otherwise every agent is truncated exactly at step 50 (maxSteps)', () => {
    const env = envAt([{ row: 0, col: 0, level: 1 }, { row: 7, col: 7, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    for (let t = 1; t < 50; t++) {
      const r = act(env, NONE, NONE);
      expect(r.truncations.agent_0 || r.terminations.agent_0).toBe(false);
    }
    const r = act(env, NONE, NONE);
    expect(r.truncations).toEqual({ agent_0: true, agent_1: true });
    expect(r.terminations).toEqual({ agent_0: false, agent_1: false });
    expect(env.agents).toEqual([]);
    expect(env.current.step).toBe(50);
  });

  it('eating the last food on the last step counts as termination, not truncation; maxSteps is configurable', () => {
    const env = envAt([{ row: 2, col: 3, level: 2 }, { row: 6, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }], { maxSteps: 10 }, { step: 9 });
    const r = act(env, LOAD, NONE);
    expect(r.terminations.agent_0).toBe(true);
    expect(r.truncations.agent_0).toBe(false);
    const env2 = envAt([{ row: 2, col: 3, level: 2 }, { row: 6, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }], { maxSteps: 3 });
    act(env2, NONE, NONE);
    act(env2, NONE, NONE);
    expect(act(env2, NONE, NONE).truncations.agent_1).toBe(true);
  });
});

describe('observations (spec e9)', () => {
  const example = {
    size: 8,
    players: [{ row: 5, col: 5, level: 2 }, { row: 1, col: 1, level: 1 }],
    food: [{ row: 4, col: 6, level: 2 }, { row: 1, col: 2, level: 1 }],
  };

  it('sight 2 (Foraging-2s-8x8-2p-2f-coop-v3) matches the spec example byte for byte', () => {
    const env = makeParallel('Foraging-2s-8x8-2p-2f-coop-v3') as unknown as LbfEnv;
    const { observations } = env.reset({ options: { state: example } });
    expect(Array.from(observations.agent_0.observation)).toEqual([1, 3, 2, -1, -1, 0, 2, 2, 2, -1, -1, 0]);
    expect(Array.from(observations.agent_1.observation)).toEqual([1, 2, 1, -1, -1, 0, 1, 1, 1, -1, -1, 0]);
    // Float32 (the reference's dtype) holds the same bytes.
    expect(Array.from(Float32Array.from(observations.agent_0.observation))).toEqual([1, 3, 2, -1, -1, 0, 2, 2, 2, -1, -1, 0]);
  });

  it('full observability (Foraging-8x8-2p-2f-coop-v3) gives absolute coordinates, food in row-major order', () => {
    const env = makeParallel('Foraging-8x8-2p-2f-coop-v3') as unknown as LbfEnv;
    const { observations } = env.reset({ options: { state: example } });
    expect(Array.from(observations.agent_0.observation)).toEqual([1, 2, 1, 4, 6, 2, 5, 5, 2, 1, 1, 1]);
    expect(Array.from(observations.agent_1.observation)).toEqual([1, 2, 1, 4, 6, 2, 1, 1, 1, 5, 5, 2]);
  });

  it('food slots shift as food disappears; self is first; others follow in index order', () => {
    const s = lbfState({
      size: 8,
      players: [{ row: 3, col: 3, level: 1 }, { row: 0, col: 2, level: 2 }, { row: 2, col: 1, level: 1 }],
      food: [{ row: 1, col: 2, level: 1 }, { row: 5, col: 5, level: 3 }],
    });
    expect(Array.from(lbfObservation(s, 2, 8, 3))).toEqual([1, 2, 1, 5, 5, 3, -1, -1, 0, 2, 1, 1, 3, 3, 1, 0, 2, 2]);
    const t = lbfStep(s, [NONE, LOAD, NONE], 50); // P1 (level 2) eats the food below it
    expect(t.rewards[1]).toBeCloseTo(1 / 4, 15);
    expect(Array.from(lbfObservation(t.state, 2, 8, 3))).toEqual([5, 5, 3, -1, -1, 0, -1, -1, 0, 2, 1, 1, 3, 3, 1, 0, 2, 2]);
  });

  it('player visibility uses the reference window [0, 2·sight] in view coordinates (reaches further at the top/left edge than the food window)', () => {
    const s = lbfState({ size: 8, players: [{ row: 0, col: 0, level: 1 }, { row: 4, col: 4, level: 2 }], food: [{ row: 3, col: 3, level: 1 }] });
    // From (0, 0) with sight 2 the food window is rows/cols 0..2 (food at (3, 3) unseen), but the
    // player at (4, 4) maps to (4, 4) ≤ 2·sight and is seen.
    expect(Array.from(lbfObservation(s, 0, 2, 1))).toEqual([-1, -1, 0, 0, 0, 1, 4, 4, 2]);
    // From (4, 4): window rows/cols 2..6, (0, 0) maps to (−2, −2): unseen; the food at (3, 3) is (1, 1).
    expect(Array.from(lbfObservation(s, 1, 2, 1))).toEqual([1, 1, 1, 2, 2, 2, -1, -1, 0]);
  });
});
