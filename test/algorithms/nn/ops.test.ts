import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import * as nn from '../../../algorithms/nn/index.js';
import { Tensor } from '../../../algorithms/nn/index.js';
import { gradCheck, leaf } from './gradcheck.js';

const TOL = 1e-6;
const rng = createRng('ops');

describe('ops: gradients match central finite differences', () => {
  const cases: Array<[string, () => Tensor[], (xs: Tensor[]) => Tensor]> = [
    ['linear', () => [leaf(rng, [5, 7]), leaf(rng, [3, 7]), leaf(rng, [3])], ([x, w, b]) => nn.linear(x, w, b)],
    ['linear (no bias, 9 outputs)', () => [leaf(rng, [4, 6]), leaf(rng, [9, 6])], ([x, w]) => nn.linear(x, w, null)],
    ['linear on [2,3,5] input', () => [leaf(rng, [2, 3, 5]), leaf(rng, [4, 5]), leaf(rng, [4])], ([x, w, b]) => nn.linear(x, w, b)],
    ['matmul', () => [leaf(rng, [4, 6]), leaf(rng, [6, 5])], ([a, b]) => nn.matmul(a, b)],
    ['bmm (GEMM path)', () => [leaf(rng, [2, 9, 8]), leaf(rng, [2, 8, 10])], ([a, b]) => nn.bmm(a, b)],
    ['bmm', () => [leaf(rng, [3, 2, 5]), leaf(rng, [3, 5, 4])], ([a, b]) => nn.bmm(a, b)],
    ['add (same shape)', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.add(a, b)],
    ['add (row broadcast)', () => [leaf(rng, [3, 4]), leaf(rng, [4])], ([a, b]) => nn.add(a, b)],
    ['sub', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.sub(a, b)],
    ['mul (same shape)', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.mul(a, b)],
    ['mul (scalar broadcast)', () => [leaf(rng, [3, 4]), leaf(rng, [1])], ([a, b]) => nn.mul(a, b)],
    ['div (same shape)', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.div(a, b)],
    ['div (row broadcast)', () => [leaf(rng, [3, 4]), leaf(rng, [4])], ([a, b]) => nn.div(a, b)],
    ['sqrt', () => [leaf(rng, [4, 5])], ([a]) => nn.sqrt(nn.abs(a))],
    ['minimum', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.minimum(a, b)],
    ['maximum', () => [leaf(rng, [3, 4]), leaf(rng, [3, 4])], ([a, b]) => nn.maximum(a, b)],
    ['scale', () => [leaf(rng, [3, 4])], ([a]) => nn.scale(a, -2.5)],
    ['addScalar', () => [leaf(rng, [3, 4])], ([a]) => nn.addScalar(a, 0.7)],
    ['relu', () => [leaf(rng, [4, 5])], ([a]) => nn.relu(a)],
    ['leakyRelu', () => [leaf(rng, [4, 5])], ([a]) => nn.leakyRelu(a, 0.1)],
    ['elu', () => [leaf(rng, [4, 5])], ([a]) => nn.elu(a, 1.3)],
    ['tanh', () => [leaf(rng, [4, 5])], ([a]) => nn.tanh(a)],
    ['sigmoid', () => [leaf(rng, [4, 5])], ([a]) => nn.sigmoid(a)],
    ['abs', () => [leaf(rng, [4, 5])], ([a]) => nn.abs(a)],
    ['exp', () => [leaf(rng, [4, 5])], ([a]) => nn.exp(a)],
    ['log', () => [leaf(rng, [4, 5])], ([a]) => nn.log(nn.abs(a))],
    ['square', () => [leaf(rng, [4, 5])], ([a]) => nn.square(a)],
    ['clamp', () => [leaf(rng, [4, 5])], ([a]) => nn.clamp(a, -0.8 + 1e-3, 0.9 + 1e-3)],
    ['sum', () => [leaf(rng, [4, 5])], ([a]) => nn.sum(a)],
    ['mean', () => [leaf(rng, [4, 5])], ([a]) => nn.mean(a)],
    ['sumLast', () => [leaf(rng, [2, 3, 5])], ([a]) => nn.sumLast(a)],
    ['reshape', () => [leaf(rng, [4, 6])], ([a]) => nn.tanh(nn.reshape(a, [2, 12]))],
    ['concat', () => [leaf(rng, [3, 2]), leaf(rng, [3, 4]), leaf(rng, [3, 1])], (xs) => nn.concat(xs)],
    ['sliceCols', () => [leaf(rng, [3, 6])], ([a]) => nn.sliceCols(a, 1, 4)],
    ['maxLast', () => [leaf(rng, [4, 3])], ([a]) => nn.maxLast(a)],
    ['gather', () => [leaf(rng, [4, 3])], ([a]) => nn.gather(a, [2, 0, 1, 2])],
    ['indexRows', () => [leaf(rng, [4, 3])], ([a]) => nn.indexRows(a, Int32Array.of(3, 0, 3, 1, 2))],
    ['scatterRows sum', () => [leaf(rng, [5, 3])], ([a]) => nn.scatterRows(a, Int32Array.of(1, 0, 1, 3, 1), 4, 'sum')],
    ['scatterRows mean', () => [leaf(rng, [5, 3])], ([a]) => nn.scatterRows(a, Int32Array.of(1, 0, 1, 3, 1), 4, 'mean')],
    ['gruGates', () => [leaf(rng, [3, 12]), leaf(rng, [3, 12]), leaf(rng, [3, 4])], ([a, b, h]) => nn.gruGates(a, b, h)],
    ['mseLoss', () => [leaf(rng, [4, 3])], ([a]) => nn.mseLoss(a, Float64Array.from({ length: 12 }, (_, i) => Math.sin(i)))],
    [
      'huberLoss (both branches)',
      () => [leaf(rng, [4, 3])],
      ([a]) => nn.huberLoss(a, Float64Array.from({ length: 12 }, (_, i) => (i % 2) * 3 - 0.05), 0.5),
    ],
  ];
  for (const [name, make, f] of cases) {
    it(name, () => {
      expect(gradCheck(make(), f)).toBeLessThan(TOL);
    });
  }

  it('a tensor used twice accumulates both gradient paths', () => {
    const a = leaf(rng, [3, 3]);
    expect(gradCheck([a], ([x]) => nn.mul(nn.tanh(x), nn.add(x, x)))).toBeLessThan(TOL);
  });
});

