/**
 * Generates the WebAssembly SIMD kernels (GEMM, Adam, RMSProp) used by algorithms/nn/wasm-gemm.ts:
 * writes the readable text `algorithms/nn/gemm.wat` and the assembled bytes, base64, as
 * `algorithms/nn/gemm-wasm-bytes.ts` (so the library loads it in Node and browsers with no
 * fs or network). Run after editing: `npx tsx experiments/nn-wasm/build.ts`.
 *
 * Kernels: gemm(M, N, K, A, sr, sk, B, C), pointers and strides in bytes:
 *   C[i, j] += Σ_k A[i·sr + k·sk] · B[k, j]   (C is M×N, B is K×N, both row-major)
 * M must be a multiple of ROWS and N of 2·VECS (the wrapper zero-pads). Each block of ROWS
 * rows × 2·VECS columns is held in ROWS·VECS f64x2 accumulators, loaded from C, updated once
 * per k in increasing k (mul then add, no FMA), so every element is summed in exactly the
 * order of the scalar loop `c = C[i,j]; for k: c += A[i,k]·B[k,j]`: results are bit-identical
 * to the JS kernels. gemm_nt (below) is the same for a B given as [N, K].
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export const ROWS = 4;
export const VECS = 2;

export function gemmWat(rows = ROWS, vecs = VECS): string {
  const L: string[] = [];
  L.push('(module');
  L.push('  (memory (export "memory") 1)');
  L.push('  (func (export "gemm") (param $M i32) (param $N i32) (param $K i32) (param $A i32) (param $sr i32) (param $sk i32) (param $B i32) (param $C i32)');
  L.push('    (local $i i32) (local $j i32) (local $k i32) (local $rowC i32) (local $ldc i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $a v128)');
  L.push(...blockLocals(rows, vecs));
  L.push('    (local.set $ldc (i32.shl (local.get $N) (i32.const 3)))');
  L.push(...openBlock(rows, vecs));
  L.push('        (local.set $pa (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $sr))))');
  L.push('        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $j) (i32.const 3))))');
  L.push('        (local.set $k (local.get $K))');
  L.push('        (block $kend (loop $kloop');
  L.push('          (br_if $kend (i32.eqz (local.get $k)))');
  for (let v = 0; v < vecs; v++) L.push(`          (local.set $b${v} (v128.load offset=${v * 16} (local.get $pb)))`);
  L.push(...accumulate(rows, vecs, '$sr'));
  L.push('          (local.set $pa (i32.add (local.get $pa) (local.get $sk)))');
  L.push('          (local.set $pb (i32.add (local.get $pb) (local.get $ldc)))');
  L.push(...closeBlock(rows, vecs));
  L.push(...gemmNtWat(rows, vecs));
  L.push(...optimizerWat());
  L.push(')');
  return L.join('\n') + '\n';
}

/**
 * gemm_nt(M, N, K, A, B, C): C[i, j] += Σ_k A[i, k] · B[j, k] with A [M, K], B [N, K], C [M, N]
 * row-major (byte pointers); M a multiple of ROWS, N of 2·VECS (rows of B zero-padded). The
 * vector for columns (j, j+1) at step k is assembled from B[j, k] and B[j+1, k] with two lane
 * loads, so no transposed copy of B is needed; same ascending-k order as `gemm`.
 */
function gemmNtWat(rows: number, vecs: number): string[] {
  const L: string[] = [];
  L.push('  (func (export "gemm_nt") (param $M i32) (param $N i32) (param $K i32) (param $A i32) (param $B i32) (param $C i32)');
  L.push('    (local $i i32) (local $j i32) (local $k i32) (local $rowC i32) (local $ldc i32) (local $lda i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $a v128)');
  L.push(...blockLocals(rows, vecs));
  L.push('    (local.set $ldc (i32.shl (local.get $N) (i32.const 3)))');
  L.push('    (local.set $lda (i32.shl (local.get $K) (i32.const 3)))');
  L.push(...openBlock(rows, vecs));
  L.push('        (local.set $pa (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $lda))))');
  L.push('        (local.set $pb (i32.add (local.get $B) (i32.mul (local.get $j) (local.get $lda))))');
  L.push('        (local.set $k (local.get $K))');
  L.push('        (block $kend (loop $kloop');
  L.push('          (br_if $kend (i32.eqz (local.get $k)))');
  for (let v = 0; v < vecs; v++) {
    const row0 = v === 0 ? '(local.get $pb)' : `(i32.add (local.get $pb) (i32.mul (i32.const ${2 * v}) (local.get $lda)))`;
    const row1 = `(i32.add (local.get $pb) (i32.mul (i32.const ${2 * v + 1}) (local.get $lda)))`;
    L.push(`          (local.set $b${v} (v128.load64_lane 1 ${row1} (v128.load64_zero ${row0})))`);
  }
  L.push(...accumulate(rows, vecs, '$lda'));
  L.push('          (local.set $pa (i32.add (local.get $pa) (i32.const 8)))');
  L.push('          (local.set $pb (i32.add (local.get $pb) (i32.const 8)))');
  L.push(...closeBlock(rows, vecs));
  return L;
}

