import { describe, expect, it } from 'vitest';
import { BaseEnv, type Frame, type ResetResult, type StepResult } from '../../../envs/core/env.js';
import { ConfigError, EnvStateError } from '../../../envs/core/errors.js';
import { Box, Discrete } from '../../../envs/core/spaces/index.js';
import { SyncVectorEnv } from '../../../envs/core/vector.js';
import { RecordEpisodeStatistics } from '../../../envs/core/wrappers/record-episode-statistics.js';
import { make } from '../../../envs/index.js';

/** obs = [episode number, step in episode]; reward = 10 * episode + step; terminated after `len` steps. */
class Counter extends BaseEnv<Float64Array, number> {
  readonly observationSpace = new Box(0, 100, [2]);
  readonly actionSpace = new Discrete(5);
  readonly metadata = { renderFps: 1 };
  episode = 0;
  t = 0;
  actions: number[] = [];

  constructor(private readonly len: number) {
    super();
  }

  protected resetState(): ResetResult<Float64Array> {
    this.episode++;
    this.t = 0;
    return { obs: Float64Array.of(this.episode, 0), info: { reset: this.episode } };
  }

  protected stepState(action: number): StepResult<Float64Array> {
    this.actions.push(action);
    this.t++;
    return { obs: Float64Array.of(this.episode, this.t), reward: 10 * this.episode + this.t, terminated: this.t === this.len, truncated: false, info: { t: this.t } };
  }

  renderFrame(): Frame {
    return {};
  }
}

const rows = (obs: Float64Array, size = 2) => Array.from({ length: obs.length / size }, (_, i) => Array.from(obs.subarray(i * size, (i + 1) * size)));

function counters(mode: 'next-step' | 'same-step' | 'disabled') {
  const inner: Counter[] = [];
  const venv = new SyncVectorEnv(
    [2, 3].map((len) => () => {
      const c = new Counter(len);
      inner.push(c);
      return c;
    }),
    { autoreset: mode },
  );
  return { venv, inner };
}

describe('SyncVectorEnv construction', () => {
  it('declares its autoreset mode and checks its arguments', () => {
    expect(counters('same-step').venv.metadata).toMatchObject({ autoresetMode: 'same-step', renderFps: 1 });
    expect(new SyncVectorEnv([() => new Counter(1)]).metadata.autoresetMode).toBe('next-step');
    expect(() => new SyncVectorEnv([])).toThrow(ConfigError);
    expect(() => new SyncVectorEnv([() => new Counter(1)], { autoreset: 'sometimes' as 'disabled' })).toThrow(/autoreset/);
    expect(() => new SyncVectorEnv<Float64Array, number>([() => make('CartPole-v1'), () => new Counter(1)])).toThrow(/envFns\[1\]/);
  });

  it('refuses to step before reset or with the wrong number of actions', () => {
    const { venv } = counters('next-step');
    expect(() => venv.step([0, 0])).toThrow(EnvStateError);
    venv.reset();
    expect(() => venv.step([0])).toThrow(/expected 2 actions/);
    expect(() => venv.reset({ seed: [1] })).toThrow(/expected 2 seeds/);
  });
});

describe('next-step autoreset', () => {
  it('resets a finished sub-env on the following step with reward 0 and flags 0, ignoring its action', () => {
    const { venv, inner } = counters('next-step');
    const r0 = venv.reset();
    expect(rows(r0.obs)).toEqual([[1, 0], [1, 0]]);
    expect(r0.infos).toEqual([{ reset: 1 }, { reset: 1 }]);
    const s1 = venv.step([1, 1]);
    expect(Array.from(s1.rewards)).toEqual([11, 11]);
    const s2 = venv.step([2, 2]);
    expect(rows(s2.obs)).toEqual([[1, 2], [1, 2]]);
    expect(Array.from(s2.terminated)).toEqual([1, 0]);
    expect(Array.from(s2.rewards)).toEqual([12, 12]);
    const s3 = venv.step([3, 3]);
    expect(rows(s3.obs)).toEqual([[2, 0], [1, 3]]);
    expect(Array.from(s3.rewards)).toEqual([0, 13]);
    expect(Array.from(s3.terminated)).toEqual([0, 1]);
    expect(Array.from(s3.truncated)).toEqual([0, 0]);
    expect(s3.infos).toEqual([{ reset: 2 }, { t: 3 }]);
    const s4 = venv.step([4, 4]);
    expect(rows(s4.obs)).toEqual([[2, 1], [2, 0]]);
    expect(Array.from(s4.rewards)).toEqual([21, 0]);
    expect(inner[0].actions).toEqual([1, 2, 4]);
    expect(inner[1].actions).toEqual([1, 2, 3]);
  });
});

