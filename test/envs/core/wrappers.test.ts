import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/cartpole/env.js';
import { checkEnv } from '../../../envs/core/checker.js';
import { BaseEnv, type Frame, type ResetResult, type StepResult } from '../../../envs/core/env.js';
import { ConfigError, EnvStateError, InvalidActionError } from '../../../envs/core/errors.js';
import { createRng, randomNormal } from '../../../envs/core/rng.js';
import { Box, Dict, Discrete, flatten, MultiBinary } from '../../../envs/core/spaces/index.js';
import { ClipAction } from '../../../envs/core/wrappers/clip-action.js';
import { FlattenObservation } from '../../../envs/core/wrappers/flatten-observation.js';
import { NormalizeObservation } from '../../../envs/core/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../../envs/core/wrappers/normalize-reward.js';
import { RecordEpisodeStatistics } from '../../../envs/core/wrappers/record-episode-statistics.js';
import { RunningMeanStd } from '../../../envs/core/wrappers/running-mean-std.js';
import { TimeLimit } from '../../../envs/core/wrappers/time-limit.js';
import { make } from '../../../envs/index.js';

/**
 * Plays back fixed observations (step t of an episode returns obs[t + 1]) and rewards / end flags
 * indexed by the step count over the env's life (not reset by reset()).
 */
class Scripted extends BaseEnv<Float64Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(1);
  readonly metadata = {};
  private t = 0;
  private k = 0;
  info: Record<string, unknown> = {};

  constructor(
    private readonly obs: number[][],
    private readonly rewards: number[],
    private readonly terminated: boolean[] = [],
    private readonly truncated: boolean[] = [],
  ) {
    super();
    this.observationSpace = new Box(-Infinity, Infinity, [obs[0].length]);
  }

  protected resetState(): ResetResult<Float64Array> {
    this.t = 0;
    return { obs: Float64Array.from(this.obs[0]), info: {} };
  }

  protected stepState(): StepResult<Float64Array> {
    const t = this.t++;
    const k = this.k++;
    return {
      obs: Float64Array.from(this.obs[(t + 1) % this.obs.length]),
      reward: this.rewards[k % this.rewards.length],
      terminated: this.terminated[k % this.rewards.length] ?? false,
      truncated: this.truncated[k % this.rewards.length] ?? false,
      info: { ...this.info },
    };
  }

  renderFrame(): Frame {
    return { t: this.t };
  }
}

/** Box(-1, 1, [2]) actions; remembers the last action it received. Reward = sum of the action. */
class Echo extends BaseEnv<Float64Array, Float64Array> {
  readonly observationSpace = new Box(-1, 1, [2]);
  readonly actionSpace = new Box([-1, 0], [1, 0.5]);
  readonly metadata = {};
  last: Float64Array | null = null;
  private n = 0;

  protected resetState(): ResetResult<Float64Array> {
    this.n = 0;
    return { obs: Float64Array.of(this.rng() * 2 - 1, 0), info: {} };
  }

  protected stepState(action: Float64Array): StepResult<Float64Array> {
    this.last = action;
    this.n++;
    return { obs: Float64Array.from(action), reward: action[0] + action[1], terminated: this.n >= 5, truncated: false, info: {} };
  }

  renderFrame(): Frame {
    return { n: this.n };
  }
}

/** Mean and population variance of the prior (mean 0, var 1, count c) merged with the data. */
function bruteForce(data: number[], c = 1e-4): { mean: number; var: number } {
  const n = data.length + c;
  const mean = data.reduce((a, b) => a + b, 0) / n;
  const second = (c * 1 + data.reduce((a, b) => a + b * b, 0)) / n;
  return { mean, var: second - mean * mean };
}

