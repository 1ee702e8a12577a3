import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import * as nn from '../../../algorithms/nn/index.js';
import { Tensor } from '../../../algorithms/nn/index.js';
import { gradCheck, leaf } from './gradcheck.js';

const TOL = 1e-6;
const rng = createRng('layers');

describe('layers: gradients w.r.t. inputs and parameters match finite differences', () => {
  it('mlp with every activation', () => {
    for (const act of ['relu', 'tanh', 'elu', 'leakyRelu', 'sigmoid'] as const) {
      const net = nn.mlp([5, 6, 4, 3], { rng, activation: act });
      const x = leaf(rng, [4, 5]);
      expect(gradCheck([x, ...net.parameters()], ([xx]) => net.forward(xx))).toBeLessThan(TOL);
    }
  });

  it('GRUCell (and two unrolled steps)', () => {
    const cell = new nn.GRUCell(3, 4, { rng });
    const x1 = leaf(rng, [2, 3]);
    const x2 = leaf(rng, [2, 3]);
    const h0 = leaf(rng, [2, 4]);
    expect(gradCheck([x1, h0, ...cell.parameters()], ([x, h]) => cell.forward(x, h))).toBeLessThan(TOL);
    expect(gradCheck([x1, x2, h0, ...cell.parameters()], ([a, b, h]) => cell.forward(b, cell.forward(a, h)))).toBeLessThan(TOL);
  });

  it('GraphConv with two edge types, sum and mean aggregation', () => {
    const edges: nn.EdgeList[] = [
      { src: Int32Array.of(0, 1, 2, 3, 0), dst: Int32Array.of(1, 2, 3, 4, 4) },
      { src: Int32Array.of(4, 2), dst: Int32Array.of(0, 0) },
    ];
    for (const aggregation of ['sum', 'mean'] as const) {
      const conv = new nn.GraphConv(3, 4, { rng, edgeTypes: 2, aggregation });
      const h = leaf(rng, [5, 3]);
      expect(gradCheck([h, ...conv.parameters()], ([x]) => nn.relu(conv.forward(x, edges)))).toBeLessThan(TOL);
    }
  });
});

describe('layers: semantics', () => {
  it('GRUCell matches the PyTorch equations computed by hand', () => {
    const cell = new nn.GRUCell(2, 3, { rng: createRng(5) });
    const x = Float64Array.of(0.3, -0.7);
    const h = Float64Array.of(0.1, 0.2, -0.4);
    const out = cell.forward(Tensor.from(x, [1, 2]), Tensor.from(h, [1, 3])).data;
    const [Wi, Wh, bi, bh] = [cell.weightIh.data, cell.weightHh.data, cell.biasIh.data, cell.biasHh.data];
    const dot = (W: Float64Array, row: number, v: Float64Array): number => v.reduce((s, vi, k) => s + W[row * v.length + k] * vi, 0);
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    for (let j = 0; j < 3; j++) {
      const r = sig(dot(Wi, j, x) + bi[j] + dot(Wh, j, h) + bh[j]);
      const z = sig(dot(Wi, 3 + j, x) + bi[3 + j] + dot(Wh, 3 + j, h) + bh[3 + j]);
      const n = Math.tanh(dot(Wi, 6 + j, x) + bi[6 + j] + r * (dot(Wh, 6 + j, h) + bh[6 + j]));
      expect(out[j]).toBeCloseTo((1 - z) * n + z * h[j], 14);
    }
  });

  it('GraphConv: a node with no incoming edges gets only its self term', () => {
    const conv = new nn.GraphConv(2, 2, { rng, aggregation: 'mean' });
    const h = Tensor.from([1, 2, 3, 4], [2, 2]);
    const out = conv.forward(h, [{ src: Int32Array.of(0), dst: Int32Array.of(1) }]);
    const self = conv.self.forward(h);
    expect(out.data[0]).toBe(self.data[0]);
    expect(out.data[1]).toBe(self.data[1]);
    expect(out.data[2]).not.toBe(self.data[2]);
  });

  it('batchGraphs: one pass over a disjoint union equals separate passes; mean pooling per graph', () => {
    const conv = new nn.GraphConv(2, 3, { rng, edgeTypes: 2, aggregation: 'mean' });
    const g1 = { numNodes: 3, edges: [{ src: Int32Array.of(0, 1), dst: Int32Array.of(1, 2) }, { src: Int32Array.of(2), dst: Int32Array.of(0) }] };
    const g2 = { numNodes: 2, edges: [{ src: Int32Array.of(1), dst: Int32Array.of(0) }, { src: Int32Array.of(), dst: Int32Array.of() }] };
    const h1 = Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]);
    const h2 = Tensor.from([-1, 0.5, 2, -3], [2, 2]);
    const batch = nn.batchGraphs([g1, g2]);
    expect(Array.from(batch.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(batch.edges[0].src)).toEqual([0, 1, 4]);
    const both = conv.forward(Tensor.from([...h1.data, ...h2.data], [5, 2]), batch.edges);
    const sep = [...conv.forward(h1, g1.edges).data, ...conv.forward(h2, g2.edges).data];
    expect(Array.from(both.data)).toEqual(sep);
    const pooled = nn.scatterRows(both, batch.graphOf, 2, 'mean');
    expect(pooled.data[3]).toBeCloseTo((sep[9] + sep[12]) / 2, 14);
  });

  it('parameter names, counts and PyTorch-default init bounds', () => {
    const net = nn.mlp([64, 64, 8], { rng });
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(net.numParameters()).toBe(64 * 64 + 64 + 64 * 8 + 8);
    const w = (net.layers[0] as nn.Linear).weight.data;
    const bound = 1 / 8;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    // GRU: 3·H·(in + H) + 6H parameters, as torch.nn.GRUCell
    expect(new nn.GRUCell(10, 64, { rng }).numParameters()).toBe(3 * 64 * (10 + 64) + 6 * 64);
  });

  it('copyFrom and softUpdateFrom', () => {
    const a = nn.mlp([3, 4, 2], { rng: createRng(1) });
    const b = nn.mlp([3, 4, 2], { rng: createRng(2) });
    const a0 = a.parameters()[0].data[0];
    const b0 = b.parameters()[0].data[0];
    a.softUpdateFrom(b, 0.25);
    expect(a.parameters()[0].data[0]).toBeCloseTo(0.75 * a0 + 0.25 * b0, 15);
    a.copyFrom(b);
    expect(Array.from(a.parameters()[2].data)).toEqual(Array.from(b.parameters()[2].data));
  });

  it('bad configuration names the field', () => {
    expect(() => new nn.Linear(0, 3, { rng })).toThrow(/inFeatures/);
    expect(() => nn.mlp([3], { rng })).toThrow(/sizes/);
    expect(() => new nn.GraphConv(2, 2, { rng, edgeTypes: 0 })).toThrow(/edgeTypes/);
  });
});
