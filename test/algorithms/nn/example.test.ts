/** The training-step example from algorithms/nn/index.ts, run as written (DQN-style update). */
import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../../../envs/core/rng.js';
import { Adam, Arena, Tensor, clipGradNorm, gather, huberLoss, maxLast, mlp, noGrad } from '../../../algorithms/nn/index.js';

describe('index.ts example', () => {
  it('a DQN-style update on a fixed batch lowers the TD loss', () => {
    const rng = createRng(0);
    const [B, obsDim, nActions, gamma] = [32, 6, 3, 0.9];
    const obs = Float64Array.from({ length: B * obsDim }, () => rng() * 2 - 1);
    const nextObs = Float64Array.from({ length: B * obsDim }, () => rng() * 2 - 1);
    const actions = Int32Array.from({ length: B }, () => randomInt(rng, nActions));
    const rewards = Float64Array.from({ length: B }, () => rng());
    const dones = Float64Array.from({ length: B }, () => (rng() < 0.1 ? 1 : 0));

    const q = mlp([obsDim, 64, 64, nActions], { rng });
    const target = mlp([obsDim, 64, 64, nActions], { rng });
    target.copyFrom(q);
    const opt = new Adam(q.parameters(), { lr: 5e-4 });
    const arena = new Arena();
    const losses: number[] = [];
    for (let update = 0; update < 150; update++) {
      const loss = arena.run(() => {
        const nextMax = noGrad(() => maxLast(target.forward(Tensor.from(nextObs, [B, obsDim])))).data;
        const y = rewards.map((r, i) => r + gamma * (1 - dones[i]) * nextMax[i]);
        opt.zeroGrad();
        const qSa = gather(q.forward(Tensor.from(obs, [B, obsDim])), actions); // [B]
        const l = huberLoss(qSa, y);
        l.backward();
        clipGradNorm(q.parameters(), 10);
        opt.step();
        return l.item();
      });
      losses.push(loss);
    }
    expect(losses[149]).toBeLessThan(0.1 * losses[0]);
  });
});
