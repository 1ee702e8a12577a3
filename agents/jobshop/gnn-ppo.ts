/**
 * GNN-PPO dispatcher for `JobShop-v0` (spec jobshop.md, "GNN"; Wong et al. 2023 / Park et al. 2021
 * style): a graph neural network over the observation's dynamic disjunctive graph, trained with
 * the general PPO of `algorithms/ppo/` on random instances with random interruption rates.
 *
 * Network (`JobShopGnn`, a `PolicyModule<JobShopObs>`; our reconstruction, the paper's sizes are
 * not public):
 *   h⁰_v = ReLU(W_in·x_v)                                  x_v: the 11 node features (NF_*)
 *   m^t_v = mean_{u→v ∈ E_t} h^l_u      for the 4 edge types (precedence, precedenceReverse,
 *                                        disjunctive, occupies); 0 without incoming edges
 *   h^{l+1}_v = h^l_v + ReLU(W_l·[h^l_v, m¹_v, m²_v, m³_v, m⁴_v] + b_l)   (K layers, residual)
 *   h_G = mean_v h^K_v                                     (graph embedding)
 *   logit(op v) = MLP_actor([h^K_v, h_G])  for candidate ops only; other actions are masked
 *   V(s) = MLP_critic(h_G)
 * Design choices: mean aggregation (instead of the spec's sum) keeps activations comparable across
 * instance sizes, so a policy trained on 6×6 runs on 10×10 or 15×15; the per-type message MLP of
 * the spec is the linear map inside W_l (a relational GCN with concatenation); residual updates.
 * The network is size-agnostic: any n × m instance, any number of candidates.
 *
 * Training environment (`JobShopTrainingEnv`): random Taillard-style instances from the env's own
 * generator; each episode draws its shutdown probability uniformly from `shutdownProbs`; rewards
 * are −(time elapsed between decisions) × `rewardScale`, so the return is −makespan × rewardScale
 * (γ = 1 in the training config).
 *
 * Agent (`GnnPpoAgent`): greedy (argmax) when `explore = false`, otherwise samples with its own
 * seeded generator; `save()` gives `{ format: 'jobshop-gnn-ppo-v1', architecture, params }`, which
 * `GnnPpoAgent.fromJSON` reads back.
 *
 * Shipped policy: `gnn-ppo-policy.json` next to this file (width 32, 3 layers), trained by
 * `npm run experiment -- jobshop-train-gnn --seed 1 --iterations 500` on 6×6 instances (blocking-swap
 * and classic, shutdown probabilities {0, .005, .01, .02}), then the weights of iterations 260–340
 * averaged (SWA), selected on validation instances; see its `training` field. The graph's
 * `globalFeatures` (added to the env later) are not used by this architecture.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import { createRng, type Rng, type Seed } from '../../envs/core/rng.js';
import { Wrapper } from '../../envs/core/wrappers/wrapper.js';
import type { ResetArgs, ResetResult, StepResult } from '../../envs/core/env.js';
import { JobShopEnv, type JobShopObs } from '../../envs/jobshop/env.js';
import { EDGE_TYPES, jobShopGraph, NODE_FEATURES, type JobShopGraph } from '../../envs/jobshop/observation.js';
import type { JobShopInstance, Variant } from '../../envs/jobshop/types.js';
import { Linear, MaskedCategorical, add, concat, indexRows, loadJson, mlp, noGrad, relu, reshape, saveJson, scatterRows, Tensor, type EdgeList, type Sequential } from '../../algorithms/nn/index.js';
import { PolicyModule, Ppo, type PolicyOutput, type PpoConfig, type PpoLogger } from '../../algorithms/ppo/index.js';
import type { Agent } from '../agent.js';

// ───────────────────────────── network ─────────────────────────────

export interface GnnArchitecture {
  /** Node embedding width. */
  hidden: number;
  /** Message-passing layers K. */
  layers: number;
  /** Append the RULE_FEATURES columns (RF_*) to each node's NODE_FEATURES input. */
  ruleFeatures: boolean;
}

