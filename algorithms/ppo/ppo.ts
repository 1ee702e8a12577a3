/**
 * Proximal Policy Optimization (Schulman et al. 2017), CleanRL-style (`cleanrl/ppo.py` and
 * `ppo_continuous_action.py`): read top to bottom — config, network (pluggable), then the
 * training loop: seed → vector env → storage → [rollout → GAE → epochs of minibatch updates → log].
 *
 * Environment-agnostic: the actor-critic is a `PolicyModule<O>` (default `MlpPolicy` for Box
 * observations, optionally inside `{ observation, actionMask }`); action masks are read from the
 * observations; the head kind follows the action space (Discrete → masked categorical, Box →
 * diagonal Gaussian, actions passed unclipped — wrap the env in `ClipAction` if needed).
 *
 * Design choices (differences from CleanRL, each deliberate):
 * - Vector env autoreset `same-step` (the final observation arrives in `info.finalObs`), so a
 *   truncated step bootstraps from V(final observation); terminated steps do not (see gae.ts).
 *   CleanRL treats truncation as termination.
 * - Episode statistics: `info.episode` of a `RecordEpisodeStatistics` wrapper when present (so
 *   returns stay raw under reward normalisation), else the sum of the rewards PPO saw.
 * - One seeded generator drives network init, action sampling and minibatch shuffling; env i is
 *   reset with `seed + i`. Same seed → the same learning curve, bit for bit.
 * - Checkpoints (`save`/`load`) hold weights, Adam state, the generator state and the counters; the
 *   environments' state is not saved: a resumed run resets env i with seed + iteration·numEnvs + i
 *   (so a resumed run is reproducible, though not identical to the uninterrupted one).
 *
 * Metrics (CleanRL names): per finished episode `charts/episodic_return`, `charts/episodic_length`;
 * per iteration `charts/learning_rate`, `charts/sps`, `losses/policy_loss`, `losses/value_loss`,
 * `losses/entropy`, `losses/approx_kl`, `losses/old_approx_kl`, `losses/clipfrac`,
 * `losses/explained_variance`.
 */
import type { Agent } from '../../agents/agent.js';
import { actionMaskOf, type Env } from '../../envs/core/env.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { createRng, rngFromState, shuffle, type Rng, type RngState } from '../../envs/core/rng.js';
import { Box } from '../../envs/core/spaces/box.js';
import { Dict } from '../../envs/core/spaces/dict.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import type { Space } from '../../envs/core/spaces/space.js';
import { SyncVectorEnv } from '../../envs/core/vector.js';
import { Adam, clipGradNorm, DiagGaussian, loadJson, MaskedCategorical, noGrad, saveJson } from '../nn/index.js';
import { gae, normalizeAdvantages } from './gae.js';
import { ppoLoss } from './loss.js';
import { MlpPolicy, type PolicyHead, type PolicyModule } from './policy.js';

// ───────────────────────────── config ─────────────────────────────

export interface PpoConfig {
  /** Seed of network init, action sampling and minibatch order; env i is reset with seed + i. */
  seed: number;
  /** Environment steps to train for, summed over the envs (iterations = ⌊total / (numEnvs·numSteps)⌋). */
  totalTimesteps: number;
  /** Adam learning rate (the start value when annealing). */
  lr: number;
  /** Anneal the learning rate linearly from `lr` to 0 over the iterations. */
  annealLr: boolean;
  /** Adam ε (CleanRL uses 1e-5). */
  adamEps: number;
  /** Parallel environments in the SyncVectorEnv. */
  numEnvs: number;
  /** Steps per env per rollout; the batch is numEnvs·numSteps transitions. */
  numSteps: number;
  /** Discount γ. */
  gamma: number;
  /** GAE λ. */
  gaeLambda: number;
  /** Minibatches per epoch (minibatch size = batch / numMinibatches). */
  numMinibatches: number;
  /** Passes over the batch per iteration. */
  updateEpochs: number;
  /** Normalise advantages per minibatch (zero mean, unit std). */
  normAdv: boolean;
  /** Surrogate clip range ε. */
  clipCoef: number;
  /** Clip the value update to ±clipCoef around the old value. */
  clipVloss: boolean;
  /** Entropy bonus coefficient. */
  entCoef: number;
  /** Value-loss coefficient. */
  vfCoef: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Stop an iteration's epochs early once approx_kl exceeds this (null = never). */
  targetKl: number | null;
}

