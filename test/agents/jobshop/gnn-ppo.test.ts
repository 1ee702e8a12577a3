import { describe, expect, it } from 'vitest';
import { batchGraphs, GnnPpoAgent, gnnAgentOf, gnnPpoLearner, JobShopGnn, JobShopTrainingEnv, RF_FDD_MWKR, RF_FDD_MWKR_PICK, RF_MWKR_PICK, RF_WORK_DONE, RULE_FEATURES, warmStart } from '../../../agents/jobshop/gnn-ppo.js';
import { makeRule, RULE_NAMES } from '../../../agents/jobshop/rules.js';
import { MaskedCategorical, mean, noGrad, sum } from '../../../algorithms/nn/index.js';
import type { JsonValue } from '../../../envs/core/json.js';
import { createRng } from '../../../envs/core/rng.js';
import { JobShopEnv, type JobShopObs } from '../../../envs/jobshop/env.js';
import { randomInstance } from '../../../envs/jobshop/generator.js';
import { EDGE_TYPES, jobShopGraph, MACHINE_FEATURES, MF_DOWN, NODE_FEATURES } from '../../../envs/jobshop/observation.js';
import type { JobShopInstance, Variant } from '../../../envs/jobshop/types.js';
import { validateSchedule } from '../../../envs/jobshop/validator.js';
import { runEpisode } from '../../../experiments/jobshop/evaluate.js';

/** Observations along one episode played by `pick` (first legal job by default). */
function observations(env: JobShopEnv, seed: number, count: number): JobShopObs[] {
  const out: JobShopObs[] = [];
  let r = env.reset({ seed });
  while (out.length < count) {
    out.push(r.obs);
    const s = env.step(r.obs.actionMask.indexOf(1));
    r = s.terminated ? env.reset() : s;
  }
  return out;
}

const net = (seed = 0) => new JobShopGnn({ hidden: 16, layers: 2 }, createRng(seed));

describe('batchGraphs', () => {
  it('concatenates graphs with offset node indices and maps candidates to logit slots', () => {
    const obs = observations(new JobShopEnv({ numJobs: 5, numMachines: 4, variant: 'blocking-swap' }), 3, 3);
    const g = batchGraphs(obs);
    const graphs = obs.map((o) => jobShopGraph(o.observation));
    expect(g.x.rows).toBe(graphs.reduce((s, x) => s + x.numNodes, 0));
    let off = 0;
    graphs.forEach((gr, b) => {
      for (let v = 0; v < gr.numNodes; v++) expect(g.graphOf[off + v]).toBe(b);
      off += gr.numNodes;
    });
    EDGE_TYPES.forEach((t, i) => {
      expect(g.edges[i].src.length).toBe(graphs.reduce((s, x) => s + x.edges[t].src.length, 0));
      for (let e = 0; e < g.edges[i].src.length; e++) expect(g.graphOf[g.edges[i].src[e]]).toBe(g.graphOf[g.edges[i].dst[e]]);
    });
    const legal = obs.reduce((s, o) => s + o.actionMask.reduce((a, x) => a + x, 0), 0);
    expect(g.candNode.length).toBe(legal);
    for (let c = 0; c < g.candNode.length; c++) {
      const b = Math.floor(g.candSlot[c] / 5);
      const j = g.candSlot[c] % 5;
      expect(obs[b].actionMask[j]).toBe(1);
      expect(g.graphOf[g.candNode[c]]).toBe(b);
    }
  });
});

