import { describe, expect, it } from 'vitest';
import {
  Adam,
  RmsProp,
  Tensor,
  clipGradNorm,
  constantSchedule,
  cosineSchedule,
  linearSchedule,
} from '../../../algorithms/nn/index.js';

function paramWithGrad(values: number[], grads: number[]): Tensor {
  const p = Tensor.param(Float64Array.from(values), [values.length]);
  p.gradBuffer().set(grads);
  return p;
}

describe('Adam (PyTorch semantics)', () => {
  it('two steps by hand, including bias correction and ε outside the square root', () => {
    const p = paramWithGrad([1, -2], [0.5, -0.1]);
    const opt = new Adam([p], { lr: 0.1, eps: 1e-3 });
    opt.step();
    // t=1: m = 0.1g, v = 0.001g², m̂ = g, √v̂ = |g| → Δ = lr·g/(|g| + ε)
    expect(p.data[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-3), 15);
    expect(p.data[1]).toBeCloseTo(-2 + (0.1 * 0.1) / (0.1 + 1e-3), 15);
    p.gradBuffer().set([0.2, 0.3]);
    const before = p.data[0];
    opt.step();
    // t=2, element 0: m = 0.9·0.05 + 0.1·0.2 = 0.065; v = 0.999·0.00025 + 0.001·0.04 = 0.00028975
    const mHat = 0.065 / (1 - 0.81);
    const vHat = 0.00028975 / (1 - 0.998001);
    expect(p.data[0]).toBeCloseTo(before - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-3), 14);
    expect(opt.t).toBe(2);
  });

  it('state round-trips through JSON', () => {
    const p = paramWithGrad([1, 2], [0.3, -0.2]);
    const q = paramWithGrad([1, 2], [0.3, -0.2]);
    const a = new Adam([p], { lr: 0.01 });
    a.step();
    const b = new Adam([q], { lr: 0.5 });
    q.data.set(p.data);
    b.loadState(JSON.parse(JSON.stringify(a.state())));
    a.step();
    b.step();
    expect(Array.from(q.data)).toEqual(Array.from(p.data));
  });
});

describe('RMSProp (PyTorch semantics, α = 0.99)', () => {
  it('two steps by hand', () => {
    const p = paramWithGrad([1, -2], [0.5, -0.1]);
    const opt = new RmsProp([p], { lr: 0.01, eps: 1e-5 });
    opt.step();
    // v = 0.01g² → Δ = lr·g/(0.1|g| + ε)
    expect(p.data[0]).toBeCloseTo(1 - (0.01 * 0.5) / (Math.sqrt(0.01 * 0.25) + 1e-5), 15);
    p.gradBuffer().set([0.2, 0.3]);
    const before = p.data[0];
    opt.step();
    const v = 0.99 * 0.0025 + 0.01 * 0.04;
    expect(p.data[0]).toBeCloseTo(before - (0.01 * 0.2) / (Math.sqrt(v) + 1e-5), 15);
  });
});

describe('clipGradNorm', () => {
  it('scales to the max norm and returns the norm before clipping', () => {
    const a = paramWithGrad([0], [3]);
    const b = paramWithGrad([0, 0], [0, 4]);
    expect(clipGradNorm([a, b], 10)).toBe(5);
    expect(a.grad![0]).toBe(3);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expect(a.grad![0]).toBeCloseTo(3 / (5 + 1e-6), 15);
    expect(b.grad![1]).toBeCloseTo(4 / (5 + 1e-6), 15);
  });
});

describe('schedules', () => {
  it('constant, linear, cosine', () => {
    expect(constantSchedule(0.3)(1000)).toBe(0.3);
    const lin = linearSchedule(1, 0.1, 10);
    expect([lin(0), lin(5), lin(10), lin(20)].map((x) => +x.toFixed(12))).toEqual([1, 0.55, 0.1, 0.1]);
    const cos = cosineSchedule(1, 0, 10);
    expect(cos(0)).toBe(1);
    expect(cos(5)).toBeCloseTo(0.5, 15);
    expect(cos(10)).toBe(0);
    expect(cos(2.5)).toBeCloseTo(0.5 * (1 + Math.SQRT1_2), 15);
  });
});

describe('SIMD and JS optimiser updates', () => {
  it('are bit-identical (Adam, RMSProp; odd total size, several steps)', () => {
    let seed = 1;
    const rnd = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const make = (): Tensor[] => [Tensor.param(new Float64Array(7), [7]), Tensor.param(new Float64Array(12), [3, 4])];
    for (const kind of ['adam', 'rmsprop'] as const) {
      const a = make();
      const b = make();
      const opt = (ps: Tensor[], simd: boolean) =>
        kind === 'adam' ? new Adam(ps, { lr: 0.01, simd }) : new RmsProp(ps, { lr: 0.01, eps: 1e-5, simd });
      const oa = opt(a, true);
      const ob = opt(b, false);
      for (let t = 0; t < 5; t++) {
        for (let k = 0; k < a.length; k++) {
          const g = Float64Array.from({ length: a[k].size }, rnd);
          a[k].gradBuffer().set(g);
          b[k].gradBuffer().set(g);
        }
        oa.step();
        ob.step();
      }
      for (let k = 0; k < a.length; k++) {
        expect(Array.from(a[k].data)).toEqual(Array.from(b[k].data));
        expect(a[k].data.some((x) => x !== 0)).toBe(true);
      }
      expect(JSON.stringify(oa.state())).toBe(JSON.stringify(ob.state()));
    }
  });
});
