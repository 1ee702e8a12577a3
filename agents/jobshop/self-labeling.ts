/**
 * Self-labeling training of the GNN dispatcher (`JobShopGnn` of `gnn-ppo.ts`), after Corsini,
 * Porrello, Calderara & Iori, "Self-Labeling the Job Shop Scheduling Problem" (NeurIPS 2024): the
 * policy samples several schedules of each training instance and is trained by maximum likelihood
 * to reproduce the best one. Used to fine-tune the PPO-trained policy (`jobshop-train-gnn
 * --method self-labeling`); the critic is left as it is (greedy acting ignores it).
 *
 * One iteration:
 *   1. draw `instances` random Taillard-style instances (numJobs × numMachines, p ~ U{1..99}) from
 *      the learner's generator; instance i gets variant `variants[i mod k]`, a shutdown probability
 *      drawn uniformly from `shutdownProbs` and a failure seed;
 *   2. roll out `samples` schedules per instance by sampling the current policy (every rollout faces
 *      the same failures: the env's reset seed fixes them); all rollouts advance in lock-step, one
 *      batched forward pass per decision round;
 *   3. the label of an instance is its shortest-makespan rollout (ties: the first);
 *   4. `epochs` passes over the labelled (observation, action) pairs in shuffled minibatches of
 *      `minibatchSize`: Adam on L = −mean log π(a | s) (masked softmax), gradient norm clipped to
 *      `maxGradNorm`; the learning rate anneals linearly to 0 over `iterations` when `annealLr`.
 * Design choice: with shutdowns the label is the best schedule *given* the sampled failures
 * (hindsight); the shutdown probabilities are kept low so that this bias stays small.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { createRng, randomInt, rngFromState, shuffle, type Rng, type RngState } from '../../envs/core/rng.js';
import { JobShopEnv, type JobShopObs } from '../../envs/jobshop/env.js';
import { randomInstance } from '../../envs/jobshop/generator.js';
import type { JobShopInstance, Variant } from '../../envs/jobshop/types.js';
import { Adam, clipGradNorm, loadJson, MaskedCategorical, mean, noGrad, saveJson, scale } from '../../algorithms/nn/index.js';
import type { JobShopGnn } from './gnn-ppo.js';
import { makeRule } from './rules.js';

export interface SelfLabelConfig {
  /** Seed of instances, failure seeds, sampling and minibatch order. */
  seed: number;
  /** Iterations (for the learning-rate schedule). */
  iterations: number;
  /** Training instances per iteration. */
  instances: number;
  /** Sampled rollouts per instance (the best is the label). */
  samples: number;
  numJobs: number;
  numMachines: number;
  /** Variant of instance i is `variants[i mod length]` (repeat a variant to weight it). */
  variants: readonly Variant[];
  /** Per-instance shutdown probability, drawn uniformly from this list. */
  shutdownProbs: readonly number[];
  /** Adam learning rate (start value when annealing). */
  lr: number;
  annealLr: boolean;
  /** Passes over an iteration's labelled decisions. */
  epochs: number;
  /** Labelled decisions per gradient step. */
  minibatchSize: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /**
   * Extra label candidates played on the same instance and failures: the current greedy policy and
   * these dispatching rules (agents/jobshop/rules.ts names). The label is the best of all candidates.
   */
  greedyCandidate: boolean;
  ruleCandidates: readonly string[];
}

export const SELF_LABEL_DEFAULTS: SelfLabelConfig = {
  seed: 1,
  iterations: 100,
  instances: 16,
  samples: 8,
  numJobs: 10,
  numMachines: 10,
  variants: ['classic', 'blocking-swap'],
  shutdownProbs: [0, 0.005, 0.01],
  lr: 1e-4,
  annealLr: true,
  epochs: 1,
  minibatchSize: 256,
  maxGradNorm: 0.5,
  greedyCandidate: false,
  ruleCandidates: [],
};

