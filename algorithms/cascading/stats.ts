/**
 * Per-(state, item) statistics of the cascading learners, updated with exactly the partial
 * feedback of a step (spec §a): attraction outcomes for positions 0..clickPos (all positions when
 * nothing is clicked) and one transition sample for the chosen item (clicked item or ⊥ = index N).
 * Means are kept incrementally (x̄ += (x − x̄)/n), so a statistics object can also hold a known
 * model with infinite counts (`CascadeStats.fromModel`), where updates leave the means unchanged.
 */
import type { CascadeFeedback, CascadingModel } from '../../envs/recsys/types.js';

export class CascadeStats {
  /** n_q(s,a): attraction observations, length S·N. */
  readonly nq: Float64Array;
  /** q̂(s,a): mean attraction outcome, length S·N. */
  readonly qHat: Float64Array;
  /** n_p(s,a): transitions observed from (s,a), a = N is ⊥; length S·(N+1). */
  readonly np: Float64Array;
  /** p̂(s'|s,a), length S·(N+1)·S (rows with n_p = 0 are all zero). */
  readonly pHat: Float64Array;
  /** r̂(s,a): mean observed click reward (exact after one click for deterministic rewards), length S·N. */
  readonly rHat: Float64Array;

  constructor(
    readonly S: number,
    readonly N: number,
  ) {
    this.nq = new Float64Array(S * N);
    this.qHat = new Float64Array(S * N);
    this.np = new Float64Array(S * (N + 1));
    this.pHat = new Float64Array(S * (N + 1) * S);
    this.rHat = new Float64Array(S * N);
  }

  /** Statistics equal to the true model with infinite counts (zero bonuses). */
  static fromModel(model: CascadingModel): CascadeStats {
    const st = new CascadeStats(model.S, model.N);
    st.nq.fill(Infinity);
    st.np.fill(Infinity);
    st.qHat.set(model.q);
    st.pHat.set(model.p);
    st.rHat.set(model.r);
    return st;
  }

  /** Records the feedback of showing `list` (the partial-feedback rule). */
  update(list: ArrayLike<number>, fb: CascadeFeedback): void {
    const { S, N } = this;
    const s = fb.state;
    for (let i = 0; i < fb.examined; i++) {
      const k = s * N + list[i];
      const n = ++this.nq[k];
      const x = i === fb.clickPos ? 1 : 0;
      this.qHat[k] += (x - this.qHat[k]) / n;
    }
    const row = s * (N + 1) + fb.item;
    const n = ++this.np[row];
    const off = row * S;
    for (let t = 0; t < S; t++) this.pHat[off + t] += ((t === fb.nextState ? 1 : 0) - this.pHat[off + t]) / n;
    if (fb.item < N) this.rHat[s * N + fb.item] += (fb.reward - this.rHat[s * N + fb.item]) / n;
  }
}