/** CleanRL ppo.py defaults (CartPole-v1). */
export const PPO_DEFAULTS: PpoConfig = {
  seed: 1,
  totalTimesteps: 500_000,
  lr: 2.5e-4,
  annealLr: true,
  adamEps: 1e-5,
  numEnvs: 4,
  numSteps: 128,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  normAdv: true,
  clipCoef: 0.2,
  clipVloss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
};

/** Fills defaults and validates (ConfigError naming the field); unknown keys are errors. */
export function resolvePpoConfig(partial: Partial<PpoConfig> = {}): PpoConfig {
  for (const k of Object.keys(partial)) if (!(k in PPO_DEFAULTS)) throw new ConfigError(k, (partial as Record<string, unknown>)[k], `unknown PPO option; options: ${Object.keys(PPO_DEFAULTS).join(', ')}`);
  const c: PpoConfig = { ...PPO_DEFAULTS, ...partial };
  const posInt = (f: keyof PpoConfig) => {
    if (!(Number.isInteger(c[f]) && (c[f] as number) > 0)) throw new ConfigError(f, c[f], 'must be a positive integer');
  };
  posInt('numEnvs');
  posInt('numSteps');
  posInt('numMinibatches');
  posInt('updateEpochs');
  posInt('totalTimesteps');
  if (!Number.isFinite(c.seed)) throw new ConfigError('seed', c.seed, 'must be a finite number');
  if ((c.numEnvs * c.numSteps) % c.numMinibatches !== 0) throw new ConfigError('numMinibatches', c.numMinibatches, `must divide the batch size numEnvs·numSteps = ${c.numEnvs * c.numSteps}`);
  if (c.totalTimesteps < c.numEnvs * c.numSteps) throw new ConfigError('totalTimesteps', c.totalTimesteps, `must be ≥ one batch (${c.numEnvs * c.numSteps})`);
  if (!(c.lr > 0)) throw new ConfigError('lr', c.lr, 'must be > 0');
  if (!(c.adamEps >= 0)) throw new ConfigError('adamEps', c.adamEps, 'must be ≥ 0');
  if (!(c.gamma >= 0 && c.gamma <= 1)) throw new ConfigError('gamma', c.gamma, 'must lie in [0, 1]');
  if (!(c.gaeLambda >= 0 && c.gaeLambda <= 1)) throw new ConfigError('gaeLambda', c.gaeLambda, 'must lie in [0, 1]');
  if (!(c.clipCoef > 0)) throw new ConfigError('clipCoef', c.clipCoef, 'must be > 0');
  if (!(c.entCoef >= 0)) throw new ConfigError('entCoef', c.entCoef, 'must be ≥ 0');
  if (!(c.vfCoef >= 0)) throw new ConfigError('vfCoef', c.vfCoef, 'must be ≥ 0');
  if (!(c.maxGradNorm > 0)) throw new ConfigError('maxGradNorm', c.maxGradNorm, 'must be > 0');
  if (c.targetKl !== null && !(c.targetKl > 0)) throw new ConfigError('targetKl', c.targetKl, 'must be > 0 or null');
  return c;
}

// ───────────────────────────── network ─────────────────────────────

/** The default network for an env: `MlpPolicy` when observations are Box vectors (maybe masked). */
export function defaultPolicy(observationSpace: Space<unknown>, actionSpace: Space<unknown>, rng: Rng): MlpPolicy {
  let box: Space<unknown> = observationSpace;
  if (box instanceof Dict && box.spaces.observation !== undefined && box.spaces.actionMask !== undefined) box = box.spaces.observation as Space<unknown>;
  if (!(box instanceof Box) || box.shape.length !== 1) {
    throw new ConfigError('policy', observationSpace.toString(), 'the default MLP needs 1-D Box observations (or {observation: Box, actionMask}); pass a PolicyModule');
  }
  if (actionSpace instanceof Discrete) return new MlpPolicy({ obsSize: box.size, action: { kind: 'categorical', n: actionSpace.n }, rng });
  if (actionSpace instanceof Box && actionSpace.shape.length === 1) return new MlpPolicy({ obsSize: box.size, action: { kind: 'gaussian', dim: actionSpace.size }, rng });
  throw new ConfigError('actionSpace', actionSpace.toString(), 'PPO supports Discrete and 1-D Box action spaces');
}

