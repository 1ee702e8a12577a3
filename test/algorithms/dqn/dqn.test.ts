import { describe, expect, it } from 'vitest';
import type { UpdateMetrics } from '../../../agents/agent.js';
import { Dqn, dqnDims, resolveDqnConfig, type DqnConfig } from '../../../algorithms/dqn/index.js';
import type { Env } from '../../../envs/core/env.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { createRng, randomInt } from '../../../envs/core/rng.js';
import { Box } from '../../../envs/core/spaces/box.js';
import { Dict } from '../../../envs/core/spaces/dict.js';
import { Discrete } from '../../../envs/core/spaces/discrete.js';
import { make } from '../../../envs/index.js';

type Obs = Float64Array;

/** Steps `env` with `agent` (act + observe) for `steps` steps, continuing from `st.obs`. */
function drive(env: Env<Obs, number>, agent: Dqn<Obs>, steps: number, st: { obs: Obs | null; ret: number; returns: number[]; metrics: UpdateMetrics[] }, seed = 0) {
  for (let k = 0; k < steps; k++) {
    if (st.obs === null) {
      st.obs = env.reset(st.returns.length === 0 ? { seed } : {}).obs;
      agent.onEpisodeStart();
      st.ret = 0;
    }
    const action = agent.act(st.obs, true);
    const r = env.step(action);
    const m = agent.observe({ obs: st.obs, action, reward: r.reward, nextObs: r.obs, terminated: r.terminated, truncated: r.truncated, info: r.info });
    if (m) st.metrics.push(m);
    st.ret += r.reward;
    st.obs = r.obs;
    if (r.terminated || r.truncated) {
      st.returns.push(st.ret);
      st.obs = null;
    }
  }
  return st;
}
const fresh = () => ({ obs: null as Obs | null, ret: 0, returns: [] as number[], metrics: [] as UpdateMetrics[] });

const small: Partial<DqnConfig> = { totalTimesteps: 2000, learningStarts: 200, trainFrequency: 4, batchSize: 32, bufferSize: 1000, hiddenSizes: [16, 16], targetNetworkFrequency: 100, learningRate: 1e-3 };
const cartpole = () => make<Obs, number>('CartPole-v1');
const params = (d: Dqn<Obs>, which: 'qNetwork' | 'targetNetwork') => d[which].parameters().map((p) => Array.from(p.data));

describe('config', () => {
  it('fills CleanRL defaults and rejects unknown or invalid fields by name', () => {
    const c = resolveDqnConfig({});
    expect(c).toMatchObject({ learningRate: 2.5e-4, bufferSize: 10_000, gamma: 0.99, targetNetworkFrequency: 500, batchSize: 128, startE: 1, endE: 0.05, explorationFraction: 0.5, learningStarts: 10_000, trainFrequency: 10 });
    expect(() => resolveDqnConfig({ lr: 1 } as unknown as Partial<DqnConfig>)).toThrow(ConfigError);
    for (const [k, v] of [['gamma', 1.5], ['tau', 0], ['batchSize', 0], ['nStep', 1.5], ['sampler', 'prioritized'], ['hiddenSizes', [0]], ['endE', -1]] as const) {
      expect(() => resolveDqnConfig({ [k]: v } as Partial<DqnConfig>)).toThrow(new RegExp(k));
    }
  });

  it('reads dims from spaces (Box, or Dict with an action mask) and rejects others', () => {
    expect(dqnDims(new Box(-1, 1, [4]), new Discrete(2))).toEqual({ obsDim: 4, nActions: 2, masked: false });
    expect(dqnDims(new Dict({ observation: new Box(-1, 1, [3]), actionMask: new Box(0, 1, [5]) }), new Discrete(5))).toEqual({ obsDim: 3, nActions: 5, masked: true });
    expect(() => dqnDims(new Box(-1, 1, [2, 2]), new Discrete(2))).toThrow(/observationSpace/);
    expect(() => dqnDims(new Box(-1, 1, [2]), new Box(-1, 1, [1]))).toThrow(/actionSpace/);
    expect(() => dqnDims(new Box(-1, 1, [2]), new Discrete(2, 1))).toThrow(/actionSpace/);
  });
});

