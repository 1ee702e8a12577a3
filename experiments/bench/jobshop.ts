/**
 * `jobshop` benchmark: `JobShop-v0` env steps per second driven by a dispatching rule, resets
 * included, on ta01 (15×15) and a Taillard-style 30×20 instance (Taillard's generator, seeds
 * 1 and 2), each configuration in its own worker isolate, ~`seconds` per repetition, median of 3.
 *
 * A step is one decision (a real choice: single-candidate machines dispatch without a step), so
 * steps per episode < operations per episode; the table also gives episodes/s and dispatched
 * operations/s (= episodes/s × n·m), the unit that compares with envs that step once per operation.
 * Anchor (issue 7): Python JSSEnv, random legal actions on ta01: 19.6k steps/s on this machine
 * kind; goal ≥ 196k steps/s (classic, rule agent, ta01).
 * `steps/cpu-s` divides by the process's CPU time instead of wall time (the machine is shared).
 * `+graph` rows also build `jobShopGraph(obs.observation)` every step (the GNN's input), to show its cost.
 */
import type { Agent } from '../../agents/agent.js';
import { makeRule } from '../../agents/jobshop/rules.js';
import type { JsonObject } from '../../envs/core/json.js';
import { JobShopEnv, type JobShopObs } from '../../envs/jobshop/env.js';
import { taillardInstance } from '../../envs/jobshop/generator.js';
import { jobShopGraph } from '../../envs/jobshop/observation.js';
import type { JobShopInstance, Variant } from '../../envs/jobshop/types.js';
import { loadBenchmark } from '../jobshop/data.js';
import type { Benchmark, BenchContext } from '../types.js';
import { runIsolated } from './isolate.js';
import { median, table, time } from './timing.js';

interface Config {
  instance: 'ta01' | '30x20';
  variant: Variant;
  shutdownProb: number;
  agent: string;
  graph: boolean;
  seconds: number;
}

interface Rates extends JsonObject {
  stepsPerSecond: number;
  /** Steps per second of process CPU time (robust to other processes sharing the cores). */
  stepsPerCpuSecond: number;
  episodesPerSecond: number;
  opsPerSecond: number;
  stepsPerEpisode: number;
}

function instanceOf(name: Config['instance']): JobShopInstance {
  return name === 'ta01' ? loadBenchmark('ta01') : taillardInstance(30, 20, 1, 2, 'taillard-30x20-1-2');
}

/** Worker side: rates of one configuration. */
export function measureJobShop(c: Config): Rates {
  const inst = instanceOf(c.instance);
  const env = new JobShopEnv({ instance: inst, variant: c.variant, shutdownProb: c.shutdownProb });
  const agent: Agent<JobShopObs, number> = makeRule(c.agent, 1);
  let nodes = 0;
  const episodes = (count: number) => {
    let steps = 0;
    for (let e = 0; e < count; e++) {
      let { obs } = env.reset({ seed: e });
      for (;;) {
        if (c.graph) nodes += jobShopGraph(obs.observation).numNodes;
        const r = env.step(agent.act(obs));
        steps++;
        if (r.terminated) break;
        obs = r.obs;
      }
    }
    return steps;
  };
  // Calibrate the episode count to ~c.seconds per repetition.
  let n = 1;
  for (;;) {
    const { seconds } = time(() => episodes(n));
    if (seconds >= c.seconds / 4) {
      n = Math.max(1, Math.round((n * c.seconds) / seconds));
      break;
    }
    n *= 4;
  }
  const cpu0 = process.cpuUsage();
  const runs = Array.from({ length: 3 }, () => time(() => episodes(n)));
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 / 3;
  const seconds = median(runs.map((r) => r.seconds));
  const steps = runs[0].result;
  const ops = inst.machines.reduce((a, row) => a + row.length, 0);
  return {
    stepsPerSecond: Math.round(steps / seconds),
    stepsPerCpuSecond: Math.round(steps / cpuSeconds),
    episodesPerSecond: Math.round(n / seconds),
    opsPerSecond: Math.round((n * ops) / seconds),
    stepsPerEpisode: Math.round((10 * steps) / n) / 10,
    graphNodesSeen: nodes,
  };
}

const CONFIGS: Omit<Config, 'seconds'>[] = [
  { instance: 'ta01', variant: 'classic', shutdownProb: 0, agent: 'MWKR', graph: false },
  { instance: 'ta01', variant: 'classic', shutdownProb: 0, agent: 'random', graph: false },
  { instance: 'ta01', variant: 'blocking-swap', shutdownProb: 0, agent: 'MWKR', graph: false },
  { instance: 'ta01', variant: 'blocking-swap', shutdownProb: 0.02, agent: 'MWKR', graph: false },
  { instance: 'ta01', variant: 'classic', shutdownProb: 0, agent: 'MWKR', graph: true },
  { instance: '30x20', variant: 'classic', shutdownProb: 0, agent: 'MWKR', graph: false },
  { instance: '30x20', variant: 'blocking-swap', shutdownProb: 0.02, agent: 'MWKR', graph: false },
  { instance: '30x20', variant: 'classic', shutdownProb: 0, agent: 'MWKR', graph: true },
];

const bench: Benchmark = {
  name: 'jobshop',
  description: 'JobShop-v0 steps/s with dispatching rules on ta01 (15×15) and 30×20, classic / blocking-swap / shutdowns',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const seconds = ctx.quick ? 0.05 : 0.5;
    const rows: (string | number)[][] = [];
    const results: JsonObject[] = [];
    for (const c of CONFIGS) {
      const r = await runIsolated<Rates>(import.meta.url, 'measureJobShop', { ...c, seconds });
      const label = `${c.instance} ${c.variant}${c.shutdownProb > 0 ? ` p=${c.shutdownProb}` : ''} ${c.agent}${c.graph ? ' +graph' : ''}`;
      rows.push([label, (r.stepsPerSecond / 1000).toFixed(1) + 'k', (r.stepsPerCpuSecond / 1000).toFixed(1) + 'k', r.episodesPerSecond, (r.opsPerSecond / 1e6).toFixed(2) + 'M', r.stepsPerEpisode]);
      results.push({ ...c, ...r, label });
    }
    ctx.log(table(['configuration', 'steps/s', 'steps/cpu-s', 'episodes/s', 'ops/s', 'steps/ep'], rows));
    const goal = results[0].stepsPerSecond as number;
    return { results, anchorJSSEnvStepsPerSecond: 19_600, goalStepsPerSecond: 196_000, ta01ClassicRuleStepsPerSecond: goal, goalMet: goal >= 196_000 };
  },
};

export default bench;
