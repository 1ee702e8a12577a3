/**
 * Planning with a known cascading model (spec §b): for h = H-1..0 and each state s, compute the
 * continuation values w_h(s,·) for every item and ⊥ (O(N·S)), then
 * (V_h(s), π_h(s)) = BestPerm(q(s,·), w_h(s,·), w_h(s,⊥), m). Total O(H·S·N·(S + log N + m)).
 * Also the exact optimal value V*, and the myopic policy (BestPerm on q·r, ignoring V_{h+1}).
 */
import { itemValues } from '../../envs/recsys/cascade.js';
import type { CascadingModel, ListPolicy } from '../../envs/recsys/types.js';
import { BestPerm } from './bestperm.js';

export interface Plan {
  /** `V[h*S + s]` for h = 0..H (V_H ≡ 0). */
  V: Float64Array;
  policy: ListPolicy;
}

/** Optimal values and an optimal deterministic policy of a known model. */
export function planWithModel(model: CascadingModel): Plan {
  const { S, N, H, m } = model;
  const V = new Float64Array((H + 1) * S);
  const w = new Float64Array(N + 1);
  const bp = new BestPerm(N, m, model.exactLen);
  const lists: Int32Array[] = new Array(H * S);
  for (let h = H - 1; h >= 0; h--) {
    for (let s = 0; s < S; s++) {
      itemValues(model, s, V, (h + 1) * S, w);
      V[h * S + s] = bp.solve(model.q, s * N, w, w[N]);
      lists[h * S + s] = bp.lastList();
    }
  }
  return { V, policy: { H, S, lists } };
}

/**
 * The myopic policy: in every (h, s), the list maximising the expected immediate click reward
 * Σ Π(1−q) q r (BestPerm with w = r, w_⊥ = 0); the same list at every step.
 */
export function myopicPolicy(model: CascadingModel): ListPolicy {
  const { S, N, H, m } = model;
  const bp = new BestPerm(N, m, model.exactLen);
  const lists: Int32Array[] = new Array(H * S);
  for (let s = 0; s < S; s++) {
    bp.solve(model.q, s * N, model.r.subarray(s * N, (s + 1) * N), 0);
    const list = bp.lastList();
    for (let h = 0; h < H; h++) lists[h * S + s] = list;
  }
  return { H, S, lists };
}