describe('ops: values', () => {
  it('linear = x·Wᵀ + b by hand', () => {
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const w = Tensor.from([1, 0, 2, -1, 0.5, 0.5], [3, 2]);
    const b = Tensor.from([10, 20, 30], [3]);
    expect(Array.from(nn.linear(x, w, b).data)).toEqual([11, 20, 31.5, 13, 22, 33.5]);
  });

  it('bmm by hand, and matmul shape errors', () => {
    const a = Tensor.from([1, 2, 3, 4, 1, 0, 0, 1], [2, 2, 2]);
    const b = Tensor.from([5, 6, 7, 8, 2, 3, 4, 5], [2, 2, 2]);
    expect(Array.from(nn.bmm(a, b).data)).toEqual([19, 22, 43, 50, 2, 3, 4, 5]);
    expect(() => nn.matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))).toThrow(/inner dimensions/);
  });

  it('argmaxLast / maxLast pick the first maximum', () => {
    const a = Tensor.from([1, 3, 3, -1, -2, -0.5], [2, 3]);
    expect(Array.from(nn.argmaxLast(a))).toEqual([1, 2]);
    expect(Array.from(nn.maxLast(a).data)).toEqual([3, -0.5]);
  });

  it('bmm: inline (small) and GEMM (large) paths both follow the documented summation order', () => {
    for (const [n, k, m] of [[1, 3, 4], [9, 8, 10]]) {
      const a = Tensor.from(Float64Array.from({ length: 3 * n * k }, () => rng() - 0.5), [3, n, k]);
      const b = Tensor.from(Float64Array.from({ length: 3 * k * m }, () => rng() - 0.5), [3, k, m]);
      const y = nn.bmm(a, b);
      for (let t = 0; t < 3; t++) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < m; j++) {
            let c = 0;
            for (let q = 0; q < k; q++) c += a.data[t * n * k + i * k + q] * b.data[t * k * m + q * m + j];
            expect(y.data[t * n * m + i * m + j]).toBe(c);
          }
        }
      }
    }
  });

  it('scatterRows mean divides by in-degree and leaves isolated nodes at 0', () => {
    const m = Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]);
    const out = nn.scatterRows(m, Int32Array.of(0, 2, 0), 3, 'mean');
    expect(Array.from(out.data)).toEqual([3, 4, 0, 0, 3, 4]);
  });

  it('oneHot and concat helpers', () => {
    const o = nn.oneHot([2, 0], 3);
    expect(Array.from(o.data)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => nn.oneHot([3], 3)).toThrow(/oneHot/);
    const c = nn.concat([Tensor.from([1, 2], [2, 1]), o]);
    expect(c.shape).toEqual([2, 4]);
    expect(Array.from(c.data)).toEqual([1, 0, 0, 1, 2, 1, 0, 0]);
  });

  it('huber by hand: ½d² inside δ, δ(|d| − ½δ) outside', () => {
    const l = nn.huberLoss(Tensor.from([0.5, 3], [2]), Float64Array.of(0, 0), 1);
    expect(l.item()).toBeCloseTo((0.125 + 2.5) / 2, 14);
  });

  it('noGrad records no graph; backward on a non-scalar needs a seed', () => {
    const a = leaf(rng, [2, 2]);
    const y = nn.noGrad(() => nn.tanh(a));
    expect(y.requiresGrad).toBe(false);
    expect(() => nn.tanh(a).backward()).toThrow(/seed/);
  });
});

describe('QMIX-style mixer: gradients through hypernetwork weights (both bmm operands)', () => {
  it('matches finite differences w.r.t. agent Qs, state and hypernet weights', () => {
    const B = 3;
    const n = 2;
    const E = 4;
    const S = 5;
    const q = leaf(rng, [B, 1, n]);
    const s = leaf(rng, [B, S]);
    const hw1 = leaf(rng, [n * E, S]);
    const hw2 = leaf(rng, [E, S]);
    const f = ([qq, ss, w1p, w2p]: Tensor[]): Tensor => {
      const w1 = nn.reshape(nn.abs(nn.linear(ss, w1p, null)), [B, n, E]);
      const hidden = nn.elu(nn.bmm(qq, w1)); // [B,1,E]
      const w2 = nn.reshape(nn.abs(nn.linear(ss, w2p, null)), [B, E, 1]);
      return nn.bmm(hidden, w2); // [B,1,1]
    };
    expect(gradCheck([q, s, hw1, hw2], f)).toBeLessThan(TOL);
  });
});

describe('gradCheck itself', () => {
  it('flags a wrong backward', () => {
    const bad = (a: Tensor): Tensor => {
      const out: Tensor = Tensor.result(a.data.map((x) => x * x), a.shape, [a], () => {
        const g = out.grad!;
        const ga = a.gradBuffer();
        for (let i = 0; i < ga.length; i++) ga[i] += g[i] * a.data[i]; // should be 2x
      });
      return out;
    };
    expect(gradCheck([leaf(rng, [3, 3])], ([x]) => bad(x))).toBeGreaterThan(0.1);
  });
});
