/**
 * `npm run experiment -- jobshop-eval-gnn --policy FILE`: a GNN-PPO policy (`GnnPpoAgent` JSON,
 * e.g. from `jobshop-train-gnn`) against every dispatching rule on held-out random instances, per
 * variant and shutdown probability, with common random numbers (failure seed s gives every agent
 * the same downtimes on the same instance).
 *
 * Held-out instances come from seeds `--seedBase` + i (default 1 000 000 + i, the job-shop
 * experiment's held-out set at `--seed 0`; training never uses these generators, and validation
 * uses 3 000 000 + i). Agents: the 8 rules, `gnn-ppo` (greedy) and, with `--samples K > 0`,
 * `gnn-ppo-sample` (mean over K sampled rollouts per instance and failure seed).
 * Summary per (variant, p): mean makespan per agent, the best rule, and the paired difference
 * greedy GNN − best rule: mean, 95% normal interval over instance × seed pairs (`ci95`; too narrow
 * when p > 0, as an instance's failure seeds are correlated) and over instances, each instance's
 * difference averaged over its failure seeds (`ci95Instances`), and the instances the GNN wins.
 * Files: episodes.jsonl (one line per variant, p, instance, seed, agent), summary.json.
 */
import { readFileSync } from 'node:fs';
import { GnnPpoAgent } from '../../agents/jobshop/gnn-ppo.js';
import { makeRule, RULE_NAMES } from '../../agents/jobshop/rules.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { mean, roundTo, sampleStd } from '../../envs/core/stats.js';
import { createRng } from '../../envs/core/rng.js';
import { JobShopEnv } from '../../envs/jobshop/env.js';
import { randomInstance } from '../../envs/jobshop/generator.js';
import { VARIANTS, type Variant } from '../../envs/jobshop/types.js';
import { RunWriter } from '../io/run-writer.js';
import type { Experiment } from '../types.js';
import { runEpisode } from './evaluate.js';

const round = (x: number) => roundTo(x, 2);

/** Mean and 95% normal interval half-width of `xs`. */
function meanCi(xs: readonly number[]): { mean: number; half: number } {
  return { mean: mean(xs), half: (1.96 * sampleStd(xs)) / Math.sqrt(xs.length) };
}

