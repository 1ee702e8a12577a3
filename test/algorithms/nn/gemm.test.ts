import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { jsGemm, wasmGemm, type Gemm } from '../../../algorithms/nn/kernels.js';
import { GEMM_WASM_BASE64 } from '../../../algorithms/nn/gemm-wasm-bytes.js';
import { assemble, gemmWat } from '../../../experiments/nn-wasm/build.js';
import { readFileSync } from 'node:fs';

const rng = createRng('gemm');
const rnd = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng() * 2 - 1);

/** Reference: c = C[i,j]; for k ascending: c = c + A·B (the documented summation order). */
function reference(M: number, N: number, K: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number, C: Float64Array): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let c = C[i * N + j];
      for (let k = 0; k < K; k++) c = c + a(i, k) * b(k, j);
      C[i * N + j] = c;
    }
  }
}

const shapes: Array<[number, number, number]> = [
  [1, 1, 1], [3, 5, 2], [4, 4, 4], [5, 7, 3], [13, 9, 17], [32, 64, 64], [8, 192, 64], [64, 8, 256], [33, 66, 7],
];

describe('GEMM kernels', () => {
  it('wasm SIMD is available in Node 20', () => {
    expect(wasmGemm).not.toBeNull();
  });

  for (const [M, N, K] of shapes) {
    it(`${M}×${N}×${K}: JS and wasm are bit-identical to the reference order (nt, nn, tn)`, () => {
      const A = rnd(M * K);
      const B = rnd(N * K);
      const C0 = rnd(M * N);
      const layouts: Array<['nt' | 'nn' | 'tn', (i: number, k: number) => number, (k: number, j: number) => number]> = [
        ['nt', (i, k) => A[i * K + k], (k, j) => B[j * K + k]],
        ['nn', (i, k) => A[i * K + k], (k, j) => B[k * N + j]],
        ['tn', (i, k) => A[k * M + i], (k, j) => B[k * N + j]],
      ];
      for (const [op, a, b] of layouts) {
        const want = C0.slice();
        reference(M, N, K, a, b, want);
        for (const g of [jsGemm[op], wasmGemm![op]] as Gemm[]) {
          const got = C0.slice();
          g(M, N, K, A, B, got);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
    });
  }

  it('the committed wasm bytes are the assembly of the committed gemm.wat, which the generator reproduces', async () => {
    const wat = readFileSync(new URL('../../../algorithms/nn/gemm.wat', import.meta.url), 'utf8');
    expect(gemmWat()).toBe(wat);
    const bytes = await assemble(wat);
    expect(Buffer.from(bytes).toString('base64')).toBe(GEMM_WASM_BASE64);
  });
});
