/**
 * The observation of `JobShop-v0`: flat per-job and per-machine features (raw integer units, what
 * dispatching rules and MLPs read) plus the dynamic disjunctive graph (what a GNN reads), which
 * `jobShopGraph(obs)` derives from the same immutable snapshot on request (cached), so rule agents
 * pay nothing for it.
 *
 * Graph (spec (a), MDP; pyjssp-style, our choices marked):
 * - Nodes: the unfinished operations: every op not yet started, the op being processed, and (our
 *   choice) the finished op of a BLOCKED job, which still occupies its machine. Ops that are finished
 *   and have left their machine are deleted (the graph is "dynamic").
 * - Edge types, each as parallel `src`/`dst` arrays of node indices:
 *   `precedence` (op k → op k+1 of the same job), `precedenceReverse` (k+1 → k),
 *   `disjunctive` (both directions between every two nodes on the same machine),
 *   `occupies` (our 4th type: the node holding a machine → each job's next op waiting for that machine).
 * - Node features (`NODE_FEATURES`, times normalised by the instance's max duration P, op counts by
 *   the max ops per job K): see the `NF_*` constants.
 * - `globalFeatures` (`GF_*`): graph-level inputs for a critic next to the pooled node embeddings.
 * - `nodeAction[i]` is the action (job) that dispatches node i, or −1: the policy's logits over
 *   candidate nodes map to actions through it; `actionNode[j]` is the inverse.
 */
import type { Rng } from '../core/rng.js';
import { Space } from '../core/spaces/space.js';
import type { JsonObject } from '../core/json.js';
import * as T from './types.js';
import type { CompiledInstance } from './sim.js';

// Module-local copies of imported constants (faster in hot loops than module-namespace reads).
const BLOCKED = T.BLOCKED;
const DONE = T.DONE;
const PROCESSING = T.PROCESSING;
const WAIT = T.WAIT;

/** Job feature columns of `JobShopObservation.jobs` (n × JOB_FEATURES, row-major, raw units). */
export const JF_STATE = 0; // 0 wait, 1 processing, 2 blocked, 3 done
export const JF_NEXT_OP = 1; // index k of the next op to start (K_j when all started)
export const JF_NEXT_DURATION = 2; // p of the next op (0 if none)
export const JF_WORK_REMAINING = 3; // Σ_{l ≥ k} p_jl: unstarted work including the next op
export const JF_OPS_REMAINING = 4; // K_j − k: unstarted ops
export const JF_READY = 5; // time the job became available for its next op (end of previous op; 0 before op 0)
export const JF_REMAINING_TIME = 6; // remaining processing time of the running op (0 unless processing)
export const JF_NEXT_MACHINE = 7; // machine of the next op (−1 if none)
export const JF_WORK_DONE = 8; // Σ_{l < k} p_jl
export const JF_HELD_MACHINE = 9; // machine the job occupies (−1 if none)
export const JOB_FEATURES = 10;

/** Machine feature columns of `JobShopObservation.machines` (m × MACHINE_FEATURES). */
export const MF_DOWN = 0; // 1 while the machine is down
export const MF_OCCUPANT = 1; // occupying job (−1 free)
export const MF_PROCESSING = 2; // 1 if the occupant is processing (0 if free or blocked)
export const MF_BLOCKED = 3; // 1 if the occupant is blocked on it
export const MACHINE_FEATURES = 4;

/** Node feature columns of `JobShopGraph.nodeFeatures`. */
export const NF_NOT_STARTED = 0;
export const NF_PROCESSING = 1;
export const NF_BLOCKED = 2;
export const NF_CANDIDATE = 3; // legal action now
export const NF_MACHINE_DOWN = 4;
export const NF_DURATION = 5; // p / P
export const NF_REMAINING = 6; // remaining processing / P (p if not started, 0 if blocked)
export const NF_OPS_REMAINING = 7; // ops of the job from this one on / K
export const NF_WAITING = 8; // (t − ready) / P for a job's next op and a blocked op, else 0
export const NF_JOB_PROGRESS = 9; // fraction of the job's ops finished
export const NF_WORK_REMAINING = 10; // job work from this op on / (P·K)
export const NODE_FEATURES = 11;

