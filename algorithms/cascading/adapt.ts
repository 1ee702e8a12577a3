/**
 * AdaptRM and AdaptBPI: the spec's baselines that treat every list as one atomic action of a
 * standard tabular MDP with |𝒜| = Σ_{ℓ≤m} N!/(N−ℓ)! actions. They use only the (reward, next
 * state) feedback of each list and share nothing between lists that contain the same item.
 * The base algorithms were not available [R]; ours:
 * - AdaptRM = UCBVI with Bernstein-style bonuses on the atomic MDP:
 *     Q̄_h(s,A) = min(R, r̂(s,A) + p̂(·|s,A)·V̄_{h+1} + c·(2√(2(Var r̂ + Var_p̂ V̄_{h+1})L/n) + 5HL/n)),
 *     unvisited (s,A): Q̄ = R; V̄_h(s) = max_A Q̄, ties (frequent at the clip R) to the least-tried
 *     list, L = log(S·|𝒜|·H·K/δ).
 * - AdaptBPI = the same bonus driving an uncertainty G_h(s) = max_A min(R, c·bonus(s,A) + p̂·G_{h+1})
 *   (variance of the empirical-model value V̂), stopping when Σ init·G_0 ≤ ε, output greedy on
 *   the empirical atomic model; L_k = log(S·|𝒜|·H·k(k+1)/δ).
 * Planning costs O(H·S·|𝒜|·S) per episode, i.e. Θ(N^m).
 */
import type { Transition } from '../../agents/agent.js';
import { enumerateLists } from '../../envs/recsys/cascade.js';
import type { ListPolicy } from '../../envs/recsys/types.js';
import {
  BPI_DEFAULTS,
  REGRET_DEFAULTS,
  feedbackOf,
  initialUncertainty,
  resolveConfig,
  type BPIConfig,
  type CascadingLearner,
  type ProblemInfo,
  type RegretConfig,
} from './common.js';

/** Per-(state, list) statistics of the atomic MDP. */
export class AtomicStats {
  /** Every list, index = atomic action. */
  readonly lists: Int32Array[];
  /** n(s,A), length S·|𝒜|. */
  readonly n: Float64Array;
  /** Mean and M2 (Welford) of the step reward, length S·|𝒜|. */
  readonly rMean: Float64Array;
  readonly rM2: Float64Array;
  /** p̂(s'|s,A), length S·|𝒜|·S. */
  readonly pHat: Float64Array;

  constructor(
    readonly info: ProblemInfo,
  ) {
    this.lists = enumerateLists(info.N, info.m, info.exactLen);
    const size = info.S * this.lists.length;
    this.n = new Float64Array(size);
    this.rMean = new Float64Array(size);
    this.rM2 = new Float64Array(size);
    this.pHat = new Float64Array(size * info.S);
  }

  get numActions(): number {
    return this.lists.length;
  }

  update(s: number, action: number, reward: number, next: number): void {
    const S = this.info.S;
    const k = s * this.lists.length + action;
    const n = ++this.n[k];
    const d = reward - this.rMean[k];
    this.rMean[k] += d / n;
    this.rM2[k] += d * (reward - this.rMean[k]);
    for (let t = 0; t < S; t++) this.pHat[k * S + t] += ((t === next ? 1 : 0) - this.pHat[k * S + t]) / n;
  }

  /** Bernstein-style bonus of (s,A) given the value vector V[vOff..vOff+S) (n > 0). */
  bonus(k: number, V: Float64Array, vOff: number, L: number, out: { pv: number }): number {
    const S = this.info.S;
    const n = this.n[k];
    let pv = 0;
    let p2 = 0;
    for (let t = 0; t < S; t++) {
      const pt = this.pHat[k * S + t];
      pv += pt * V[vOff + t];
      p2 += pt * V[vOff + t] * V[vOff + t];
    }
    out.pv = pv;
    const varR = n > 1 ? this.rM2[k] / n : 0;
    return 2 * Math.sqrt((2 * (varR + Math.max(0, p2 - pv * pv)) * L) / n) + (5 * this.info.H * L) / n;
  }
}

/** AdaptRM's options: those of every regret learner. */
export type AdaptRMConfig = RegretConfig;

export const ADAPT_RM_DEFAULTS: AdaptRMConfig = REGRET_DEFAULTS;

export class AdaptRM implements CascadingLearner {
  readonly name = 'AdaptRM';
  readonly config: AdaptRMConfig;
  readonly stats: AtomicStats;
  readonly Vbar: Float64Array;
  private readonly L: number;
  private readonly choice: Int32Array;
  private readonly tmp = { pv: 0 };

  constructor(
    readonly info: ProblemInfo,
    config: Partial<AdaptRMConfig> = {},
  ) {
    this.config = resolveConfig(ADAPT_RM_DEFAULTS, config);
    const { delta, episodes } = this.config;
    this.stats = new AtomicStats(info);
    this.L = Math.log((info.S * this.stats.numActions * info.H * episodes) / delta);
    this.Vbar = new Float64Array((info.H + 1) * info.S);
    this.choice = new Int32Array(info.H * info.S);
  }

