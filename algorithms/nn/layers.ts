/**
 * Layers (modules): containers of named parameters with a `forward`. Parameter names are
 * dotted paths ("0.weight", "gru.weightIh"), stable across runs, used by save/load.
 * Initialisation follows PyTorch defaults unless `init: 'orthogonal'` is asked for; every
 * initialiser draws from the `rng` passed in, so a seed fixes the network.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { Rng } from '../../envs/core/rng.js';
import { kaimingUniform, linearBiasInit, orthogonal, uniform, xavierUniform } from './init.js';
import { add, elu, gruGates, indexRows, leakyRelu, linear, relu, scatterRows, sigmoid, tanh } from './ops.js';
import { Tensor } from './tensor.js';

export abstract class Module {
  private readonly ownParams = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** Registers a trainable parameter under `name`. */
  protected param(name: string, data: Float64Array, shape: readonly number[]): Tensor {
    const t = Tensor.param(data, shape);
    this.ownParams.set(name, t);
    return t;
  }

  /** Registers a sub-module under `name`. */
  protected child<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** All parameters with dotted names, in registration order. */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [n, p] of this.ownParams) out.push([prefix + n, p]);
    for (const [n, c] of this.children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  /** Copies all parameter values from `other` (same architecture): hard target-network update. */
  copyFrom(other: Module): void {
    const src = other.parameters();
    const dst = this.parameters();
    if (src.length !== dst.length) throw new ConfigError('copyFrom', src.length, `parameter count differs (${dst.length})`);
    for (let i = 0; i < dst.length; i++) dst[i].data.set(src[i].data);
  }

  /** θ ← (1 − τ)θ + τ·θ_other: Polyak (soft) target-network update. */
  softUpdateFrom(other: Module, tau: number): void {
    const src = other.parameters();
    const dst = this.parameters();
    for (let i = 0; i < dst.length; i++) {
      const d = dst[i].data;
      const s = src[i].data;
      for (let j = 0; j < d.length; j++) d[j] += tau * (s[j] - d[j]);
    }
  }
}

/** A module mapping one tensor to one tensor. */
export abstract class Layer extends Module {
  abstract forward(x: Tensor): Tensor;
}

export type InitName = 'default' | 'orthogonal' | 'xavier';

export interface LinearOptions {
  /** Draws the initial weights. */
  rng: Rng;
  /** Add a bias (default true). */
  bias?: boolean;
  /** 'default' = PyTorch nn.Linear (U(±1/√in) weight and bias); 'orthogonal' (bias 0); 'xavier' (bias 0). */
  init?: InitName;
  /** Gain for orthogonal / xavier init (default 1). */
  gain?: number;
}

