/**
 * `nn` benchmark: wall time of one training step (forward, backward, Adam) with our toolkit
 * (algorithms/nn) and with @tensorflow/tfjs + tfjs-backend-wasm (SIMD, no threads;
 * `optimizer.minimize`), side by side in one run, interleaved rounds, medians after warm-up.
 *
 * Our step runs inside an `Arena` (buffers reused across steps), as a learner's training step would.
 * Cases: MLP 64→64→64→8 (ReLU, MSE) at batch 32 and 256; GRUCell(64, 64) → Linear(64→8), MSE,
 * batch 32 (one cell step, hidden state an input).
 *
 * JSON: `{ cases: { name: { oursMs, oursJsGemmMs, tfjsWasmMs, tfjsOverOurs, pytorchMs, pytorchOverOurs,
 *   oursCpuMs, tfjsWasmCpuMs } },
 *   vsTfjsWasm, vsPytorch: { name: ratio }, gemm }` where ratios > 1 mean we are faster;
 * `vsTfjsWasm` is the minimum over cases (bar: > 1). Ratios use wall time; the CPU-time columns
 * (process user+system, both single-threaded here) are a cross-check on a busy machine.
 * PyTorch CPU reference times are fixed numbers supplied with the task (not measured here).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng, randomNormal } from '../../envs/core/rng.js';
import type { JsonObject } from '../../envs/core/json.js';
import * as nn from '../../algorithms/nn/index.js';
import { Tensor } from '../../algorithms/nn/index.js';
import type { Benchmark, BenchContext } from '../types.js';
import { interleavedWallCpu, median, table } from './timing.js';

/** PyTorch CPU step times (ms) given as the reference for these cases. */
const PYTORCH_MS: Record<string, number> = { 'mlp b32': 0.25, 'mlp b256': 0.4, 'gru b32': 0.31 };

interface Case {
  name: string;
  /** One training step with our toolkit. */
  ours: () => number;
  /** One training step with tfjs. */
  tfjs: () => number;
  dispose: () => void;
}

function randn(rng: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => randomNormal(rng as never));
}

function mlpCase(batch: number): Case {
  const rng = createRng(`mlp${batch}`);
  const x = randn(rng, batch * 64);
  const y = randn(rng, batch * 8);
  const net = nn.mlp([64, 64, 64, 8], { rng });
  const opt = new nn.Adam(net.parameters(), { lr: 1e-4 });
  const xt = Tensor.from(x, [batch, 64]);
  const arena = new nn.Arena();
  const step = (): number => {
    opt.zeroGrad();
    const loss = nn.mseLoss(net.forward(xt), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  const ours = (): number => arena.run(step);

  const tx = tf.tensor2d(Float32Array.from(x), [batch, 64]);
  const ty = tf.tensor2d(Float32Array.from(y), [batch, 8]);
  const glorot = (i: number, o: number) => tf.variable(tf.randomUniform([i, o], -1 / Math.sqrt(i), 1 / Math.sqrt(i), 'float32', 1));
  const vars = [glorot(64, 64), tf.variable(tf.zeros([64])), glorot(64, 64), tf.variable(tf.zeros([64])), glorot(64, 8), tf.variable(tf.zeros([8]))];
  const topt = tf.train.adam(1e-4);
  const f = () => {
    const h1 = tf.relu(tf.add(tf.matMul(tx, vars[0]), vars[1]));
    const h2 = tf.relu(tf.add(tf.matMul(h1, vars[2]), vars[3]));
    const out = tf.add(tf.matMul(h2, vars[4]), vars[5]);
    return tf.losses.meanSquaredError(ty, out) as tf.Scalar;
  };
  const tfjs = (): number => {
    const cost = topt.minimize(f, true, vars)!;
    const v = cost.dataSync()[0];
    cost.dispose();
    return v;
  };
  return { name: `mlp b${batch}`, ours, tfjs, dispose: () => tf.dispose([tx, ty, ...vars]) };
}

function gruCase(batch: number): Case {
  const rng = createRng('gru');
  const H = 64;
  const x = randn(rng, batch * 64);
  const h0 = randn(rng, batch * H);
  const y = randn(rng, batch * 8);
  const cell = new nn.GRUCell(64, H, { rng });
  const head = new nn.Linear(H, 8, { rng });
  const opt = new nn.Adam([...cell.parameters(), ...head.parameters()], { lr: 1e-4 });
  const xt = Tensor.from(x, [batch, 64]);
  const ht = Tensor.from(h0, [batch, H]);
  const arena = new nn.Arena();
  const step = (): number => {
    opt.zeroGrad();
    const loss = nn.mseLoss(head.forward(cell.forward(xt, ht)), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  const ours = (): number => arena.run(step);

  const tx = tf.tensor2d(Float32Array.from(x), [batch, 64]);
  const th = tf.tensor2d(Float32Array.from(h0), [batch, H]);
  const ty = tf.tensor2d(Float32Array.from(y), [batch, 8]);
  const u = (shape: number[], fan: number) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fan), 1 / Math.sqrt(fan), 'float32', 2));
  const [wih, whh, bih, bhh, wo, bo] = [u([64, 3 * H], H), u([H, 3 * H], H), u([3 * H], H), u([3 * H], H), u([H, 8], H), u([8], H)];
  const vars = [wih, whh, bih, bhh, wo, bo];
  const topt = tf.train.adam(1e-4);
  const f = () => {
    const gi = tf.add(tf.matMul(tx, wih), bih);
    const gh = tf.add(tf.matMul(th, whh), bhh);
    const [ir, iz, inn] = tf.split(gi, 3, 1);
    const [hr, hz, hn] = tf.split(gh, 3, 1);
    const r = tf.sigmoid(tf.add(ir, hr));
    const z = tf.sigmoid(tf.add(iz, hz));
    const n = tf.tanh(tf.add(inn, tf.mul(r, hn)));
    const h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, th));
    return tf.losses.meanSquaredError(ty, tf.add(tf.matMul(h, wo), bo)) as tf.Scalar;
  };
  const tfjs = (): number => {
    const cost = topt.minimize(f, true, vars)!;
    const v = cost.dataSync()[0];
    cost.dispose();
    return v;
  };
  return { name: `gru b${batch}`, ours, tfjs, dispose: () => tf.dispose([tx, th, ty, ...vars]) };
}

