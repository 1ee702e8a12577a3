import { describe, expect, it } from 'vitest';
import { createRng, randomNormal } from '../../../envs/core/rng.js';
import * as nn from '../../../algorithms/nn/index.js';
import { Tensor } from '../../../algorithms/nn/index.js';

/** Full-batch training of `net` on (x, y) with Adam; returns the final loss. */
function train(net: nn.Sequential, x: Tensor, y: Float64Array, steps: number, lr: number): number {
  const opt = new nn.Adam(net.parameters(), { lr });
  let loss = Infinity;
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    const l = nn.mseLoss(net.forward(x), y);
    l.backward();
    nn.clipGradNorm(net.parameters(), 10);
    opt.step();
    loss = l.item();
  }
  return loss;
}

describe('seeded learning', () => {
  it('an MLP learns XOR (MSE < 0.01)', () => {
    const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
    const y = Float64Array.of(0, 1, 1, 0);
    const net = nn.mlp([2, 16, 1], { rng: createRng(0), activation: 'tanh' });
    const before = nn.mseLoss(net.forward(x), y).item();
    const loss = train(net, x, y, 500, 0.02);
    expect(before).toBeGreaterThan(0.1);
    expect(loss).toBeLessThan(0.01);
  });

  it('an MLP regresses y = sin(3x) on [-1, 1] to MSE < 2e-3', () => {
    const N = 128;
    const xs = Float64Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
    const y = xs.map((v) => Math.sin(3 * v));
    const net = nn.mlp([1, 32, 32, 1], { rng: createRng(1), activation: 'tanh' });
    const loss = train(net, Tensor.from(xs, [N, 1]), y, 600, 0.01);
    expect(loss).toBeLessThan(2e-3);
  });

  it('a GRU remembers the first input of a 4-step sequence (MSE < 0.02)', () => {
    const rng = createRng(2);
    const B = 32;
    const T = 4;
    const cell = new nn.GRUCell(1, 8, { rng });
    const head = new nn.Linear(8, 1, { rng });
    const params = [...cell.parameters(), ...head.parameters()];
    const opt = new nn.Adam(params, { lr: 0.02 });
    let loss = Infinity;
    for (let it = 0; it < 300; it++) {
      const seq = Array.from({ length: T }, () => Float64Array.from({ length: B }, () => randomNormal(rng)));
      opt.zeroGrad();
      let h = cell.initialState(B);
      for (let t = 0; t < T; t++) h = cell.forward(Tensor.from(seq[t], [B, 1]), h);
      const l = nn.mseLoss(head.forward(h), seq[0]);
      l.backward();
      opt.step();
      loss = l.item();
    }
    expect(loss).toBeLessThan(0.02);
  });

  it('training is deterministic per seed', () => {
    const run = (seed: number): number[] => {
      const net = nn.mlp([2, 8, 1], { rng: createRng(seed) });
      train(net, Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]), Float64Array.of(0, 1, 1, 0), 50, 0.01);
      return Array.from(nn.saveBytes(net));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});
