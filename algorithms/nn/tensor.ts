/**
 * Tensor and reverse-mode autodiff (a small tape, PyTorch-style).
 *
 * Design choice: every tensor is a flat, row-major `Float64Array` (one numeric type, so the
 * kernels stay monomorphic in V8) with a `shape`; batch-major layout, i.e. `[batch, features]`.
 * Each op returns a new tensor that remembers its parents and a closure that adds its output
 * gradient into theirs. `loss.backward()` orders the graph topologically and runs the closures
 * in reverse. Parameters are leaf tensors with `requiresGrad`; inputs can ask for gradients too
 * (`Tensor.from(data, shape, true)`), e.g. ∂Q_tot/∂q_i for QMIX's monotonicity check.
 * No graph is recorded when no parent requires a gradient, or inside `noGrad(fn)`.
 */
import { ConfigError } from '../../envs/core/errors.js';

let gradEnabled = true;
let arena: Arena | null = null;

/**
 * Reuses the buffers of one training step in the next, to spare the allocator (fresh large
 * typed arrays cost page faults on first touch: ~30 µs per 128 KB here). Inside
 * `arena.run(fn)`, op outputs and interior gradients are taken, zeroed, from the buffers the
 * previous `run` of the same arena used in the same order (allocated fresh when the sizes
 * differ). So tensors made inside a run are valid only until that arena's next run: copy out
 * what you keep (`loss.item()`, `Float64Array.from(t.data)`). Parameters and their gradients
 * never live in an arena. Runs of one arena cannot nest.
 */
export class Arena {
  private readonly buffers: Float64Array[] = [];
  private next = 0;
  private active = false;

  run<T>(fn: () => T): T {
    if (this.active) throw new ConfigError('arena', 'run', 'is already running (runs of one arena cannot nest)');
    const prev = arena;
    arena = this;
    this.active = true;
    this.next = 0;
    try {
      return fn();
    } finally {
      this.active = false;
      arena = prev;
    }
  }

  /** A zeroed buffer of length n (library-internal; ops call `alloc`). */
  take(n: number): Float64Array {
    const k = this.next++;
    const b = this.buffers[k];
    if (b !== undefined && b.length === n) return b.fill(0);
    const fresh = new Float64Array(n);
    this.buffers[k] = fresh;
    return fresh;
  }
}

/** A zeroed Float64Array of length n: from the running arena if any, else fresh. */
export function alloc(n: number): Float64Array {
  return arena === null ? new Float64Array(n) : arena.take(n);
}

/** Runs `fn` without recording the graph (acting, target networks, evaluation). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export class Tensor {
  /** Row-major values. */
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** Gradient of the last `backward()` root w.r.t. this tensor (same layout), or null. */
  grad: Float64Array | null = null;
  readonly requiresGrad: boolean;
  /** Tensors this one was computed from (empty for leaves). */
  readonly parents: readonly Tensor[];
  /** Adds `this.grad` into the parents' gradients. */
  private readonly backwardFn: (() => void) | null;

  constructor(
    data: Float64Array,
    shape: readonly number[],
    requiresGrad = false,
    parents: readonly Tensor[] = [],
    backwardFn: (() => void) | null = null,
  ) {
    let size = 1;
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new ConfigError('shape', shape, 'must hold non-negative integers');
      size *= d;
    }
    if (size !== data.length) throw new ConfigError('shape', shape, `does not match data length ${data.length}`);
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.parents = parents;
    this.backwardFn = backwardFn;
  }

  /** A tensor over `data` (not copied). `requiresGrad` makes it a leaf that receives a gradient. */
  static from(data: Float64Array | ArrayLike<number>, shape: readonly number[], requiresGrad = false): Tensor {
    const arr = data instanceof Float64Array ? data : Float64Array.from(data);
    const t = new Tensor(arr, shape, requiresGrad);
    if (requiresGrad) t.grad = new Float64Array(arr.length);
    return t;
  }

  static zeros(shape: readonly number[], requiresGrad = false): Tensor {
    return Tensor.from(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape, requiresGrad);
  }

  /** A trainable leaf (gradient buffer allocated and kept). */
  static param(data: Float64Array, shape: readonly number[]): Tensor {
    return Tensor.from(data, shape, true);
  }

  /**
   * Result of an op: records `parents` and `backwardFn` only when a gradient is needed.
   * Library-internal; new ops use it.
   */
  static result(data: Float64Array, shape: readonly number[], parents: readonly Tensor[], backwardFn: () => void): Tensor {
    if (gradEnabled) {
      for (const p of parents) if (p.requiresGrad) return new Tensor(data, shape, true, parents, backwardFn);
    }
    return new Tensor(data, shape);
  }

  get size(): number {
    return this.data.length;
  }

  /** Size of the last dimension (features). */
  get cols(): number {
    return this.shape.length === 0 ? 1 : this.shape[this.shape.length - 1];
  }

  /** Product of all dimensions but the last (batch rows). */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.data.length / this.cols;
  }

  /** The gradient buffer, allocated (zeroed) on first use. */
  gradBuffer(): Float64Array {
    if (this.grad === null) this.grad = alloc(this.data.length);
    return this.grad;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new ConfigError('tensor', this.shape, 'item() needs exactly one element');
    return this.data[0];
  }

  /** Same values, no graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /**
   * Back-propagates from this tensor. A scalar gets seed 1; otherwise pass `seed` (same size).
   * Gradients accumulate into leaves (call `optimizer.zeroGrad()` between steps).
   */
  backward(seed?: Float64Array): void {
    if (!this.requiresGrad) throw new ConfigError('tensor', this.shape, 'does not require a gradient');
    if (seed === undefined && this.data.length !== 1) {
      throw new ConfigError('seed', undefined, `backward() on a non-scalar tensor of shape [${this.shape}] needs a seed`);
    }
    const order = topoOrder(this);
    const g = this.gradBuffer();
    if (seed === undefined) g[0] += 1;
    else for (let i = 0; i < g.length; i++) g[i] += seed[i];
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      if (t.backwardFn !== null && t.grad !== null) t.backwardFn();
    }
    // Interior gradients are scratch: drop them so a second backward starts clean.
    for (const t of order) if (t.backwardFn !== null) t.grad = null;
  }
}

/** Parents-before-children order of the graph below `root` (iterative DFS). */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    if (i < t.parents.length) {
      top[1] = i + 1;
      const p = t.parents[i];
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