/** Graph-level feature columns of `JobShopGraph.globalFeatures` (for the critic / pooled embedding). */
export const GF_OPS_DONE = 0; // fraction of operations finished (released their machine)
export const GF_MACHINES_DOWN = 1; // fraction of machines down
export const GF_MACHINES_BLOCKED = 2; // fraction of machines held by a blocked job
export const GF_CANDIDATES = 3; // legal actions / n
export const GLOBAL_FEATURES = 4;

/** Typed edges: edge i goes src[i] → dst[i] (node indices). */
export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
}

export interface JobShopGraph {
  numNodes: number;
  /** numNodes × NODE_FEATURES, row-major. */
  nodeFeatures: Float64Array;
  /** Global op id (jobStart[j] + k) of each node. */
  nodeOp: Int32Array;
  nodeJob: Int32Array;
  nodeMachine: Int32Array;
  /** Action dispatching this node, −1 if the node is not a candidate. */
  nodeAction: Int32Array;
  /** Node of the op that action j dispatches, −1 if j is masked. */
  actionNode: Int32Array;
  /** GLOBAL_FEATURES graph-level features. */
  globalFeatures: Float64Array;
  edges: {
    precedence: EdgeList;
    precedenceReverse: EdgeList;
    disjunctive: EdgeList;
    occupies: EdgeList;
  };
}

export const EDGE_TYPES = ['precedence', 'precedenceReverse', 'disjunctive', 'occupies'] as const;

/**
 * An immutable snapshot of the shop at a decision epoch (plain data). Its graph view is
 * `jobShopGraph(obs)`, built on first request and cached per observation.
 */
export interface JobShopObservation {
  /** The instance (static; shared between observations). */
  readonly instance: CompiledInstance;
  /** Current time. */
  readonly time: number;
  /** n × JOB_FEATURES. */
  readonly jobs: Float64Array;
  /** m × MACHINE_FEATURES. */
  readonly machines: Float64Array;
  /** The action mask (1 = job j's next op may be dispatched now); the same array as `actionMask`. */
  readonly candidates: Uint8Array;
}

export function makeObservation(instance: CompiledInstance, time: number, jobs: Float64Array, machines: Float64Array, candidates: Uint8Array): JobShopObservation {
  return { instance, time, jobs, machines, candidates };
}

const graphCache = new WeakMap<JobShopObservation, JobShopGraph>();

/**
 * The dynamic disjunctive graph of an observation (cached). Kept out of the observation object
 * itself so that rule agents and replay buffers pay nothing for it (an accessor property on every
 * observation costs ~2 µs in V8; the graph itself tens of µs).
 */
export function jobShopGraph(obs: JobShopObservation): JobShopGraph {
  let g = graphCache.get(obs);
  if (g === undefined) {
    g = buildGraph(obs);
    graphCache.set(obs, g);
  }
  return g;
}

function edgeList(E: number): EdgeList {
  return { src: new Int32Array(E), dst: new Int32Array(E) };
}