export const GNN_DEFAULTS: GnnArchitecture = { hidden: 32, layers: 3, ruleFeatures: false };

/**
 * Rule feature columns (after the NODE_FEATURES columns when `ruleFeatures`): what the best single
 * rules read, which the graph cannot reconstruct because finished ops are deleted from it.
 */
export const RF_WORK_DONE = 0; // Σ_{l<k} p_jl / (P·K): job work finished before this op
export const RF_FDD_MWKR = 1; // r / (1 + r) with r = (Σ_{l≤k} p_jl) / (Σ_{l≥k} p_jl), FDD/MWKR's priority (lower first)
export const RF_FDD_MWKR_PICK = 2; // 1 if this candidate is FDD/MWKR's pick among its machine's candidates
export const RF_MWKR_PICK = 3; // 1 if this candidate is MWKR's pick among its machine's candidates
export const RULE_FEATURES = 4;

/** Input columns per node of a network with this architecture. */
export const inputFeatures = (a: Pick<GnnArchitecture, 'ruleFeatures'>): number => NODE_FEATURES + (a.ruleFeatures ? RULE_FEATURES : 0);

/** A batch of graphs as one disconnected graph (node indices offset per graph). */
export interface GraphBatch {
  /** Node features `[N, NODE_FEATURES]`. */
  x: Tensor;
  /** One edge list per type in `EDGE_TYPES` order. */
  edges: EdgeList[];
  /** All edges at once: source node, and message slot `dst·T + type` (T = number of edge types). */
  msgSrc: Int32Array;
  msgSlot: Int32Array;
  /** Graph (batch row) of each node. */
  graphOf: Int32Array;
  /** Node of each candidate op. */
  candNode: Int32Array;
  /** Logit slot `b·A + action` of each candidate op. */
  candSlot: Int32Array;
  batch: number;
  /** Actions per observation (= jobs). */
  actions: number;
}

export function batchGraphs(obs: readonly JobShopObs[], ruleFeatures = false): GraphBatch {
  const B = obs.length;
  if (B === 0) throw new ConfigError('obs', 0, 'needs at least one observation');
  const A = obs[0].actionMask.length;
  let N = 0;
  let C = 0;
  const E = new Array<number>(EDGE_TYPES.length).fill(0);
  const graphs = obs.map((o) => {
    if (o.actionMask.length !== A) throw new ConfigError('obs', o.actionMask.length, `every observation in a batch needs ${A} actions`);
    const g = jobShopGraph(o.observation);
    N += g.numNodes;
    EDGE_TYPES.forEach((t, i) => (E[i] += g.edges[t].src.length));
    for (let j = 0; j < A; j++) if (g.actionNode[j] >= 0) C++;
    return g;
  });
  const F = inputFeatures({ ruleFeatures });
  const x = new Float64Array(N * F);
  const graphOf = new Int32Array(N);
  const edges: EdgeList[] = E.map((n) => ({ src: new Int32Array(n), dst: new Int32Array(n) }));
  const candNode = new Int32Array(C);
  const candSlot = new Int32Array(C);
  const eOff = new Array<number>(EDGE_TYPES.length).fill(0);
  let nOff = 0;
  let c = 0;
  graphs.forEach((g, b) => {
    if (ruleFeatures) {
      for (let v = 0; v < g.numNodes; v++) x.set(g.nodeFeatures.subarray(v * NODE_FEATURES, (v + 1) * NODE_FEATURES), (nOff + v) * F);
      writeRuleFeatures(obs[b], g, x, nOff, F);
    } else x.set(g.nodeFeatures, nOff * NODE_FEATURES);
    graphOf.fill(b, nOff, nOff + g.numNodes);
    EDGE_TYPES.forEach((t, i) => {
      const { src, dst } = g.edges[t];
      for (let e = 0; e < src.length; e++) {
        edges[i].src[eOff[i] + e] = src[e] + nOff;
        edges[i].dst[eOff[i] + e] = dst[e] + nOff;
      }
      eOff[i] += src.length;
    });
    for (let j = 0; j < A; j++) {
      const v = g.actionNode[j];
      if (v < 0) continue;
      candNode[c] = v + nOff;
      candSlot[c] = b * A + j;
      c++;
    }
    nOff += g.numNodes;
  });
  const T = EDGE_TYPES.length;
  const total = E.reduce((a, b) => a + b, 0);
  const msgSrc = new Int32Array(total);
  const msgSlot = new Int32Array(total);
  let k = 0;
  edges.forEach(({ src, dst }, t) => {
    msgSrc.set(src, k);
    for (let e = 0; e < dst.length; e++) msgSlot[k + e] = dst[e] * T + t;
    k += src.length;
  });
  return { x: Tensor.from(x, [N, F]), edges, msgSrc, msgSlot, graphOf, candNode, candSlot, batch: B, actions: A };
}

