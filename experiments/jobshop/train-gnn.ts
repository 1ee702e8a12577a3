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
 *
 * The shipped policy (agents/jobshop/gnn-ppo-policy.json, format v2) is policy_swa.json of a PPO
 * fine-tune, on 10×10 shops with rule features, of the 6×6 PPO policy shipped before it (format v1,
 * `git show 3d4b3df:agents/jobshop/gnn-ppo-policy.json > v1.json`), 3,445 s wall on one core:
 *   npm run experiment -- jobshop-train-gnn --seed 1 --method ppo --ruleFeatures --initPolicy v1.json
 *     --jobs 10 --machines 10 --variants classic,blocking-swap --shutdownProbs 0,0.005,0.01,0.02,0.05
 *     --iterations 400 --lr 1e-4 --evalEvery 20 --valInstances 50 --valSeeds 3
 *     --valShutdownProbs 0,0.005,0.02,0.05 --selectBy max --swaStart 200
 * (Its policy.json stayed the warm start: by the max ratio no validation point beat it; the SWA's
 * max ratio 0.9937 vs 0.9877, mean 0.9768 vs 0.9787.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GnnPpoAgent, gnnAgentOf, gnnPpoLearner, JobShopGnn, warmStart } from '../../agents/jobshop/gnn-ppo.js';
import { GnnSelfLabeler } from '../../agents/jobshop/self-labeling.js';
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

