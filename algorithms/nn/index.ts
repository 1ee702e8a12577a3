/**
 * Neural-network toolkit: Float64Array tensors with reverse-mode autodiff, layers (Linear,
 * activations, MLP, GRUCell, relational GraphConv), losses, masked-categorical and Gaussian
 * distributions, Adam/RMSProp with PyTorch semantics, clipping, schedules, initialisers, and
 * parameter save/load. Isomorphic (no Node APIs). Matrix products run in a WebAssembly SIMD
 * kernel where available, bit-identical to the plain-JS fallback.
 *
 * @example One DQN-style training step
 * const rng = createRng(seed);
 * const q = mlp([obsDim, 64, 64, nActions], { rng });
 * const target = mlp([obsDim, 64, 64, nActions], { rng });
 * target.copyFrom(q);
 * const opt = new Adam(q.parameters(), { lr: 5e-4 });
 * const arena = new Arena(); // optional: reuses this step's buffers in the next step
 * // per update, with a batch of B transitions (obs, actions, rewards, nextObs, dones):
 * const loss = arena.run(() => {
 *   const nextMax = noGrad(() => maxLast(target.forward(Tensor.from(nextObs, [B, obsDim])))).data;
 *   const y = rewards.map((r, i) => r + gamma * (1 - dones[i]) * nextMax[i]);
 *   opt.zeroGrad();
 *   const qSa = gather(q.forward(Tensor.from(obs, [B, obsDim])), actions); // [B]
 *   const l = huberLoss(qSa, y);
 *   l.backward();
 *   clipGradNorm(q.parameters(), 10);
 *   opt.step();
 *   return l.item(); // copy out: arena tensors are reused by the next run
 * });
 */
export { Arena, Tensor, alloc, noGrad } from './tensor.js';
export * from './ops.js';
export * from './layers.js';
export * from './losses.js';
export * from './distributions.js';
export * from './optim.js';
export * from './init.js';
export * from './serialize.js';
export { gemmBackend, setGemmBackend, jsGemm, wasmGemm, type GemmBackend, type Gemm } from './kernels.js';
