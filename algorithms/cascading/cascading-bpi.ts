/**
 * CascadingBPI: best-policy identification in cascading MDPs with a stopping rule. The paper's
 * exploration objective and threshold were not available; this is the spec's structural
 * reconstruction [R], with our choices written here.
 *
 * Each episode k (L_k = log(S·N·H·k(k+1)/δ), anytime via a union bound over k):
 * 1. Empirical plan: V̂, π̂ = BestPerm backward induction on (q̂, r, p̂), unvisited items treated as
 *    q̂ = 0 (never clicked so far) and unvisited transitions as contributing r only.
 * 2. Uncertainty G_h(s) by backward induction with BestPerm, using q̄ (as in CascadingVI) as the
 *    attraction and the per-item "value"
 *      g_h(s,a) = min(R, R·c·b_q(s,a)/q̄(s,a) + c·b_p(s,a) + p̂·G_{h+1}),   R = H − h,
 *    so that q̄·g charges R per unit of attraction uncertainty plus the transition bonus (with
 *    Var_p̂(V̂_{h+1})) and the propagated uncertainty; unvisited pairs get g = R, q̄ = 1; ⊥ has
 *    b_q = 0. G_h(s) ← min(G_h(s), R), G_H ≡ 0.
 * 3. If Σ_s init(s) G_0(s) ≤ ε, stop and output π̂ (constant factor 1). Otherwise play the
 *    G-maximising lists and update the counts with the partial feedback.
 */
import type { Transition } from '../../agents/agent.js';
import type { ListPolicy } from '../../envs/recsys/types.js';
import { BestPerm } from './bestperm.js';
import {
  BPI_DEFAULTS,
  attractionBonus,
  feedbackOf,
  initialUncertainty,
  resolveConfig,
  transitionBonus,
  type BPIConfig,
  type CascadingLearner,
  type ProblemInfo,
} from './common.js';
import { CascadeStats } from './stats.js';

/** CascadingBPI's options: those of every BPI learner. */
export type CascadingBPIConfig = BPIConfig;

export const CASCADING_BPI_DEFAULTS: CascadingBPIConfig = BPI_DEFAULTS;

export class CascadingBPI implements CascadingLearner {
  readonly name = 'CascadingBPI';
  readonly config: CascadingBPIConfig;
  readonly stats: CascadeStats;
  /** Empirical values V̂ and uncertainty G of the current episode (`[h*S + s]`). */
  readonly Vhat: Float64Array;
  readonly G: Float64Array;
  /** Episodes started so far. */
  episode = 0;
  private done = false;
  private readonly bp: BestPerm;
  private readonly explore: Int32Array[];
  private readonly greedy: Int32Array[];
  private readonly qv: Float64Array;
  private readonly wv: Float64Array;

  constructor(
    readonly info: ProblemInfo,
    config: Partial<CascadingBPIConfig> = {},
    /** Initial-state distribution used by the stopping rule (length S). */
    readonly init: Float64Array,
  ) {
    this.config = resolveConfig(CASCADING_BPI_DEFAULTS, config);
    const { S, N, H, m } = info;
    this.stats = new CascadeStats(S, N);
    this.bp = new BestPerm(N, m, info.exactLen);
    this.Vhat = new Float64Array((H + 1) * S);
    this.G = new Float64Array((H + 1) * S);
    this.explore = new Array(H * S);
    this.greedy = new Array(H * S);
    this.qv = new Float64Array(N);
    this.wv = new Float64Array(N + 1);
  }

  stopped(): boolean {
    return this.done;
  }

  /** Σ_s init(s) G_0(s) of the current episode. */
  uncertainty(): number {
    return initialUncertainty(this.init, this.G, this.info.S);
  }

  onEpisodeStart(): void {
    if (this.done) return;
    this.episode++;
    const { S, N, H } = this.info;
    const { stats: st, bp, qv, wv, Vhat, G } = this;
    const c = this.config.bonusScale;
    const k = this.episode;
    const L = Math.log((S * N * H * k * (k + 1)) / this.config.delta);
    for (let h = H - 1; h >= 0; h--) {
      const R = H - h;
      const next = (h + 1) * S;
      for (let s = 0; s < S; s++) {
        // 1. empirical plan
        for (let a = 0; a <= N; a++) {
          const row = s * (N + 1) + a;
          let acc = a === N ? 0 : this.info.r !== null ? this.info.r[s * N + a] : st.rHat[s * N + a];
          for (let t = 0; t < S; t++) acc += st.pHat[row * S + t] * Vhat[next + t];
          wv[a] = acc;
        }
        Vhat[h * S + s] = bp.solve(st.qHat, s * N, wv, wv[N]);
        this.greedy[h * S + s] = bp.lastList();
        // 2. uncertainty
        for (let a = 0; a <= N; a++) {
          const row = s * (N + 1) + a;
          let bq = 0;
          if (a < N) {
            const nq = st.nq[s * N + a];
            bq = nq === 0 ? 1 : Math.min(1, c * attractionBonus(st.qHat[s * N + a], nq, L));
            qv[a] = nq === 0 ? 1 : Math.min(1, st.qHat[s * N + a] + bq);
          }
          const n = st.np[row];
          if (n === 0) {
            wv[a] = R;
            continue;
          }
          let pv = 0;
          let p2 = 0;
          let pg = 0;
          for (let t = 0; t < S; t++) {
            const pt = st.pHat[row * S + t];
            pv += pt * Vhat[next + t];
            p2 += pt * Vhat[next + t] * Vhat[next + t];
            pg += pt * G[next + t];
          }
          const bp_ = c * transitionBonus(Math.max(0, p2 - pv * pv), n, L, H);
          const bqTerm = a < N && qv[a] > 0 ? (R * bq) / qv[a] : 0;
          wv[a] = Math.min(R, bqTerm + bp_ + pg);
        }
        G[h * S + s] = Math.min(R, bp.solve(qv, 0, wv, wv[N]));
        this.explore[h * S + s] = bp.lastList();
      }
    }
    // 3. stopping rule
    if (this.uncertainty() <= this.config.epsilon) this.done = true;
  }

  currentPolicy(): ListPolicy {
    return { H: this.info.H, S: this.info.S, lists: this.done ? this.greedy : this.explore };
  }

  /** The output policy π̂ (greedy on the empirical model of the last episode). */
  outputPolicy(): ListPolicy {
    return { H: this.info.H, S: this.info.S, lists: this.greedy };
  }

  act(obs: Int32Array): Int32Array {
    return this.currentPolicy().lists[obs[0] * this.info.S + obs[1]];
  }

  observe(t: Transition<Int32Array, Int32Array>): void {
    if (!this.done) this.stats.update(t.action, feedbackOf(t));
  }
}