/** The action distribution of a head, with the observations' masks applied to categorical logits. */
export function distributionOf(head: PolicyHead, obs: readonly unknown[]): MaskedCategorical | DiagGaussian {
  if (head.kind === 'gaussian') return new DiagGaussian(head.mean, head.logStd);
  const A = head.logits.cols;
  let mask: Uint8Array | null = null;
  for (let b = 0; b < obs.length; b++) {
    const m = actionMaskOf(obs[b]);
    if (m === undefined) continue;
    if (m.length !== A) throw new ConfigError('actionMask', m.length, `must have one entry per action (${A})`);
    if (mask === null) mask = new Uint8Array(obs.length * A).fill(1);
    mask.set(m, b * A);
  }
  return new MaskedCategorical(head.logits, mask);
}

// ───────────────────────────── training ─────────────────────────────

/** A log record: metric name → value at environment step `step`. */
export type PpoLogger = (step: number, metrics: Record<string, number>) => void;

export interface PpoEpisode {
  /** Global environment step at which the episode ended. */
  step: number;
  return: number;
  length: number;
}

/** The policy network, or a factory receiving PPO's seeded generator (call order fixes the init). */
export type PolicySource<O> = PolicyModule<O> | ((rng: Rng) => PolicyModule<O>);

export class Ppo<O, A> {
  readonly config: PpoConfig;
  readonly envs: SyncVectorEnv<O, A>;
  readonly policy: PolicyModule<O>;
  readonly optimizer: Adam;
  /** Every finished training episode so far. */
  readonly episodes: PpoEpisode[] = [];
  /** Environment steps taken (summed over envs). */
  globalStep = 0;
  /** Completed iterations (rollout + update). */
  iteration = 0;
  readonly numIterations: number;
  readonly batchSize: number;
  readonly minibatchSize: number;
  private rng: Rng;
  private readonly continuous: boolean;
  private readonly actDim: number;
  private nextObs: O[] = [];
  private readonly epReturn: Float64Array;
  private readonly epLength: Int32Array;
  private readonly log: PpoLogger;

  /**
   * @param makeEnv builds sub-env i (wrap it as you like; give each its own wrappers).
   * @param policy the network (default: `defaultPolicy` of the env's spaces).
   * @param log receives metrics (default: none; `episodes` still records returns).
   */
  constructor(config: Partial<PpoConfig>, makeEnv: (index: number) => Env<O, A>, policy?: PolicySource<O>, log: PpoLogger = () => {}) {
    const c = resolvePpoConfig(config);
    this.config = c;
    this.log = log;
    this.batchSize = c.numEnvs * c.numSteps;
    this.minibatchSize = this.batchSize / c.numMinibatches;
    this.numIterations = Math.floor(c.totalTimesteps / this.batchSize);
    this.rng = createRng(c.seed);
    this.envs = new SyncVectorEnv(Array.from({ length: c.numEnvs }, (_, i) => () => makeEnv(i)), { autoreset: 'same-step' });
    const space = this.envs.singleActionSpace as Space<unknown>;
    this.continuous = space instanceof Box;
    this.actDim = space instanceof Box ? space.size : 1;
    if (!(space instanceof Discrete) && !(space instanceof Box)) throw new ConfigError('actionSpace', space.toString(), 'PPO supports Discrete and Box action spaces');
    if (policy === undefined) this.policy = defaultPolicy(this.envs.singleObservationSpace as Space<unknown>, space, this.rng) as unknown as PolicyModule<O>;
    else this.policy = typeof policy === 'function' ? policy(this.rng) : policy;
    this.optimizer = new Adam(this.policy.parameters(), { lr: c.lr, eps: c.adamEps });
    this.epReturn = new Float64Array(c.numEnvs);
    this.epLength = new Int32Array(c.numEnvs);
  }

  /** Runs the remaining iterations; returns the finished episodes. */
  train(): PpoEpisode[] {
    while (this.iteration < this.numIterations) this.trainIteration();
    return this.episodes;
  }