describe('same-step autoreset', () => {
  it('resets inside the ending step and reports the final obs and info', () => {
    const { venv } = counters('same-step');
    venv.reset();
    venv.step([0, 0]);
    const s2 = venv.step([0, 0]);
    expect(rows(s2.obs)).toEqual([[2, 0], [1, 2]]);
    expect(Array.from(s2.terminated)).toEqual([1, 0]);
    expect(Array.from(s2.rewards)).toEqual([12, 12]);
    expect(Array.from(s2.infos[0].finalObs as Float64Array)).toEqual([1, 2]);
    expect(s2.infos[0]).toMatchObject({ reset: 2, finalInfo: { t: 2 } });
    expect(s2.infos[1]).toEqual({ t: 2 });
    const s3 = venv.step([0, 0]);
    expect(rows(s3.obs)).toEqual([[2, 1], [2, 0]]);
    expect(Array.from(s3.rewards)).toEqual([21, 13]);
    expect(Array.from(s3.terminated)).toEqual([0, 1]);
    expect(Array.from(s3.infos[1].finalObs as Float64Array)).toEqual([1, 3]);
  });

  it('carries RecordEpisodeStatistics in finalInfo', () => {
    const venv = new SyncVectorEnv([0, 1, 2].map(() => () => new RecordEpisodeStatistics(make<Float64Array, number>('CartPole-v1'))), { autoreset: 'same-step' });
    venv.reset({ seed: 0 });
    const lengths = [0, 0, 0];
    let found = 0;
    for (let t = 0; t < 200 && found < 3; t++) {
      const r = venv.step([0, 1, t % 2]);
      for (let i = 0; i < 3; i++) {
        lengths[i]++;
        if (r.terminated[i] || r.truncated[i]) {
          expect((r.infos[i].finalInfo as { episode: { l: number } }).episode.l).toBe(lengths[i]);
          lengths[i] = 0;
          found++;
        }
      }
    }
    expect(found).toBeGreaterThanOrEqual(3);
  });
});

describe('disabled autoreset', () => {
  it('throws on stepping a finished sub-env until reset({ mask }) resets it', () => {
    const { venv } = counters('disabled');
    venv.reset();
    venv.step([0, 0]);
    venv.step([0, 0]);
    expect(() => venv.step([0, 0])).toThrow(/sub-env 0/);
    const r = venv.reset({ mask: [true, false] });
    expect(rows(r.obs)).toEqual([[2, 0], [1, 2]]);
    expect(r.infos).toEqual([{ reset: 2 }, {}]);
    const s = venv.step([0, 0]);
    expect(rows(s.obs)).toEqual([[2, 1], [1, 3]]);
  });
});

describe('batching and seeding', () => {
  it('flattens Box observations row by row and seeds sub-env i with seed + i', () => {
    const venv = new SyncVectorEnv<Float64Array, number>([0, 1, 2].map(() => () => make('CartPole-v1')));
    const { obs } = venv.reset({ seed: 10 });
    expect(obs).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 3; i++) expect(rows(obs, 4)[i]).toEqual(Array.from(make<Float64Array, number>('CartPole-v1').reset({ seed: 10 + i }).obs));
    const perEnv = venv.reset({ seed: [5, undefined, 7] }).obs;
    expect(rows(perEnv, 4)[2]).toEqual(Array.from(make<Float64Array, number>('CartPole-v1').reset({ seed: 7 }).obs));
  });

  it('returns fresh arrays and is reproducible from a seed', () => {
    const run = () => {
      const venv = new SyncVectorEnv<Float64Array, number>([0, 1].map(() => () => make('CartPole-v1')));
      const out: number[][] = [Array.from(venv.reset({ seed: 3 }).obs)];
      const kept = venv.step([0, 1]);
      const copy = Array.from(kept.obs);
      for (let t = 0; t < 60; t++) {
        const r = venv.step([t % 2, (t >> 1) % 2]);
        out.push([...r.obs, ...r.rewards, ...r.terminated, ...r.truncated]);
      }
      expect(Array.from(kept.obs)).toEqual(copy);
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('returns an array of observations for non-Box spaces', () => {
    class Coin extends BaseEnv<number, number> {
      readonly observationSpace = new Discrete(2);
      readonly actionSpace = new Discrete(2);
      readonly metadata = {};
      protected resetState() {
        return { obs: this.rng() < 0.5 ? 0 : 1, info: {} };
      }
      protected stepState(a: number) {
        return { obs: a, reward: 0, terminated: false, truncated: false, info: {} };
      }
      renderFrame(): Frame {
        return {};
      }
    }
    const venv = new SyncVectorEnv([() => new Coin(), () => new Coin()]);
    venv.reset({ seed: 0 });
    expect(venv.step([1, 0]).obs).toEqual([1, 0]);
  });
});
