/**
 * `npm run experiment -- jobshop`: dispatching agents on the job shop (spec `jobshop.md`, issue 7).
 *
 * Full run (no `--instance`):
 *  1. Classic gap: every agent on the benchmark instances, classic variant, no failures; makespan
 *     and gap to the best-known makespan (bks.csv); mean gap on Taillard 15×15 (ta01–ta10) next to
 *     the L2D paper's rule gaps (computed with a different scheduler, see the spec), and the rules'
 *     gaps under the spec's INS (insertion) scheme.
 *  2. Shutdown sweep: for each variant in `--variants` and shutdown probability in
 *     `--shutdownProbs`, every agent on the benchmark instances and on `--randomInstances` held-out
 *     random Taillard-style instances; with p > 0 each (instance, agent) runs `--failureSeeds` failure
 *     seeds with common random numbers (seed s gives every agent the same downtimes); mean ± std.
 *     Held-out instances come from seeds 1 000 000 + i (training generators must use others).
 *  3. Gantt charts (SVG) of the best rule on ft06: classic, and blocking-swap with failures.
 * Files: episodes.jsonl (one line per (part, variant, p, instance, agent, seed)), summary.json,
 * gantt_*.svg, sweep_*.svg, gap_taillard.svg.
 *
 * User mode: `--instance FILE [--variant V] [--shutdown P] [--agent NAME] --json` prints
 * `{"makespan": {"MWKR": n, …}}` (mean over `--failureSeeds` seeds when P > 0; null on deadlock).
 */
import { INSERTION_RULES, insertionSchedule } from '../../agents/jobshop/insertion.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { mean, roundTo, sampleStd } from '../../envs/core/stats.js';
import { JobShopEnv } from '../../envs/jobshop/env.js';
import { randomInstance } from '../../envs/jobshop/generator.js';
import { DOWNTIME_DISTS, VARIANTS, type DowntimeDist, type JobShopInstance, type Schedule, type Variant } from '../../envs/jobshop/types.js';
import { RunWriter } from '../io/run-writer.js';
import { barChart, ganttChart, lineChart, type GanttTask } from '../plot/index.js';
import type { Experiment, ExperimentContext, OptionValues } from '../types.js';
import { isStochastic, jobShopAgentNames, makeJobShopAgent } from './agents.js';
import { JOBSHOP_DATA_DIR, loadBenchmark, loadBestKnown, loadInstanceFile } from './data.js';
import { runEpisode } from './evaluate.js';

/** L2D (Zhang et al. 2020, Table 3) rule gaps on Taillard 15×15, %, for context only. */
const L2D_TA15_GAPS: Record<string, number> = { SPT: 54.8, MWKR: 56.7, 'FDD/MWKR': 47.1, MOR: 45.0 };
const HELD_OUT_SEED_BASE = 1_000_000;
const TA15 = ['ta01', 'ta02', 'ta03', 'ta04', 'ta05', 'ta06', 'ta07', 'ta08', 'ta09', 'ta10'];

interface Settings {
  downtimeDist: DowntimeDist;
  downtimeMin: number;
  downtimeMax: number;
}

function settingsOf(o: OptionValues): Settings {
  const dist = o.downtimeDist as string;
  if (!(DOWNTIME_DISTS as readonly string[]).includes(dist)) throw new ConfigError('downtimeDist', dist, `expected one of ${DOWNTIME_DISTS.join(', ')}`);
  return { downtimeDist: dist as DowntimeDist, downtimeMin: o.downtimeMin as number, downtimeMax: o.downtimeMax as number };
}

function checkVariant(field: string, v: string): Variant {
  if (!(VARIANTS as readonly string[]).includes(v)) throw new ConfigError(field, v, `expected one of ${VARIANTS.join(', ')}`);
  return v as Variant;
}

function checkProb(field: string, p: number): number {
  if (!(p >= 0 && p < 1)) throw new ConfigError(field, p, 'must be a probability in [0, 1)');
  return p;
}

