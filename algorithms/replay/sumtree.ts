/**
 * Sum tree with a companion min tree over `capacity` non-negative leaf values (Schaul et al. 2016,
 * as in OpenAI baselines' `SegmentTree`): O(log n) leaf update, total, prefix sum and
 * prefix-sum search ("find the leaf where the running sum passes `mass`"), O(1) minimum.
 *
 * Both trees are flat Float64Arrays of length 2·n (n = capacity rounded up to a power of two;
 * node 1 is the root, node i has children 2i and 2i+1, leaf j is node n + j). Parents are
 * recomputed from their children on every update (never incremented), so no rounding drift
 * accumulates. Unset leaves are 0 in the sum tree and +∞ in the min tree.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { checkInt } from './ring.js';

export class SumTree {
  /** Number of leaves in the tree (a power of two ≥ capacity). */
  readonly leaves: number;
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;

  constructor(readonly capacity: number) {
    checkInt('capacity', capacity, 1);
    let n = 1;
    while (n < capacity) n *= 2;
    this.leaves = n;
    this.sums = new Float64Array(2 * n);
    this.mins = new Float64Array(2 * n).fill(Infinity);
  }

  /** Sets leaf `i` to `value` (finite, ≥ 0) and updates its ancestors. */
  set(i: number, value: number): void {
    if (!(value >= 0 && value < Infinity)) throw new ConfigError('priority', value, 'must be finite and ≥ 0');
    if (!Number.isInteger(i) || i < 0 || i >= this.capacity) {
      throw new ConfigError('index', i, `must be an integer in [0, ${this.capacity})`);
    }
    const sums = this.sums;
    const mins = this.mins;
    let node = i + this.leaves;
    sums[node] = value;
    mins[node] = value;
    node >>= 1;
    while (node >= 1) {
      const l = 2 * node;
      sums[node] = sums[l] + sums[l + 1];
      const a = mins[l];
      const b = mins[l + 1];
      mins[node] = a < b ? a : b;
      node >>= 1;
    }
  }

  /** Value of leaf `i`. */
  get(i: number): number {
    return this.sums[i + this.leaves];
  }

  /** Sum of all leaves. */
  total(): number {
    return this.sums[1];
  }

  /** Smallest leaf value that has been set (+∞ if none). */
  min(): number {
    return this.mins[1];
  }

  /** Sum of leaves `[0, i)`; `i` may equal `leaves`. */
  prefix(i: number): number {
    if (i >= this.leaves) return this.sums[1];
    const sums = this.sums;
    let node = i + this.leaves;
    let s = 0;
    while (node > 1) {
      if (node & 1) s += sums[node - 1];
      node >>= 1;
    }
    return s;
  }

  /**
   * The leaf j with prefix(j) ≤ mass < prefix(j+1), for 0 ≤ mass < total(). A zero leaf is never
   * returned while any leaf is positive: if rounding makes `mass` reach the total of a subtree,
   * the descent takes the last positive leaf instead of an empty one.
   */
  find(mass: number): number {
    const sums = this.sums;
    const n = this.leaves;
    let node = 1;
    while (node < n) {
      const l = 2 * node;
      const left = sums[l];
      if (mass < left || sums[l + 1] <= 0) node = l;
      else {
        mass -= left;
        node = l + 1;
      }
    }
    return node - n;
  }
}