/** What the training loop needs of PPO and of self-labeling. */
interface Learner {
  readonly net: JobShopGnn;
  readonly iteration: number;
  readonly numIterations: number;
  readonly globalStep: number;
  trainIteration(): Record<string, number>;
  save(): JsonObject;
  load(checkpoint: JsonValue): void;
}
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
    method: { type: 'string', default: 'ppo', help: 'ppo, or self-labeling (agents/jobshop/self-labeling.ts: imitate the best of --samples sampled schedules)' },
    iterations: { type: 'integer', default: 200, help: 'iterations (PPO: numEnvs × numSteps decisions each; self-labeling: slInstances × samples rollouts each)' },
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
    ruleFeatures: { type: 'boolean', default: false, help: 'add the rule features (RF_* of agents/jobshop/gnn-ppo.ts) to the node inputs' },
    evalEvery: { type: 'integer', default: 10, help: 'iterations between validations' },
    valInstances: { type: 'integer', default: 20, help: 'validation instances' },
    valShutdownProbs: { type: 'list', default: ['0', '0.02'], help: 'validation shutdown probabilities' },
    valSeeds: { type: 'integer', default: 3, help: 'failure seeds per validation instance when p > 0' },
    savePolicy: { type: 'string', default: null, help: 'also write the best policy JSON to this file' },
    swaStart: { type: 'integer', default: -1, help: 'stochastic weight averaging: average the weights at the validation points with swaStart ≤ iteration ≤ swaEnd into policy_swa.json (−1 = off)' },
    swaEnd: { type: 'integer', default: -1, help: 'last iteration averaged (−1 = the end of training)' },
    samples: { type: 'integer', default: 8, help: 'self-labeling: sampled rollouts per instance' },
    slInstances: { type: 'integer', default: 16, help: 'self-labeling: training instances per iteration' },
    slEpochs: { type: 'integer', default: 1, help: 'self-labeling: passes over the labelled decisions per iteration' },
    minibatchSize: { type: 'integer', default: 256, help: 'self-labeling: labelled decisions per gradient step' },
    greedyCandidate: { type: 'boolean', default: false, help: 'self-labeling: the greedy rollout is a label candidate too' },
    ruleCandidates: { type: 'list', default: [], help: 'self-labeling: dispatching rules whose schedules are label candidates too (e.g. FDD/MWKR,MWKR)' },
    resumeFrom: { type: 'string', default: null, help: 'continue from this checkpoint.json (same architecture and PPO sizes)' },
    initPolicy: { type: 'string', default: null, help: 'warm start: initial weights from this policy JSON (GnnPpoAgent format, same width and depth; a policy without rule features may start a --ruleFeatures network, whose rule columns start at 0); fresh optimiser and counters' },
    selectBy: { type: 'string', default: 'mean', help: 'validation score over the (variant, p) settings: mean or max of GNN / best-rule makespan ratios' },
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
    const selectBy = o.selectBy as string;
    if (selectBy !== 'mean' && selectBy !== 'max') throw new ConfigError('selectBy', selectBy, 'expected mean or max');
    if (o.initPolicy !== null && o.resumeFrom !== null) throw new ConfigError('initPolicy', o.initPolicy, 'cannot be combined with resumeFrom');
    const method = o.method as string;
    if (method !== 'ppo' && method !== 'self-labeling') throw new ConfigError('method', method, 'expected ppo or self-labeling');
    const numEnvs = o.numEnvs as number;
    const numSteps = o.numSteps as number;
    const writer = RunWriter.open(ctx.outDir);
    const architecture = { hidden: o.hidden as number, layers: o.layers as number, ruleFeatures: o.ruleFeatures as boolean };
    let learner: Learner;
    if (method === 'ppo') {
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
          architecture,
          numJobs: o.jobs as number,
          numMachines: o.machines as number,
          variants,
          shutdownProbs: probs,
          rewardScale: o.rewardScale as number,
        },
        (step, m) => writer.appendJsonl({ step, ...m }, 'metrics.jsonl'),
      );
      learner = Object.assign(ppo, { net: gnnAgentOf(ppo).net });
    } else {
      const sl = new GnnSelfLabeler(new JobShopGnn(architecture, createRng(ctx.seed)), {
        seed: ctx.seed,
        iterations,
        instances: o.slInstances as number,
        samples: o.samples as number,
        numJobs: o.jobs as number,
        numMachines: o.machines as number,
        variants,
        shutdownProbs: probs,
        lr: o.lr as number,
        epochs: o.slEpochs as number,
        minibatchSize: o.minibatchSize as number,
        greedyCandidate: o.greedyCandidate as boolean,
        ruleCandidates: o.ruleCandidates as string[],
      });
      learner = {
        net: sl.net,
        numIterations: sl.numIterations,
        get iteration() {
          return sl.iteration;
        },
        get globalStep() {
          return sl.globalStep;
        },
        trainIteration: () => {
          const m = sl.trainIteration();
          writer.appendJsonl({ iteration: sl.iteration, step: sl.globalStep, ...m }, 'metrics.jsonl');
          return m;
        },
        save: () => sl.save(),
        load: (j) => sl.load(j),
      };
    }
    if (o.resumeFrom !== null) {
      learner.load(JSON.parse(readFileSync(o.resumeFrom as string, 'utf8')) as JsonValue);
      ctx.log(`resumed from ${o.resumeFrom} at iteration ${learner.iteration}`);
    }
    if (o.initPolicy !== null) {
      let json: JsonValue;
      try {
        json = JSON.parse(readFileSync(o.initPolicy as string, 'utf8')) as JsonValue;
      } catch (e) {
        throw new ConfigError('initPolicy', o.initPolicy, `cannot read a policy JSON: ${(e as Error).message}`);
      }
      warmStart(learner.net, json);
      ctx.log(`initial weights from ${o.initPolicy}`);
    }
    const agentOf = () => new GnnPpoAgent(learner.net);

    // Validation set and the rules' reference makespans.
    const val = Array.from({ length: o.valInstances as number }, (_, i) => randomInstance(createRng(VALIDATION_SEED_BASE + i), o.jobs as number, o.machines as number, 1, 99, `val-${i}`));
    const seeds = o.valSeeds as number;
    // Repeated variants weight training only; each (variant, p) is validated once.
    const settings = [...new Set(variants)].flatMap((v) => [...new Set(valProbs)].map((p) => ({ variant: v, p })));
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
      const agent = agentOf();
      const rows = settings.map(({ variant, p }, i) => {
        const ms = meanMakespan(agent, val, variant, p, seeds);
        return { variant, p, makespan: Math.round(ms * 100) / 100, bestRule: bestRule[i].rule, bestRuleMakespan: Math.round(bestRule[i].makespan * 100) / 100, ratio: ms / bestRule[i].makespan };
      });
      const score = selectBy === 'max' ? Math.max(...rows.map((r) => r.ratio)) : rows.reduce((s, r) => s + r.ratio, 0) / rows.length;
      return { score, rows };
    };

    let best: { score: number; iteration: number; rows: JsonValue } = { score: Infinity, iteration: -1, rows: [] };
    const swaStart = o.swaStart as number;
    const swaEnd = (o.swaEnd as number) < 0 ? Infinity : (o.swaEnd as number);
    const params = learner.net.parameters();
    const swaSum = params.map((p) => new Float64Array(p.size));
    let swaCount = 0;
    const curve: { x: number; y: number }[] = [];
    const t0 = performance.now();
    if (o.initPolicy !== null) {
      // The warm-start weights compete too: fine-tuning keeps them unless validation improves.
      const v = validate();
      best = { score: v.score, iteration: 0, rows: v.rows };
      writer.appendJsonl({ iteration: 0, step: 0, score: v.score, rows: v.rows, seconds: 0 }, 'evals.jsonl');
      writer.writeJson('policy.json', agentOf().save());
      ctx.log(`initial policy: val score ${v.score.toFixed(4)}`);
    }
    while (learner.iteration < learner.numIterations) {
      const m = learner.trainIteration();
      if (learner.iteration % evalEvery !== 0 && learner.iteration !== learner.numIterations) continue;
      const v = validate();
      curve.push({ x: learner.globalStep, y: v.score });
      writer.appendJsonl({ iteration: learner.iteration, step: learner.globalStep, score: v.score, rows: v.rows, seconds: Math.round((performance.now() - t0) / 1000) }, 'evals.jsonl');
      writer.writeJson('checkpoint.json', learner.save());
      if (swaStart >= 0 && learner.iteration >= swaStart && learner.iteration <= swaEnd) {
        params.forEach((p, k) => {
          for (let i = 0; i < p.size; i++) swaSum[k][i] += p.data[i];
        });
        swaCount++;
      }
      if (v.score < best.score) {
        best = { score: v.score, iteration: learner.iteration, rows: v.rows };
        const policy = agentOf().save();
        writer.writeJson('policy.json', policy);
        if (o.savePolicy !== null) writeFileSync(o.savePolicy as string, `${JSON.stringify(policy)}\n`);
      }
      ctx.log(`iter ${learner.iteration}/${learner.numIterations} step ${learner.globalStep}: val score ${v.score.toFixed(4)} (best ${best.score.toFixed(4)} @${best.iteration}) ${method === 'ppo' ? `entropy ${m['losses/entropy'].toFixed(3)} kl ${m['losses/approx_kl'].toFixed(4)}` : `nll ${m['losses/nll'].toFixed(3)} label/sample makespan ${m['charts/label_makespan'].toFixed(1)}/${m['charts/sample_makespan'].toFixed(1)}`} ${Math.round((performance.now() - t0) / 1000)} s`);
    }
    let swa: JsonObject | null = null;
    if (swaCount > 0) {
      // Validate the averaged weights with a copy of the network (the learner keeps its own).
      const saved = params.map((p) => Float64Array.from(p.data));
      params.forEach((p, k) => {
        for (let i = 0; i < p.size; i++) p.data[i] = swaSum[k][i] / swaCount;
      });
      const v = validate();
      writer.writeJson('policy_swa.json', agentOf().save());
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
    return { swa, bestScore: best.score, bestIteration: best.iteration, bestRows: best.rows, ruleReference: ruleRef, iterations: learner.iteration, decisions: learner.globalStep, seconds: Math.round((performance.now() - t0) / 1000) };
  },
};

export default experiment;