const experiment: Experiment = {
  name: 'jobshop-eval-gnn',
  description: 'A trained GNN-PPO job-shop policy vs every dispatching rule on held-out random instances (CRN over failure seeds)',
  options: {
    policy: { type: 'string', default: null, help: 'policy JSON (GnnPpoAgent format), e.g. agents/jobshop/gnn-ppo-policy.json' },
    jobs: { type: 'integer', default: 10, help: 'held-out instance jobs' },
    machines: { type: 'integer', default: 10, help: 'held-out instance machines' },
    instances: { type: 'integer', default: 30, help: 'held-out instances' },
    seedBase: { type: 'integer', default: 1_000_000, help: 'instance i uses generator seed seedBase + i' },
    variants: { type: 'list', default: ['classic', 'blocking-swap'], help: 'shop variants' },
    shutdownProbs: { type: 'list', default: ['0', '0.005', '0.01', '0.02', '0.05'], help: 'shutdown probabilities' },
    failureSeeds: { type: 'integer', default: 5, help: 'failure seeds per instance when p > 0' },
    samples: { type: 'integer', default: 0, help: 'sampled rollouts per (instance, seed) for gnn-ppo-sample (0 = greedy only)' },
  },

  async run(o, ctx) {
    if (o.policy === null) throw new ConfigError('policy', null, 'is required: a GnnPpoAgent JSON file');
    const greedy = GnnPpoAgent.fromJSON(JSON.parse(readFileSync(o.policy as string, 'utf8')) as JsonValue, ctx.seed);
    const variants = (o.variants as string[]).map((v) => {
      if (!(VARIANTS as readonly string[]).includes(v)) throw new ConfigError('variants', v, `expected one of ${VARIANTS.join(', ')}`);
      return v as Variant;
    });
    const probs = (o.shutdownProbs as string[]).map(Number);
    for (const p of probs) if (!(p >= 0 && p < 1)) throw new ConfigError('shutdownProbs', p, 'must lie in [0, 1)');
    const seeds = o.failureSeeds as number;
    const samples = o.samples as number;
    if (!(seeds >= 1)) throw new ConfigError('failureSeeds', seeds, 'must be ≥ 1');
    if (!(samples >= 0)) throw new ConfigError('samples', samples, 'must be ≥ 0');
    const instances = Array.from({ length: o.instances as number }, (_, i) => randomInstance(createRng((o.seedBase as number) + i), o.jobs as number, o.machines as number, 1, 99, `heldout-${i}`));
    const writer = RunWriter.open(ctx.outDir);
    const summary: JsonObject = {};
    for (const variant of variants) {
      const byP: JsonObject = {};
      for (const p of probs) {
        const runs = p === 0 ? 1 : seeds;
        const totals = new Map<string, number[]>(); // agent → makespan per (instance, seed)
        const push = (name: string, v: number) => (totals.get(name) ?? totals.set(name, []).get(name)!).push(v);
        instances.forEach((inst, i) => {
          const env = new JobShopEnv({ instance: inst, variant, shutdownProb: p });
          for (let seed = 0; seed < runs; seed++) {
            const play = (name: string, agent: Parameters<typeof runEpisode>[1]) => {
              const ms = runEpisode(env, agent, seed).makespan;
              if (ms === null) throw new ConfigError('variant', variant, `deadlocked on ${inst.name}`);
              writer.appendJsonl({ variant, shutdownProb: p, instance: i, seed, agent: name, makespan: ms });
              return ms;
            };
            for (const r of RULE_NAMES) push(r, play(r, makeRule(r)));
            push('gnn-ppo', play('gnn-ppo', greedy));
            if (samples > 0) {
              let s = 0;
              for (let k = 0; k < samples; k++) s += runEpisode(env, { name: 'gnn-ppo-sample', act: (obs) => greedy.act(obs, true) }, seed).makespan!;
              push('gnn-ppo-sample', s / samples);
            }
          }
        });
        const means: JsonObject = {};
        let bestRule = '';
        let bestMean = Infinity;
        for (const [name, xs] of totals) {
          const m = xs.reduce((a, b) => a + b, 0) / xs.length;
          means[name] = round(m);
          if ((RULE_NAMES as readonly string[]).includes(name) && m < bestMean) [bestRule, bestMean] = [name, m];
        }
        const g = totals.get('gnn-ppo')!;
        const b = totals.get(bestRule)!;
        const d = g.map((x, k) => x - b[k]);
        const { mean: md, half } = meanCi(d);
        // Pairs are stored instance-major, `runs` seeds per instance.
        const perInstance = instances.map((_, i) => mean(d.slice(i * runs, (i + 1) * runs)));
        const inst = meanCi(perInstance);
        const wins = perInstance.filter((x) => x < 0).length;
        byP[String(p)] = { meanMakespan: means, bestRule, gnnMinusBestRule: round(md), ci95: [round(md - half), round(md + half)], ci95Instances: [round(md - inst.half), round(md + inst.half)], pairs: d.length, instancesWon: wins, gnnBeatsBestRule: md < 0 };
        ctx.log(`${variant} p=${p}: gnn-ppo ${means['gnn-ppo']}${samples > 0 ? ` (sampling ${means['gnn-ppo-sample']})` : ''} vs best rule ${bestRule} ${round(bestMean)}: Δ ${round(md)} [${round(md - half)}, ${round(md + half)}], over instances [${round(md - inst.half)}, ${round(md + inst.half)}], GNN better on ${wins}/${instances.length}`);
      }
      summary[variant] = byP;
    }
    writer.close();
    return { policy: o.policy as string, size: `${o.jobs}x${o.machines}`, instances: instances.length, seedBase: o.seedBase as number, failureSeeds: seeds, results: summary };
  },
};

export default experiment;
