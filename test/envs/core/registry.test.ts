import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/cartpole/env.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { envSpec, listEnvs, make, makeParallel, register } from '../../../envs/core/registry.js';
import { TimeLimit } from '../../../envs/core/wrappers/time-limit.js';
import '../../../envs/index.js';
import { ToyLineEnv } from '../../fixtures/toy-parallel.js';

let seen: Record<string, unknown> | null = null;
register(
  'RegTest-v0',
  (o: { length: number; name: string }) => {
    seen = o;
    return new CartPoleEnv();
  },
  { length: 3, name: 'x' },
  { maxEpisodeSteps: 7, description: 'registry test env' },
);
register('RegToy-v0', (o: { agents: number }) => new ToyLineEnv(o.agents), { agents: 2 }, { kind: 'parallel' });

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('make', () => {
  it('unknown id: ConfigError listing what exists, with a version hint', () => {
    const e = configError(() => make('NoSuchEnv-v0'));
    expect(e.field).toBe('id');
    expect(e.message).toMatch(/CartPole-v1/);
    expect(e.message).toMatch(/RegTest-v0/);
    expect(configError(() => make('CartPole-v0')).message).toMatch(/did you mean CartPole-v1/);
  });

  it('unknown option: ConfigError naming it and listing the options', () => {
    const e = configError(() => make('RegTest-v0', { lenght: 4 }));
    expect(e.field).toBe('lenght');
    expect(e.value).toBe(4);
    expect(e.message).toMatch(/options: length, name, maxEpisodeSteps/);
  });

  it('wrong type: ConfigError naming the expected type and default', () => {
    const e = configError(() => make('RegTest-v0', { length: '4' }));
    expect(e.field).toBe('length');
    expect(e.message).toMatch(/expected a number/);
    expect(e.message).toMatch(/default 3/);
  });

  it('passes defaults merged with options to the factory and sets metadata.id', () => {
    const env = make('RegTest-v0', { name: 'y' });
    expect(seen).toEqual({ length: 3, name: 'y' });
    expect(env.metadata.id).toBe('RegTest-v0');
  });

  it('applies maxEpisodeSteps from the spec, overridable and removable', () => {
    const env = make<Float64Array, number>('RegTest-v0');
    expect(env).toBeInstanceOf(TimeLimit);
    expect((env as TimeLimit<Float64Array, number>).maxEpisodeSteps).toBe(7);
    env.reset({ options: { state: [0, 0, 0, 0] } });
    let n = 0;
    let r;
    do {
      r = env.step(n % 2);
      n++;
    } while (!r.terminated && !r.truncated);
    expect([n, r.truncated, r.terminated]).toEqual([7, true, false]);
    expect((make('RegTest-v0', { maxEpisodeSteps: 3 }) as TimeLimit<unknown, unknown>).maxEpisodeSteps).toBe(3);
    expect(make('RegTest-v0', { maxEpisodeSteps: null })).toBeInstanceOf(CartPoleEnv);
    expect((make('CartPole-v1') as TimeLimit<unknown, unknown>).maxEpisodeSteps).toBe(500);
    expect(configError(() => make('RegTest-v0', { maxEpisodeSteps: 0 })).field).toBe('maxEpisodeSteps');
    expect(configError(() => make('RegTest-v0', { maxEpisodeSteps: 'long' })).field).toBe('maxEpisodeSteps');
  });

  it('keeps single-agent and parallel envs apart', () => {
    expect(configError(() => make('RegToy-v0')).message).toMatch(/makeParallel/);
    expect(configError(() => makeParallel('CartPole-v1')).message).toMatch(/use make/);
    const p = makeParallel('RegToy-v0', { agents: 3 });
    expect(p.possibleAgents).toHaveLength(3);
    expect(p.metadata.id).toBe('RegToy-v0');
    // parallel envs get no TimeLimit: the option is unknown rather than silently dropped
    expect(configError(() => makeParallel('RegToy-v0', { maxEpisodeSteps: 5 })).field).toBe('maxEpisodeSteps');
  });
});

describe('register', () => {
  it('rejects malformed and duplicate ids', () => {
    expect(configError(() => register('bad id', () => new CartPoleEnv(), {})).field).toBe('id');
    expect(configError(() => register('NoVersion', () => new CartPoleEnv(), {})).field).toBe('id');
    expect(configError(() => register('CartPole-v1', () => new CartPoleEnv(), {})).message).toMatch(/already registered/);
  });

  it('lists specs sorted by id with their descriptions', () => {
    const ids = listEnvs().map((s) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    expect(envSpec('RegTest-v0').description).toBe('registry test env');
    expect(envSpec('RegToy-v0').kind).toBe('parallel');
  });
});