const round = (x: number, d = 2) => roundTo(x, d);
/** A name usable in a file name ('FDD/MWKR' → 'FDD-MWKR'). */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Makespans of `agent` on `inst` over seeds (one run when deterministic and p = 0); null = deadlock. */
async function evaluate(inst: JobShopInstance, agentName: string, variant: Variant, p: number, seeds: number, s: Settings): Promise<(number | null)[]> {
  const env = new JobShopEnv({ instance: inst, variant, shutdownProb: p, ...s });
  const runs = p === 0 && !isStochastic(agentName) ? 1 : seeds;
  const out: (number | null)[] = [];
  for (let seed = 0; seed < runs; seed++) {
    const agent = await makeJobShopAgent(agentName, seed);
    out.push(runEpisode(env, agent, seed).makespan);
  }
  return out;
}

/**
 * User mode: every agent (or one) on the user's instance. Writes episodes.jsonl (one record per
 * agent) and gantt_<instance>_<agent>.svg of the best agent's first-seed schedule.
 */
async function userMode(o: OptionValues, ctx: ExperimentContext): Promise<JsonObject> {
  const log = ctx.log;
  const inst = loadInstanceFile(o.instance as string);
  const variant = checkVariant('variant', o.variant as string);
  const p = checkProb('shutdown', o.shutdown as number);
  const names = o.agent === null ? jobShopAgentNames() : [o.agent as string];
  const seeds = o.failureSeeds as number;
  const makespan: JsonObject = {};
  const spread: JsonObject = {};
  const deadlocks: JsonObject = {};
  const runs: JsonObject = {};
  for (const name of names) {
    const ms = await evaluate(inst, name, variant, p, seeds, settingsOf(o));
    const ok = ms.filter((x): x is number => x !== null);
    makespan[name] = ok.length === ms.length ? round(mean(ok)) : null;
    spread[name] = ok.length === ms.length ? round(sampleStd(ok)) : null;
    deadlocks[name] = ms.length - ok.length;
    runs[name] = ms.length;
    log(`${name}: makespan ${makespan[name]}${ms.length > 1 ? ` ± ${spread[name]} over ${ms.length} failure seeds` : ''}${ok.length < ms.length ? ` (${ms.length - ok.length} deadlocks)` : ''}`);
  }
  const writer = RunWriter.open(ctx.outDir);
  for (const name of names) writer.appendJsonl({ instance: inst.name, agent: name, variant, shutdownProb: p, meanMakespan: makespan[name], makespanStd: spread[name], deadlocks: deadlocks[name], runs: runs[name] });
  let best: string | null = null;
  for (const name of names) if (makespan[name] !== null && (best === null || (makespan[name] as number) < (makespan[best] as number))) best = name;
  let gantt: string | null = null;
  if (best !== null) {
    const env = new JobShopEnv({ instance: inst, variant, shutdownProb: p, ...settingsOf(o) });
    const r = runEpisode(env, await makeJobShopAgent(best, 0), 0);
    gantt = `gantt_${fileSafe(inst.name)}_${fileSafe(best)}.svg`;
    writer.writeText(gantt, await ganttChart({ title: `${inst.name}, ${variant}, p=${p}: ${best}, makespan ${r.makespan} (seed 0)`, tasks: ganttTasks(env.schedule()), colors: { blocked: '#bbbbbb', down: '#222222' } }));
  }
  writer.close();
  return { makespan, makespanStd: spread, deadlocks, instance: inst.name, variant, shutdown: p, runs, gantt };
}