interface Timing {
  /** Median wall-clock ms per step. */
  wall: number;
  /** Median process CPU ms (user + system) per step: less sensitive to other load on the machine. */
  cpu: number;
}

/**
 * `rounds` interleaved rounds (order rotated each round) of `steps` steps per variant after one
 * warm-up round; per-step medians. `ours` uses the default GEMM backend (wasm SIMD where
 * available), `oursJs` the plain-JS kernels (same results); both inside an Arena.
 */
function measure(c: Case, steps: number, rounds: number): Record<'ours' | 'oursJs' | 'tfjs', Timing> {
  const fast = nn.gemmBackend();
  const loop = (f: () => number) => () => {
    for (let i = 0; i < steps; i++) f();
  };
  const variants: Record<'ours' | 'oursJs' | 'tfjs', () => void> = {
    ours: loop(c.ours),
    oursJs: () => {
      nn.setGemmBackend(nn.jsGemm);
      try {
        loop(c.ours)();
      } finally {
        nn.setGemmBackend(fast);
      }
    },
    tfjs: loop(c.tfjs),
  };
  const t = interleavedWallCpu(variants, rounds);
  const out = {} as Record<'ours' | 'oursJs' | 'tfjs', Timing>;
  for (const n of Object.keys(variants) as Array<keyof typeof variants>) {
    out[n] = { wall: (median(t[n].wall) * 1000) / steps, cpu: (median(t[n].cpu) * 1000) / steps };
  }
  return out;
}

const bench: Benchmark = {
  name: 'nn',
  description: 'training step (forward+backward+Adam): our nn toolkit vs tfjs-wasm, PyTorch reference',
  async run(ctx: BenchContext): Promise<JsonObject> {
    await tf.setBackend('wasm');
    await tf.ready();
    const steps = ctx.quick ? 5 : 30;
    const rounds = ctx.quick ? 3 : 9;
    const cases: JsonObject = {};
    const vsPytorch: JsonObject = {};
    const rows: (string | number)[][] = [];
    let worst = Infinity;
    for (const make of [() => mlpCase(32), () => mlpCase(256), () => gruCase(32)]) {
      const c = make();
      const m = measure(c, steps, rounds);
      c.dispose();
      const py = PYTORCH_MS[c.name];
      const r = m.tfjs.wall / m.ours.wall;
      worst = Math.min(worst, r);
      vsPytorch[c.name] = +(py / m.ours.wall).toFixed(3);
      cases[c.name] = {
        oursMs: +m.ours.wall.toFixed(4),
        oursJsGemmMs: +m.oursJs.wall.toFixed(4),
        tfjsWasmMs: +m.tfjs.wall.toFixed(4),
        tfjsOverOurs: +r.toFixed(3),
        pytorchMs: py,
        pytorchOverOurs: +(py / m.ours.wall).toFixed(3),
        oursCpuMs: +m.ours.cpu.toFixed(4),
        tfjsWasmCpuMs: +m.tfjs.cpu.toFixed(4),
      };
      rows.push([
        c.name,
        m.ours.wall.toFixed(3),
        m.oursJs.wall.toFixed(3),
        m.tfjs.wall.toFixed(3),
        r.toFixed(2),
        py.toFixed(2),
        (py / m.ours.wall).toFixed(2),
        `${m.ours.cpu.toFixed(3)} / ${m.tfjs.cpu.toFixed(3)}`,
      ]);
    }
    ctx.log(table(['case', 'ours ms', 'ours (JS gemm) ms', 'tfjs-wasm ms', 'tfjs/ours', 'pytorch ms', 'pytorch/ours', 'CPU ms ours / tfjs'], rows));
    ctx.log(`gemm backend: ${nn.gemmBackend().name}`);
    return { cases, vsTfjsWasm: +worst.toFixed(3), vsPytorch, gemm: nn.gemmBackend().name };
  },
};

export default bench;