/** Builds the graph of an observation (see the module doc); typed arrays sized exactly, no pushes. */
export function buildGraph(obs: JobShopObservation): JobShopGraph {
  const inst = obs.instance;
  const n = inst.numJobs;
  const m = inst.numMachines;
  const J = obs.jobs;
  const t = obs.time;
  const P = inst.maxDuration;
  const K = inst.maxOps;
  const { jobStart, opMachine, opDuration, workFrom } = inst;
  // Pass 1: node range per job, nodes per machine.
  const first = new Int32Array(n);
  const perMachine = new Int32Array(m + 1);
  let numNodes = 0;
  let jobsWithNodes = 0;
  for (let j = 0; j < n; j++) {
    const st = J[j * JOB_FEATURES + JF_STATE];
    const next = jobStart[j] + J[j * JOB_FEATURES + JF_NEXT_OP];
    first[j] = st === DONE ? jobStart[j + 1] : st === PROCESSING || st === BLOCKED ? next - 1 : next;
    const c = jobStart[j + 1] - first[j];
    numNodes += c;
    if (c > 0) jobsWithNodes++;
    for (let o = first[j]; o < jobStart[j + 1]; o++) perMachine[opMachine[o] + 1]++;
  }
  let disjCount = 0;
  for (let x = 1; x <= m; x++) {
    disjCount += perMachine[x] * (perMachine[x] - 1);
    perMachine[x] += perMachine[x - 1]; // prefix sums: bucket starts
  }
  const nodeFeatures = new Float64Array(numNodes * NODE_FEATURES);
  const nodeOp = new Int32Array(numNodes);
  const nodeJob = new Int32Array(numNodes);
  const nodeMachine = new Int32Array(numNodes);
  const nodeAction = new Int32Array(numNodes).fill(-1);
  const actionNode = new Int32Array(n).fill(-1);
  const byMachine = new Int32Array(numNodes);
  const fill = perMachine.slice(0, m);
  const holderNode = new Int32Array(m).fill(-1);
  const waitNode = new Int32Array(n).fill(-1);
  const precCount = numNodes - jobsWithNodes;
  const prec = edgeList(precCount);
  const precRev = edgeList(precCount);
  let e = 0;
  let v = 0;
  for (let j = 0; j < n; j++) {
    const row = j * JOB_FEATURES;
    const st = J[row + JF_STATE];
    const K_j = jobStart[j + 1] - jobStart[j];
    const nextOp = jobStart[j] + J[row + JF_NEXT_OP];
    const progress = (first[j] - jobStart[j] + (st === BLOCKED ? 1 : 0)) / K_j;
    for (let o = first[j]; o < jobStart[j + 1]; o++, v++) {
      const f = v * NODE_FEATURES;
      const x = opMachine[o];
      nodeOp[v] = o;
      nodeJob[v] = j;
      nodeMachine[v] = x;
      byMachine[fill[x]++] = v;
      if (o > first[j]) {
        prec.src[e] = v - 1;
        prec.dst[e] = v;
        precRev.src[e] = v;
        precRev.dst[e] = v - 1;
        e++;
      }
      const p = opDuration[o];
      nodeFeatures[f + NF_DURATION] = p / P;
      nodeFeatures[f + NF_OPS_REMAINING] = (jobStart[j + 1] - o) / K;
      nodeFeatures[f + NF_JOB_PROGRESS] = progress;
      nodeFeatures[f + NF_WORK_REMAINING] = workFrom[o] / (P * K);
      nodeFeatures[f + NF_MACHINE_DOWN] = obs.machines[x * MACHINE_FEATURES + MF_DOWN];
      if (o < nextOp) {
        // The op occupying its machine.
        holderNode[x] = v;
        if (st === PROCESSING) {
          nodeFeatures[f + NF_PROCESSING] = 1;
          nodeFeatures[f + NF_REMAINING] = J[row + JF_REMAINING_TIME] / P;
        } else {
          nodeFeatures[f + NF_BLOCKED] = 1;
          nodeFeatures[f + NF_WAITING] = (t - J[row + JF_READY]) / P;
        }
      } else {
        nodeFeatures[f + NF_NOT_STARTED] = 1;
        nodeFeatures[f + NF_REMAINING] = p / P;
        if (o === nextOp && (st === WAIT || st === BLOCKED)) {
          nodeFeatures[f + NF_WAITING] = (t - J[row + JF_READY]) / P;
          waitNode[j] = v;
          if (obs.candidates[j] === 1) {
            nodeFeatures[f + NF_CANDIDATE] = 1;
            nodeAction[v] = j;
            actionNode[j] = v;
          }
        }
      }
    }
  }
  const disj = edgeList(disjCount);
  e = 0;
  for (let x = 0; x < m; x++) {
    const a0 = perMachine[x];
    const a1 = perMachine[x + 1];
    for (let a = a0; a < a1; a++) {
      for (let b = a0; b < a1; b++) {
        if (a === b) continue;
        disj.src[e] = byMachine[a];
        disj.dst[e] = byMachine[b];
        e++;
      }
    }
  }
  // occupies: holder of machine x → each job's waiting next op on x (not the holder's own next op).
  const occupiesFrom = (j: number): number => {
    const w = waitNode[j];
    if (w < 0) return -1;
    const h = holderNode[nodeMachine[w]];
    return h >= 0 && nodeJob[h] !== j ? h : -1;
  };
  let occCount = 0;
  for (let j = 0; j < n; j++) if (occupiesFrom(j) >= 0) occCount++;
  const occ = edgeList(occCount);
  e = 0;
  for (let j = 0; j < n; j++) {
    const h = occupiesFrom(j);
    if (h < 0) continue;
    occ.src[e] = h;
    occ.dst[e] = waitNode[j];
    e++;
  }
  const globalFeatures = new Float64Array(GLOBAL_FEATURES);
  let blocked = 0;
  let down = 0;
  let cands = 0;
  for (let x = 0; x < m; x++) {
    blocked += obs.machines[x * MACHINE_FEATURES + MF_BLOCKED];
    down += obs.machines[x * MACHINE_FEATURES + MF_DOWN];
  }
  for (let j = 0; j < n; j++) cands += obs.candidates[j];
  globalFeatures[GF_OPS_DONE] = (inst.numOps - numNodes) / inst.numOps;
  globalFeatures[GF_MACHINES_DOWN] = down / m;
  globalFeatures[GF_MACHINES_BLOCKED] = blocked / m;
  globalFeatures[GF_CANDIDATES] = cands / n;
  return {
    numNodes,
    globalFeatures,
    nodeFeatures,
    nodeOp,
    nodeJob,
    nodeMachine,
    nodeAction,
    actionNode,
    edges: { precedence: prec, precedenceReverse: precRev, disjunctive: disj, occupies: occ },
  };
}

