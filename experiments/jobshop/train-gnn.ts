/**
 * `npm run experiment -- jobshop-train-gnn`: trains the GNN-PPO dispatcher
 * (`agents/jobshop/gnn-ppo.ts`) on random instances with random shutdown probabilities, and keeps
 * the policy that does best on a validation set.
 *
 * Validation (model selection): `--valInstances` random instances from seeds 3 000 000 + i (the
 * job-shop experiment's held-out test instances use 1 000 000 + i; training instances come from the
 * envs' own seeded generators), every variant in `--variants`, shutdown probabilities
 * `--valShutdownProbs` (failure seeds 0..`--valSeeds`−1 when p > 0, common to every agent). Score =
 * mean over (variant, p) of (greedy GNN mean makespan) / (best single rule's mean makespan), so
 * < 1 means the policy beats the best rule of that setting.
 *
 * Files: metrics.jsonl (CleanRL metrics per iteration and episode), evals.jsonl, checkpoint.json
 * (latest PPO checkpoint: weights, Adam state, generator state), policy.json (best validated
 * policy, `GnnPpoAgent.fromJSON` format), policy_swa.json (with `--swaStart`: the mean of the weights
 * at the validation points in [swaStart, swaEnd], stochastic weight averaging), learning_curve.svg.
 * `--savePolicy FILE` also copies the
 * best policy to FILE (e.g. agents/jobshop/gnn-ppo-policy.json). `--resume-from FILE` continues
 * from a checkpoint.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GnnPpoAgent, gnnAgentOf, gnnPpoLearner } from '../../agents/jobshop/gnn-ppo.js';
import { makeRule } from '../../agents/jobshop/rules.js';
import type { Agent } from '../../agents/agent.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { createRng } from '../../envs/core/rng.js';
import { JobShopEnv, type JobShopObs } from '../../envs/jobshop/env.js';
import { randomInstance } from '../../envs/jobshop/generator.js';
import { VARIANTS, type JobShopInstance, type Variant } from '../../envs/jobshop/types.js';
import { RunWriter } from '../io/run-writer.js';
import { lineChart } from '../plot/index.js';
import type { Experiment } from '../types.js';
import { runEpisode } from './evaluate.js';

export const VALIDATION_SEED_BASE = 3_000_000;
const RULES = ['FIFO', 'SPT', 'LPT', 'MWKR', 'LWKR', 'MOR', 'LOR', 'FDD/MWKR'];

/** Mean makespan of `agent` over instances × failure seeds (one seed when p = 0). */
export function meanMakespan(agent: Agent<JobShopObs, number>, instances: readonly JobShopInstance[], variant: Variant, p: number, seeds: number): number {
  let s = 0;
  let n = 0;
  for (const inst of instances) {
    const env = new JobShopEnv({ instance: inst, variant, shutdownProb: p });
    for (let seed = 0; seed < (p === 0 ? 1 : seeds); seed++) {
      const ms = runEpisode(env, agent, seed).makespan;
      if (ms === null) throw new ConfigError('variant', variant, 'deadlocked during evaluation');
      s += ms;
      n++;
    }
  }
  return s / n;
}