describe('rule features', () => {
  const F = NODE_FEATURES + RULE_FEATURES;

  it('append work done and the FDD/MWKR priority to the node features (hand-checked on a 2-job instance)', () => {
    // J0 = (m0, 3) (m1, 5); J1 = (m0, 2) (m1, 4): at t = 0 both jobs wait for m0.
    const inst: JobShopInstance = { name: 'two', numJobs: 2, numMachines: 2, machines: [[0, 1], [0, 1]], durations: [[3, 5], [2, 4]] };
    const obs = new JobShopEnv({ instance: inst }).reset({ seed: 0 }).obs;
    const g = batchGraphs([obs], true);
    const plain = batchGraphs([obs]);
    expect(g.x.cols).toBe(F);
    const gr = jobShopGraph(obs.observation);
    for (let v = 0; v < gr.numNodes; v++) {
      for (let c = 0; c < NODE_FEATURES; c++) expect(g.x.data[v * F + c]).toBe(plain.x.data[v * NODE_FEATURES + c]);
      const j = gr.nodeJob[v];
      const k = gr.nodeOp[v] - 2 * j;
      const p = inst.durations[j];
      const done = p.slice(0, k).reduce((a, b) => a + b, 0);
      const rest = p.slice(k).reduce((a, b) => a + b, 0);
      const r = (done + p[k]) / rest;
      expect(g.x.data[v * F + NODE_FEATURES + RF_WORK_DONE]).toBeCloseTo(done / (5 * 2), 12); // P = 5, K = 2
      expect(g.x.data[v * F + NODE_FEATURES + RF_FDD_MWKR]).toBeCloseTo(r / (1 + r), 12);
    }
    // Op 0 candidates: FDD/MWKR J0 3/8 vs J1 2/6 → J1; MWKR 8 vs 6 → J0.
    const pick = (col: number) => [0, 1].filter((j) => g.x.data[gr.actionNode[j] * F + NODE_FEATURES + col] === 1);
    expect(pick(RF_FDD_MWKR_PICK)).toEqual([1]);
    expect(pick(RF_MWKR_PICK)).toEqual([0]);
  });

  it('mark the rules\' choices: following the pick flags reproduces FDD/MWKR and MWKR exactly, with shutdowns and blocking', () => {
    const follow = (col: number) => ({
      name: `flag-${col}`,
      act: (o: JobShopObs) => {
        const g = batchGraphs([o], true);
        for (let c = 0; c < g.candNode.length; c++) if (g.x.data[g.candNode[c] * F + NODE_FEATURES + col] === 1) return g.candSlot[c];
        throw new Error('no flagged candidate');
      },
    });
    let differ = 0;
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      for (let i = 0; i < 4; i++) {
        const env = new JobShopEnv({ instance: randomInstance(createRng(40 + i), 6, 5), variant, shutdownProb: 0.02 });
        const fdd = runEpisode(env, makeRule('FDD/MWKR'), i).makespan;
        const mwkr = runEpisode(env, makeRule('MWKR'), i).makespan;
        expect(runEpisode(env, follow(RF_FDD_MWKR_PICK), i).makespan).toBe(fdd);
        expect(runEpisode(env, follow(RF_MWKR_PICK), i).makespan).toBe(mwkr);
        if (fdd !== mwkr) differ++;
      }
    }
    expect(differ).toBeGreaterThan(0); // the two flags are not the same signal
  });

  it('warm start from a policy without rule features acts identically; the format carries the flag', () => {
    const old = new GnnPpoAgent(net(3));
    const json = JSON.parse(JSON.stringify(old.save())) as JsonValue;
    const wide = new JobShopGnn({ hidden: 16, layers: 2, ruleFeatures: true }, createRng(9));
    warmStart(wide, json);
    const obs = observations(new JobShopEnv({ numJobs: 6, numMachines: 6, variant: 'blocking-swap', shutdownProb: 0.05 }), 4, 10);
    const a = noGrad(() => old.net.forward(obs));
    const b = noGrad(() => wide.forward(obs));
    for (let i = 0; i < obs.length; i++) expect(b.value.data[i]).toBeCloseTo(a.value.data[i], 12);
    const saved = new GnnPpoAgent(wide).save() as { format: string; architecture: Record<string, unknown> };
    expect(saved.format).toBe('jobshop-gnn-ppo-v2');
    expect(saved.architecture.ruleFeatures).toBe(true);
    expect(GnnPpoAgent.fromJSON(saved as unknown as JsonValue).net.architecture.ruleFeatures).toBe(true);
    // A v1 file (before rule features) loads as ruleFeatures: false; a v2 file must say which layout it has.
    const v1 = { ...(json as Record<string, JsonValue>), format: 'jobshop-gnn-ppo-v1', architecture: { hidden: 16, layers: 2 } };
    expect(GnnPpoAgent.fromJSON(v1).net.architecture).toEqual({ hidden: 16, layers: 2, ruleFeatures: false });
    expect(() => GnnPpoAgent.fromJSON({ ...v1, format: 'jobshop-gnn-ppo-v2' })).toThrow(/ruleFeatures/);
    // Narrowing is not a warm start: rule-feature weights into a plain network are a ConfigError.
    expect(() => warmStart(net(0), saved as unknown as JsonValue)).toThrow(/architecture/);
  });
});