/**
 * The space of `JobShopObservation`s for an n × m shop: `contains` checks the shapes and that the
 * snapshot is internally consistent; `sample` returns the initial observation of a random instance
 * (a real member, not noise), drawn by `sampler`.
 */
export class JobShopObservationSpace extends Space<JobShopObservation> {
  constructor(
    readonly numJobs: number,
    readonly numMachines: number,
    private readonly sampler: (rng: Rng) => JobShopObservation,
  ) {
    super();
  }

  sample(rng: Rng = this.defaultRng()): JobShopObservation {
    return this.sampler(rng);
  }

  contains(x: unknown): x is JobShopObservation {
    if (typeof x !== 'object' || x === null) return false;
    const o = x as Partial<JobShopObservation>;
    if (!(o.jobs instanceof Float64Array && o.machines instanceof Float64Array && o.candidates instanceof Uint8Array) || typeof o.instance !== 'object' || typeof o.time !== 'number') return false;
    const n = this.numJobs;
    const m = this.numMachines;
    if (o.instance.numJobs !== n || o.instance.numMachines !== m) return false;
    return this.consistent(o as JobShopObservation);
  }

  private consistent(x: JobShopObservation): boolean {
    const n = this.numJobs;
    const m = this.numMachines;
    if (x.instance.numJobs !== n || x.instance.numMachines !== m) return false;
    if (x.jobs.length !== n * JOB_FEATURES || x.machines.length !== m * MACHINE_FEATURES || x.candidates.length !== n) return false;
    if (!(Number.isInteger(x.time) && x.time >= 0)) return false;
    for (let j = 0; j < n; j++) {
      const st = x.jobs[j * JOB_FEATURES + JF_STATE];
      if (!(st === WAIT || st === PROCESSING || st === BLOCKED || st === DONE)) return false;
      const k = x.jobs[j * JOB_FEATURES + JF_NEXT_OP];
      if (!(Number.isInteger(k) && k >= 0 && k <= x.instance.jobStart[j + 1] - x.instance.jobStart[j])) return false;
    }
    for (let i = 0; i < x.jobs.length; i++) if (!Number.isFinite(x.jobs[i])) return false;
    for (let i = 0; i < x.machines.length; i++) if (!Number.isFinite(x.machines[i])) return false;
    return true;
  }

  toJSON(): JsonObject {
    return { type: 'JobShopObservation', numJobs: this.numJobs, numMachines: this.numMachines, jobFeatures: JOB_FEATURES, machineFeatures: MACHINE_FEATURES, nodeFeatures: NODE_FEATURES };
  }

  toString(): string {
    return `JobShopObservation(jobs=${this.numJobs}, machines=${this.numMachines})`;
  }
}