export function resolveSelfLabelConfig(partial: Partial<SelfLabelConfig> = {}): SelfLabelConfig {
  for (const k of Object.keys(partial)) if (!(k in SELF_LABEL_DEFAULTS)) throw new ConfigError(k, (partial as Record<string, unknown>)[k] as JsonValue, `unknown self-labeling option; options: ${Object.keys(SELF_LABEL_DEFAULTS).join(', ')}`);
  const c: SelfLabelConfig = { ...SELF_LABEL_DEFAULTS, ...partial };
  for (const f of ['iterations', 'instances', 'samples', 'numJobs', 'numMachines', 'epochs', 'minibatchSize'] as const) {
    if (!(Number.isInteger(c[f]) && c[f] >= 1)) throw new ConfigError(f, c[f], 'must be an integer ≥ 1');
  }
  if (c.variants.length === 0) throw new ConfigError('variants', c.variants as unknown as JsonValue, 'needs at least one variant');
  if (c.shutdownProbs.length === 0) throw new ConfigError('shutdownProbs', c.shutdownProbs as unknown as JsonValue, 'needs at least one probability');
  for (const p of c.shutdownProbs) if (!(p >= 0 && p < 1)) throw new ConfigError('shutdownProbs', p, 'must lie in [0, 1)');
  if (!(c.lr > 0)) throw new ConfigError('lr', c.lr, 'must be > 0');
  if (!(c.maxGradNorm > 0)) throw new ConfigError('maxGradNorm', c.maxGradNorm, 'must be > 0');
  for (const r of c.ruleCandidates) makeRule(r); // ConfigError for an unknown name
  return c;
}

/** One training episode: an instance, its variant, shutdown probability and failure seed. */
export interface SelfLabelTask {
  instance: JobShopInstance;
  variant: Variant;
  shutdownProb: number;
  seed: number;
}

/** A labelled trajectory: the observations and the actions taken, and the makespan reached. */
interface Rollout {
  obs: JobShopObs[];
  actions: number[];
  makespan: number;
}

/** The rollout of a dispatching rule on a task. */
function ruleRollout(t: SelfLabelTask, name: string): Rollout {
  const rule = makeRule(name);
  const env = new JobShopEnv({ instance: t.instance, variant: t.variant, shutdownProb: t.shutdownProb });
  const out: Rollout = { obs: [], actions: [], makespan: NaN };
  let obs = env.reset({ seed: t.seed }).obs;
  for (;;) {
    const a = rule.act(obs, false);
    out.obs.push(obs);
    out.actions.push(a);
    const s = env.step(a);
    if (s.terminated) {
      const ms = s.info.makespan as number | null;
      if (ms === null) throw new ConfigError('variant', t.variant, 'deadlocked during self-labeling');
      out.makespan = ms;
      return out;
    }
    obs = s.obs;
  }
}

export class GnnSelfLabeler {
  readonly config: SelfLabelConfig;
  readonly optimizer: Adam;
  /** Completed iterations. */
  iteration = 0;
  /** Decisions sampled so far (all rollouts). */
  globalStep = 0;
  private rng: Rng;

  constructor(
    readonly net: JobShopGnn,
    config: Partial<SelfLabelConfig> = {},
  ) {
    this.config = resolveSelfLabelConfig(config);
    this.rng = createRng(this.config.seed);
    this.optimizer = new Adam(net.parameters(), { lr: this.config.lr, eps: 1e-5 });
  }

  get numIterations(): number {
    return this.config.iterations;
  }

  /**
   * Label candidates of each task: `samples` sampled rollouts (then, with `greedyCandidate`, the
   * greedy rollout), all advancing in lock-step, then one rollout per rule of `ruleCandidates`.
   */
  sampleRollouts(tasks: readonly SelfLabelTask[]): Rollout[][] {
    const c = this.config;
    const K = c.samples + (c.greedyCandidate ? 1 : 0);
    const runs = tasks.flatMap((t) =>
      Array.from({ length: K }, (_, k) => {
        const e = new JobShopEnv({ instance: t.instance, variant: t.variant, shutdownProb: t.shutdownProb });
        return { env: e, variant: t.variant, greedy: k === c.samples, obs: e.reset({ seed: t.seed }).obs, rollout: { obs: [], actions: [], makespan: NaN } as Rollout, done: false };
      }),
    );
    let active = runs;
    while (active.length > 0) {
      const obs = active.map((r) => r.obs);
      const actions = noGrad(() => {
        const out = this.net.forward(obs);
        if (out.head.kind !== 'categorical') throw new ConfigError('head', out.head.kind, 'expected categorical');
        const mask = new Uint8Array(obs.length * obs[0].actionMask.length);
        obs.forEach((o, b) => mask.set(o.actionMask, b * o.actionMask.length));
        const d = new MaskedCategorical(out.head.logits, mask);
        const sampled = d.sample(this.rng);
        const greedy = d.argmax();
        return active.map((r, b) => (r.greedy ? greedy[b] : sampled[b]));
      });
      active.forEach((r, b) => {
        r.rollout.obs.push(r.obs);
        r.rollout.actions.push(actions[b]);
        const s = r.env.step(actions[b]);
        this.globalStep++;
        if (s.terminated) {
          const ms = s.info.makespan as number | null;
          if (ms === null) throw new ConfigError('variant', r.variant, 'deadlocked during self-labeling');
          r.rollout.makespan = ms;
          r.done = true;
        } else r.obs = s.obs;
      });
      active = active.filter((r) => !r.done);
    }
    return tasks.map((t, i) => [...runs.slice(i * K, (i + 1) * K).map((r) => r.rollout), ...c.ruleCandidates.map((name) => ruleRollout(t, name))]);
  }

