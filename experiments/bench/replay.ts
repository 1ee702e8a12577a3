/**
 * `replay` benchmark: the mini-batch sampling phase of multi-agent replay (index generation +
 * gather of every agent's observation rows into preallocated batch arrays) with uniform vs
 * neighbour (locality-aware) sampling, Gogineni et al. arXiv 2305.13411
 * (spec: /work/shared/specs/locality-replay.md).
 *
 * Cases: N ∈ {3, 6, 12, 24} agents, obs dim 64 (float64: 512 B per agent per step), batch 1024,
 * run length L ∈ {1, 2, 4, 8, 16} (`wrap`), both storage layouts (per-agent SoA, the main case;
 * agent-interleaved). The capacity per case is sized so each case's observation storage is
 * ≈ 768 MiB (≫ the 32 MiB L3 here; next obs are stored too, so ≈ 1.5 GiB per case, one case at a
 * time); `--quick` uses 4096 transitions. One index list per round serves all agents (shared-index
 * mode), so one round gathers N·B rows. All samplers of a case run side by side in interleaved,
 * order-rotated rounds after a warm-up; each round times K batches; we report medians. Times are
 * process CPU time (`process.cpuUsage`), which is far steadier than wall time on a shared 2-core
 * machine; wall-clock reductions (`performance.now`, as in the spec) are reported alongside.
 *
 * JSON: `{ samplingReduction: { agents3: { L1, L2, L4, L8, L16 }, … }, samplingReductionL8Min,
 *   samplingReductionInterleaved: {…}, usPerBatch: { 'per-agent': { agents3: { uniform, L1, …,
 *   'idx:uniform', 'idx:L8' } }, … }, samplingReductionWall, samplingReductionInterleavedWall,
 *   config }` where reduction = 1 − t_neighbour / t_uniform (spec: (t_base − t_ns)/t_base);
 * per-agent layout is the headline. Published: 26.66–27.39 % (3–12 agents).
 */
import type { JsonObject } from '../../envs/core/json.js';
import { MultiAgentTransitionBuffer, type MultiAgentLayout } from '../../algorithms/replay/multiagent.js';
import { NeighbourSampler, UniformSampler, type IndexSampler } from '../../algorithms/replay/samplers.js';
import type { Benchmark, BenchContext } from '../types.js';
import { interleavedWallCpu, median, table } from './timing.js';
import { roundTo } from '../../envs/core/stats.js';

const AGENTS = [3, 6, 12, 24];
const RUN_LENGTHS = [1, 2, 4, 8, 16];
const OBS_DIM = 64;
const BATCH = 1024;
/** Observation storage per case, bytes. */
const OBS_BYTES = 768 * 2 ** 20;

/** A buffer of `capacity` joint steps, every slot written (so its pages are resident). */
function fill(nAgents: number, capacity: number, layout: MultiAgentLayout): MultiAgentTransitionBuffer {
  const buf = new MultiAgentTransitionBuffer({ capacity, nAgents, obsDim: OBS_DIM, layout });
  const rows = Array.from({ length: nAgents }, (_, a) => Float64Array.from({ length: OBS_DIM }, (_, c) => a + c / OBS_DIM));
  const zeros = new Float64Array(nAgents);
  const actions = new Int32Array(nAgents);
  for (let t = 0; t < capacity; t++) {
    for (let a = 0; a < nAgents; a++) rows[a][0] = t;
    buf.push({ obs: rows, actions, rewards: zeros, nextObs: rows, terminated: zeros, truncated: zeros });
  }
  return buf;
}

/** One sampling phase: draw B indices, gather every agent's obs rows; returns a checksum. */
function phase(buf: MultiAgentTransitionBuffer, sampler: IndexSampler, idx: Int32Array, out: Float64Array[]): number {
  sampler.sample(buf.size, idx);
  buf.gatherObs(idx, idx.length, out);
  return out[out.length - 1][BATCH * OBS_DIM - 1];
}

interface CaseResult {
  /** Median µs per batch for 'uniform', 'L1'…'L16' and index generation alone ('idx:uniform', 'idx:L8'). */
  us: Record<string, number>;
  /** 1 − t_L / t_uniform per L (CPU time). */
  reduction: Record<string, number>;
  /** The same from wall-clock medians. */
  wallReduction: Record<string, number>;
}

