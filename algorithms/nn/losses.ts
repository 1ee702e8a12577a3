/**
 * Regression losses, mean-reduced over all elements (PyTorch `reduction='mean'`). The target
 * is a constant (no gradient flows into it); pass `detach()`ed TD targets.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { Tensor } from './tensor.js';

function checkSizes(name: string, pred: Tensor, target: Tensor | Float64Array): Float64Array {
  const t = target instanceof Tensor ? target.data : target;
  if (t.length !== pred.size) throw new ConfigError(name, [pred.shape, t.length], 'prediction and target sizes differ');
  return t;
}

/** mean((pred − target)²). */
export function mseLoss(pred: Tensor, target: Tensor | Float64Array): Tensor {
  const t = checkSizes('mseLoss', pred, target);
  const n = pred.size;
  const p = pred.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i] - t[i];
    s += d * d;
  }
  const out: Tensor = Tensor.result(Float64Array.of(s / n), [1], [pred], () => {
    const g = (out.grad![0] * 2) / n;
    const gp = pred.gradBuffer();
    for (let i = 0; i < n; i++) gp[i] += g * (p[i] - t[i]);
  });
  return out;
}

/**
 * Huber (smooth-L1 with threshold δ, PyTorch `HuberLoss`): ½d² for |d| ≤ δ, δ(|d| − ½δ) otherwise,
 * averaged. δ = 1 is DQN's usual choice.
 */
export function huberLoss(pred: Tensor, target: Tensor | Float64Array, delta = 1): Tensor {
  if (!(delta > 0)) throw new ConfigError('delta', delta, 'must be > 0');
  const t = checkSizes('huberLoss', pred, target);
  const n = pred.size;
  const p = pred.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i] - t[i];
    const a = Math.abs(d);
    s += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
  }
  const out: Tensor = Tensor.result(Float64Array.of(s / n), [1], [pred], () => {
    const g = out.grad![0] / n;
    const gp = pred.gradBuffer();
    for (let i = 0; i < n; i++) {
      const d = p[i] - t[i];
      gp[i] += g * (d > delta ? delta : d < -delta ? -delta : d);
    }
  });
  return out;
}