describe('schedule', () => {
  it('ε of step t is linear(startE → endE over explorationFraction·totalTimesteps) at t = transitions observed', () => {
    const d = new Dqn<Obs>({ ...small, totalTimesteps: 1000, explorationFraction: 0.5, startE: 1, endE: 0.1, learningStarts: 100, trainFrequency: 50 }, { obsDim: 4, nActions: 2 });
    expect(d.epsilon).toBe(1);
    const env = cartpole();
    const st = drive(env, d, 250, fresh());
    expect(d.globalStep).toBe(250);
    expect(d.epsilon).toBeCloseTo(1 - 0.9 * (250 / 500), 12);
    // metrics at steps 150, 200, 250 report ε of the action just taken (t = 149, 199, 249)
    expect(st.metrics.map((m) => m['charts/epsilon'])).toEqual([149, 199, 249].map((t) => 1 - (0.9 * t) / 500));
    drive(env, d, 500, st);
    expect(d.epsilon).toBeCloseTo(0.1, 12);
  });

  it('trains only after learningStarts, every trainFrequency steps, gradientSteps times', () => {
    const d = new Dqn<Obs>({ ...small, learningStarts: 100, trainFrequency: 7, gradientSteps: 3 }, { obsDim: 4, nActions: 2 });
    const st = drive(cartpole(), d, 300, fresh());
    const phases = Math.floor(300 / 7) - Math.floor(100 / 7); // multiples of 7 in (100, 300]
    expect(st.metrics).toHaveLength(phases);
    expect(d.updates).toBe(3 * phases);
    for (const m of st.metrics) expect(Object.keys(m).sort()).toEqual(['charts/epsilon', 'losses/q_values', 'losses/td_loss']);
  });
});

describe('target network', () => {
  it('hard update (τ = 1) copies the online net exactly every targetNetworkFrequency steps, not between', () => {
    const d = new Dqn<Obs>({ ...small, learningStarts: 10, trainFrequency: 1, targetNetworkFrequency: 25 }, { obsDim: 4, nActions: 2 });
    expect(params(d, 'targetNetwork')).toEqual(params(d, 'qNetwork'));
    const env = cartpole();
    const st = drive(env, d, 24, fresh());
    expect(params(d, 'targetNetwork')).not.toEqual(params(d, 'qNetwork')); // trained since step 11
    const before = params(d, 'targetNetwork');
    drive(env, d, 1, st); // step 25
    expect(params(d, 'targetNetwork')).toEqual(params(d, 'qNetwork'));
    expect(params(d, 'targetNetwork')).not.toEqual(before);
    drive(env, d, 1, st); // step 26: online moves, target stays
    expect(params(d, 'targetNetwork')).not.toEqual(params(d, 'qNetwork'));
  });

  it('Polyak update θ⁻ ← τθ + (1 − τ)θ⁻', () => {
    const d = new Dqn<Obs>({ ...small, learningStarts: 10, trainFrequency: 1, targetNetworkFrequency: 20, tau: 0.25 }, { obsDim: 4, nActions: 2 });
    const env = cartpole();
    const st = drive(env, d, 19, fresh());
    const old = params(d, 'targetNetwork');
    drive(env, d, 1, st);
    const online = params(d, 'qNetwork');
    const target = params(d, 'targetNetwork');
    target.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(old[i][j] + 0.25 * (online[i][j] - old[i][j]), 14)));
  });
});

describe('n-step storage through the learner', () => {
  for (const end of ['terminated', 'truncated'] as const) {
    it(`an episode ${end} after 3 steps stores horizons 2, 2, 1 with n = 2 and the final flags`, () => {
      const d = new Dqn<Obs>({ ...small, nStep: 2, gamma: 0.5, learningStarts: 1000 }, { obsDim: 1, nActions: 2 });
      const o = (k: number) => Float64Array.of(k);
      d.onEpisodeStart();
      for (let k = 0; k < 3; k++) {
        const last = k === 2;
        d.observe({ obs: o(k), action: 1, reward: k + 1, nextObs: o(k + 1), terminated: last && end === 'terminated', truncated: last && end === 'truncated', info: {} });
      }
      const b = d.buffer;
      expect(b.size).toBe(3);
      expect(Array.from(b.obs.subarray(0, 3))).toEqual([0, 1, 2]);
      expect(Array.from(b.nextObs.subarray(0, 3))).toEqual([2, 3, 3]);
      expect(Array.from(b.rewards.subarray(0, 3))).toEqual([1 + 0.5 * 2, 2 + 0.5 * 3, 3]);
      expect(Array.from(d.horizons.subarray(0, 3))).toEqual([2, 2, 1]);
      expect(Array.from(b.terminated.subarray(0, 3))).toEqual(end === 'terminated' ? [0, 1, 1] : [0, 0, 0]);
      expect(Array.from(b.truncated.subarray(0, 3))).toEqual(end === 'truncated' ? [0, 1, 1] : [0, 0, 0]);
    });
  }
});