const experiment: Experiment = {
  name: 'jobshop-train-gnn',
  description: 'Train the GNN-PPO job-shop dispatcher on random instances with random shutdowns; keep the best policy on a validation set vs the best single rule',
  options: {
    iterations: { type: 'integer', default: 200, help: 'PPO iterations (each numEnvs × numSteps decisions)' },
    jobs: { type: 'integer', default: 6, help: 'training/validation instance jobs' },
    machines: { type: 'integer', default: 6, help: 'training/validation instance machines' },
    variants: { type: 'list', default: ['blocking-swap', 'classic'], help: 'shop variants (sub-env i uses variants[i mod k])' },
    shutdownProbs: { type: 'list', default: ['0', '0.005', '0.01', '0.02'], help: 'per-episode shutdown probability, drawn uniformly' },
    lr: { type: 'number', default: 1e-3, help: 'Adam learning rate (annealed linearly to 0)' },
    numEnvs: { type: 'integer', default: 8, help: 'parallel training envs' },
    numSteps: { type: 'integer', default: 64, help: 'decisions per env per rollout' },
    updateEpochs: { type: 'integer', default: 4, help: 'PPO epochs per iteration' },
    numMinibatches: { type: 'integer', default: 4, help: 'minibatches per epoch' },
    entCoef: { type: 'number', default: 0.01, help: 'entropy bonus' },
    gaeLambda: { type: 'number', default: 0.95, help: 'GAE λ (γ = 1)' },
    rewardScale: { type: 'number', default: 0.002, help: 'reward multiplier (return = −makespan × scale)' },
    hidden: { type: 'integer', default: 32, help: 'GNN width' },
    layers: { type: 'integer', default: 3, help: 'message-passing layers' },
    evalEvery: { type: 'integer', default: 10, help: 'iterations between validations' },
    valInstances: { type: 'integer', default: 20, help: 'validation instances' },
    valShutdownProbs: { type: 'list', default: ['0', '0.02'], help: 'validation shutdown probabilities' },
    valSeeds: { type: 'integer', default: 3, help: 'failure seeds per validation instance when p > 0' },
    savePolicy: { type: 'string', default: null, help: 'also write the best policy JSON to this file' },
    swaStart: { type: 'integer', default: -1, help: 'stochastic weight averaging: average the weights at the validation points with swaStart ≤ iteration ≤ swaEnd into policy_swa.json (−1 = off)' },
    swaEnd: { type: 'integer', default: -1, help: 'last iteration averaged (−1 = the end of training)' },
    resumeFrom: { type: 'string', default: null, help: 'continue from this checkpoint.json (same architecture and PPO sizes)' },
  },

  async run(o, ctx) {
    const variants = (o.variants as string[]).map((v) => {
      if (!(VARIANTS as readonly string[]).includes(v)) throw new ConfigError('variants', v, `expected one of ${VARIANTS.join(', ')}`);
      return v as Variant;
    });
    const probs = (o.shutdownProbs as string[]).map(Number);
    const valProbs = (o.valShutdownProbs as string[]).map(Number);
    for (const p of [...probs, ...valProbs]) if (!(p >= 0 && p < 1)) throw new ConfigError('shutdownProbs', p, 'must lie in [0, 1)');
    const iterations = o.iterations as number;
    const evalEvery = o.evalEvery as number;
    if (!(iterations >= 1)) throw new ConfigError('iterations', iterations, 'must be ≥ 1');
    if (!(evalEvery >= 1)) throw new ConfigError('evalEvery', evalEvery, 'must be ≥ 1');
    const numEnvs = o.numEnvs as number;
    const numSteps = o.numSteps as number;
    const writer = RunWriter.open(ctx.outDir);
    const ppo = gnnPpoLearner(
      {
        ppo: {
          seed: ctx.seed,
          lr: o.lr as number,
          numEnvs,
          numSteps,
          totalTimesteps: iterations * numEnvs * numSteps,
          updateEpochs: o.updateEpochs as number,
          numMinibatches: o.numMinibatches as number,
          entCoef: o.entCoef as number,
          gaeLambda: o.gaeLambda as number,
        },
        architecture: { hidden: o.hidden as number, layers: o.layers as number },
        numJobs: o.jobs as number,
        numMachines: o.machines as number,
        variants,
        shutdownProbs: probs,
        rewardScale: o.rewardScale as number,
      },
      (step, m) => writer.appendJsonl({ step, ...m }, 'metrics.jsonl'),
    );
    if (o.resumeFrom !== null) {
      ppo.load(JSON.parse(readFileSync(o.resumeFrom as string, 'utf8')) as JsonValue);
      ctx.log(`resumed from ${o.resumeFrom} at iteration ${ppo.iteration}`);
    }

    // Validation set and the rules' reference makespans.
    const val = Array.from({ length: o.valInstances as number }, (_, i) => randomInstance(createRng(VALIDATION_SEED_BASE + i), o.jobs as number, o.machines as number, 1, 99, `val-${i}`));
    const seeds = o.valSeeds as number;
    const settings = variants.flatMap((v) => valProbs.map((p) => ({ variant: v, p })));
    const ruleRef: JsonObject = {};
    const bestRule = settings.map(({ variant, p }) => {
      let best = { rule: '', makespan: Infinity };
      const per: JsonObject = {};
      for (const r of RULES) {
        const ms = meanMakespan(makeRule(r), val, variant, p, seeds);
        per[r] = Math.round(ms * 100) / 100;
        if (ms < best.makespan) best = { rule: r, makespan: ms };
      }
      ruleRef[`${variant}@${p}`] = per;
      ctx.log(`validation ${variant} p=${p}: best rule ${best.rule} ${best.makespan.toFixed(1)}`);
      return best;
    });

    const validate = () => {
      const agent = gnnAgentOf(ppo);
      const rows = settings.map(({ variant, p }, i) => {
        const ms = meanMakespan(agent, val, variant, p, seeds);
        return { variant, p, makespan: Math.round(ms * 100) / 100, bestRule: bestRule[i].rule, bestRuleMakespan: Math.round(bestRule[i].makespan * 100) / 100, ratio: ms / bestRule[i].makespan };
      });
      return { score: rows.reduce((s, r) => s + r.ratio, 0) / rows.length, rows };
    };

    let best: { score: number; iteration: number; rows: JsonValue } = { score: Infinity, iteration: -1, rows: [] };
    const swaStart = o.swaStart as number;
    const swaEnd = (o.swaEnd as number) < 0 ? Infinity : (o.swaEnd as number);
    const params = ppo.policy.parameters();
    const swaSum = params.map((p) => new Float64Array(p.size));
    let swaCount = 0;
    const curve: { x: number; y: number }[] = [];
    const t0 = performance.now();
    while (ppo.iteration < ppo.numIterations) {
      const m = ppo.trainIteration();
      if (ppo.iteration % evalEvery !== 0 && ppo.iteration !== ppo.numIterations) continue;
      const v = validate();
      curve.push({ x: ppo.globalStep, y: v.score });
      writer.appendJsonl({ iteration: ppo.iteration, step: ppo.globalStep, score: v.score, rows: v.rows, seconds: Math.round((performance.now() - t0) / 1000) }, 'evals.jsonl');
      writer.writeJson('checkpoint.json', ppo.save());
      if (swaStart >= 0 && ppo.iteration >= swaStart && ppo.iteration <= swaEnd) {
        params.forEach((p, k) => {
          for (let i = 0; i < p.size; i++) swaSum[k][i] += p.data[i];
        });
        swaCount++;
      }
      if (v.score < best.score) {
        best = { score: v.score, iteration: ppo.iteration, rows: v.rows };
        const policy = gnnAgentOf(ppo).save();
        writer.writeJson('policy.json', policy);
        if (o.savePolicy !== null) writeFileSync(o.savePolicy as string, `${JSON.stringify(policy)}\n`);
      }
      ctx.log(`iter ${ppo.iteration}/${ppo.numIterations} step ${ppo.globalStep}: val score ${v.score.toFixed(4)} (best ${best.score.toFixed(4)} @${best.iteration}) entropy ${m['losses/entropy'].toFixed(3)} kl ${m['losses/approx_kl'].toFixed(4)} ${Math.round((performance.now() - t0) / 1000)} s`);
    }
    let swa: JsonObject | null = null;
    if (swaCount > 0) {
      // Validate the averaged weights with a copy of the network (the learner keeps its own).
      const saved = params.map((p) => Float64Array.from(p.data));
      params.forEach((p, k) => {
        for (let i = 0; i < p.size; i++) p.data[i] = swaSum[k][i] / swaCount;
      });
      const v = validate();
      writer.writeJson('policy_swa.json', gnnAgentOf(ppo).save());
      params.forEach((p, k) => p.data.set(saved[k]));
      swa = { snapshots: swaCount, score: v.score, rows: v.rows };
      ctx.log(`SWA of ${swaCount} snapshots: val score ${v.score.toFixed(4)} → policy_swa.json`);
    }
    if (curve.length > 0) {
      writer.writeText('learning_curve.svg', await lineChart({ title: 'GNN-PPO: validation makespan / best rule (lower is better)', series: [{ name: 'gnn-ppo', x: curve.map((c) => c.x), y: curve.map((c) => c.y) }, { name: 'best rule', x: curve.map((c) => c.x), y: curve.map(() => 1) }], xLabel: 'decisions', yLabel: 'ratio' }));
    }
    writer.close();
    // Sanity: the saved policy reloads and acts like the network it came from.
    if (best.iteration >= 0) GnnPpoAgent.fromJSON(JSON.parse(readFileSync(writer.path('policy.json'), 'utf8')) as JsonValue);
    return { swa, bestScore: best.score, bestIteration: best.iteration, bestRows: best.rows, ruleReference: ruleRef, iterations: ppo.iteration, decisions: ppo.globalStep, seconds: Math.round((performance.now() - t0) / 1000) };
  },
};

export default experiment;
