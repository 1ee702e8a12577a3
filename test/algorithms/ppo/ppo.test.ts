import { describe, expect, it } from 'vitest';
import { Ppo, resolvePpoConfig, type PpoConfig } from '../../../algorithms/ppo/index.js';
import { BaseEnv, type Frame, type MaskedObs, type ResetResult, type StepResult } from '../../../envs/core/env.js';
import { InvalidActionError } from '../../../envs/core/errors.js';
import { Box } from '../../../envs/core/spaces/box.js';
import { Dict } from '../../../envs/core/spaces/dict.js';
import { Discrete } from '../../../envs/core/spaces/discrete.js';
import { MultiBinary } from '../../../envs/core/spaces/multi-binary.js';
import { make } from '../../../envs/index.js';
import type { Env } from '../../../envs/core/env.js';

const cartPole = () => make('CartPole-v1') as Env<Float64Array, number>;

/**
 * A tiny masked bandit-like env: 4 actions, 8 steps per episode; each step a random non-empty
 * subset is legal (action 3 legal with probability ½); reward 1 for action 3, else 0. The
 * observation is the mask itself, so the optimal policy is "3 when legal". Masked actions throw.
 */
class MaskedToy extends BaseEnv<MaskedObs<Float64Array>, number> {
  readonly observationSpace = new Dict({ observation: new Box(0, 1, [4]), actionMask: new MultiBinary(4) });
  readonly actionSpace = new Discrete(4);
  readonly metadata = {};
  masked = 0;
  private mask = new Uint8Array(4);
  private t = 0;

  protected resetState(): ResetResult<MaskedObs<Float64Array>> {
    this.t = 0;
    return { obs: this.draw(), info: {} };
  }

  protected override validateAction(a: number): void {
    super.validateAction(a);
    if (this.mask[a] !== 1) {
      this.masked++;
      throw new InvalidActionError('Discrete(4)', a, 'is masked in');
    }
  }

  protected stepState(a: number): StepResult<MaskedObs<Float64Array>> {
    this.t++;
    return { obs: this.draw(), reward: a === 3 ? 1 : 0, terminated: this.t >= 8, truncated: false, info: {} };
  }

  renderFrame(): Frame {
    return {};
  }

  private draw(): MaskedObs<Float64Array> {
    const m = new Uint8Array(4);
    do for (let i = 0; i < 4; i++) m[i] = this.rng() < 0.5 ? 1 : 0;
    while (m.every((x) => x === 0));
    this.mask = m;
    return { observation: Float64Array.from(m), actionMask: m.slice() };
  }
}

/** A one-step continuous bandit: reward −(a − 0.7)², so the Gaussian mean should move to 0.7. */
class TargetBandit extends BaseEnv<Float64Array, Float64Array> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Box(-3, 3, [1]);
  readonly metadata = {};
  protected override validateAction(): void {}
  protected resetState(): ResetResult<Float64Array> {
    return { obs: Float64Array.of(0.5), info: {} };
  }
  protected stepState(a: Float64Array): StepResult<Float64Array> {
    return { obs: Float64Array.of(0.5), reward: -((a[0] - 0.7) ** 2), terminated: true, truncated: false, info: {} };
  }
  renderFrame(): Frame {
    return {};
  }
}

const small: Partial<PpoConfig> = { numEnvs: 2, numSteps: 32, numMinibatches: 2, updateEpochs: 2, totalTimesteps: 256, lr: 1e-3 };

describe('PPO config', () => {
  it('fills CleanRL defaults and rejects bad or unknown fields by name', () => {
    expect(resolvePpoConfig().clipCoef).toBe(0.2);
    expect(() => resolvePpoConfig({ numMinibatches: 3 })).toThrow(/numMinibatches/);
    expect(() => resolvePpoConfig({ gamma: 2 })).toThrow(/gamma/);
    expect(() => resolvePpoConfig({ clipCoeff: 0.1 } as unknown as Partial<PpoConfig>)).toThrow(/clipCoeff/);
  });
});