/** Writes the RF_* columns of graph `g` (of `o`) into rows nOff.. of `x` (F columns, rule columns after NODE_FEATURES). */
function writeRuleFeatures(o: JobShopObs, g: JobShopGraph, x: Float64Array, nOff: number, F: number): void {
  const { jobStart, workFrom, opDuration, maxDuration: P, maxOps: K } = o.observation.instance;
  const fdd = (v: number) => {
    const op = g.nodeOp[v];
    return (workFrom[jobStart[g.nodeJob[v]]] - workFrom[op] + opDuration[op]) / workFrom[op];
  };
  for (let v = 0; v < g.numNodes; v++) {
    const op = g.nodeOp[v];
    const r = fdd(v);
    const f = (nOff + v) * F + NODE_FEATURES;
    x[f + RF_WORK_DONE] = (workFrom[jobStart[g.nodeJob[v]]] - workFrom[op]) / (P * K);
    x[f + RF_FDD_MWKR] = r / (1 + r);
  }
  // Per-machine picks of the two rules (ties: lowest job, as agents/jobshop/rules.ts).
  const fddPick = new Map<number, number>();
  const mwkrPick = new Map<number, number>();
  for (let j = 0; j < g.actionNode.length; j++) {
    const v = g.actionNode[j];
    if (v < 0) continue;
    const m = g.nodeMachine[v];
    const bf = fddPick.get(m);
    if (bf === undefined || fdd(v) < fdd(bf)) fddPick.set(m, v);
    const bw = mwkrPick.get(m);
    if (bw === undefined || workFrom[g.nodeOp[v]] > workFrom[g.nodeOp[bw]]) mwkrPick.set(m, v);
  }
  for (const v of fddPick.values()) x[(nOff + v) * F + NODE_FEATURES + RF_FDD_MWKR_PICK] = 1;
  for (const v of mwkrPick.values()) x[(nOff + v) * F + NODE_FEATURES + RF_MWKR_PICK] = 1;
}

/** The GNN actor-critic (see the module doc). */
export class JobShopGnn extends PolicyModule<JobShopObs> {
  readonly architecture: GnnArchitecture;
  private readonly input: Linear;
  private readonly updates: Linear[];
  private readonly actor: Sequential;
  private readonly critic: Sequential;

