/**
 * CascadingRec-v0: cascading-MDP recommendation (Du, Srikant & Chen, ICLR 2024; spec
 * `shared/specs/cascading.md`).
 *
 * Description: a user in one of S states is shown an ordered list of distinct items. The user
 *   scans it top-down; item a attracts independently with probability q(s,a) and the first
 *   attractive item is clicked, paying r(s,a) and moving the user to s' ~ p(·|s,a). If nothing
 *   attracts, the fallback ⊥ is "selected": reward 0 and s' ~ p(·|s,⊥). Exactly one transition
 *   happens per step. Parameters are stationary across steps (time-homogeneous).
 * Observation: Int32Array [h, s] in MultiDiscrete([H+1, S]): the step index h (0-based; H after
 *   the last step) and the user state.
 * Action: `ItemList(N, m)` (see `space.ts`): an Int32Array of 1..m distinct item indices
 *   (exactly m with `exactLen`). A repeated or unknown item, an empty list or one longer than m
 *   is an `InvalidActionError` that says which.
 * Reward: r(s, clicked item), or 0 when nothing is clicked.
 * Feedback: `info.feedback` is a `CascadeFeedback` holding exactly the spec's partial feedback:
 *   the click position (attractions of positions 0..clickPos observed; all positions, as zeros,
 *   when nothing is clicked; later positions unobserved) and the next state of the chosen item.
 * Termination vs truncation: `terminated` after H steps (the finite horizon is the MDP's end);
 *   never truncated.
 * Arguments (registry options): `S`, `N`, `m`, `H`, `exactLen` (lists of exactly m items),
 *   `instance` (`synth`: SynthCascade with a good absorbing state, or `random`), `instanceSeed`
 *   (seed of the instance, independent of the episode seed), `initial` (`fixed` s_1 = 0 or
 *   `uniform`). Pass a ready `CascadingModel` (e.g. from `openBanditCascade`) to the class instead.
 * Version history: v0 (initial).
 *
 * @example
 * const env = make<Int32Array, Int32Array>('CascadingRec-v0', { N: 8, m: 3 });
 * let { obs } = env.reset({ seed: 1 });
 * const { reward, info } = env.step(Int32Array.of(2, 0, 5));
 */
import { BaseEnv, type Frame, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError, InvalidActionError } from '../core/errors.js';
import { MultiDiscrete } from '../core/spaces/multi-discrete.js';
import { cascadeStep, sampleIndex, validateModel } from './cascade.js';
import { randomCascade, synthCascade } from './generator.js';
import { ItemList } from './space.js';
import type { CascadeFeedback, CascadingModel } from './types.js';

export interface CascadingRecOptions {
  S: number;
  N: number;
  m: number;
  H: number;
  exactLen: boolean;
  instance: 'synth' | 'random';
  instanceSeed: number;
  initial: 'fixed' | 'uniform';
  [key: string]: string | number | boolean;
}

export const CASCADING_REC_DEFAULTS: CascadingRecOptions = {
  S: 9,
  N: 8,
  m: 3,
  H: 5,
  exactLen: false,
  instance: 'synth',
  instanceSeed: 0,
  initial: 'fixed',
};

/** Builds the model described by registry options. */
export function modelFromOptions(options: Partial<CascadingRecOptions>): CascadingModel {
  const o = { ...CASCADING_REC_DEFAULTS, ...options };
  const size = { S: o.S, N: o.N, m: o.m, H: o.H, exactLen: o.exactLen };
  if (o.instance === 'synth') return synthCascade({ ...size, seed: o.instanceSeed, initial: o.initial });
  if (o.instance === 'random') {
    if (o.initial !== 'fixed') throw new ConfigError('initial', o.initial, 'the random instance supports only "fixed"');
    return randomCascade(size, o.instanceSeed);
  }
  throw new ConfigError('instance', o.instance, 'expected "synth" or "random"');
}

export class CascadingRecEnv extends BaseEnv<Int32Array, Int32Array> {
  readonly model: CascadingModel;
  readonly observationSpace: MultiDiscrete;
  readonly actionSpace: ItemList;
  readonly metadata = { renderFps: 2, rewardRange: [0, 1] };

  private h = 0;
  private s = 0;
  private lastList: Int32Array | null = null;
  private lastFeedback: CascadeFeedback | null = null;

  constructor(source: Partial<CascadingRecOptions> | { model: CascadingModel } = {}) {
    super();
    this.model = 'model' in source ? (source.model as CascadingModel) : modelFromOptions(source);
    validateModel(this.model);
    this.observationSpace = new MultiDiscrete([this.model.H + 1, this.model.S]);
    this.actionSpace = new ItemList(this.model.N, this.model.m, this.model.exactLen);
  }

  protected override validateAction(action: Int32Array): void {
    const reason = this.actionSpace.invalidReason(action);
    if (reason !== null) throw new InvalidActionError(this.actionSpace.toString(), action, `${reason}; action space`);
  }

  protected resetState(): ResetResult<Int32Array> {
    this.h = 0;
    this.s = sampleIndex(this.rng, this.model.init, 0, this.model.S);
    this.lastList = null;
    this.lastFeedback = null;
    return { obs: Int32Array.of(this.h, this.s), info: {} };
  }

  protected stepState(action: Int32Array): StepResult<Int32Array> {
    const feedback = cascadeStep(this.model, this.s, action, this.rng);
    this.lastList = Int32Array.from(action);
    this.lastFeedback = feedback;
    this.s = feedback.nextState;
    this.h++;
    return { obs: Int32Array.of(this.h, this.s), reward: feedback.reward, terminated: this.h >= this.model.H, truncated: false, info: { feedback } };
  }

  renderFrame(): Frame {
    const fb = this.lastFeedback;
    return {
      env: 'CascadingRec',
      step: this.h,
      horizon: this.model.H,
      state: this.s,
      items: this.model.N,
      list: this.lastList === null ? [] : Array.from(this.lastList),
      clickPos: fb === null ? null : fb.clickPos,
      clickedItem: fb === null || fb.clickPos < 0 ? null : fb.item,
      reward: fb === null ? null : fb.reward,
    };
  }
}
