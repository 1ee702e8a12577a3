/** Neural-network toolkit: tensors with autodiff, layers, losses, distributions, optimisers. */
export { Tensor, noGrad } from './tensor.js';
export * from './ops.js';
export * from './layers.js';
export * from './losses.js';
export * from './distributions.js';
export * from './optim.js';
export * from './init.js';
export * from './serialize.js';
export { gemmBackend, setGemmBackend, jsGemm, wasmGemm, type GemmBackend, type Gemm } from './kernels.js';