  constructor(arch: Partial<GnnArchitecture>, rng: Rng) {
    super();
    const a = { ...GNN_DEFAULTS, ...arch };
    if (!(Number.isInteger(a.hidden) && a.hidden > 0)) throw new ConfigError('hidden', a.hidden, 'must be a positive integer');
    if (!(Number.isInteger(a.layers) && a.layers >= 0)) throw new ConfigError('layers', a.layers, 'must be a non-negative integer');
    if (typeof a.ruleFeatures !== 'boolean') throw new ConfigError('ruleFeatures', a.ruleFeatures as unknown as JsonValue, 'must be a boolean');
    this.architecture = a;
    const H = a.hidden;
    const T = EDGE_TYPES.length;
    const init = { rng, init: 'orthogonal' as const, gain: Math.SQRT2 };
    this.input = this.child('input', new Linear(inputFeatures(a), H, init));
    this.updates = Array.from({ length: a.layers }, (_, l) => this.child(`layer${l}`, new Linear(H * (T + 1), H, init)));
    this.actor = this.child('actor', mlp([2 * H, H, 1], { ...init, activation: 'tanh', outputGain: 0.01 }));
    this.critic = this.child('critic', mlp([H, H, 1], { ...init, activation: 'tanh', outputGain: 1 }));
  }

  /** Node embeddings and graph embeddings of a batch. */
  embed(g: GraphBatch): { nodes: Tensor; graphs: Tensor } {
    const N = g.x.rows;
    let h = relu(this.input.forward(g.x));
    const T = EDGE_TYPES.length;
    for (const layer of this.updates) {
      // One gather/scatter for all edge types: bucket dst·T + t holds the mean message of type t at dst,
      // so row v of `msgs` is [m¹_v, …, m^T_v].
      const msgs = g.msgSrc.length === 0 ? Tensor.zeros([N, T * h.cols]) : reshape(scatterRows(indexRows(h, g.msgSrc), g.msgSlot, N * T, 'mean'), [N, T * h.cols]);
      h = add(h, relu(layer.forward(concat([h, msgs]))));
    }
    return { nodes: h, graphs: scatterRows(h, g.graphOf, g.batch, 'mean') };
  }

  forward(obs: readonly JobShopObs[]): PolicyOutput {
    const g = batchGraphs(obs, this.architecture.ruleFeatures);
    const { nodes, graphs } = this.embed(g);
    const B = g.batch;
    const A = g.actions;
    const candGraph = Int32Array.from(g.candSlot, (s) => Math.floor(s / A));
    const scores = this.actor.forward(concat([indexRows(nodes, g.candNode), indexRows(graphs, candGraph)]));
    const logits = reshape(scatterRows(scores, g.candSlot, B * A, 'sum'), [B, A]);
    const value = reshape(this.critic.forward(graphs), [B]);
    return { head: { kind: 'categorical', logits }, value };
  }
}

// ───────────────────────────── agent ─────────────────────────────

/**
 * Policy JSON format written by `save()`. v2 adds `architecture.ruleFeatures`; v1 files (11 node
 * features, no rule features) still load, as `ruleFeatures: false`.
 */
export const GNN_POLICY_FORMAT = 'jobshop-gnn-ppo-v2';
const GNN_POLICY_FORMATS: readonly string[] = ['jobshop-gnn-ppo-v1', GNN_POLICY_FORMAT];

/** A trained (or untrained) GNN dispatcher as an `Agent`. */
export class GnnPpoAgent implements Agent<JobShopObs, number> {
  readonly name: string;
  private rng: Rng;

  constructor(
    readonly net: JobShopGnn,
    seed: Seed = 0,
    name = 'gnn-ppo',
  ) {
    this.rng = createRng(seed);
    this.name = name;
  }

  /** Greedy (most probable candidate) unless `explore`, then sampled. */
  act(obs: JobShopObs, explore = false): number {
    return noGrad(() => {
      const out = this.net.forward([obs]);
      if (out.head.kind !== 'categorical') throw new ConfigError('head', out.head.kind, 'expected categorical');
      const d = new MaskedCategorical(out.head.logits, obs.actionMask);
      return explore ? d.sample(this.rng)[0] : d.argmax()[0];
    });
  }

  save(): JsonObject {
    return { format: GNN_POLICY_FORMAT, architecture: { ...this.net.architecture }, params: saveJson(this.net) };
  }

  load(state: JsonValue): void {
    loadJson(this.net, paramsOf(state, this.net.architecture));
  }