describe('PPO', () => {
  it('is deterministic per seed: same seed → same learning curve and weights; another seed differs', () => {
    const run = (seed: number) => {
      const ppo = new Ppo({ ...small, seed }, cartPole);
      const metrics = Array.from({ length: 3 }, () => ppo.trainIteration()['losses/policy_loss']);
      return { episodes: ppo.episodes.map((e) => [e.step, e.return]), metrics, params: JSON.stringify(ppo.save().params) };
    };
    const a = run(4);
    const b = run(4);
    expect(b.episodes).toEqual(a.episodes);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.params).toBe(a.params);
    expect(run(5).episodes).not.toEqual(a.episodes);
  });

  it('logs CleanRL metric names', () => {
    const keys = new Set<string>();
    const ppo = new Ppo({ ...small, totalTimesteps: 64 * 2 }, cartPole, undefined, (_s, m) => Object.keys(m).forEach((k) => keys.add(k)));
    ppo.train();
    for (const k of ['charts/episodic_return', 'charts/episodic_length', 'charts/sps', 'charts/learning_rate', 'losses/policy_loss', 'losses/value_loss', 'losses/entropy', 'losses/approx_kl', 'losses/clipfrac']) {
      expect(keys.has(k)).toBe(true);
    }
    expect(ppo.globalStep).toBe(128);
    expect(ppo.optimizer.lr).toBeCloseTo(1e-3 * 0.5, 12); // annealed: iteration 1 of 2
  });

  it('checkpoints round-trip through JSON: weights, Adam state, generator state, counters', () => {
    const a = new Ppo({ ...small, seed: 9 }, cartPole);
    a.trainIteration();
    const ckpt = JSON.parse(JSON.stringify(a.save()));
    const b = new Ppo({ ...small, seed: 123 }, cartPole);
    b.load(ckpt);
    const strip = (p: Ppo<Float64Array, number>) => JSON.stringify({ ...p.save(), config: null }); // config is the learner's own
    expect(strip(b) === strip(a)).toBe(true);
    const obs = [Float64Array.of(0.01, 0.2, -0.03, 0.1), Float64Array.of(-0.02, -0.5, 0.1, 0.4)];
    expect(b.act(obs, false)).toEqual(a.act(obs, false)); // sampled with the same generator state
    expect(() => b.load({ format: 'other' })).toThrow(/checkpoint/);
  });

  it('a resumed run is reproducible: two learners resumed from one checkpoint train identically', () => {
    const a = new Ppo({ ...small, seed: 9 }, cartPole);
    a.trainIteration();
    const ckpt = JSON.parse(JSON.stringify(a.save()));
    const resume = () => {
      const p = new Ppo({ ...small, seed: 9 }, cartPole);
      p.load(ckpt);
      p.trainIteration();
      return { episodes: p.episodes.map((e) => [e.step, e.return]), params: JSON.stringify(p.save().params), iteration: p.iteration };
    };
    const r1 = resume();
    expect(r1.iteration).toBe(2);
    expect(resume()).toEqual(r1);
  });

  it('learns CartPole-v1: mean return of the last 20 training episodes ≥ 150 within 20 480 steps', () => {
    // Measured (seeds 1–5, lr 2.5e-3): 205, 238, 424, 294, 341; random play averages ≈ 22.
    const ppo = new Ppo({ seed: 1, lr: 2.5e-3, totalTimesteps: 20_480 }, cartPole);
    const episodes = ppo.train();
    const first = episodes.slice(0, 20).reduce((s, e) => s + e.return, 0) / 20;
    const last = episodes.slice(-20).reduce((s, e) => s + e.return, 0) / 20;
    expect(first).toBeLessThan(50);
    expect(last).toBeGreaterThanOrEqual(150);
  });

  it('never samples a masked action, and learns to take the rewarded action when legal', () => {
    const envs: MaskedToy[] = [];
    const ppo = new Ppo({ seed: 2, numEnvs: 4, numSteps: 32, numMinibatches: 4, totalTimesteps: 6144, lr: 3e-3, gamma: 0.9 }, () => {
      const e = new MaskedToy();
      envs.push(e);
      return e;
    });
    ppo.train(); // a masked action would throw InvalidActionError here
    expect(envs.reduce((s, e) => s + e.masked, 0)).toBe(0);
    // Greedy policy on every mask pattern that allows action 3 picks 3; others pick a legal action.
    let right = 0;
    for (let bits = 1; bits < 16; bits++) {
      const m = Uint8Array.from([0, 1, 2, 3], (i) => (bits >> i) & 1);
      const a = ppo.act([{ observation: Float64Array.from(m), actionMask: m }], true)[0];
      expect(m[a]).toBe(1);
      if (m[3] === 1 && a === 3) right++;
    }
    expect(right).toBe(8);
    const perEpisode = ppo.episodes.slice(-20).reduce((s, e) => s + e.return, 0) / 20;
    expect(perEpisode).toBeGreaterThan(3.5); // optimum ≈ 8 · ½ = 4; uniform ≈ 8 · ½ · E[1/|legal| | 3 legal] ≈ 1.8
  });

  it('trains a diagonal-Gaussian head: the mean action moves to the bandit optimum', () => {
    const ppo = new Ppo({ seed: 3, numEnvs: 4, numSteps: 32, numMinibatches: 2, totalTimesteps: 4096, lr: 3e-3, gamma: 0 }, () => new TargetBandit());
    const before = ppo.act([Float64Array.of(0.5)], true)[0][0];
    ppo.train();
    const after = ppo.act([Float64Array.of(0.5)], true)[0][0];
    expect(Math.abs(before - 0.7)).toBeGreaterThan(0.5);
    expect(Math.abs(after - 0.7)).toBeLessThan(0.15);
  });
});
