import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/cartpole/env.js';
import { checkEnv } from '../../../envs/core/checker.js';
import { ConfigError, EnvStateError } from '../../../envs/core/errors.js';
import { make } from '../../../envs/index.js';

interface Reference {
  trajectories: {
    integrator: 'euler' | 'semi-implicit';
    start: number[];
    actions: number[];
    states: number[][];
    rewards: number[];
    terminated: boolean[];
  }[];
}

/** Output of test/fixtures/cartpole_reference.py (NumPy port of Gymnasium's equations). */
const reference = JSON.parse(readFileSync(new URL('../../fixtures/cartpole_reference.json', import.meta.url), 'utf8')) as Reference;

/** A balancing rule good enough to keep the pole up for 500 steps. */
const balance = (o: Float64Array): number => (o[2] + 0.3 * o[3] + 0.01 * o[0] + 0.05 * o[1] > 0 ? 1 : 0);

describe('CartPole-v1', () => {
  it('passes checkEnv', () => {
    const report = checkEnv(make('CartPole-v1'), { seed: 3 });
    expect(report.checks.length).toBeGreaterThan(15);
  });

  it.each(reference.trajectories.map((t) => [t.integrator, t] as const))('matches the NumPy reference trajectory (%s)', (integrator, ref) => {
    expect(ref.states.length).toBeGreaterThanOrEqual(50);
    const env = new CartPoleEnv({ kinematicsIntegrator: integrator });
    const { obs } = env.reset({ options: { state: ref.start } });
    expect(Array.from(obs)).toEqual(ref.start);
    ref.actions.forEach((action, t) => {
      const r = env.step(action);
      for (let i = 0; i < 4; i++) expect(Math.abs(r.obs[i] - ref.states[t][i]), `step ${t} component ${i}`).toBeLessThanOrEqual(1e-12);
      expect(r.reward).toBe(ref.rewards[t]);
      expect(r.terminated, `terminated at step ${t}`).toBe(ref.terminated[t]);
      expect(r.truncated).toBe(false);
    });
    // The reference ends exactly at the termination step; the env then refuses to step.
    expect(ref.terminated.at(-1)).toBe(true);
    expect(() => env.step(1)).toThrow(EnvStateError);
  });

  it('gives the same start state for the same seed and different ones for different seeds', () => {
    const a = make<Float64Array, number>('CartPole-v1').reset({ seed: 123 }).obs;
    const b = make<Float64Array, number>('CartPole-v1').reset({ seed: 123 }).obs;
    const c = make<Float64Array, number>('CartPole-v1').reset({ seed: 124 }).obs;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    for (const v of a) expect(Math.abs(v)).toBeLessThan(0.05);
  });

  it('continues the generator on an unseeded reset (the second episode starts elsewhere, reproducibly)', () => {
    const starts = () => {
      const env = make<Float64Array, number>('CartPole-v1');
      return [env.reset({ seed: 5 }).obs, env.reset().obs].map((o) => Array.from(o));
    };
    const [s1, s2] = starts();
    expect(s1).not.toEqual(s2);
    expect(starts()).toEqual([s1, s2]);
  });

  it('is truncated by TimeLimit at step 500, not terminated', () => {
    const env = make<Float64Array, number>('CartPole-v1');
    let { obs } = env.reset({ seed: 0 });
    let steps = 0;
    for (;;) {
      const r = env.step(balance(obs));
      steps++;
      obs = r.obs;
      if (r.terminated || r.truncated) {
        expect(r.terminated).toBe(false);
        expect(r.truncated).toBe(true);
        break;
      }
    }
    expect(steps).toBe(500);
    expect(() => env.step(0)).toThrow(EnvStateError);
  });

  it('rejects a bad start state and a bad integrator with ConfigError', () => {
    expect(() => new CartPoleEnv().reset({ options: { state: [0, 0, 0] } })).toThrow(ConfigError);
    expect(() => new CartPoleEnv({ kinematicsIntegrator: 'rk4' as 'euler' })).toThrow(/kinematicsIntegrator/);
  });

  it('reset options low/high set the start range; bad bounds are ConfigErrors naming the option', () => {
    const { obs } = new CartPoleEnv().reset({ seed: 3, options: { low: 0.1, high: 0.2 } });
    for (const v of obs) expect(v >= 0.1 && v < 0.2).toBe(true);
    expect(() => new CartPoleEnv().reset({ options: { low: '0' } })).toThrow(/options\.low/);
    expect(() => new CartPoleEnv().reset({ options: { low: 0.1, high: 0 } })).toThrow(/options\.high/);
    expect(() => new CartPoleEnv().reset({ options: { high: Number.NaN } })).toThrow(ConfigError);
  });
});