  /** One iteration (see the module doc); returns its metrics. */
  trainIteration(): Record<string, number> {
    const c = this.config;
    if (c.annealLr) this.optimizer.lr = c.lr * (1 - this.iteration / c.iterations);
    const tasks: SelfLabelTask[] = [];
    for (let i = 0; i < c.instances; i++) {
      const instance = randomInstance(this.rng, c.numJobs, c.numMachines, 1, 99);
      const shutdownProb = c.shutdownProbs[randomInt(this.rng, c.shutdownProbs.length)];
      tasks.push({ instance, variant: c.variants[i % c.variants.length], shutdownProb, seed: randomInt(this.rng, 2 ** 31) });
    }
    const rollouts = this.sampleRollouts(tasks);
    const obs: JobShopObs[] = [];
    const acts: number[] = [];
    let sampleMean = 0;
    let labelMean = 0;
    let fromOthers = 0; // fraction of labels from the greedy or rule candidates
    for (const rs of rollouts) {
      let best = 0;
      for (const [k, r] of rs.entries()) {
        if (k < c.samples) sampleMean += r.makespan / (c.samples * rollouts.length);
        if (r.makespan < rs[best].makespan) best = k;
      }
      if (best >= c.samples) fromOthers += 1 / rollouts.length;
      labelMean += rs[best].makespan / rollouts.length;
      obs.push(...rs[best].obs);
      acts.push(...rs[best].actions);
    }
    const order = Array.from(obs.keys());
    let nll = 0;
    let steps = 0;
    const params = this.net.parameters();
    for (let e = 0; e < c.epochs; e++) {
      shuffle(this.rng, order);
      for (let start = 0; start < order.length; start += c.minibatchSize) {
        const mb = order.slice(start, start + c.minibatchSize);
        const o = mb.map((k) => obs[k]);
        const out = this.net.forward(o);
        if (out.head.kind !== 'categorical') throw new ConfigError('head', out.head.kind, 'expected categorical');
        const A = o[0].actionMask.length;
        const mask = new Uint8Array(o.length * A);
        o.forEach((x, b) => mask.set(x.actionMask, b * A));
        const loss = scale(mean(new MaskedCategorical(out.head.logits, mask).logProb(mb.map((k) => acts[k]))), -1);
        this.optimizer.zeroGrad();
        loss.backward();
        clipGradNorm(params, c.maxGradNorm);
        this.optimizer.step();
        nll += loss.data[0];
        steps++;
      }
    }
    this.iteration++;
    return { 'losses/nll': nll / steps, 'charts/sample_makespan': sampleMean, 'charts/label_makespan': labelMean, 'charts/labelled_decisions': obs.length, 'charts/label_not_sampled': fromOthers, 'charts/learning_rate': this.optimizer.lr };
  }

  /** Weights, optimiser state, generator state and counters. */
  save(): JsonObject {
    return { format: 'jobshop-self-label-checkpoint-v1', config: { ...this.config } as unknown as JsonObject, params: saveJson(this.net), optimizer: this.optimizer.state(), rng: this.rng.state(), globalStep: this.globalStep, iteration: this.iteration };
  }

  load(ckpt: JsonValue): void {
    if (typeof ckpt !== 'object' || ckpt === null || Array.isArray(ckpt) || ckpt.format !== 'jobshop-self-label-checkpoint-v1') {
      throw new ConfigError('checkpoint', typeof ckpt, 'expected an object with format "jobshop-self-label-checkpoint-v1"');
    }
    loadJson(this.net, ckpt.params);
    this.optimizer.loadState(ckpt.optimizer as JsonObject);
    this.rng = rngFromState(ckpt.rng as unknown as RngState);
    this.globalStep = Number(ckpt.globalStep);
    this.iteration = Number(ckpt.iteration);
  }
}