describe('action masks', () => {
  it('masked actions are never chosen: random (ε = 1), ε-greedy and greedy', () => {
    const rng = createRng(3);
    for (const startE of [1, 0.5, 0]) {
      const d = new Dqn<{ observation: Obs; actionMask: Uint8Array }>({ ...small, startE, endE: startE }, { obsDim: 3, nActions: 5, masked: true });
      for (let k = 0; k < 400; k++) {
        const mask = new Uint8Array(5);
        mask[randomInt(rng, 5)] = 1;
        for (let a = 0; a < 5; a++) if (rng() < 0.3) mask[a] = 1;
        const obs = { observation: Float64Array.from({ length: 3 }, () => rng() * 2 - 1), actionMask: mask };
        expect(mask[d.act(obs, true)]).toBe(1);
        expect(mask[d.act(obs, false)]).toBe(1);
      }
    }
  });

  it('a mask that allows nothing is an error', () => {
    const d = new Dqn<{ observation: Obs; actionMask: Uint8Array }>(small, { obsDim: 1, nActions: 2, masked: true });
    expect(() => d.act({ observation: Float64Array.of(0), actionMask: new Uint8Array(2) })).toThrow(/actionMask/);
  });

  it('learns through masks: the legal best action of a one-step bandit, though an illegal arm pays more', () => {
    // Context x ∈ {0, 1}; arm 2 (pays 5) is illegal everywhere; among legal arms, arm x pays 1.
    const d = new Dqn<{ observation: Obs; actionMask: Uint8Array }>({ ...small, learningStarts: 100, trainFrequency: 1, totalTimesteps: 1500, explorationFraction: 0.3 }, { obsDim: 2, nActions: 3, masked: true });
    const rng = createRng(5);
    const mask = Uint8Array.of(1, 1, 0);
    const obsOf = (x: number) => ({ observation: Float64Array.of(x, 1 - x), actionMask: mask });
    for (let t = 0; t < 1500; t++) {
      const x = randomInt(rng, 2);
      const a = d.act(obsOf(x), true);
      expect(a).not.toBe(2);
      d.observe({ obs: obsOf(x), action: a, reward: a === x ? 1 : a === 2 ? 5 : 0, nextObs: obsOf(0), terminated: true, truncated: false, info: {} });
    }
    expect(d.buffer.actionMask).not.toBeNull();
    expect(Array.from(d.buffer.nextActionMask!.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(d.act(obsOf(0), false)).toBe(0);
    expect(d.act(obsOf(1), false)).toBe(1);
  });
});

describe('determinism and checkpoints', () => {
  it('same seed → identical learning curve and weights; another seed differs', () => {
    const run = (seed: number) => {
      const d = Dqn.forEnv(cartpole(), { ...small, seed });
      const st = drive(cartpole(), d, 1500, fresh(), 7);
      return { losses: st.metrics.map((m) => m['losses/td_loss']), returns: st.returns, w: params(d, 'qNetwork') };
    };
    const a = run(1);
    const b = run(1);
    const c = run(2);
    expect(a.losses.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c.losses).not.toEqual(a.losses);
  });

  for (const sampler of ['uniform', 'neighbour'] as const) {
    it(`a run resumed from a JSON checkpoint continues identically (n-step 3, Polyak, ${sampler} sampler, mid-episode)`, () => {
      const cfg: Partial<DqnConfig> = { ...small, nStep: 3, tau: 0.5, targetNetworkFrequency: 50, sampler, bufferSize: 300 };
      // Uninterrupted run.
      const full = Dqn.forEnv(cartpole(), cfg);
      const envA = cartpole();
      const stA = drive(envA, full, 1200, fresh(), 3);
      // Interrupted at step 700 (the buffer has wrapped), checkpoint through JSON text, resumed in a new learner.
      const first = Dqn.forEnv(cartpole(), cfg);
      const envB = cartpole();
      const stB = drive(envB, first, 700, fresh(), 3);
      expect(stB.obs).not.toBeNull(); // mid-episode, so the n-step queue is not empty
      const text = JSON.stringify(first.save());
      const resumed = Dqn.forEnv(cartpole(), { ...cfg, seed: 99 });
      resumed.load(JSON.parse(text));
      drive(envB, resumed, 500, stB);
      expect(stB.metrics.map((m) => m['losses/td_loss'])).toEqual(stA.metrics.map((m) => m['losses/td_loss']));
      expect(stB.returns).toEqual(stA.returns);
      expect(params(resumed, 'qNetwork')).toEqual(params(full, 'qNetwork'));
      expect(params(resumed, 'targetNetwork')).toEqual(params(full, 'targetNetwork'));
      expect(resumed.globalStep).toBe(1200);
    });
  }

  it('rejects a checkpoint of another shape', () => {
    const d = new Dqn<Obs>(small, { obsDim: 4, nActions: 2 });
    expect(() => d.load({ format: 'other' })).toThrow(/checkpoint/);
    const other = new Dqn<Obs>(small, { obsDim: 3, nActions: 2 });
    expect(() => d.load(other.save())).toThrow(/dims/);
  });
});
