import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import * as nn from '../../../algorithms/nn/index.js';
import { Arena, Tensor } from '../../../algorithms/nn/index.js';

function trainSteps(useArena: boolean): number[] {
  const rng = createRng(3);
  const net = nn.mlp([6, 16, 4], { rng, activation: 'elu' });
  const cell = new nn.GRUCell(4, 5, { rng });
  const params = [...net.parameters(), ...cell.parameters()];
  const opt = new nn.Adam(params, { lr: 0.01 });
  const x = Tensor.from(Float64Array.from({ length: 8 * 6 }, (_, i) => Math.sin(i)), [8, 6]);
  const y = Float64Array.from({ length: 8 * 5 }, (_, i) => Math.cos(i));
  const arena = new Arena();
  const losses: number[] = [];
  const step = (): number => {
    opt.zeroGrad();
    let h = cell.initialState(8);
    for (let t = 0; t < 3; t++) h = cell.forward(net.forward(x), h);
    const loss = nn.mseLoss(h, y);
    loss.backward();
    nn.clipGradNorm(params, 1);
    opt.step();
    return loss.item();
  };
  for (let i = 0; i < 10; i++) losses.push(useArena ? arena.run(step) : step());
  return [...losses, ...Array.from(nn.saveBytes(net))];
}

describe('Arena', () => {
  it('training inside an arena is bit-identical to training without', () => {
    expect(trainSteps(true)).toEqual(trainSteps(false));
  });

  it('reuses the previous run’s buffers (so earlier outputs are overwritten)', () => {
    const arena = new Arena();
    const w = Tensor.param(Float64Array.of(1, 2, 3, 4), [2, 2]);
    const first = arena.run(() => nn.tanh(nn.linear(Tensor.from([1, 1], [1, 2]), w, null)));
    const kept = Array.from(first.data);
    const second = arena.run(() => nn.tanh(nn.linear(Tensor.from([0, 0], [1, 2]), w, null)));
    expect(second.data).toBe(first.data);
    expect(Array.from(first.data)).not.toEqual(kept);
    const fresh = nn.tanh(nn.linear(Tensor.from([1, 1], [1, 2]), w, null));
    expect(fresh.data).not.toBe(first.data);
  });

  it('runs of one arena cannot nest', () => {
    const arena = new Arena();
    expect(() => arena.run(() => arena.run(() => 0))).toThrow(/nest/);
  });
});