describe('JobShopGnn', () => {
  it('gives each observation the same logits and value alone as in a batch', () => {
    const obs = observations(new JobShopEnv({ numJobs: 4, numMachines: 4, variant: 'blocking-swap', shutdownProb: 0.05 }), 1, 4);
    const n = net();
    const batch = noGrad(() => n.forward(obs));
    obs.forEach((o, b) => {
      const one = noGrad(() => n.forward([o]));
      expect(one.value.data[0]).toBeCloseTo(batch.value.data[b], 12);
      const masked = (x: typeof one) => (x.head.kind === 'categorical' ? x.head.logits.data : new Float64Array());
      for (let j = 0; j < 4; j++) if (o.actionMask[j]) expect(masked(one)[j]).toBeCloseTo(masked(batch)[b * 4 + j], 12);
    });
  });

  it('assigns masked candidates probability exactly 0 and runs on any instance size', () => {
    const n = net();
    for (const [jobs, machines] of [[6, 6], [10, 10], [15, 5]]) {
      const obs = observations(new JobShopEnv({ numJobs: jobs, numMachines: machines }), 2, 3);
      const out = noGrad(() => n.forward(obs));
      if (out.head.kind !== 'categorical') throw new Error('categorical head expected');
      const d = new MaskedCategorical(out.head.logits, Uint8Array.from(obs.flatMap((o) => Array.from(o.actionMask))));
      for (let b = 0; b < obs.length; b++) for (let j = 0; j < jobs; j++) if (!obs[b].actionMask[j]) expect(d.probs[b * jobs + j]).toBe(0);
      expect(out.value.size).toBe(3);
    }
  });

  it('back-propagates correctly: autodiff matches finite differences for a few parameters', () => {
    const obs = observations(new JobShopEnv({ numJobs: 4, numMachines: 3, variant: 'blocking-swap' }), 5, 3);
    const n = net(7);
    const loss = () => {
      const out = n.forward(obs);
      if (out.head.kind !== 'categorical') throw new Error('categorical head expected');
      const d = new MaskedCategorical(out.head.logits, Uint8Array.from(obs.flatMap((o) => Array.from(o.actionMask))));
      return sum(d.logProb(obs.map((o) => o.actionMask.lastIndexOf(1)))).data[0] + mean(out.value).data[0] * 0.3;
    };
    const params = n.namedParameters();
    for (const p of params) p[1].gradBuffer().fill(0);
    const out = n.forward(obs);
    if (out.head.kind !== 'categorical') throw new Error('categorical head expected');
    const d = new MaskedCategorical(out.head.logits, Uint8Array.from(obs.flatMap((o) => Array.from(o.actionMask))));
    const total = sum(d.logProb(obs.map((o) => o.actionMask.lastIndexOf(1))));
    const v = mean(out.value);
    // L = Σ log π + 0.3·mean V
    total.backward();
    const gradPi = params.map(([, p]) => Float64Array.from(p.grad!));
    for (const p of params) p[1].gradBuffer().fill(0);
    v.backward();
    const rng = createRng(11);
    let checked = 0;
    for (const [k, [name, p]] of params.entries()) {
      for (let r = 0; r < 2; r++) {
        const i = Math.floor(rng() * p.size);
        const analytic = gradPi[k][i] + 0.3 * p.grad![i];
        const h = 1e-6;
        const x0 = p.data[i];
        p.data[i] = x0 + h;
        const up = noGrad(loss);
        p.data[i] = x0 - h;
        const down = noGrad(loss);
        p.data[i] = x0;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic - numeric), `${name}[${i}]`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(2 * params.length);
  });
});

describe('GnnPpoAgent', () => {
  it('acts legally (greedy and sampling) through full episodes whose schedules validate', () => {
    const agent = new GnnPpoAgent(net(), 4);
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      const env = new JobShopEnv({ numJobs: 5, numMachines: 5, variant, shutdownProb: 0.05 });
      for (const explore of [false, true]) {
        let r = env.reset({ seed: 8 });
        for (;;) {
          const a = agent.act(r.obs, explore);
          expect(r.obs.actionMask[a]).toBe(1);
          const s = env.step(a);
          if (s.terminated) break;
          r = s;
        }
        expect(validateSchedule(env.instance, env.schedule(), variant)).toEqual([]);
      }
    }
  });

  it('saves to JSON and loads back to identical decisions; rejects mismatched files', () => {
    const a = new GnnPpoAgent(net(3));
    const json = JSON.parse(JSON.stringify(a.save())) as JsonValue;
    const b = GnnPpoAgent.fromJSON(json);
    const obs = observations(new JobShopEnv({ numJobs: 6, numMachines: 6, variant: 'blocking-swap' }), 9, 12);
    const va = noGrad(() => a.net.forward(obs));
    const vb = noGrad(() => b.net.forward(obs));
    expect(Array.from(vb.value.data)).toEqual(Array.from(va.value.data));
    for (const o of obs) expect(b.act(o)).toBe(a.act(o));
    expect(() => GnnPpoAgent.fromJSON({ format: 'other' })).toThrow(/policy/);
    expect(() => new GnnPpoAgent(new JobShopGnn({ hidden: 8, layers: 2 }, createRng(0))).load(json)).toThrow(/architecture/);
  });
});