  onEpisodeStart(): void {
    const { S, H } = this.info;
    const st = this.stats;
    const nA = st.numActions;
    const c = this.config.bonusScale;
    for (let h = H - 1; h >= 0; h--) {
      const R = H - h;
      for (let s = 0; s < S; s++) {
        let best = -Infinity;
        let bestN = Infinity;
        let arg = 0;
        for (let A = 0; A < nA; A++) {
          const k = s * nA + A;
          let q = R;
          if (st.n[k] > 0) {
            const b = st.bonus(k, this.Vbar, (h + 1) * S, this.L, this.tmp);
            q = Math.min(R, st.rMean[k] + this.tmp.pv + c * b);
          }
          // Ties (frequent at the clip R) go to the least-tried list.
          if (q > best || (q === best && st.n[k] < bestN)) {
            best = q;
            bestN = st.n[k];
            arg = A;
          }
        }
        this.Vbar[h * S + s] = best;
        this.choice[h * S + s] = arg;
      }
    }
  }

  currentPolicy(): ListPolicy {
    return { H: this.info.H, S: this.info.S, lists: Array.from(this.choice, (A) => this.stats.lists[A]) };
  }

  act(obs: Int32Array): Int32Array {
    return this.stats.lists[this.choice[obs[0] * this.info.S + obs[1]]];
  }

  observe(t: Transition<Int32Array, Int32Array>): void {
    const fb = feedbackOf(t);
    this.stats.update(fb.state, this.choice[t.obs[0] * this.info.S + t.obs[1]], t.reward, fb.nextState);
  }
}

/** AdaptBPI's options: those of every BPI learner. */
export type AdaptBPIConfig = BPIConfig;

export const ADAPT_BPI_DEFAULTS: AdaptBPIConfig = BPI_DEFAULTS;

export class AdaptBPI implements CascadingLearner {
  readonly name = 'AdaptBPI';
  readonly config: AdaptBPIConfig;
  readonly stats: AtomicStats;
  readonly Vhat: Float64Array;
  readonly G: Float64Array;
  episode = 0;
  private done = false;
  private readonly explore: Int32Array;
  private readonly greedy: Int32Array;
  private readonly tmp = { pv: 0 };

  constructor(
    readonly info: ProblemInfo,
    config: Partial<AdaptBPIConfig> = {},
    /** Initial-state distribution used by the stopping rule. */
    readonly init: Float64Array,
  ) {
    this.config = resolveConfig(ADAPT_BPI_DEFAULTS, config);
    this.stats = new AtomicStats(info);
    this.Vhat = new Float64Array((info.H + 1) * info.S);
    this.G = new Float64Array((info.H + 1) * info.S);
    this.explore = new Int32Array(info.H * info.S);
    this.greedy = new Int32Array(info.H * info.S);
  }

  stopped(): boolean {
    return this.done;
  }

  uncertainty(): number {
    return initialUncertainty(this.init, this.G, this.info.S);
  }

  onEpisodeStart(): void {
    if (this.done) return;
    this.episode++;
    const { S, H } = this.info;
    const st = this.stats;
    const nA = st.numActions;
    const c = this.config.bonusScale;
    const k = this.episode;
    const L = Math.log((S * nA * H * k * (k + 1)) / this.config.delta);
    for (let h = H - 1; h >= 0; h--) {
      const R = H - h;
      const next = (h + 1) * S;
      for (let s = 0; s < S; s++) {
        let bestV = -Infinity;
        let argV = 0;
        let bestG = -Infinity;
        let argG = 0;
        for (let A = 0; A < nA; A++) {
          const key = s * nA + A;
          let v = 0;
          let g = R;
          if (st.n[key] > 0) {
            const b = st.bonus(key, this.Vhat, next, L, this.tmp);
            v = st.rMean[key] + this.tmp.pv;
            let pg = 0;
            for (let t = 0; t < S; t++) pg += st.pHat[key * S + t] * this.G[next + t];
            g = Math.min(R, c * b + pg);
          }
          if (v > bestV) {
            bestV = v;
            argV = A;
          }
          if (g > bestG || (g === bestG && st.n[key] < st.n[s * nA + argG])) {
            bestG = g;
            argG = A;
          }
        }
        this.Vhat[h * S + s] = bestV;
        this.greedy[h * S + s] = argV;
        this.G[h * S + s] = bestG;
        this.explore[h * S + s] = argG;
      }
    }
    if (this.uncertainty() <= this.config.epsilon) this.done = true;
  }

  private policyOf(choice: Int32Array): ListPolicy {
    return { H: this.info.H, S: this.info.S, lists: Array.from(choice, (A) => this.stats.lists[A]) };
  }

  currentPolicy(): ListPolicy {
    return this.policyOf(this.done ? this.greedy : this.explore);
  }

  outputPolicy(): ListPolicy {
    return this.policyOf(this.greedy);
  }

  act(obs: Int32Array): Int32Array {
    const choice = this.done ? this.greedy : this.explore;
    return this.stats.lists[choice[obs[0] * this.info.S + obs[1]]];
  }

  observe(t: Transition<Int32Array, Int32Array>): void {
    if (this.done) return;
    const fb = feedbackOf(t);
    this.stats.update(fb.state, this.explore[t.obs[0] * this.info.S + t.obs[1]], t.reward, fb.nextState);
  }
}
