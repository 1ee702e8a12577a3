/**
 * PPO's clipped surrogate objective (Schulman et al. 2017) on one minibatch, as CleanRL's ppo.py:
 *   ρ = exp(log π_new(a|s) − log π_old(a|s))
 *   L_pg = mean(max(−Â·ρ, −Â·clip(ρ, 1 − ε, 1 + ε)))
 *   L_v  = ½·mean((V − R)²), or with value clipping
 *          ½·mean(max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²))
 *   L    = L_pg − c_ent·mean(H) + c_v·L_v
 * plus the diagnostics CleanRL logs: approx_kl = mean((ρ − 1) − log ρ) (Schulman's k3
 * estimator), old_approx_kl = mean(−log ρ), clipfrac = fraction with |ρ − 1| > ε.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { add, clamp, exp, maximum, mean, mul, scale, square, sub, Tensor } from '../nn/index.js';

export interface PpoLossInput {
  /** log π_θ(a|s) under the current parameters, `[B]` (differentiable). */
  newLogProb: Tensor;
  /** log π at collection time, `[B]`. */
  oldLogProb: Float64Array;
  /** Advantages Â (normalised beforehand if wanted), `[B]`. */
  advantages: Float64Array;
  /** Policy entropy per sample, `[B]` (differentiable). */
  entropy: Tensor;
  /** V_θ(s), `[B]` (differentiable). */
  newValue: Tensor;
  /** V at collection time, `[B]`. */
  oldValue: Float64Array;
  /** Critic targets R, `[B]`. */
  returns: Float64Array;
  /** Clip range ε of the ratio (and of the value change when `clipVloss`). */
  clipCoef: number;
  clipVloss: boolean;
  entCoef: number;
  vfCoef: number;
}

export interface PpoLossResult {
  /** The total loss to minimise (scalar tensor). */
  loss: Tensor;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  oldApproxKl: number;
  clipfrac: number;
}

export function ppoLoss(x: PpoLossInput): PpoLossResult {
  const B = x.newLogProb.size;
  for (const [name, n] of [['oldLogProb', x.oldLogProb.length], ['advantages', x.advantages.length], ['entropy', x.entropy.size], ['newValue', x.newValue.size], ['oldValue', x.oldValue.length], ['returns', x.returns.length]] as const) {
    if (n !== B) throw new ConfigError(name, n, `must have one entry per sample (${B})`);
  }
  if (!(x.clipCoef > 0)) throw new ConfigError('clipCoef', x.clipCoef, 'must be > 0');
  const c = x.clipCoef;
  const logRatio = sub(x.newLogProb, Tensor.from(x.oldLogProb, [B]));
  const ratio = exp(logRatio);
  const adv = Tensor.from(x.advantages, [B]);
  const pg1 = scale(mul(ratio, adv), -1);
  const pg2 = scale(mul(clamp(ratio, 1 - c, 1 + c), adv), -1);
  const pgLoss = mean(maximum(pg1, pg2));

  const ret = Tensor.from(x.returns, [B]);
  let vLoss: Tensor;
  if (x.clipVloss) {
    const oldV = Tensor.from(x.oldValue, [B]);
    const unclipped = square(sub(x.newValue, ret));
    const vClipped = add(clamp(sub(x.newValue, oldV), -c, c), oldV);
    vLoss = scale(mean(maximum(unclipped, square(sub(vClipped, ret)))), 0.5);
  } else {
    vLoss = scale(mean(square(sub(x.newValue, ret))), 0.5);
  }
  const ent = mean(x.entropy);
  const loss = add(add(pgLoss, scale(ent, -x.entCoef)), scale(vLoss, x.vfCoef));

  let approxKl = 0;
  let oldApproxKl = 0;
  let clipped = 0;
  for (let i = 0; i < B; i++) {
    const lr = logRatio.data[i];
    const r = ratio.data[i];
    approxKl += r - 1 - lr;
    oldApproxKl += -lr;
    if (Math.abs(r - 1) > c) clipped++;
  }
  return {
    loss,
    policyLoss: pgLoss.item(),
    valueLoss: vLoss.item(),
    entropy: ent.item(),
    approxKl: approxKl / B,
    oldApproxKl: oldApproxKl / B,
    clipfrac: clipped / B,
  };
}
