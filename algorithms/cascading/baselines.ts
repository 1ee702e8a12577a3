/**
 * Reference policies for cascading MDPs (spec §b "also include"):
 * - `OptimalPolicy`: plans once with the true model (BestPerm backward induction); zero regret.
 * - `UniformRandom`: a uniformly random list (over all of 𝒜) in every (h, s). Since each step h
 *   is visited once per episode, drawing one list per (h, s) at the episode start is the same in
 *   distribution as drawing at each step; the drawn policy's exact value is then an unbiased
 *   estimate of the random policy's value.
 * - `MyopicBandit`: a cascading bandit (CascadeUCB-style) per state, maximising the immediate
 *   click reward Σ Π(1−q̄) q̄ r with optimistic q̄ (CascadingVI's attraction bonus) and ignoring
 *   V_{h+1}; unknown rewards are optimistic (1) until the first click.
 * - `EpsGreedyPlugin`: plans on the empirical model (unvisited pairs optimistic: q = 1, w = R, as
 *   CascadingVI with zero bonus) and, in episode k, plays a uniformly random policy (drawn as in
 *   `UniformRandom`) with probability ε_k = min(1, ε₀/√k).
 */
import { ConfigError } from '../../envs/core/errors.js';
import { createRng, type Rng, type Seed } from '../../envs/core/rng.js';
import type { Transition } from '../../agents/agent.js';
import { ItemList } from '../../envs/recsys/space.js';
import type { CascadingModel, ListPolicy } from '../../envs/recsys/types.js';
import { BestPerm } from './bestperm.js';
import { CascadingVI } from './cascading-vi.js';
import { attractionBonus, feedbackOf, type CascadingLearner, type ProblemInfo } from './common.js';
import { planWithModel } from './planning.js';
import { CascadeStats } from './stats.js';

export class OptimalPolicy implements CascadingLearner {
  readonly name = 'Optimal';
  private readonly policy: ListPolicy;

  constructor(model: CascadingModel) {
    this.policy = planWithModel(model).policy;
  }

  onEpisodeStart(): void {}

  currentPolicy(): ListPolicy {
    return this.policy;
  }

  act(obs: Int32Array): Int32Array {
    return this.policy.lists[obs[0] * this.policy.S + obs[1]];
  }
}

/** Draws a uniformly random list for every (h, s) into `lists`. */
function drawRandomPolicy(space: ItemList, rng: Rng, lists: Int32Array[]): void {
  for (let i = 0; i < lists.length; i++) lists[i] = space.sample(rng);
}

export class UniformRandom implements CascadingLearner {
  readonly name = 'UniformRandom';
  private readonly space: ItemList;
  private readonly rng: Rng;
  private readonly lists: Int32Array[];

  constructor(
    readonly info: ProblemInfo,
    seed: Seed,
  ) {
    this.space = new ItemList(info.N, info.m, info.exactLen);
    this.rng = createRng(seed);
    this.lists = new Array(info.H * info.S);
  }

  onEpisodeStart(): void {
    drawRandomPolicy(this.space, this.rng, this.lists);
  }

  currentPolicy(): ListPolicy {
    return { H: this.info.H, S: this.info.S, lists: this.lists };
  }

  act(obs: Int32Array): Int32Array {
    return this.lists[obs[0] * this.info.S + obs[1]];
  }
}

export interface MyopicBanditConfig {
  /** Confidence δ of L = log(S·N·H·K/δ). */
  delta: number;
  /** Planned number of episodes K. */
  episodes: number;
}

export class MyopicBandit implements CascadingLearner {
  readonly name = 'MyopicBandit';
  readonly config: MyopicBanditConfig;
  readonly stats: CascadeStats;
  private readonly L: number;
  private readonly bp: BestPerm;
  private readonly qBar: Float64Array;
  private readonly w: Float64Array;
  private readonly perState: Int32Array[];

  constructor(
    readonly info: ProblemInfo,
    config: Partial<MyopicBanditConfig> = {},
  ) {
    this.config = { delta: 0.05, episodes: 10_000, ...config };
    if (!(this.config.delta > 0 && this.config.delta < 1)) throw new ConfigError('delta', this.config.delta, 'must be in (0, 1)');
    const { S, N, H, m } = info;
    this.stats = new CascadeStats(S, N);
    this.L = Math.log((S * N * H * this.config.episodes) / this.config.delta);
    this.bp = new BestPerm(N, m, info.exactLen);
    this.qBar = new Float64Array(N);
    this.w = new Float64Array(N);
    this.perState = new Array(S);
  }

  onEpisodeStart(): void {
    const { S, N } = this.info;
    const st = this.stats;
    for (let s = 0; s < S; s++) {
      for (let a = 0; a < N; a++) {
        const k = s * N + a;
        const n = st.nq[k];
        this.qBar[a] = n === 0 ? 1 : Math.min(1, st.qHat[k] + attractionBonus(st.qHat[k], n, this.L));
        this.w[a] = this.info.r !== null ? this.info.r[k] : st.np[s * (N + 1) + a] > 0 ? st.rHat[k] : 1;
      }
      this.bp.solve(this.qBar, 0, this.w, 0);
      this.perState[s] = this.bp.lastList();
    }
  }

  currentPolicy(): ListPolicy {
    const { H, S } = this.info;
    return { H, S, lists: Array.from({ length: H * S }, (_, i) => this.perState[i % S]) };
  }

  act(obs: Int32Array): Int32Array {
    return this.perState[obs[1]];
  }

  observe(t: Transition<Int32Array, Int32Array>): void {
    this.stats.update(t.action, feedbackOf(t));
  }
}

export interface EpsGreedyConfig {
  /** ε₀ of the schedule ε_k = min(1, ε₀/√k). */
  epsilon0: number;
}

export class EpsGreedyPlugin implements CascadingLearner {
  readonly name = 'EpsGreedyPlugin';
  readonly config: EpsGreedyConfig;
  private readonly greedy: CascadingVI;
  private readonly space: ItemList;
  private readonly rng: Rng;
  private readonly randomLists: Int32Array[];
  private episode = 0;
  private exploring = false;

  constructor(
    readonly info: ProblemInfo,
    config: Partial<EpsGreedyConfig>,
    seed: Seed,
  ) {
    this.config = { epsilon0: 1, ...config };
    if (!(this.config.epsilon0 >= 0)) throw new ConfigError('epsilon0', this.config.epsilon0, 'must be ≥ 0');
    this.greedy = new CascadingVI(info, { bonusScale: 0 });
    this.space = new ItemList(info.N, info.m, info.exactLen);
    this.rng = createRng(seed);
    this.randomLists = new Array(info.H * info.S);
  }

  onEpisodeStart(): void {
    this.episode++;
    this.exploring = this.rng() < Math.min(1, this.config.epsilon0 / Math.sqrt(this.episode));
    if (this.exploring) drawRandomPolicy(this.space, this.rng, this.randomLists);
    else this.greedy.onEpisodeStart();
  }

  currentPolicy(): ListPolicy {
    return this.exploring ? { H: this.info.H, S: this.info.S, lists: this.randomLists } : this.greedy.currentPolicy();
  }

  act(obs: Int32Array): Int32Array {
    return this.currentPolicy().lists[obs[0] * this.info.S + obs[1]];
  }

  observe(t: Transition<Int32Array, Int32Array>): void {
    this.greedy.observe(t);
  }
}