function ganttTasks(schedule: Schedule): GanttTask[] {
  const tasks: GanttTask[] = schedule.ops.map((op) => ({ machine: `M${op.machine}`, start: op.start, end: op.end, job: `J${op.job}` }));
  for (const op of schedule.ops) if (op.release > op.end) tasks.push({ machine: `M${op.machine}`, start: op.end, end: op.release, job: 'blocked' });
  for (const d of schedule.downtimes) if (schedule.makespan === null || d.start < schedule.makespan) tasks.push({ machine: `M${d.machine}`, start: d.start, end: Math.min(d.end, schedule.makespan ?? d.end), job: 'down' });
  // Rows M0, M1, … top to bottom (the chart orders rows by first appearance).
  return tasks.sort((a, b) => Number(a.machine.slice(1)) - Number(b.machine.slice(1)) || a.start - b.start);
}

const experiment: Experiment = {
  name: 'jobshop',
  description: 'Dispatching rules on classic/blocking/swap job shops with machine shutdowns: benchmark gaps, shutdown sweep (CRN), Gantt charts; --instance FILE for your own instance',
  options: {
    instance: { type: 'string', default: null, help: 'user mode: instance file (OR-Library or Taillard format); prints {"makespan": {...}}' },
    variant: { type: 'string', default: 'classic', help: 'user mode: classic | blocking | blocking-swap' },
    shutdown: { type: 'number', default: 0, help: 'user mode: per-time-unit shutdown probability of each machine' },
    agent: { type: 'string', default: null, help: `user mode: one agent (default all: ${jobShopAgentNames().join(', ')})` },
    agents: { type: 'list', default: [], help: 'full run: agents (default all registered)' },
    variants: { type: 'list', default: ['classic', 'blocking-swap'], help: 'full run: variants of the shutdown sweep' },
    shutdownProbs: { type: 'list', default: ['0', '0.005', '0.01', '0.02', '0.05'], help: 'full run: shutdown probabilities' },
    failureSeeds: { type: 'integer', default: 30, help: 'failure seeds per (instance, agent, p > 0), common to all agents' },
    instances: { type: 'list', default: ['ft06', 'ft10', 'la01', 'la06', 'la11', 'la16', ...TA15], help: 'full run: benchmark instances (names in the data dir)' },
    randomInstances: { type: 'integer', default: 100, help: 'full run: held-out random instances' },
    randomJobs: { type: 'integer', default: 10, help: 'held-out instance jobs' },
    randomMachines: { type: 'integer', default: 10, help: 'held-out instance machines' },
    downtimeDist: { type: 'string', default: 'uniform', help: 'downtime law: uniform U{min..max} | geometric (min + geometric, same mean)' },
    downtimeMin: { type: 'integer', default: 1, help: 'downtime minimum (time units)' },
    downtimeMax: { type: 'integer', default: 10, help: 'downtime maximum (uniform) / sets the mean (min+max)/2 (geometric)' },
    dataDir: { type: 'string', default: null, help: `job-shop data folder (default ${JOBSHOP_DATA_DIR})` },
  },

  async run(o, ctx) {
    if ((o.failureSeeds as number) < 1) throw new ConfigError('failureSeeds', o.failureSeeds, 'must be ≥ 1');
    if (o.instance !== null) return userMode(o, ctx);
    const dataDir = (o.dataDir as string | null) ?? JOBSHOP_DATA_DIR;
    const agents = (o.agents as string[]).length > 0 ? (o.agents as string[]) : jobShopAgentNames();
    for (const a of agents) await makeJobShopAgent(a, 0);
    const variants = (o.variants as string[]).map((v) => checkVariant('variants', v));
    const probs = (o.shutdownProbs as string[]).map((x) => checkProb('shutdownProbs', Number(x)));
    const seeds = o.failureSeeds as number;
    const settings = settingsOf(o);
    const bench = (o.instances as string[]).map((name) => loadBenchmark(name, dataDir));
    const bks = loadBestKnown(dataDir);
    const nRandom = o.randomInstances as number;
    const heldOut = Array.from({ length: nRandom }, (_, i) =>
      randomInstance(createRng(HELD_OUT_SEED_BASE + i + ctx.seed * 100_000), o.randomJobs as number, o.randomMachines as number, 1, 99, `heldout-${i}`),
    );
    const writer = RunWriter.open(ctx.outDir);

    // 1. Classic gaps.
    ctx.log('1. classic variant, no failures: gap to best-known makespan');
    const gaps: JsonObject = {};
    const gapRows: { agent: string; ta15: number }[] = [];
    for (const agent of agents) {
      const per: JsonObject = {};
      const ta: number[] = [];
      for (const inst of bench) {
        const ms = await evaluate(inst, agent, 'classic', 0, seeds, settings);
        const m = mean(ms as number[]);
        const best = bks.get(inst.name);
        const gap = best === undefined ? null : (100 * (m - best)) / best;
        per[inst.name] = { makespan: round(m), bestKnown: best ?? null, gapPercent: gap === null ? null : round(gap) };
        if (TA15.includes(inst.name) && gap !== null) ta.push(gap);
        writer.appendJsonl({ part: 'classic-gap', instance: inst.name, agent, variant: 'classic', shutdownProb: 0, makespan: round(m), bestKnown: best ?? null });
      }
      const ta15 = ta.length > 0 ? round(mean(ta)) : null;
      gaps[agent] = { meanGapTaillard15x15: ta15, l2dPaperGap: L2D_TA15_GAPS[agent] ?? null, instances: per };
      if (ta15 !== null) gapRows.push({ agent, ta15 });
      ctx.log(`  ${agent.padEnd(9)} mean gap ta01–ta10: ${ta15 ?? '-'}%${L2D_TA15_GAPS[agent] !== undefined ? ` (L2D paper: ${L2D_TA15_GAPS[agent]}%)` : ''}`);
    }
    // The same rules under the spec's INS scheme (L2D-like insertion), for comparison with L2D's rule columns.
    const insertion: JsonObject = {};
    for (const rule of agents.filter((a) => INSERTION_RULES.includes(a))) {
      const ta: number[] = [];
      const per: JsonObject = {};
      for (const inst of bench) {
        const ms = insertionSchedule(inst, rule).makespan as number;
        const best = bks.get(inst.name);
        per[inst.name] = ms;
        if (TA15.includes(inst.name) && best !== undefined) ta.push((100 * (ms - best)) / best);
      }
      insertion[rule] = { meanGapTaillard15x15: ta.length > 0 ? round(mean(ta)) : null, makespans: per };
    }
    ctx.log(`  INS scheme mean gaps ta01–ta10: ${Object.entries(insertion).map(([r, v]) => `${r} ${(v as JsonObject).meanGapTaillard15x15 ?? '-'}%`).join(', ')}`);
    if (gapRows.length > 0) {
      writer.writeText('gap_taillard.svg', await barChart({ title: 'Classic JSSP, Taillard 15×15: gap to best-known (%)', bars: gapRows.map((r) => ({ group: 'ta01–ta10', series: r.agent, value: r.ta15 })), yLabel: 'gap %' }));
    }

    // 2. Shutdown sweep with common random numbers.
    ctx.log(`2. shutdown sweep: ${variants.join(', ')} × p ∈ {${probs.join(', ')}} × ${seeds} failure seeds; ${bench.length} benchmark + ${nRandom} held-out instances`);
    const sweep: JsonObject = {};
    for (const variant of variants) {
      const byP: JsonObject = {};
      const curves: Record<string, { bench: number[]; heldOut: number[] }> = {};
      for (const a of agents) curves[a] = { bench: [], heldOut: [] };
      for (const p of probs) {
        const row: JsonObject = {};
        for (const agent of agents) {
          const stat = async (set: JobShopInstance[], tag: string) => {
            const means: number[] = [];
            let deadlocks = 0;
            let runs = 0;
            for (const inst of set) {
              const ms = await evaluate(inst, agent, variant, p, seeds, settings);
              runs += ms.length;
              const ok = ms.filter((x): x is number => x !== null);
              deadlocks += ms.length - ok.length;
              if (ok.length > 0) means.push(mean(ok));
              writer.appendJsonl({ part: 'sweep', set: tag, variant, shutdownProb: p, instance: inst.name, agent, runs: ms.length, meanMakespan: ok.length > 0 ? round(mean(ok)) : null, stdMakespan: ok.length > 0 ? round(sampleStd(ok)) : null, deadlocks: ms.length - ok.length });
            }
            return { meanMakespan: means.length > 0 ? round(mean(means)) : null, deadlockRate: runs > 0 ? round(deadlocks / runs, 4) : 0 };
          };
          const b = bench.length > 0 ? await stat(bench, 'benchmark') : null;
          const h = heldOut.length > 0 ? await stat(heldOut, 'held-out') : null;
          row[agent] = { benchmark: b, heldOut: h };
          curves[agent].bench.push(b?.meanMakespan ?? NaN);
          curves[agent].heldOut.push(h?.meanMakespan ?? NaN);
        }
        const best = (key: 'bench' | 'heldOut') => {
          let name = '';
          let v = Infinity;
          for (const a of agents) {
            const x = curves[a][key][curves[a][key].length - 1];
            if (x < v) [name, v] = [a, x];
          }
          return name === '' ? null : { agent: name, meanMakespan: v };
        };
        row.bestOnBenchmark = best('bench');
        row.bestOnHeldOut = best('heldOut');
        byP[String(p)] = row;
        ctx.log(`  ${variant} p=${p}: best on benchmark ${JSON.stringify(row.bestOnBenchmark)}, held-out ${JSON.stringify(row.bestOnHeldOut)}`);
      }
      sweep[variant] = byP;
      for (const [key, label] of [['heldOut', 'held-out'], ['bench', 'benchmark']] as const) {
        const series = agents.filter((a) => curves[a][key].every(Number.isFinite)).map((a) => ({ name: a, x: probs, y: curves[a][key] }));
        if (series.length > 0) writer.writeText(`sweep_${variant}_${label}.svg`, await lineChart({ title: `${variant}: mean makespan vs shutdown probability (${label})`, series, xLabel: 'shutdown probability p', yLabel: 'mean makespan' }));
      }
    }

    // 3. Gantt charts on ft06.
    const ft06 = bench.find((i) => i.name === 'ft06') ?? (() => {
      try {
        return loadBenchmark('ft06', dataDir);
      } catch {
        return undefined;
      }
    })();
    const gantts: string[] = [];
    if (ft06 !== undefined) {
      for (const [variant, p] of [['classic', 0], ['blocking-swap', 0], ['blocking-swap', 0.02]] as const) {
        let bestRule = 'MOR';
        let bestMs = Infinity;
        for (const a of agents.filter((x) => !isStochastic(x))) {
          const env = new JobShopEnv({ instance: ft06, variant, shutdownProb: p, ...settings });
          const ms = runEpisode(env, await makeJobShopAgent(a, 0), 0).makespan;
          if (ms !== null && ms < bestMs) [bestRule, bestMs] = [a, ms];
        }
        const env = new JobShopEnv({ instance: ft06, variant, shutdownProb: p, ...settings });
        const r = runEpisode(env, await makeJobShopAgent(bestRule, 0), 0);
        const file = `gantt_ft06_${variant}_p${p}.svg`;
        writer.writeText(file, await ganttChart({ title: `ft06, ${variant}, p=${p}: ${bestRule}, makespan ${r.makespan}`, tasks: ganttTasks(env.schedule()), colors: { blocked: '#bbbbbb', down: '#222222' } }));
        gantts.push(file);
      }
    }
    writer.close();
    return { classicGap: gaps, classicGapInsertionScheme: insertion, sweep, gantts, failureSeeds: seeds, heldOutInstances: nRandom, heldOutSize: `${o.randomJobs}x${o.randomMachines}`, downtime: `${settings.downtimeDist}(${settings.downtimeMin}..${settings.downtimeMax})` };
  },
};

export default experiment;
