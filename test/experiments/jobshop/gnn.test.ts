import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GnnPpoAgent } from '../../../agents/jobshop/gnn-ppo.js';
import type { JsonValue } from '../../../envs/core/json.js';
import evalGnn from '../../../experiments/jobshop/eval-gnn.js';
import trainGnn from '../../../experiments/jobshop/train-gnn.js';
import type { Experiment, ExperimentContext, OptionValues } from '../../../experiments/types.js';
import { defaultOptions } from '../../../experiments/cli.js';
import { quietContext, tempDir } from '../helpers.js';

function ctx(): ExperimentContext {
  return quietContext(tempDir('jobshop-gnn-'), 3);
}

function options(e: Experiment, over: OptionValues): OptionValues {
  return { ...defaultOptions(e.options), ...over };
}

const tiny = { iterations: 4, evalEvery: 2, numSteps: 16, numEnvs: 2, valInstances: 2, valSeeds: 1, jobs: 4, machines: 3, hidden: 8, layers: 1 };

describe('jobshop-train-gnn / jobshop-eval-gnn (tiny runs)', () => {
  it('trains, validates, keeps the best and the SWA policy, and the policy evaluates against the rules', async () => {
    const c = ctx();
    const s = await trainGnn.run(options(trainGnn, { ...tiny, swaStart: 2 }), c);
    expect(s.iterations).toBe(4);
    expect(s.decisions).toBe(4 * 2 * 16);
    expect((s.swa as { snapshots: number }).snapshots).toBe(2);
    for (const f of ['metrics.jsonl', 'evals.jsonl', 'checkpoint.json', 'policy.json', 'policy_swa.json', 'learning_curve.svg']) expect(existsSync(join(c.outDir, f)), f).toBe(true);
    const metrics = readFileSync(join(c.outDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(metrics.filter((m) => 'losses/policy_loss' in m)).toHaveLength(4);
    const policy = JSON.parse(readFileSync(join(c.outDir, 'policy.json'), 'utf8')) as JsonValue;
    expect(GnnPpoAgent.fromJSON(policy).net.architecture).toEqual({ hidden: 8, layers: 1, ruleFeatures: false });

    const e = await evalGnn.run(options(evalGnn, { policy: join(c.outDir, 'policy.json'), jobs: 4, machines: 3, instances: 2, shutdownProbs: ['0', '0.05'], failureSeeds: 2, samples: 1 }), ctx());
    const r = (e.results as Record<string, Record<string, { meanMakespan: Record<string, number>; pairs: number; gnnMinusBestRule: number; ci95Instances: number[]; instancesWon: number }>>)['blocking-swap']['0.05'];
    expect(Object.keys(r.meanMakespan)).toEqual(expect.arrayContaining(['MWKR', 'FDD/MWKR', 'gnn-ppo', 'gnn-ppo-sample']));
    expect(r.pairs).toBe(4);
    // The interval over instances is centred on the same mean difference.
    expect((r.ci95Instances[0] + r.ci95Instances[1]) / 2).toBeCloseTo(r.gnnMinusBestRule, 1);
    expect(r.instancesWon).toBeGreaterThanOrEqual(0);
    expect(r.instancesWon).toBeLessThanOrEqual(2);
  });

  it('self-labeling warm-started from a PPO policy: the initial policy is validated first and rule features widen it', async () => {
    const c = ctx();
    await trainGnn.run(options(trainGnn, tiny), c);
    const init = join(c.outDir, 'policy.json');
    const d = ctx();
    const s = await trainGnn.run(options(trainGnn, { ...tiny, method: 'self-labeling', initPolicy: init, ruleFeatures: true, samples: 2, slInstances: 2, greedyCandidate: true, ruleCandidates: ['FDD/MWKR'], selectBy: 'max' }), d);
    expect(s.iterations).toBe(4);
    const evals = readFileSync(join(d.outDir, 'evals.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { iteration: number; score: number; rows: { ratio: number }[] });
    expect(evals.map((e) => e.iteration)).toEqual([0, 2, 4]);
    for (const e of evals) expect(e.score).toBeCloseTo(Math.max(...e.rows.map((r) => r.ratio)), 12);
    const policy = JSON.parse(readFileSync(join(d.outDir, 'policy.json'), 'utf8')) as JsonValue;
    expect(GnnPpoAgent.fromJSON(policy).net.architecture).toEqual({ hidden: 8, layers: 1, ruleFeatures: true });
    const metrics = readFileSync(join(d.outDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(metrics.map((m) => m.iteration)).toEqual([1, 2, 3, 4]);
    for (const m of metrics) expect(m['charts/label_makespan']).toBeLessThanOrEqual(m['charts/sample_makespan']);
  });

  it('validates options with ConfigErrors naming the option', async () => {
    await expect(trainGnn.run(options(trainGnn, { ...tiny, method: 'bogus' }), ctx())).rejects.toThrow(/method/);
    await expect(trainGnn.run(options(trainGnn, { ...tiny, selectBy: 'median' }), ctx())).rejects.toThrow(/selectBy/);
    await expect(trainGnn.run(options(trainGnn, { ...tiny, initPolicy: '/nonexistent/policy.json' }), ctx())).rejects.toThrow(/initPolicy/);
    await expect(trainGnn.run(options(trainGnn, { ...tiny, initPolicy: 'a.json', resumeFrom: 'b.json' }), ctx())).rejects.toThrow(/initPolicy/);
    await expect(trainGnn.run(options(trainGnn, { ...tiny, variants: ['bogus'] }), ctx())).rejects.toThrow(/variants/);
    await expect(trainGnn.run(options(trainGnn, { ...tiny, shutdownProbs: ['1.5'] }), ctx())).rejects.toThrow(/shutdownProbs/);
    await expect(evalGnn.run(options(evalGnn, {}), ctx())).rejects.toThrow(/policy/);
  });
});
