/**
 * Dense matrix-multiply kernels over row-major `Float64Array`s. All three accumulate into C
 * (C += …), which is what forward (bias pre-filled) and backward (gradient accumulation) need.
 *
 *   gemmNT: C[M,N] += A[M,K] · B[N,K]ᵀ   (Linear forward: x · Wᵀ, W stored [out, in] as in PyTorch)
 *   gemmNN: C[M,N] += A[M,K] · B[K,N]    (input gradient: dy · W)
 *   gemmTN: C[M,N] += A[K,M]ᵀ · B[K,N]   (weight gradient: dyᵀ · x)
 *
 * Summation order is fixed: every C[i,j] is computed as `c = C[i,j]; for k ascending:
 * c = c + A[i,k]·B[k,j]` (separate multiply and add roundings, no FMA). The plain-JS versions
 * block 4 outputs (NT) or 4 consecutive k (NN, TN) per inner loop for load reuse without
 * changing that order, and the WebAssembly SIMD backend (wasm-gemm.ts, f64x2 lanes) follows
 * it too, so all backends give bit-identical results.
 */

export type Gemm = (M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array) => void;

export interface GemmBackend {
  name: string;
  nt: Gemm;
  nn: Gemm;
  tn: Gemm;
}

export const jsGemmNT: Gemm = (M, N, K, A, B, C) => {
  const N4 = N - (N % 4);
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    let j = 0;
    for (; j < N4; j += 4) {
      const b0 = j * K;
      const b1 = b0 + K;
      const b2 = b1 + K;
      const b3 = b2 + K;
      let s0 = C[ci + j];
      let s1 = C[ci + j + 1];
      let s2 = C[ci + j + 2];
      let s3 = C[ci + j + 3];
      for (let k = 0; k < K; k++) {
        const a = A[ai + k];
        s0 += a * B[b0 + k];
        s1 += a * B[b1 + k];
        s2 += a * B[b2 + k];
        s3 += a * B[b3 + k];
      }
      C[ci + j] = s0;
      C[ci + j + 1] = s1;
      C[ci + j + 2] = s2;
      C[ci + j + 3] = s3;
    }
    for (; j < N; j++) {
      const bj = j * K;
      let s = C[ci + j];
      for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
      C[ci + j] = s;
    }
  }
};

export const jsGemmNN: Gemm = (M, N, K, A, B, C) => {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    let k = 0;
    for (; k < K4; k += 4) {
      const a0 = A[ai + k];
      const a1 = A[ai + k + 1];
      const a2 = A[ai + k + 2];
      const a3 = A[ai + k + 3];
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
    }
    for (; k < K; k++) {
      const a = A[ai + k];
      const bk = k * N;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
    }
  }
};

export const jsGemmTN: Gemm = (M, N, K, A, B, C) => {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const ci = i * N;
    let k = 0;
    for (; k < K4; k += 4) {
      const a0 = A[k * M + i];
      const a1 = A[(k + 1) * M + i];
      const a2 = A[(k + 2) * M + i];
      const a3 = A[(k + 3) * M + i];
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        C[ci + j] = C[ci + j] + a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
    }
    for (; k < K; k++) {
      const a = A[k * M + i];
      const bk = k * N;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
    }
  }
};

export const jsGemm: GemmBackend = { name: 'js', nt: jsGemmNT, nn: jsGemmNN, tn: jsGemmTN };
