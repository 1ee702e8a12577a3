/**
 * Robust combiners (Fiat et al. / Blum & Burch, as used by ACEPS 2020 and Chłędowski et al. 2021).
 *
 * Each component policy runs on its own simulated cache (`CacheSim`) over the same requests; the
 * combiner's cost is its own faults. On a fault with a full cache the combiner evicts, lazily, the
 * least recently used of its pages that the currently followed component does not hold.
 * - `DeterministicCombiner(γ)`: follow component i until its simulated cost exceeds `bound`, then move
 *   to the next component (round robin) and multiply `bound` by 1+γ (initial bound: 1).
 * - `RandomizedCombiner(ε)`: multiplicative weights w_i = (1−ε)^{cost_i}; when the followed component's
 *   probability drops from p to p', switch with probability 1 − p'/p to a component drawn with
 *   probability ∝ its probability increase (Blum–Burch), so switches are rare while weights are stable.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { childSeed } from '../../envs/core/rng.js';
import { CacheSim, type PagingContext, type PagingPolicy } from './simulator.js';

abstract class Combiner implements PagingPolicy {
  abstract readonly name: string;
  protected ctx!: PagingContext;
  protected sims: CacheSim[] = [];
  /** Index of the component followed. */
  current = 0;
  /** Number of switches so far. */
  switches = 0;
  private lastUse: Float64Array = new Float64Array(0);
  private served = 0;

  constructor(protected readonly makeComponents: () => PagingPolicy[]) {}

  reset(ctx: PagingContext): void {
    this.ctx = ctx;
    const components = this.makeComponents();
    if (components.length === 0) throw new ConfigError('components', 0, 'a combiner needs at least one policy');
    this.sims = components.map(
      (p) => new CacheSim(p, { trace: ctx.trace, k: ctx.k, bits: ctx.bits, next: ctx.next, predictedNext: ctx.predictedNext, seed: childSeed(ctx.rng) }),
    );
    this.lastUse = new Float64Array(ctx.k);
    this.served = 0;
    this.current = 0;
    this.switches = 0;
    this.init();
  }
  hit(t: number, s: number): boolean {
    this.advance(t);
    this.lastUse[s] = t;
    return false;
  }
  victim(t: number): number {
    this.advance(t);
    const target = this.sims[this.current].slotOf;
    const { cache } = this.ctx;
    let best = -1;
    for (let s = 0; s < cache.length; s++) {
      if (target[cache[s]] < 0 && (best < 0 || this.lastUse[s] < this.lastUse[best])) best = s;
    }
    if (best >= 0) return best;
    // unreachable for lazy components (the target holds r_t, which we do not); LRU as a fallback
    for (let s = 0; s < cache.length; s++) if (best < 0 || this.lastUse[s] < this.lastUse[best]) best = s;
    return best;
  }
  load(t: number, s: number): boolean {
    this.advance(t);
    this.lastUse[s] = t;
    return false;
  }
  /** Component costs so far. */
  costs(): number[] {
    return this.sims.map((s) => s.faults);
  }
  private advance(t: number): void {
    if (this.served > t) return;
    for (const sim of this.sims) sim.serve(t);
    this.served = t + 1;
    this.update();
  }
  protected abstract init(): void;
  /** Called after every request with updated component costs; may change `current`. */
  protected abstract update(): void;
}

export class DeterministicCombiner extends Combiner {
  readonly name: string;
  private bound = 1;

  constructor(
    makeComponents: () => PagingPolicy[],
    readonly gamma = 0.01,
    name?: string,
  ) {
    super(makeComponents);
    if (!(gamma > 0)) throw new ConfigError('gamma', gamma, 'expected γ > 0');
    this.name = name ?? 'CombineDet';
  }
  protected init(): void {
    this.bound = 1;
  }
  protected update(): void {
    while (this.sims[this.current].faults > this.bound) {
      this.current = (this.current + 1) % this.sims.length;
      this.bound *= 1 + this.gamma;
      this.switches++;
    }
  }
}

export class RandomizedCombiner extends Combiner {
  readonly name: string;
  private probs: Float64Array = new Float64Array(0);
  private fresh: Float64Array = new Float64Array(0);

  constructor(
    makeComponents: () => PagingPolicy[],
    readonly epsilon = 0.5,
    name?: string,
  ) {
    super(makeComponents);
    if (!(epsilon > 0 && epsilon < 1)) throw new ConfigError('epsilon', epsilon, 'expected 0 < ε < 1');
    this.name = name ?? 'CombineRnd';
  }
  protected init(): void {
    const m = this.sims.length;
    this.probs = new Float64Array(m).fill(1 / m);
    this.fresh = new Float64Array(m);
    this.current = Math.floor(this.ctx.rng() * m);
  }
  protected update(): void {
    const m = this.sims.length;
    const logBeta = Math.log(1 - this.epsilon);
    let minCost = Infinity;
    for (const s of this.sims) minCost = Math.min(minCost, s.faults);
    let z = 0;
    for (let i = 0; i < m; i++) z += this.fresh[i] = Math.exp((this.sims[i].faults - minCost) * logBeta);
    for (let i = 0; i < m; i++) this.fresh[i] /= z;
    const old = this.probs[this.current];
    const now = this.fresh[this.current];
    if (now < old && this.ctx.rng() < 1 - now / old) {
      let mass = 0;
      for (let i = 0; i < m; i++) mass += Math.max(0, this.fresh[i] - this.probs[i]);
      let u = this.ctx.rng() * mass;
      for (let i = 0; i < m; i++) {
        const gain = Math.max(0, this.fresh[i] - this.probs[i]);
        if (gain > 0 && (u -= gain) <= 0) {
          if (i !== this.current) this.switches++;
          this.current = i;
          break;
        }
      }
    }
    this.probs.set(this.fresh);
  }
}