/** y = x·Wᵀ + b, W `[out, in]`. */
export class Linear extends Layer {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions,
  ) {
    super();
    if (!(Number.isInteger(inFeatures) && inFeatures > 0)) throw new ConfigError('inFeatures', inFeatures, 'must be a positive integer');
    if (!(Number.isInteger(outFeatures) && outFeatures > 0)) throw new ConfigError('outFeatures', outFeatures, 'must be a positive integer');
    const init = opts.init ?? 'default';
    const gain = opts.gain ?? 1;
    const w =
      init === 'orthogonal'
        ? orthogonal(opts.rng, outFeatures, inFeatures, gain)
        : init === 'xavier'
          ? xavierUniform(opts.rng, outFeatures, inFeatures, gain)
          : kaimingUniform(opts.rng, outFeatures, inFeatures);
    this.weight = this.param('weight', w, [outFeatures, inFeatures]);
    this.bias =
      opts.bias === false
        ? null
        : this.param('bias', init === 'default' ? linearBiasInit(opts.rng, outFeatures, inFeatures) : new Float64Array(outFeatures), [outFeatures]);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

export class ReLU extends Layer {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Tanh extends Layer {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Sigmoid extends Layer {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class ELU extends Layer {
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}

export class LeakyReLU extends Layer {
  constructor(readonly slope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.slope);
  }
}

/** Layers applied in order; parameters named by position ("0.weight", "2.bias", …). */
export class Sequential extends Layer {
  readonly layers: readonly Layer[];
  constructor(...layers: Layer[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.child(String(i), l));
  }
  forward(x: Tensor): Tensor {
    let h = x;
    for (const l of this.layers) h = l.forward(h);
    return h;
  }
}

export type ActivationName = 'relu' | 'tanh' | 'elu' | 'leakyRelu' | 'sigmoid' | 'none';

export function activation(name: ActivationName): Layer | null {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'tanh':
      return new Tanh();
    case 'elu':
      return new ELU();
    case 'leakyRelu':
      return new LeakyReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'none':
      return null;
    default:
      throw new ConfigError('activation', name, 'must be relu, tanh, elu, leakyRelu, sigmoid or none');
  }
}

export interface MlpOptions {
  rng: Rng;
  /** Hidden activation (default relu). */
  activation?: ActivationName;
  /** Activation after the last layer (default none). */
  outputActivation?: ActivationName;
  init?: InitName;
  /** Gain of hidden layers for orthogonal/xavier init (default 1; CleanRL PPO uses √2). */
  gain?: number;
  /** Gain of the last layer (default `gain`; CleanRL PPO: 0.01 actor, 1 critic). */
  outputGain?: number;
}

/** Linear layers through `sizes` = [in, hidden…, out] with activations between. */
export function mlp(sizes: readonly number[], opts: MlpOptions): Sequential {
  if (sizes.length < 2) throw new ConfigError('sizes', sizes, 'needs at least [in, out]');
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    const gain = last ? (opts.outputGain ?? opts.gain) : opts.gain;
    layers.push(new Linear(sizes[i], sizes[i + 1], { rng: opts.rng, init: opts.init, gain }));
    const act = activation(last ? (opts.outputActivation ?? 'none') : (opts.activation ?? 'relu'));
    if (act !== null) layers.push(act);
  }
  return new Sequential(...layers);
}

/**
 * PyTorch `nn.GRUCell`: h' = GRU(x, h). Weights `weightIh` `[3H, in]`, `weightHh` `[3H, H]`,
 * gate blocks in order r, z, n; all initialised U(±1/√H) as in PyTorch.
 */
export class GRUCell extends Module {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly biasIh: Tensor;
  readonly biasHh: Tensor;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    opts: { rng: Rng },
  ) {
    super();
    const k = 1 / Math.sqrt(hiddenSize);
    const H3 = 3 * hiddenSize;
    this.weightIh = this.param('weightIh', uniform(opts.rng, H3 * inputSize, k), [H3, inputSize]);
    this.weightHh = this.param('weightHh', uniform(opts.rng, H3 * hiddenSize, k), [H3, hiddenSize]);
    this.biasIh = this.param('biasIh', uniform(opts.rng, H3, k), [H3]);
    this.biasHh = this.param('biasHh', uniform(opts.rng, H3, k), [H3]);
  }

  /** x `[B, in]`, h `[B, H]` → h' `[B, H]`. */
  forward(x: Tensor, h: Tensor): Tensor {
    const gi = linear(x, this.weightIh, this.biasIh);
    const gh = linear(h, this.weightHh, this.biasHh);
    return gruGates(gi, gh, h);
  }

  /** Zero initial state for `batch` rows. */
  initialState(batch: number): Tensor {
    return Tensor.zeros([batch, this.hiddenSize]);
  }
}

/** Directed edges src[e] → dst[e] (node indices), one list per edge type. */
export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
}

export interface GraphConvOptions {
  rng: Rng;
  /** Number of edge types, each with its own message weights (default 1). */
  edgeTypes?: number;
  /** How messages arriving at a node are combined (default 'sum'; 'mean' divides by in-degree). */
  aggregation?: 'sum' | 'mean';
  init?: InitName;
  gain?: number;
}

/**
 * Relational message passing (R-GCN style): for node v,
 *   h'_v = W_self·h_v + b + Σ_t AGG_{u→v ∈ E_t} W_t·h_u,
 * AGG = sum or mean over incoming edges of type t (no incoming edges → 0). No activation
 * (apply one after). Batch several graphs by concatenating their nodes and offsetting edges.
 * Since W_t is linear, it is applied to the N nodes before gathering the E edges.
 */