describe('RecordEpisodeStatistics', () => {
  it('reports {r, l, t} only on the last step and keeps bounded queues', () => {
    let clock = 1000;
    const env = new RecordEpisodeStatistics(new Scripted([[0]], [1, 2, 3], [false, false, true]), { bufferLength: 2, now: () => clock });
    for (let ep = 0; ep < 3; ep++) {
      env.reset();
      clock += 250.0004;
      expect(env.step(0).info.episode).toBeUndefined();
      expect(env.step(0).info.episode).toBeUndefined();
      clock += 1250;
      const last = env.step(0);
      expect(last.info.episode).toEqual({ r: 6, l: 3, t: 1.5 });
    }
    expect(env.returnQueue).toEqual([6, 6]);
    expect(env.lengthQueue).toEqual([3, 3]);
    expect(env.timeQueue).toEqual([1.5, 1.5]);
    expect(env.episodeCount).toBe(3);
  });

  it('restarts counting on reset and records truncated episodes', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(make<Float64Array, number>('CartPole-v1', { maxEpisodeSteps: null }), 4));
    env.reset({ options: { state: [0, 0, 0, 0] } });
    env.step(0);
    env.reset({ options: { state: [0, 0, 0, 0] } });
    let r;
    for (let i = 0; i < 4; i++) r = env.step(i % 2);
    expect(r?.truncated).toBe(true);
    expect((r?.info.episode as { r: number; l: number }).l).toBe(4);
    expect((r?.info.episode as { r: number }).r).toBe(4);
    expect(env.episodeCount).toBe(1);
  });

  it('TimeLimit names the state it refuses to step in: before reset, after the end', () => {
    const env = new TimeLimit(make<Float64Array, number>('CartPole-v1', { maxEpisodeSteps: null }), 1);
    expect(() => env.step(0)).toThrow(/before reset/);
    env.reset({ seed: 1 });
    expect(env.step(0).truncated).toBe(true);
    expect(() => env.step(0)).toThrow(/after the episode ended/);
  });

  it('refuses to overwrite an info.episode set by the env', () => {
    const inner = new Scripted([[0]], [1], [true]);
    inner.info = { episode: 'mine' };
    const env = new RecordEpisodeStatistics(inner);
    env.reset();
    expect(() => env.step(0)).toThrow(ConfigError);
    expect(() => new RecordEpisodeStatistics(inner, { bufferLength: 0 })).toThrow(/bufferLength/);
  });

  it('passes checkEnv around CartPole', () => {
    expect(() => checkEnv(new RecordEpisodeStatistics(make('CartPole-v1')))).not.toThrow();
  });
});

describe('ClipAction', () => {
  it('exposes an unbounded Box of the same shape (same object every time)', () => {
    const env = new ClipAction(new Echo());
    expect(env.actionSpace).toBe(env.actionSpace);
    expect(env.actionSpace.toString()).toBe('Box(-Infinity, Infinity, shape=[2])');
  });

  it('clips out-of-bounds actions into a copy and passes in-bounds ones through', () => {
    const inner = new Echo();
    const env = new ClipAction(inner);
    env.reset({ seed: 0 });
    const big = Float64Array.of(5, -3);
    const r = env.step(big);
    expect(Array.from(inner.last!)).toEqual([1, 0]);
    expect(Array.from(big)).toEqual([5, -3]);
    expect(r.reward).toBe(1);
    const ok = Float64Array.of(0.5, 0.25);
    env.step(ok);
    expect(inner.last).toBe(ok);
    env.step(Float64Array.of(-Infinity, Infinity));
    expect(Array.from(inner.last!)).toEqual([-1, 0.5]);
  });

  it('throws InvalidActionError naming the outer space for NaN or a wrong length', () => {
    const env = new ClipAction(new Echo());
    env.reset({ seed: 0 });
    expect(() => env.step(Float64Array.of(Number.NaN, 0))).toThrow(InvalidActionError);
    expect(() => env.step(Float64Array.of(0))).toThrow(/Box\(-Infinity, Infinity, shape=\[2\]\)/);
  });

  it('needs a Box action space, and passes checkEnv', () => {
    expect(() => new ClipAction(new CartPoleEnv() as never)).toThrow(ConfigError);
    expect(() => checkEnv(new ClipAction(new Echo()))).not.toThrow();
  });
});