// The parts `gemm` and `gemm_nt` share: the ROWS×VECS accumulator block over C.

/** Accumulator name for block row r, vector v. */
const acc = (r: number, v: number) => `$c${r}_${v}`;

/** Locals: the B vectors and the ROWS·VECS accumulators. */
function blockLocals(rows: number, vecs: number): string[] {
  const L: string[] = [];
  for (let v = 0; v < vecs; v++) L.push(`    (local $b${v} v128)`);
  for (let r = 0; r < rows; r++) for (let v = 0; v < vecs; v++) L.push(`    (local ${acc(r, v)} v128)`);
  return L;
}

/** Opens the i (ROWS rows) and j (2·VECS columns) loops and loads the C block at $pc into the accumulators. */
function openBlock(rows: number, vecs: number): string[] {
  const L: string[] = [];
  L.push('    (block $iend (loop $iloop');
  L.push('      (br_if $iend (i32.ge_u (local.get $i) (local.get $M)))');
  L.push('      (local.set $rowC (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $ldc))))');
  L.push('      (local.set $j (i32.const 0))');
  L.push('      (block $jend (loop $jloop');
  L.push('        (br_if $jend (i32.ge_u (local.get $j) (local.get $N)))');
  L.push('        (local.set $pc (i32.add (local.get $rowC) (i32.shl (local.get $j) (i32.const 3))))');
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vecs; v++) {
      L.push(`        (local.set ${acc(r, v)} (v128.load offset=${v * 16} (i32.add (local.get $pc) (i32.mul (i32.const ${r}) (local.get $ldc)))))`);
    }
  }
  return L;
}

/** One k step: acc[r][v] += splat(A[r row at $pa]) · b_v (mul then add), A's rows `rowStride` bytes apart. */
function accumulate(rows: number, vecs: number, rowStride: string): string[] {
  const L: string[] = [];
  for (let r = 0; r < rows; r++) {
    const addr = r === 0 ? '(local.get $pa)' : `(i32.add (local.get $pa) (i32.mul (i32.const ${r}) (local.get ${rowStride})))`;
    L.push(`          (local.set $a (f64x2.splat (f64.load ${addr})))`);
    for (let v = 0; v < vecs; v++) {
      L.push(`          (local.set ${acc(r, v)} (f64x2.add (local.get ${acc(r, v)}) (f64x2.mul (local.get $a) (local.get $b${v}))))`);
    }
  }
  return L;
}

/** Closes the k loop, stores the accumulators back to C, advances and closes the j and i loops and the function. */
function closeBlock(rows: number, vecs: number): string[] {
  const L: string[] = [];
  L.push('          (local.set $k (i32.sub (local.get $k) (i32.const 1)))');
  L.push('          (br $kloop)))');
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vecs; v++) {
      L.push(`        (v128.store offset=${v * 16} (i32.add (local.get $pc) (i32.mul (i32.const ${r}) (local.get $ldc))) (local.get ${acc(r, v)}))`);
    }
  }
  L.push(`        (local.set $j (i32.add (local.get $j) (i32.const ${2 * vecs})))`);
  L.push('        (br $jloop)))');
  L.push(`      (local.set $i (i32.add (local.get $i) (i32.const ${rows})))`);
  L.push('      (br $iloop)))');
  L.push('  )');
  return L;
}

