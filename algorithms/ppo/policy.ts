/**
 * The pluggable actor-critic network of PPO: a `PolicyModule` maps a batch of observations to the
 * parameters of an action distribution (categorical logits or Gaussian means + log-stds) and a
 * state value per observation. PPO knows nothing else about observations: a GNN over job-shop
 * graphs and an MLP over Box vectors plug in the same way.
 *
 * Action masks are not the module's business: PPO reads them from `{ observation, actionMask }`
 * observations (`actionMaskOf`) and applies them to the logits (masked entries get probability
 * exactly 0; their logit values are ignored, so a module may leave them at anything, e.g. 0).
 */
import type { MaskedObs } from '../../envs/core/env.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { Rng } from '../../envs/core/rng.js';
import { Module, mlp, reshape, Tensor, type Sequential } from '../nn/index.js';

/** Distribution parameters for a batch of B observations. */
export type PolicyHead =
  /** Categorical over A actions: logits `[B, A]`. */
  | { kind: 'categorical'; logits: Tensor }
  /** Diagonal Gaussian over D dimensions: mean `[B, D]`, log-std `[D]` (shared) or `[B, D]`. */
  | { kind: 'gaussian'; mean: Tensor; logStd: Tensor };

export interface PolicyOutput {
  head: PolicyHead;
  /** V(s) per observation, `[B]`. */
  value: Tensor;
}

/** An actor-critic network over observations of type `O`. */
export abstract class PolicyModule<O> extends Module {
  /** Distribution parameters and values for `obs` (one row per observation). */
  abstract forward(obs: readonly O[]): PolicyOutput;
}

/** What `MlpPolicy` accepts: a flat vector, or one inside a masked observation. */
export type VectorObs = Float64Array | MaskedObs<Float64Array>;

export interface MlpPolicyOptions {
  /** Observation vector length. */
  obsSize: number;
  /** Discrete actions (categorical head) or a continuous action dimension (Gaussian head). */
  action: { kind: 'categorical'; n: number } | { kind: 'gaussian'; dim: number };
  /** Hidden layer sizes of both actor and critic (default [64, 64], as CleanRL). */
  hidden?: readonly number[];
  /** Hidden activation (default tanh, as CleanRL). */
  activation?: 'tanh' | 'relu';
  /** Initial log-std of the Gaussian head (default 0). */
  initLogStd?: number;
  rng: Rng;
}

/**
 * CleanRL's `Agent`: separate actor and critic MLPs, orthogonal init with gain √2 on hidden
 * layers, 0.01 on the actor's output, 1 on the critic's; for Gaussian heads a state-independent
 * log-std parameter (`logStd`, `[D]`).
 */
export class MlpPolicy extends PolicyModule<VectorObs> {
  readonly actor: Sequential;
  readonly critic: Sequential;
  readonly logStd: Tensor | null;
  readonly obsSize: number;
  private readonly kind: 'categorical' | 'gaussian';

  constructor(opts: MlpPolicyOptions) {
    super();
    const hidden = opts.hidden ?? [64, 64];
    const activation = opts.activation ?? 'tanh';
    if (!(Number.isInteger(opts.obsSize) && opts.obsSize > 0)) throw new ConfigError('obsSize', opts.obsSize, 'must be a positive integer');
    this.obsSize = opts.obsSize;
    this.kind = opts.action.kind;
    const out = opts.action.kind === 'categorical' ? opts.action.n : opts.action.dim;
    const common = { rng: opts.rng, activation, init: 'orthogonal' as const, gain: Math.SQRT2 };
    this.critic = this.child('critic', mlp([opts.obsSize, ...hidden, 1], { ...common, outputGain: 1 }));
    this.actor = this.child('actor', mlp([opts.obsSize, ...hidden, out], { ...common, outputGain: 0.01 }));
    this.logStd = opts.action.kind === 'gaussian' ? this.param('logStd', new Float64Array(out).fill(opts.initLogStd ?? 0), [out]) : null;
  }

  forward(obs: readonly VectorObs[]): PolicyOutput {
    const B = obs.length;
    const D = this.obsSize;
    const x = new Float64Array(B * D);
    for (let b = 0; b < B; b++) {
      const o = obs[b];
      const v = o instanceof Float64Array ? o : o.observation;
      if (v.length !== D) throw new ConfigError('obs', v.length, `MlpPolicy expects vectors of length ${D}`);
      x.set(v, b * D);
    }
    const xt = Tensor.from(x, [B, D]);
    const value = reshape(this.critic.forward(xt), [B]);
    const a = this.actor.forward(xt);
    const head: PolicyHead = this.kind === 'categorical' ? { kind: 'categorical', logits: a } : { kind: 'gaussian', mean: a, logStd: this.logStd! };
    return { head, value };
  }
}