  /** An agent from a `save()`d policy (architecture read from the JSON). */
  static fromJSON(json: JsonValue, seed: Seed = 0, name = 'gnn-ppo'): GnnPpoAgent {
    const arch = architectureOf(json);
    const net = new JobShopGnn(arch, createRng(0));
    loadJson(net, paramsOf(json, arch));
    return new GnnPpoAgent(net, seed, name);
  }
}

function architectureOf(json: JsonValue): GnnArchitecture {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !GNN_POLICY_FORMATS.includes(json.format as string)) {
    throw new ConfigError('policy', typeof json === 'object' && json !== null && !Array.isArray(json) ? json.format : typeof json, `expected an object with format ${GNN_POLICY_FORMATS.map((f) => `"${f}"`).join(' or ')}`);
  }
  const a = json.architecture as { hidden?: unknown; layers?: unknown; ruleFeatures?: unknown } | null;
  if (a === null || typeof a !== 'object' || typeof a.hidden !== 'number' || typeof a.layers !== 'number') throw new ConfigError('policy.architecture', a, 'needs numeric hidden and layers');
  if (json.format === 'jobshop-gnn-ppo-v1') return { hidden: a.hidden, layers: a.layers, ruleFeatures: false };
  if (typeof a.ruleFeatures !== 'boolean') throw new ConfigError('policy.architecture.ruleFeatures', a.ruleFeatures as JsonValue, `must be a boolean in format "${GNN_POLICY_FORMAT}"`);
  return { hidden: a.hidden, layers: a.layers, ruleFeatures: a.ruleFeatures };
}

function paramsOf(json: JsonValue, arch: GnnArchitecture): JsonValue {
  const a = architectureOf(json);
  if (a.hidden !== arch.hidden || a.layers !== arch.layers || a.ruleFeatures !== arch.ruleFeatures) throw new ConfigError('policy.architecture', a as unknown as JsonValue, `does not match the network (${JSON.stringify(arch)})`);
  return (json as JsonObject).params;
}

/**
 * Warm start: copies a saved policy's weights into `net`. Same architecture: plain load. A policy
 * without rule features into a network with them (same width and depth): the input layer's rule
 * columns start at 0, so the network acts exactly like the saved policy until trained.
 */
export function warmStart(net: JobShopGnn, json: JsonValue): void {
  const a = architectureOf(json);
  const b = net.architecture;
  if (a.ruleFeatures || !b.ruleFeatures || a.hidden !== b.hidden || a.layers !== b.layers) {
    loadJson(net, paramsOf(json, b));
    return;
  }
  const params = (json as { params: { params: Record<string, { shape: number[]; data: number[] }> } }).params;
  const w = params.params['input.weight'];
  if (w === undefined || w.shape.length !== 2 || w.shape[1] !== NODE_FEATURES) throw new ConfigError('policy.params.input.weight', w === undefined ? null : w.shape, `expected shape [${b.hidden}, ${NODE_FEATURES}]`);
  const F = inputFeatures(b);
  const data = new Array<number>(w.shape[0] * F).fill(0);
  for (let r = 0; r < w.shape[0]; r++) for (let c = 0; c < NODE_FEATURES; c++) data[r * F + c] = w.data[r * NODE_FEATURES + c];
  loadJson(net, { ...params, params: { ...params.params, 'input.weight': { shape: [w.shape[0], F], data } } } as unknown as JsonValue);
}

// ───────────────────────────── training ─────────────────────────────

/**
 * `JobShop-v0` for training: each reset draws the episode's shutdown probability uniformly from
 * `shutdownProbs` (own generator, seeded at construction) and rewards are multiplied by `rewardScale`.
 */
export class JobShopTrainingEnv extends Wrapper<JobShopObs, number> {
  private readonly rng: Rng;

