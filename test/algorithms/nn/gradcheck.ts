/** Central finite-difference gradient check shared by the nn tests. */
import { createRng, type Rng } from '../../../envs/core/rng.js';
import { noGrad, Tensor } from '../../../algorithms/nn/index.js';

/** Uniform values in ±[margin, margin + spread]: away from the kinks of relu/abs/clamp at 0. */
export function randomData(rng: Rng, n: number, margin = 0.1, spread = 1.5): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    out[i] = (rng() < 0.5 ? -1 : 1) * (margin + spread * u);
  }
  return out;
}

export function leaf(rng: Rng, shape: number[], margin = 0.1, spread = 1.5): Tensor {
  return Tensor.from(randomData(rng, shape.reduce((a, b) => a * b, 1), margin, spread), shape, true);
}

/**
 * Largest norm-wise relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over the
 * inputs, for the scalar L = Σ f(inputs) ⊙ R with a fixed random R.
 */
export function gradCheck(inputs: Tensor[], f: (xs: Tensor[]) => Tensor, h = 1e-5, seed = 99): number {
  const out0 = noGrad(() => f(inputs));
  const rng = createRng(seed);
  const R = new Float64Array(out0.size);
  for (let i = 0; i < R.length; i++) R[i] = rng() * 2 - 1;
  const lossOf = (): number => {
    const o = noGrad(() => f(inputs));
    let s = 0;
    for (let i = 0; i < R.length; i++) s += o.data[i] * R[i];
    return s;
  };
  for (const x of inputs) x.gradBuffer().fill(0);
  f(inputs).backward(R);
  let worst = 0;
  for (const x of inputs) {
    const analytic = Float64Array.from(x.grad!);
    let dn = 0;
    let na = 0;
    let nn = 0;
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i];
      x.data[i] = v + h;
      const lp = lossOf();
      x.data[i] = v - h;
      const lm = lossOf();
      x.data[i] = v;
      const num = (lp - lm) / (2 * h);
      dn += (num - analytic[i]) ** 2;
      na += analytic[i] ** 2;
      nn += num ** 2;
    }
    const denom = Math.max(Math.sqrt(na), Math.sqrt(nn));
    const err = denom === 0 ? 0 : Math.sqrt(dn) / denom;
    if (!(err <= worst)) worst = err;
  }
  return worst;
}