export class GraphConv extends Module {
  readonly self: Linear;
  readonly messages: readonly Linear[];
  readonly aggregation: 'sum' | 'mean';

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: GraphConvOptions,
  ) {
    super();
    const types = opts.edgeTypes ?? 1;
    if (!(Number.isInteger(types) && types >= 1)) throw new ConfigError('edgeTypes', types, 'must be a positive integer');
    this.aggregation = opts.aggregation ?? 'sum';
    if (this.aggregation !== 'sum' && this.aggregation !== 'mean') throw new ConfigError('aggregation', this.aggregation, "must be 'sum' or 'mean'");
    const lo = { rng: opts.rng, init: opts.init, gain: opts.gain };
    this.self = this.child('self', new Linear(inFeatures, outFeatures, lo));
    const msgs: Linear[] = [];
    for (let t = 0; t < types; t++) msgs.push(this.child(`msg${t}`, new Linear(inFeatures, outFeatures, { ...lo, bias: false })));
    this.messages = msgs;
  }

  /** h `[N, in]`, one edge list per edge type → `[N, out]`. */
  forward(h: Tensor, edges: readonly EdgeList[]): Tensor {
    if (edges.length !== this.messages.length) throw new ConfigError('edges', edges.length, `expected ${this.messages.length} edge lists`);
    const N = h.rows;
    let out = this.self.forward(h);
    for (let t = 0; t < edges.length; t++) {
      const { src, dst } = edges[t];
      if (src.length !== dst.length) throw new ConfigError(`edges[${t}]`, [src.length, dst.length], 'src and dst lengths differ');
      if (src.length === 0) continue;
      const m = indexRows(this.messages[t].forward(h), src);
      out = add(out, scatterRows(m, dst, N, this.aggregation));
    }
    return out;
  }
}

/** Several graphs as one disjoint union, for one batched GraphConv pass. */
export interface GraphBatch {
  /** Total node count. */
  numNodes: number;
  /** Edge lists per type, node indices offset into the union. */
  edges: EdgeList[];
  /** Graph index of every node (`[numNodes]`), for pooling with `scatterRows(h, graphOf, G, 'mean')`. */
  graphOf: Int32Array;
  /** First node of each graph in the union (`[G + 1]`, last entry = numNodes). */
  offsets: Int32Array;
}

/**
 * Concatenates graphs (each with the same number of edge types) into one: node i of graph g
 * becomes node offsets[g] + i. Rows of the batched node-feature matrix must follow the same order.
 */
export function batchGraphs(graphs: ReadonlyArray<{ numNodes: number; edges: readonly EdgeList[] }>): GraphBatch {
  if (graphs.length === 0) throw new ConfigError('graphs', graphs, 'needs at least one graph');
  const types = graphs[0].edges.length;
  const offsets = new Int32Array(graphs.length + 1);
  const counts = new Array<number>(types).fill(0);
  graphs.forEach((g, i) => {
    if (g.edges.length !== types) throw new ConfigError(`graphs[${i}].edges`, g.edges.length, `expected ${types} edge types`);
    offsets[i + 1] = offsets[i] + g.numNodes;
    g.edges.forEach((e, t) => (counts[t] += e.src.length));
  });
  const numNodes = offsets[graphs.length];
  const edges: EdgeList[] = counts.map((c) => ({ src: new Int32Array(c), dst: new Int32Array(c) }));
  const fill = new Array<number>(types).fill(0);
  const graphOf = new Int32Array(numNodes);
  graphs.forEach((g, i) => {
    const o = offsets[i];
    graphOf.fill(i, o, offsets[i + 1]);
    g.edges.forEach((e, t) => {
      for (let k = 0; k < e.src.length; k++) {
        if (!(e.src[k] >= 0 && e.src[k] < g.numNodes && e.dst[k] >= 0 && e.dst[k] < g.numNodes)) {
          throw new ConfigError(`graphs[${i}].edges[${t}]`, [e.src[k], e.dst[k]], `node index outside [0, ${g.numNodes})`);
        }
        edges[t].src[fill[t]] = e.src[k] + o;
        edges[t].dst[fill[t]] = e.dst[k] + o;
        fill[t]++;
      }
    });
  });
  return { numNodes, edges, graphOf, offsets };
}
