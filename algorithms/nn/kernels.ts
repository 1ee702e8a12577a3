/**
 * The active GEMM backend used by `linear`, `matmul` and `bmm`: the WebAssembly SIMD one
 * (wasm-gemm.ts) where the platform supports it, else plain JS (gemm-js.ts). Both give
 * bit-identical results (same summation order), so the choice affects speed only.
 */
import { jsGemm, type GemmBackend } from './gemm-js.js';
import { wasmGemm } from './wasm-gemm.js';

export { jsGemm, jsGemmNN, jsGemmNT, jsGemmTN, type Gemm, type GemmBackend } from './gemm-js.js';
export { wasmGemm } from './wasm-gemm.js';

let active: GemmBackend = wasmGemm ?? jsGemm;

/** The backend in use. */
export function gemmBackend(): GemmBackend {
  return active;
}

/** Switches every GEMM to `backend` (`jsGemm`, `wasmGemm`, or your own). */
export function setGemmBackend(backend: GemmBackend): void {
  active = backend;
}