  constructor(
    env: JobShopEnv,
    readonly shutdownProbs: readonly number[],
    readonly rewardScale: number,
    seed: Seed,
  ) {
    super(env);
    if (shutdownProbs.length === 0) throw new ConfigError('shutdownProbs', shutdownProbs, 'needs at least one probability');
    for (const p of shutdownProbs) if (!(p >= 0 && p < 1)) throw new ConfigError('shutdownProbs', p, 'must lie in [0, 1)');
    if (!(rewardScale > 0)) throw new ConfigError('rewardScale', rewardScale, 'must be > 0');
    this.rng = createRng(seed);
  }

  override reset(args: ResetArgs = {}): ResetResult<JobShopObs> {
    const p = this.shutdownProbs[Math.floor(this.rng() * this.shutdownProbs.length)];
    return this.env.reset({ ...args, options: { ...args.options, shutdownProb: p } });
  }

  override step(action: number): StepResult<JobShopObs> {
    const r = this.env.step(action);
    return { ...r, reward: r.reward * this.rewardScale };
  }
}

export interface GnnPpoTrainConfig {
  /** PPO settings (γ = 1 and λ = 0.95 by default here, as the spec). */
  ppo: Partial<PpoConfig>;
  architecture: Partial<GnnArchitecture>;
  /** A fixed training instance, or null for a new random instance per episode. */
  instance: JobShopInstance | null;
  /** Random-instance size (Taillard-style, durations U{1..99}); ignored with a fixed `instance`. */
  numJobs: number;
  numMachines: number;
  /** Shop variant of sub-env i is `variants[i mod length]`. */
  variants: readonly Variant[];
  /** Per-episode shutdown probability, drawn uniformly from this list. */
  shutdownProbs: readonly number[];
  /** Reward multiplier (returns = −makespan × rewardScale; keeps the critic's targets O(1)). */
  rewardScale: number;
}

export const GNN_PPO_TRAIN_DEFAULTS: GnnPpoTrainConfig = {
  ppo: { gamma: 1, gaeLambda: 0.95, lr: 3e-4, numEnvs: 8, numSteps: 64, numMinibatches: 4, updateEpochs: 4, entCoef: 0.01, vfCoef: 0.5, maxGradNorm: 0.5, clipCoef: 0.2 },
  architecture: GNN_DEFAULTS,
  instance: null,
  numJobs: 6,
  numMachines: 6,
  variants: ['blocking-swap', 'classic'],
  shutdownProbs: [0, 0.005, 0.01, 0.02],
  rewardScale: 0.002,
};

/** A PPO learner for the GNN dispatcher (call `trainIteration()` / `train()` on it). */
export function gnnPpoLearner(config: Partial<GnnPpoTrainConfig> = {}, log?: PpoLogger): Ppo<JobShopObs, number> {
  const c: GnnPpoTrainConfig = { ...GNN_PPO_TRAIN_DEFAULTS, ...config, ppo: { ...GNN_PPO_TRAIN_DEFAULTS.ppo, ...config.ppo } };
  if (c.variants.length === 0) throw new ConfigError('variants', c.variants as unknown as JsonValue, 'needs at least one variant');
  const seed = c.ppo.seed ?? 1;
  return new Ppo<JobShopObs, number>(
    c.ppo,
    (i) => new JobShopTrainingEnv(new JobShopEnv({ instance: c.instance ?? '', numJobs: c.numJobs, numMachines: c.numMachines, variant: c.variants[i % c.variants.length] }), c.shutdownProbs, c.rewardScale, `${seed}-shutdown-${i}`),
    (rng) => new JobShopGnn(c.architecture, rng),
    log,
  );
}

/** The learner's current policy as an agent (shares the network: later training changes it). */
export function gnnAgentOf(ppo: Ppo<JobShopObs, number>, seed: Seed = 0): GnnPpoAgent {
  if (!(ppo.policy instanceof JobShopGnn)) throw new ConfigError('policy', ppo.policy.constructor.name, 'is not a JobShopGnn');
  return new GnnPpoAgent(ppo.policy, seed);
}