  /** One iteration: a rollout of numSteps × numEnvs steps, GAE, then the PPO update. Returns the iteration's metrics. */
  trainIteration(): Record<string, number> {
    const c = this.config;
    const { numEnvs: N, numSteps: T } = c;
    const start = performance.now();
    const stepsBefore = this.globalStep;
    // First iteration of this learner (fresh or resumed): seeded reset, so resumed runs are reproducible too.
    if (this.nextObs.length === 0) this.nextObs = this.rows(this.envs.reset({ seed: c.seed + this.iteration * c.numEnvs }).obs);
    if (c.annealLr) this.optimizer.lr = c.lr * (1 - this.iteration / this.numIterations);

    // Storage (step-major: entry t·N + i).
    const B = T * N;
    const D = this.actDim;
    const obsBuf: O[] = new Array(B);
    const actions = new Float64Array(B * D);
    const logProbs = new Float64Array(B);
    const values = new Float64Array(B);
    const nextValues = new Float64Array(B);
    const rewards = new Float64Array(B);
    const terminated = new Uint8Array(B);
    const truncated = new Uint8Array(B);

    // Rollout.
    for (let t = 0; t < T; t++) {
      const obs = this.nextObs;
      const { act, logp, value } = noGrad(() => {
        const out = this.policy.forward(obs);
        const dist = distributionOf(out.head, obs);
        const a = dist instanceof MaskedCategorical ? Float64Array.from(dist.sample(this.rng)) : dist.sample(this.rng);
        const lp = dist instanceof MaskedCategorical ? dist.logProb(a) : dist.logProb(a);
        return { act: a, logp: lp.data, value: out.value.data };
      });
      const envActions: A[] = [];
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        obsBuf[k] = obs[i];
        logProbs[k] = logp[i];
        values[k] = value[i];
        actions.set(act.subarray(i * D, (i + 1) * D), k * D);
        envActions.push((this.continuous ? act.slice(i * D, (i + 1) * D) : act[i]) as A);
      }
      const r = this.envs.step(envActions);
      this.globalStep += N;
      const finals: O[] = [];
      const finalIdx: number[] = [];
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        rewards[k] = r.rewards[i];
        terminated[k] = r.terminated[i];
        truncated[k] = r.truncated[i];
        this.epReturn[i] += r.rewards[i];
        this.epLength[i] += 1;
        if (r.terminated[i] || r.truncated[i]) {
          const stats = (r.infos[i].finalInfo as { episode?: { r: number; l: number } } | undefined)?.episode;
          const ep = { step: this.globalStep, return: stats?.r ?? this.epReturn[i], length: stats?.l ?? this.epLength[i] };
          this.episodes.push(ep);
          this.log(this.globalStep, { 'charts/episodic_return': ep.return, 'charts/episodic_length': ep.length });
          this.epReturn[i] = 0;
          this.epLength[i] = 0;
          if (!r.terminated[i]) {
            finals.push(r.infos[i].finalObs as O);
            finalIdx.push(k);
          }
        }
      }
      if (finals.length > 0) {
        const v = noGrad(() => this.policy.forward(finals).value.data);
        finalIdx.forEach((k, j) => (nextValues[k] = v[j]));
      }
      this.nextObs = this.rows(r.obs);
    }
    const lastValues = noGrad(() => this.policy.forward(this.nextObs).value.data);
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        if (terminated[k] || truncated[k]) continue; // set above (0 when terminated)
        nextValues[k] = t + 1 < T ? values[k + N] : lastValues[i];
      }
    }

    // Advantages.
    const { advantages, returns } = gae({ numSteps: T, numEnvs: N, rewards, values, nextValues, terminated, truncated, gamma: c.gamma, lambda: c.gaeLambda });

    // Update.
    const M = this.minibatchSize;
    const inds = Array.from({ length: B }, (_, i) => i);
    const params = this.policy.parameters();
    let last = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, oldApproxKl: 0 };
    const clipfracs: number[] = [];
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      shuffle(this.rng, inds);
      for (let s = 0; s < B; s += M) {
        const mb = inds.slice(s, s + M);
        const mbObs = mb.map((k) => obsBuf[k]);
        const out = this.policy.forward(mbObs);
        const dist = distributionOf(out.head, mbObs);
        let newLogProb;
        if (dist instanceof MaskedCategorical) newLogProb = dist.logProb(mb.map((k) => actions[k]));
        else {
          const a = new Float64Array(M * D);
          mb.forEach((k, j) => a.set(actions.subarray(k * D, (k + 1) * D), j * D));
          newLogProb = dist.logProb(a);
        }
        const mbAdv = Float64Array.from(mb, (k) => advantages[k]);
        const res = ppoLoss({
          newLogProb,
          oldLogProb: Float64Array.from(mb, (k) => logProbs[k]),
          advantages: c.normAdv ? normalizeAdvantages(mbAdv) : mbAdv,
          entropy: dist.entropy(),
          newValue: out.value,
          oldValue: Float64Array.from(mb, (k) => values[k]),
          returns: Float64Array.from(mb, (k) => returns[k]),
          clipCoef: c.clipCoef,
          clipVloss: c.clipVloss,
          entCoef: c.entCoef,
          vfCoef: c.vfCoef,
        });
        this.optimizer.zeroGrad();
        res.loss.backward();
        clipGradNorm(params, c.maxGradNorm);
        this.optimizer.step();
        clipfracs.push(res.clipfrac);
        last = res;
      }
      if (c.targetKl !== null && last.approxKl > c.targetKl) break;
    }

    this.iteration++;
    const metrics: Record<string, number> = {
      'charts/learning_rate': this.optimizer.lr,
      'losses/value_loss': last.valueLoss,
      'losses/policy_loss': last.policyLoss,
      'losses/entropy': last.entropy,
      'losses/old_approx_kl': last.oldApproxKl,
      'losses/approx_kl': last.approxKl,
      'losses/clipfrac': clipfracs.reduce((a, b) => a + b, 0) / clipfracs.length,
      'losses/explained_variance': explainedVariance(values, returns),
      'charts/sps': Math.round(((this.globalStep - stepsBefore) * 1000) / Math.max(1e-9, performance.now() - start)),
    };
    this.log(this.globalStep, metrics);
    return metrics;
  }

  /** Greedy (argmax / mean) or sampled actions for a batch of observations (evaluation). */
  act(obs: readonly O[], greedy = true): A[] {
    return noGrad(() => {
      const out = this.policy.forward(obs);
      const dist = distributionOf(out.head, obs);
      if (dist instanceof MaskedCategorical) return Array.from(greedy ? dist.argmax() : dist.sample(this.rng)) as A[];
      const a = greedy ? dist.mean.data : dist.sample(this.rng);
      return obs.map((_, b) => a.slice(b * this.actDim, (b + 1) * this.actDim) as A);
    });
  }

  /** An `Agent` view of the current policy (`explore` = sample, else greedy). */
  asAgent(name = 'ppo'): Agent<O, A> {
    return { name, act: (obs, explore = false) => this.act([obs], !explore)[0] };
  }

  /** Weights, optimiser state, generator state and counters. */
  save(): JsonObject {
    return {
      format: 'ppo-checkpoint-v1',
      config: { ...this.config },
      params: saveJson(this.policy),
      optimizer: this.optimizer.state(),
      rng: this.rng.state(),
      globalStep: this.globalStep,
      iteration: this.iteration,
    };
  }

  /** Restores a `save()`d checkpoint into this learner (same architecture). */
  load(ckpt: JsonValue): void {
    if (typeof ckpt !== 'object' || ckpt === null || Array.isArray(ckpt) || ckpt.format !== 'ppo-checkpoint-v1') {
      throw new ConfigError('checkpoint', typeof ckpt, 'expected an object with format "ppo-checkpoint-v1"');
    }
    loadJson(this.policy, ckpt.params);
    this.optimizer.loadState(ckpt.optimizer as JsonObject);
    this.rng = rngFromState(ckpt.rng as unknown as RngState);
    this.globalStep = Number(ckpt.globalStep);
    this.iteration = Number(ckpt.iteration);
  }

  /** Observations of a vector step as one entry per env (Box batches arrive flat). */
  private rows(obs: Float64Array | O[]): O[] {
    if (!(obs instanceof Float64Array)) return obs;
    const N = this.config.numEnvs;
    const size = obs.length / N;
    return Array.from({ length: N }, (_, i) => obs.subarray(i * size, (i + 1) * size) as unknown as O);
  }
}

/** 1 − Var(returns − values) / Var(returns) (NaN when the returns are constant). */
export function explainedVariance(values: Float64Array, returns: Float64Array): number {
  const n = values.length;
  let mr = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    mr += returns[i];
    md += returns[i] - values[i];
  }
  mr /= n;
  md /= n;
  let vr = 0;
  let vd = 0;
  for (let i = 0; i < n; i++) {
    vr += (returns[i] - mr) ** 2;
    vd += (returns[i] - values[i] - md) ** 2;
  }
  return vr === 0 ? NaN : 1 - vd / vr;
}