describe('RunningMeanStd', () => {
  it('matches the brute-force moments of prior + data, one by one or in batches', () => {
    const rng = createRng(2);
    const rows = Array.from({ length: 37 }, () => [3 + 2 * randomNormal(rng), -1 + 0.1 * randomNormal(rng)]);
    const one = new RunningMeanStd(2);
    for (const r of rows) one.updateOne(r);
    const batch = new RunningMeanStd(2);
    batch.updateBatch(rows.slice(0, 10).flat(), 10);
    batch.updateBatch(rows.slice(10).flat(), 27);
    for (let i = 0; i < 2; i++) {
      const bf = bruteForce(rows.map((r) => r[i]));
      for (const rms of [one, batch]) {
        expect(rms.mean[i]).toBeCloseTo(bf.mean, 10);
        expect(rms.var[i]).toBeCloseTo(bf.var, 10);
      }
    }
    expect(one.count).toBeCloseTo(37 + 1e-4, 12);
  });

  it('loads what it saved and rejects malformed state', () => {
    const a = new RunningMeanStd(2);
    a.updateOne([1, 2]);
    const b = new RunningMeanStd(2);
    b.load(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(() => b.load({ mean: [0], var: [1, 1], count: 1 })).toThrow(/state.mean/);
    expect(() => b.load({ mean: [0, 0], var: [1, -1], count: 1 })).toThrow(/state.var/);
    expect(() => b.load({ mean: [0, 0], var: [1, 1], count: 0 })).toThrow(/state.count/);
  });
});

describe('NormalizeObservation', () => {
  const obs = [
    [1, 10],
    [2, 30],
    [4, -20],
    [8, 0],
    [16, 5],
  ];

  it('normalises each observation with statistics that include it', () => {
    const env = new NormalizeObservation(new Scripted(obs, [0]));
    expect(env.observationSpace).toBe(env.observationSpace);
    expect(env.observationSpace.toString()).toBe('Box(-Infinity, Infinity, shape=[2])');
    const out = [env.reset().obs];
    for (let t = 0; t < 4; t++) out.push(env.step(0).obs);
    out.forEach((o, t) => {
      for (let i = 0; i < 2; i++) {
        const bf = bruteForce(obs.slice(0, t + 1).map((r) => r[i]));
        expect(o[i]).toBeCloseTo((obs[t][i] - bf.mean) / Math.sqrt(bf.var + 1e-8), 9);
      }
    });
  });

  it('freezes with update = false and restores saved statistics', () => {
    const train = new NormalizeObservation(new Scripted(obs, [0]));
    train.reset();
    for (let t = 0; t < 4; t++) train.step(0);
    const saved = JSON.stringify(train.saveState());
    train.update = false;
    const before = train.rms.toJSON();
    const frozen = [train.reset().obs, train.step(0).obs];
    expect(train.rms.toJSON()).toEqual(before);
    const { mean, var: v } = train.rms;
    expect(frozen[1][0]).toBeCloseTo((obs[1][0] - mean[0]) / Math.sqrt(v[0] + 1e-8), 12);

    const evalEnv = new NormalizeObservation(new Scripted(obs, [0]), { update: false });
    evalEnv.loadState(JSON.parse(saved));
    expect([evalEnv.reset().obs, evalEnv.step(0).obs].map((o) => Array.from(o))).toEqual(frozen.map((o) => Array.from(o)));
    expect(() => evalEnv.loadState({ obsRms: { mean: [0], var: [1], count: 1 } })).toThrow(ConfigError);
    expect(() => evalEnv.loadState({})).toThrow(ConfigError);
  });

  it('needs a Box observation space', () => {
    const walk = { observationSpace: new Discrete(2), actionSpace: new Discrete(2), metadata: {} };
    expect(() => new NormalizeObservation(walk as never)).toThrow(/Box observation space/);
  });

  it('drives CartPole observations towards zero mean and unit variance', () => {
    const env = new NormalizeObservation(make<Float64Array, number>('CartPole-v1'));
    const rng = createRng(1);
    let { obs: o } = env.reset({ seed: 1 });
    const xs: number[][] = [];
    for (let t = 0; t < 3000; t++) {
      const r = env.step(rng() < 0.5 ? 0 : 1);
      o = r.obs;
      if (t >= 1000) xs.push(Array.from(o));
      if (r.terminated || r.truncated) o = env.reset().obs;
    }
    for (let i = 0; i < 4; i++) {
      const col = xs.map((r) => r[i]);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length;
      expect(Math.abs(m)).toBeLessThan(0.2);
      expect(v).toBeGreaterThan(0.6);
      expect(v).toBeLessThan(1.4);
    }
  });
});

describe('NormalizeReward', () => {
  const rewards = [1, 2, -1, 3, 0.5, 4];
  const terminated = [false, false, true, false, false, false];
  const truncated = [false, false, false, false, true, false];

  it('scales by the running std of the discounted return, zeroed only by termination', () => {
    const env = new NormalizeReward(new Scripted([[0]], rewards, terminated, truncated), { gamma: 0.9 });
    const returns: number[] = [];
    let g = 0;
    env.reset();
    for (let t = 0; t < rewards.length; t++) {
      if (t === 3 || t === 5) env.reset();
      const r = env.step(0);
      // Gymnasium uses the current step's flag: the terminating step's G is its own reward.
      g = g * 0.9 * (terminated[t] ? 0 : 1) + rewards[t];
      returns.push(g);
      const { var: v } = bruteForce(returns);
      expect(r.reward).toBeCloseTo(rewards[t] / Math.sqrt(v + 1e-8), 10);
      expect(env.discountedReturn).toBeCloseTo(g, 12);
    }
    expect(returns[2]).toBe(-1);
    // Truncation at step 4 and the reset before step 5 did not zero G.
    expect(returns[5]).toBeCloseTo(returns[4] * 0.9 + 4, 12);
  });

  it('freezes, saves and loads', () => {
    const a = new NormalizeReward(new Scripted([[0]], rewards));
    a.reset();
    for (let t = 0; t < 5; t++) a.step(0);
    const b = new NormalizeReward(new Scripted([[0]], [10]), { update: false });
    b.loadState(JSON.parse(JSON.stringify(a.saveState())));
    b.reset();
    const v = a.rms.var[0];
    expect(b.step(0).reward).toBeCloseTo(10 / Math.sqrt(v + 1e-8), 12);
    expect(b.rms.var[0]).toBe(v);
    expect(() => new NormalizeReward(new Scripted([[0]], [1]), { gamma: 1.5 })).toThrow(/gamma/);
    expect(() => b.loadState({ returnRms: { mean: [0, 0], var: [1, 1], count: 1 } })).toThrow(ConfigError);
  });
});

describe('FlattenObservation', () => {
  class DictEnv extends BaseEnv<{ pos: Float64Array; kind: number; bits: Uint8Array }, number> {
    readonly observationSpace = new Dict({ pos: new Box(-1, 1, [2]), kind: new Discrete(3), bits: new MultiBinary(2) });
    readonly actionSpace = new Discrete(3);
    readonly metadata = {};
    private k = 0;
    protected resetState() {
      this.k = 0;
      return { obs: this.observe(), info: {} };
    }
    protected stepState(action: number) {
      this.k = action;
      return { obs: this.observe(), reward: 0, terminated: this.rng() < 0.2, truncated: false, info: {} };
    }
    renderFrame(): Frame {
      return { k: this.k };
    }
    private observe() {
      return { pos: Float64Array.of(this.rng() * 2 - 1, this.rng() * 2 - 1), kind: this.k, bits: Uint8Array.of(this.k & 1, this.k >> 1) };
    }
  }

  it('flattens Dict observations into the flattened space', () => {
    const inner = new DictEnv();
    const env = new FlattenObservation(inner);
    expect(env.observationSpace).toBe(env.observationSpace);
    expect(env.observationSpace.size).toBe(7);
    env.reset({ seed: 4 });
    const r = env.step(2);
    expect(Array.from(r.obs.subarray(2))).toEqual([0, 0, 1, 0, 1]);
    expect(env.observationSpace.contains(r.obs)).toBe(true);
    const ref = new DictEnv();
    ref.reset({ seed: 4 });
    expect(Array.from(r.obs)).toEqual(Array.from(flatten(ref.observationSpace, ref.step(2).obs)));
  });

  it('passes checkEnv', () => {
    expect(() => checkEnv(new FlattenObservation(new DictEnv()))).not.toThrow();
  });
});

describe('wrapper stack', () => {
  it('forwards metadata, renderFrame, unwrapped and the life-cycle errors', () => {
    const base = make('CartPole-v1');
    const env = new RecordEpisodeStatistics(new NormalizeReward(new NormalizeObservation(base as TimeLimit<Float64Array, number>)));
    expect(env.metadata.id).toBe('CartPole-v1');
    expect(env.unwrapped).toBeInstanceOf(CartPoleEnv);
    expect(() => env.step(0)).toThrow(EnvStateError);
    env.reset({ seed: 0 });
    expect(env.renderFrame()).toMatchObject({ env: 'CartPole', step: 0 });
  });
});