export async function assemble(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('gemm.wat', wat, { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  return buffer;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../../algorithms/nn/', import.meta.url));
  const rows = Number(process.argv[2] ?? ROWS);
  const vecs = Number(process.argv[3] ?? VECS);
  const wat = gemmWat(rows, vecs);
  const bytes = await assemble(wat);
  writeFileSync(`${dir}gemm.wat`, wat);
  const b64 = Buffer.from(bytes).toString('base64');
  writeFileSync(
    `${dir}gemm-wasm-bytes.ts`,
    `/** Generated by experiments/nn-wasm/build.ts from gemm.wat (${bytes.length} bytes); do not edit. */\n` +
      `export const GEMM_ROWS = ${rows};\nexport const GEMM_COLS = ${2 * vecs};\n` +
      `export const GEMM_WASM_BASE64 =\n  '${b64}';\n`,
  );
  console.log(`wrote gemm.wat and gemm-wasm-bytes.ts (${bytes.length} bytes, ${rows}×${2 * vecs} blocks)`);
}

/**
 * Element-wise optimiser updates over n (even) float64 values at byte pointers, f64x2 lanes,
 * same operations in the same order as the JS loops in algorithms/nn/optim.ts:
 *   adam:    m = m + c1·(g − m); v = b2·v + c2·(g·g); p = p − s·(m / (√v / bc + eps))
 *   rmsprop: v = a·v + c·(g·g);  p = p − lr·(g / (√v + eps))
 */
function optimizerWat(): string[] {
  const sp = (name: string) => `(f64x2.splat (local.get $${name}))`;
  return [
    '  (func (export "adam") (param $n i32) (param $p i32) (param $g i32) (param $m i32) (param $v i32)',
    '    (param $c1 f64) (param $b2 f64) (param $c2 f64) (param $s f64) (param $bc f64) (param $eps f64)',
    '    (local $i i32) (local $gv v128) (local $mv v128) (local $vv v128) (local $off i32)',
    '    (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $S v128) (local $BC v128) (local $E v128)',
    `    (local.set $C1 ${sp('c1')}) (local.set $B2 ${sp('b2')}) (local.set $C2 ${sp('c2')})`,
    `    (local.set $S ${sp('s')}) (local.set $BC ${sp('bc')}) (local.set $E ${sp('eps')})`,
    '    (block $end (loop $loop',
    '      (br_if $end (i32.ge_u (local.get $i) (local.get $n)))',
    '      (local.set $off (i32.shl (local.get $i) (i32.const 3)))',
    '      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))',
    '      (local.set $mv (v128.load (i32.add (local.get $m) (local.get $off))))',
    '      (local.set $mv (f64x2.add (local.get $mv) (f64x2.mul (local.get $C1) (f64x2.sub (local.get $gv) (local.get $mv)))))',
    '      (v128.store (i32.add (local.get $m) (local.get $off)) (local.get $mv))',
    '      (local.set $vv (f64x2.add (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $off))))',
    '                               (f64x2.mul (local.get $C2) (f64x2.mul (local.get $gv) (local.get $gv)))))',
    '      (v128.store (i32.add (local.get $v) (local.get $off)) (local.get $vv))',
    '      (v128.store (i32.add (local.get $p) (local.get $off))',
    '        (f64x2.sub (v128.load (i32.add (local.get $p) (local.get $off)))',
    '          (f64x2.mul (local.get $S) (f64x2.div (local.get $mv) (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $BC)) (local.get $E))))))',
    '      (local.set $i (i32.add (local.get $i) (i32.const 2)))',
    '      (br $loop)))',
    '  )',
    '  (func (export "rmsprop") (param $n i32) (param $p i32) (param $g i32) (param $v i32)',
    '    (param $a f64) (param $c f64) (param $lr f64) (param $eps f64)',
    '    (local $i i32) (local $gv v128) (local $vv v128) (local $off i32)',
    '    (local $A v128) (local $C v128) (local $LR v128) (local $E v128)',
    `    (local.set $A ${sp('a')}) (local.set $C ${sp('c')}) (local.set $LR ${sp('lr')}) (local.set $E ${sp('eps')})`,
    '    (block $end (loop $loop',
    '      (br_if $end (i32.ge_u (local.get $i) (local.get $n)))',
    '      (local.set $off (i32.shl (local.get $i) (i32.const 3)))',
    '      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))',
    '      (local.set $vv (f64x2.add (f64x2.mul (local.get $A) (v128.load (i32.add (local.get $v) (local.get $off))))',
    '                               (f64x2.mul (local.get $C) (f64x2.mul (local.get $gv) (local.get $gv)))))',
    '      (v128.store (i32.add (local.get $v) (local.get $off)) (local.get $vv))',
    '      (v128.store (i32.add (local.get $p) (local.get $off))',
    '        (f64x2.sub (v128.load (i32.add (local.get $p) (local.get $off)))',
    '          (f64x2.mul (local.get $LR) (f64x2.div (local.get $gv) (f64x2.add (f64x2.sqrt (local.get $vv)) (local.get $E))))))',
    '      (local.set $i (i32.add (local.get $i) (i32.const 2)))',
    '      (br $loop)))',
    '  )',
  ];
}