describe('JobShopTrainingEnv', () => {
  it('scales rewards (return = −makespan × scale) and draws the shutdown probability from the list', () => {
    const inst = randomInstance(createRng(4), 4, 4);
    const scale = 0.01;
    const env = new JobShopTrainingEnv(new JobShopEnv({ instance: inst, variant: 'blocking-swap' }), [0.3], scale, 1);
    let r = env.reset({ seed: 2 });
    let ret = 0;
    let downSeen = false;
    for (;;) {
      const s = env.step(r.obs.actionMask.indexOf(1));
      ret += s.reward;
      downSeen ||= s.obs.observation.machines.some((x, i) => i % MACHINE_FEATURES === MF_DOWN && x === 1);
      if (s.terminated) {
        expect(ret).toBeCloseTo(-(s.info.makespan as number) * scale, 10);
        break;
      }
      r = s;
    }
    expect(downSeen).toBe(true); // p = 0.3 per machine and time unit: failures are certain to appear
    const calm = runEpisode(new JobShopEnv({ instance: inst, variant: 'blocking-swap' }), makeRule('FIFO'), 2).makespan!;
    expect(-ret / scale).toBeGreaterThan(calm);
    expect(() => new JobShopTrainingEnv(new JobShopEnv({ instance: inst }), [], 1, 0)).toThrow(/shutdownProbs/);
  });
});

describe('GNN-PPO learning', () => {
  /** Best makespan over every dispatch sequence (the decision tree of a tiny instance), and the mean. */
  function bruteForce(inst: JobShopInstance, variant: Variant): { best: number; mean: number } {
    const env = new JobShopEnv({ instance: inst, variant });
    let best = Infinity;
    let total = 0;
    let leaves = 0;
    const visit = (prefix: number[]): void => {
      let r = env.reset({ seed: 0 });
      let done = false;
      let makespan = 0;
      for (const a of prefix) {
        const s = env.step(a);
        r = s;
        done = s.terminated;
        makespan = s.info.makespan as number;
      }
      if (done) {
        best = Math.min(best, makespan);
        total += makespan;
        leaves++;
        return;
      }
      r.obs.actionMask.forEach((m, j) => m && visit([...prefix, j]));
    };
    visit([]);
    return { best, mean: total / leaves };
  }

  it('on a fixed 4×4 instance, the trained greedy policy matches or beats every rule and the average schedule', () => {
    const inst = randomInstance(createRng(2), 4, 4, 1, 20, 'tiny');
    const { best, mean: avg } = bruteForce(inst, 'classic');
    const bestRule = Math.min(...RULE_NAMES.map((r) => runEpisode(new JobShopEnv({ instance: inst }), makeRule(r), 0).makespan!));
    expect(bestRule).toBeGreaterThan(best); // the instance leaves room above the rules
    const ppo = gnnPpoLearner({ instance: inst, variants: ['classic'], shutdownProbs: [0], rewardScale: 0.02, architecture: { hidden: 32, layers: 3 }, ppo: { seed: 1, numEnvs: 4, numSteps: 32, lr: 3e-3, totalTimesteps: 128 * 15 } });
    const before = runEpisode(new JobShopEnv({ instance: inst }), gnnAgentOf(ppo), 0).makespan!;
    ppo.train();
    const after = runEpisode(new JobShopEnv({ instance: inst }), gnnAgentOf(ppo), 0).makespan!;
    expect(before).toBeGreaterThan(bestRule);
    expect(after).toBeLessThanOrEqual(bestRule);
    expect(after).toBeLessThan(avg);
  });
});
