/**
 * LBF env API: checkParallelEnv on every registered LBF id, registry and task names, typed errors
 * for bad options / actions / reset states, EPyMARL wrapper facts (spec e14: state = concat(obs),
 * masks all ones, timeouts are truncations here), determinism (spec e13), render frames.
 */
import { describe, expect, it } from 'vitest';
import { checkParallelEnv } from '../../../envs/core/checker.js';
import { ConfigError, EnvStateError, InvalidActionError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { envSpec, listEnvs, makeParallel } from '../../../envs/index.js';
import { LbfEnv, lbfStep, type LbfObs } from '../../../envs/lbf/env.js';
import { generateLbfState } from '../../../envs/lbf/generator.js';
import { EPYMARL_LBF_TASKS, foragingOptions } from '../../../envs/lbf/tasks.js';
import type { LbfOptions } from '../../../envs/lbf/types.js';
import { act, EAST, envAt, LOAD, NONE } from './helpers.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const LBF_IDS = ['LBF-v0', ...EPYMARL_LBF_TASKS];

describe('registration and task names', () => {
  it('registers LBF-v0 and the seven EPyMARL tasks as parallel envs', () => {
    const ids = listEnvs().map((s) => s.id);
    for (const id of LBF_IDS) {
      expect(ids).toContain(id);
      expect(envSpec(id).kind).toBe('parallel');
      const env = makeParallel(id);
      expect(env.metadata.id).toBe(id);
      expect(env).toBeInstanceOf(LbfEnv);
    }
  });

  it('task names set size, players, food, sight and coop; dims match the spec table', () => {
    const table: [string, number, number, number, number | null, boolean, number, number][] = [
      ['Foraging-8x8-2p-2f-coop-v3', 8, 2, 2, null, true, 12, 24],
      ['Foraging-2s-8x8-2p-2f-coop-v3', 8, 2, 2, 2, true, 12, 24],
      ['Foraging-10x10-3p-3f-v3', 10, 3, 3, null, false, 18, 54],
      ['Foraging-2s-10x10-3p-3f-v3', 10, 3, 3, 2, false, 18, 54],
      ['Foraging-15x15-3p-5f-v3', 15, 3, 5, null, false, 24, 72],
      ['Foraging-15x15-4p-3f-v3', 15, 4, 3, null, false, 21, 84],
      ['Foraging-15x15-4p-5f-v3', 15, 4, 5, null, false, 27, 108],
    ];
    for (const [id, size, players, food, sight, coop, obsDim, stateDim] of table) {
      const env = makeParallel(id) as unknown as LbfEnv;
      expect(env.config).toMatchObject({ size, players, food, sight, coop, minPlayerLevel: 1, maxPlayerLevel: 2, maxFoodLevel: null, maxSteps: 50, penalty: 0 });
      expect(env.sight).toBe(sight ?? size);
      expect(env.possibleAgents).toHaveLength(players);
      env.reset({ seed: 1 });
      expect(env.state().length).toBe(stateDim);
      expect(env.reset({ seed: 1 }).observations.agent_0.observation.length).toBe(obsDim);
      expect(env.stateSpace.toString()).toContain(`shape=[${stateDim}]`);
    }
    const withPenalty = makeParallel('Foraging-10x10-3p-3f-v3', { penalty: 0.1 });
    expect(withPenalty.metadata.id).toBe('Foraging-10x10-3p-3f-v3');
    expect((withPenalty as unknown as LbfEnv).config).toMatchObject({ penalty: 0.1, size: 10, players: 3, food: 3 });
  });

  it('foragingOptions parses the whole v3 family and names the problem in bad names', () => {
    expect(foragingOptions('Foraging-2s-12x12-5p-4f-coop-v3')).toMatchObject({ size: 12, players: 5, food: 4, sight: 2, coop: true });
    for (const bad of ['Foraging-8x9-2p-2f-v3', 'Foraging-4x4-2p-1f-v3', 'Foraging-8x8-1p-1f-v3', 'Foraging-8x8-2p-10f-v3', 'Foraging-8x8-2p-2f-v2', 'Foraging-grid-8x8-2p-2f-v3']) {
      const e = thrown(() => foragingOptions(bad));
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe('task');
      expect((e as ConfigError).message).toContain(bad);
    }
  });
});

describe('checkParallelEnv', () => {
  it.each(LBF_IDS)('%s passes every check (masked-action check skipped: all actions are always legal)', (id) => {
    const report = checkParallelEnv(makeParallel(id), { steps: 120 });
    expect(report.checks.filter((c) => c.status === 'skipped').map((c) => c.name)).toEqual(['masked-action-throws']);
    expect(report.checks.length).toBeGreaterThan(20);
  });

  it('passes with non-default options (partial sight, coop, penalty, short episodes, capped food levels)', () => {
    const env = new LbfEnv({ size: 6, players: 4, food: 3, sight: 1, coop: true, maxPlayerLevel: 3, maxFoodLevel: 5, maxSteps: 7, penalty: 0.25 });
    checkParallelEnv(env, { steps: 60 });
  });
});

describe('typed errors', () => {
  const badOptions: [Partial<Record<keyof LbfOptions, unknown>>, keyof LbfOptions][] = [
    [{ size: 2 }, 'size'],
    [{ size: 7.5 }, 'size'],
    [{ players: 0 }, 'players'],
    [{ size: 3, players: 10 }, 'players'],
    [{ food: 0 }, 'food'],
    [{ sight: 0 }, 'sight'],
    [{ sight: 1.5 }, 'sight'],
    [{ minPlayerLevel: 0 }, 'minPlayerLevel'],
    [{ minPlayerLevel: 3, maxPlayerLevel: 2 }, 'maxPlayerLevel'],
    [{ maxFoodLevel: 0 }, 'maxFoodLevel'],
    [{ maxSteps: 0 }, 'maxSteps'],
    [{ penalty: -1 }, 'penalty'],
    [{ penalty: Number.NaN }, 'penalty'],
  ];
  it.each(badOptions)('options %o → ConfigError naming %s and the value', (options, field) => {
    for (const make of [() => new LbfEnv(options as Partial<LbfOptions>), () => makeParallel('LBF-v0', options)]) {
      const e = thrown(make) as ConfigError;
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.field).toBe(field);
      expect(e.value).toBe(options[field]);
      expect(e.message).toContain(`"${field}"`);
    }
  });

  it('unknown and wrongly typed options are ConfigErrors', () => {
    expect((thrown(() => new LbfEnv({ grid: 5 } as never)) as ConfigError).field).toBe('grid');
    expect((thrown(() => makeParallel('LBF-v0', { grid: 5 })) as ConfigError).field).toBe('grid');
    expect((thrown(() => new LbfEnv({ coop: 'yes' } as never)) as ConfigError).field).toBe('coop');
    expect((thrown(() => makeParallel('LBF-v0', { coop: 'yes' })) as ConfigError).field).toBe('coop');
    expect((thrown(() => makeParallel('Foraging-8x8-2p-2f-coop-v3', { maxFoodLevel: 'x' })) as ConfigError).field).toBe('maxFoodLevel');
  });

  it('actions outside Discrete(6), missing or for unknown agents throw InvalidActionError naming the space and value', () => {
    const env = makeParallel<LbfObs, number>('Foraging-8x8-2p-2f-coop-v3');
    for (const bad of [6, 7, -1, 1.5, Number.NaN, '1', null]) {
      env.reset({ seed: 3 });
      const e = thrown(() => env.step({ agent_0: bad as number, agent_1: 0 })) as InvalidActionError;
      expect(e).toBeInstanceOf(InvalidActionError);
      expect(e.message).toContain('Discrete(6)');
      expect(e.message).toContain('agent_0');
      expect(e.value).toBe(bad);
    }
    env.reset({ seed: 3 });
    const before = Array.from(env.state());
    expect(thrown(() => env.step({ agent_0: 0 }))).toBeInstanceOf(InvalidActionError);
    const e = thrown(() => env.step({ agent_0: 4, agent_1: 3, agent_7: 1 })) as InvalidActionError;
    expect(e).toBeInstanceOf(InvalidActionError);
    expect(e.message).toContain('agent_7');
    // A rejected step changes nothing: the episode continues from the same state and step count.
    const lbf = env as unknown as LbfEnv;
    expect(lbf.current.step).toBe(0);
    expect(Array.from(env.state())).toEqual(before);
    env.step({ agent_0: 0, agent_1: 0 });
    expect(lbf.current.step).toBe(1);
    expect(Array.from(env.state())).toEqual(before);
    expect(thrown(() => lbfStep(generateLbfState(createRng(0), foragingOptions('Foraging-8x8-2p-2f-coop-v3')), [0, 6], 50))).toBeInstanceOf(InvalidActionError);
  });

  it('stepping before reset or after the end, and state() before reset, throw EnvStateError', () => {
    const env = new LbfEnv();
    expect(thrown(() => env.step({ agent_0: 0, agent_1: 0 }))).toBeInstanceOf(EnvStateError);
    expect(thrown(() => env.state())).toBeInstanceOf(EnvStateError);
    expect(thrown(() => env.current)).toBeInstanceOf(EnvStateError);
    const done = envAt([{ row: 2, col: 3, level: 2 }, { row: 6, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    act(done, LOAD, NONE);
    expect(done.agents).toEqual([]);
    const e = thrown(() => act(done, NONE, NONE)) as EnvStateError;
    expect(e).toBeInstanceOf(EnvStateError);
    expect(e.message).toMatch(/after the episode ended/);
    expect(done.state().length).toBe(2 * 12); // the final state stays readable
  });

  it('bad reset states and options are ConfigErrors naming the field', () => {
    const env = new LbfEnv({ size: 8, players: 2, food: 2 });
    const ok = { size: 8, players: [{ row: 0, col: 0, level: 1 }, { row: 7, col: 7, level: 2 }], food: [{ row: 3, col: 3, level: 2 }] };
    const cases: [unknown, string][] = [
      [{ ...ok, size: 9 }, 'state.size'],
      [{ ...ok, players: [ok.players[0]] }, 'state.players'],
      [{ ...ok, food: [{ row: 0, col: 0, level: 1 }] }, 'state.food[0]'],
      [{ ...ok, food: [{ row: 8, col: 0, level: 1 }] }, 'state.food[0]'],
      [{ ...ok, players: [ok.players[0], { row: 1, col: 1, level: 3 }] }, 'state.players[1].level'],
      [{ ...ok, players: [ok.players[0], { row: 1, col: 1, level: 0 }] }, 'state.players[1].level'],
      [{ ...ok, food: [{ row: 3, col: 3, level: 5 }] }, 'state.food[0].level'],
      [{ ...ok, food: [{ row: 3, col: 3, level: 1 }, { row: 5, col: 5, level: 1 }, { row: 1, col: 5, level: 1 }] }, 'state.food'],
      [{ ...ok, step: 50 }, 'state.step'],
      [{ ...ok, foodSpawned: 1 }, 'state.foodSpawned'],
    ];
    for (const [state, field] of cases) {
      const e = thrown(() => env.reset({ options: { state } })) as ConfigError;
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.field).toBe(field);
    }
    expect((thrown(() => env.reset({ options: { seed: 1 } })) as ConfigError).field).toBe('options.seed');
    // Two players on one cell (reachable through the chain conflict) are accepted; food is not.
    env.reset({ options: { state: { ...ok, players: [ok.players[0], { row: 0, col: 0, level: 2 }] } } });
    expect(env.current.playerRow[1]).toBe(0);
    expect((thrown(() => env.reset({ options: { state: { ...ok, food: [{ row: 2, col: 2, level: 1 }, { row: 2, col: 2, level: 1 }] } } })) as ConfigError).field).toBe('state.food[1]');
    // An LbfState value (not only the JSON form) is accepted too.
    const other = new LbfEnv({ size: 8, players: 2, food: 2 });
    other.reset({ seed: 9 });
    env.reset({ options: { state: other.current } });
    expect(Array.from(env.state())).toEqual(Array.from(other.state()));
  });
});

describe('EPyMARL wrapper facts (spec e14) and determinism (spec e13)', () => {
  it('state() is the concatenation of every agent’s observation; masks are all ones; rewards are per agent', () => {
    for (const id of ['Foraging-2s-10x10-3p-3f-v3', 'Foraging-15x15-4p-5f-v3']) {
      const env = makeParallel<LbfObs, number>(id);
      const rng = createRng(id);
      let obs = env.reset({ seed: 5 }).observations;
      let steps = 0;
      while (env.agents.length > 0) {
        const state = env.state();
        const concat = env.possibleAgents.flatMap((a) => Array.from(obs[a].observation));
        expect(Array.from(state)).toEqual(concat);
        for (const a of env.possibleAgents) expect(Array.from(obs[a].actionMask)).toEqual([1, 1, 1, 1, 1, 1]);
        const actions: Record<string, number> = {};
        for (const a of env.agents) actions[a] = env.actionSpace(a).sample(rng);
        const r = env.step(actions);
        obs = r.observations;
        steps++;
        for (const a of env.possibleAgents) expect(typeof r.rewards[a]).toBe('number');
      }
      expect(steps).toBeGreaterThan(0);
      expect(Array.from(env.state())).toEqual(env.possibleAgents.flatMap((a) => Array.from(obs[a].observation)));
    }
  });

  it('infos carry the spec validity and the applied action', () => {
    const env = envAt([{ row: 3, col: 2, level: 1 }, { row: 0, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }]);
    const r = act(env, EAST, EAST);
    expect(Array.from(r.infos.agent_0.validActions as Uint8Array)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(r.infos.agent_0.appliedAction).toBe(NONE);
    expect(r.infos.agent_1.appliedAction).toBe(EAST);
  });

  it('e13: the same seed gives the same trajectory (fresh envs, same policy seed); another seed differs', () => {
    const trajectory = (seed: number) => {
      const env = makeParallel<LbfObs, number>('Foraging-15x15-3p-5f-v3');
      const rng = createRng('policy');
      const out: unknown[] = [];
      for (let episode = 0; episode < 3; episode++) {
        let obs = env.reset(episode === 0 ? { seed } : {}).observations;
        out.push(env.renderFrame());
        while (env.agents.length > 0) {
          const actions: Record<string, number> = {};
          for (const a of env.agents) actions[a] = env.actionSpace(a).sample(rng);
          const r = env.step(actions);
          out.push([actions, r.rewards, r.terminations, r.truncations, Array.from(env.state())]);
          obs = r.observations;
        }
        out.push(Object.keys(obs));
      }
      return JSON.stringify(out);
    };
    expect(trajectory(11)).toBe(trajectory(11));
    expect(trajectory(11)).not.toBe(trajectory(12));
  });

  it('renderFrame is plain JSON with the grid, players and remaining food', () => {
    const env = envAt([{ row: 2, col: 3, level: 2 }, { row: 6, col: 0, level: 1 }], [{ row: 3, col: 3, level: 2 }, { row: 5, col: 5, level: 1 }]);
    expect(new LbfEnv().renderFrame()).toMatchObject({ env: 'LBF', status: 'not reset' });
    act(env, LOAD, NONE);
    const frame = env.renderFrame();
    expect(JSON.parse(JSON.stringify(frame))).toEqual(frame);
    expect(frame).toEqual({
      env: 'LBF',
      status: 'running',
      size: 8,
      sight: 8,
      step: 1,
      maxSteps: 50,
      foodSpawned: 3,
      players: [
        { agent: 'agent_0', row: 2, col: 3, level: 2 },
        { agent: 'agent_1', row: 6, col: 0, level: 1 },
      ],
      food: [{ row: 5, col: 5, level: 1 }],
    });
  });
});