function runCase(nAgents: number, layout: MultiAgentLayout, quick: boolean, seed: number): CaseResult {
  const capacity = quick ? 4096 : Math.floor(OBS_BYTES / (nAgents * OBS_DIM * 8));
  let buf: MultiAgentTransitionBuffer | null = fill(nAgents, capacity, layout);
  const idx = new Int32Array(BATCH);
  const out = Array.from({ length: nAgents }, () => new Float64Array(BATCH * OBS_DIM));
  const samplers: Record<string, IndexSampler> = { uniform: new UniformSampler({ seed }) };
  for (const L of RUN_LENGTHS) samplers[`L${L}`] = new NeighbourSampler({ runLength: L, seed: seed + L });
  // K batches per timed call, so one call takes ≈ 25 ms (≈ 5 ms with --quick).
  for (let w = 0; w < 3; w++) phase(buf, samplers.uniform, idx, out);
  const t0 = performance.now();
  for (let w = 0; w < 5; w++) phase(buf, samplers.uniform, idx, out);
  const perBatch = (performance.now() - t0) / 5 / 1000;
  const k = Math.max(1, Math.round((quick ? 0.005 : 0.025) / perBatch));
  let sink = 0;
  const variants: Record<string, () => unknown> = {};
  for (const [name, sampler] of Object.entries(samplers)) {
    variants[name] = () => {
      for (let i = 0; i < k; i++) sink += phase(buf!, sampler, idx, out);
    };
  }
  // Index generation alone (spec §e: phases timed separately), for the baseline and L = 8.
  for (const name of ['uniform', 'L8']) {
    variants[`idx:${name}`] = () => {
      for (let i = 0; i < k; i++) {
        samplers[name].sample(buf!.size, idx);
        sink += idx[BATCH - 1];
      }
    };
  }
  const times = interleavedWallCpu(variants, quick ? 5 : 21);
  buf = null;
  if (Number.isNaN(sink)) throw new Error('unreachable checksum');
  const us: Record<string, number> = {};
  const wallUs: Record<string, number> = {};
  for (const [name, ts] of Object.entries(times)) {
    us[name] = (median(ts.cpu) / k) * 1e6;
    wallUs[name] = (median(ts.wall) / k) * 1e6;
  }
  const reduction: Record<string, number> = {};
  const wallReduction: Record<string, number> = {};
  for (const L of RUN_LENGTHS) {
    reduction[`L${L}`] = 1 - us[`L${L}`] / us.uniform;
    wallReduction[`L${L}`] = 1 - wallUs[`L${L}`] / wallUs.uniform;
  }
  return { us, reduction, wallReduction };
}

const round = (x: number, d = 3) => roundTo(x, d);

const bench: Benchmark = {
  name: 'replay',
  description: 'sampling phase (indices + gather of all agents\u2019 obs), uniform vs neighbour runs, B=1024, obs 64 float64',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const layouts: MultiAgentLayout[] = ['per-agent', 'interleaved'];
    const reductions: Record<string, Record<string, Record<string, number>>> = {};
    const wallReductions: Record<string, Record<string, Record<string, number>>> = {};
    const usPerBatch: Record<string, Record<string, Record<string, number>>> = {};
    const rows: (string | number)[][] = [];
    for (const layout of layouts) {
      reductions[layout] = {};
      wallReductions[layout] = {};
      usPerBatch[layout] = {};
      for (const n of AGENTS) {
        const capacity = ctx.quick ? 4096 : Math.floor(OBS_BYTES / (n * OBS_DIM * 8));
        const r = runCase(n, layout, ctx.quick, 1000 + n);
        reductions[layout][`agents${n}`] = Object.fromEntries(Object.entries(r.reduction).map(([k, v]) => [k, round(v)]));
        wallReductions[layout][`agents${n}`] = Object.fromEntries(Object.entries(r.wallReduction).map(([k, v]) => [k, round(v)]));
        usPerBatch[layout][`agents${n}`] = Object.fromEntries(Object.entries(r.us).map(([k, v]) => [k, round(v, 1)]));
        rows.push([
          layout,
          n,
          capacity,
          ((capacity * n * OBS_DIM * 8) / 2 ** 20).toFixed(0),
          r.us.uniform.toFixed(0),
          ...RUN_LENGTHS.map(
            (L) => `${r.us[`L${L}`].toFixed(0)} (${(100 * r.reduction[`L${L}`]).toFixed(0)}% | ${(100 * r.wallReduction[`L${L}`]).toFixed(0)}%)`,
          ),
          `${r.us['idx:uniform'].toFixed(1)} / ${r.us['idx:L8'].toFixed(1)}`,
        ]);
        ctx.log(`  done: ${layout}, ${n} agents`);
      }
    }
    ctx.log(
      table(
        ['layout', 'agents', 'capacity', 'obs MiB', 'uniform µs', ...RUN_LENGTHS.map((L) => `L=${L} µs (red. cpu | wall)`), 'indices only µs: uniform / L=8'],
        rows,
      ),
    );
    ctx.log('µs = median CPU µs per batch; reduction = 1 − t_neighbour/t_uniform from CPU-time | wall-clock medians; published: 26.7–27.4 %');
    const l8 = Math.min(...AGENTS.map((n) => reductions['per-agent'][`agents${n}`].L8));
    return {
      samplingReduction: reductions['per-agent'],
      samplingReductionL8Min: l8,
      samplingReductionInterleaved: reductions.interleaved,
      samplingReductionWall: wallReductions['per-agent'],
      samplingReductionInterleavedWall: wallReductions.interleaved,
      usPerBatch,
      config: { agents: AGENTS, runLengths: RUN_LENGTHS, obsDim: OBS_DIM, batch: BATCH, obsMiBPerCase: ctx.quick ? null : 768, quick: ctx.quick, boundary: 'wrap' },
    };
  },
};

export default bench;
