/**
 * Paging policies as `Agent`s of `Paging-v0`.
 *
 * - Observation-only agents read the per-slot features (`SLOT` rows) of the env's observation, in
 *   either observation mode (they only compare values within a row, which view mode's −t offset
 *   preserves): `LRUAgent` (largest recency; in view mode without scanning all k slots, below),
 *   `FIFOAgent` (largest age), `LFUAgent` (smallest frequency, LRU
 *   ties), `MarkerAgent` (uniform among unmarked slots by the env's k-phase marks; these coincide with
 *   Marker's own marks because Marker's phases are the k-phase partition) and `DiscardBitAgent`
 *   (LRU among slots whose latest bit is 1, else LRU among unmarked slots: A1 with k-phase marks).
 * - `PolicyAgent` drives any `PagingPolicy` (OPT, FtP, combiners, …): it mirrors the env's cache by
 *   replaying the same trace in a `CacheSim` up to the request in the observation, so the policy
 *   sees every request although the env only asks on full-cache faults. Needs the episode's trace
 *   (and bits/predictions), e.g. from `PagingEnv.episode()`. Eager policies (which drop pages the
 *   env keeps) are rejected.
 * - `LRUAgent` (design choice, for the env's O(1) view mode): on a default (copied) observation it
 *   takes the argmax over recency, O(k) like the copy itself. In view mode it keeps the slots sorted
 *   by last-request index as of one decision (the snapshot, at request t₀). Any slot requested or
 *   reloaded since then has a last-request index ≥ t₀, above every untouched slot's, so the first
 *   snapshot entry whose index is unchanged is the least recently used slot. Stale entries are
 *   skipped for good (an index only grows); when none is left it re-sorts all k slots. An act costs
 *   O(1) plus the entries skipped plus O(k log k) per re-sort (on a 42%-fault Zipf trace at k = 256:
 *   one re-sort per ~200 decisions, ~1.3 entries skipped per decision), and picks exactly the slot
 *   of the argmax (indices are distinct, no ties). The snapshot is only trusted for the same `slots`
 *   buffer (the same env) at a later request index and no `onEpisodeStart` in between; otherwise it
 *   re-sorts. A reset without `onEpisodeStart` whose first decision lies after the previous one is
 *   not detected: runners must call it (the bus rollout and the experiment loops do).
 */
import type { Agent } from '../../agents/agent.js';
import { ConfigError, EnvStateError } from '../../envs/core/errors.js';
import { createRng, randomInt, sampleMasked, type Rng, type Seed } from '../../envs/core/rng.js';
import { rowOrigin, SLOT, type PagingObs } from '../../envs/paging/env.js';
import { CacheSim, type PagingInput, type PagingPolicy } from './simulator.js';

function row(obs: PagingObs, feature: number): Float64Array {
  const k = obs.actionMask.length;
  return obs.observation.slots.subarray(feature * k, (feature + 1) * k);
}

/** Index of the largest entry (the first on ties). */
function argmax(xs: Float64Array): number {
  let best = 0;
  let max = xs[0];
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    if (x > max) {
      max = x;
      best = i;
    }
  }
  return best;
}

export class LRUAgent implements Agent<PagingObs, number> {
  readonly name = 'LRU';
  /** View mode: snapshot keys `last · k + slot`, ascending; entries before `head` are stale. */
  private keys = new Float64Array(0);
  private head = 0;
  /** The `slots` buffer the snapshot was taken from (null: none), and the last act's request index. */
  private slots: Float64Array | null = null;
  private lastT = 0;

  onEpisodeStart(): void {
    this.slots = null;
  }

  act(obs: PagingObs): number {
    if (rowOrigin(obs) !== 0) return argmax(row(obs, SLOT.recency)); // copy mode
    const slots = obs.observation.slots;
    const k = obs.actionMask.length;
    const t = obs.observation.request[2];
    const rec = SLOT.recency * k; // view mode: the row holds −(last request index)
    const fresh = slots === this.slots && t > this.lastT && this.keys.length === k;
    this.lastT = t;
    if (fresh) {
      const keys = this.keys;
      for (let i = this.head; i < k; i++) {
        const key = keys[i];
        const s = key % k;
        if (-slots[rec + s] * k + s === key) {
          this.head = i;
          return s;
        }
      }
    }
    // re-sort: last-request indices are distinct integers, so `last · k + slot` sorts by last
    if (this.keys.length !== k) this.keys = new Float64Array(k);
    const keys = this.keys;
    for (let s = 0; s < k; s++) keys[s] = -slots[rec + s] * k + s;
    keys.sort();
    this.head = 0;
    this.slots = slots;
    return keys[0] % k;
  }
}

export class FIFOAgent implements Agent<PagingObs, number> {
  readonly name = 'FIFO';
  act(obs: PagingObs): number {
    return argmax(row(obs, SLOT.age));
  }
}

export class LFUAgent implements Agent<PagingObs, number> {
  readonly name = 'LFU';
  act(obs: PagingObs): number {
    const f = row(obs, SLOT.frequency);
    const r = row(obs, SLOT.recency);
    let best = 0;
    for (let s = 1; s < f.length; s++) if (f[s] < f[best] || (f[s] === f[best] && r[s] > r[best])) best = s;
    return best;
  }
}

export class MarkerAgent implements Agent<PagingObs, number> {
  readonly name = 'Marker';
  private rng: Rng;
  constructor(seed: Seed = 0) {
    this.rng = createRng(seed);
  }
  act(obs: PagingObs): number {
    const marked = row(obs, SLOT.marked);
    const unmarked = Uint8Array.from(marked, (m) => (m === 0 ? 1 : 0));
    const s = sampleMasked(this.rng, unmarked);
    // Every slot marked: fall back to a uniformly random slot.
    return s >= 0 ? s : randomInt(this.rng, marked.length);
  }
}

export class DiscardBitAgent implements Agent<PagingObs, number> {
  readonly name = 'DiscardBit';
  act(obs: PagingObs): number {
    const bit = row(obs, SLOT.bit);
    const marked = row(obs, SLOT.marked);
    const rec = row(obs, SLOT.recency);
    let best = -1;
    for (let s = 0; s < bit.length; s++) if (bit[s] === 1 && (best < 0 || rec[s] > rec[best])) best = s;
    if (best >= 0) return best;
    for (let s = 0; s < bit.length; s++) if (marked[s] === 0 && (best < 0 || rec[s] > rec[best])) best = s;
    return best >= 0 ? best : argmax(rec);
  }
}

/** Any `PagingPolicy` as an agent, by mirroring the env's cache over the same trace. */
export class PolicyAgent implements Agent<PagingObs, number> {
  readonly name: string;
  private sim: CacheSim | null = null;
  private served = 0;

  /** `input` describes the episode (trace, k, bits, predictions, seed) the env will play. */
  constructor(
    private readonly makePolicy: () => PagingPolicy,
    private input: PagingInput,
  ) {
    this.name = makePolicy().name;
  }

  /** Points the agent at a new episode (e.g. a freshly generated trace). */
  setEpisode(input: PagingInput): void {
    this.input = input;
    this.sim = null;
  }

  onEpisodeStart(): void {
    this.sim = null;
  }

  act(obs: PagingObs): number {
    const t = obs.observation.request[2];
    if (this.sim === null || t < this.served) {
      this.sim = new CacheSim(this.makePolicy(), this.input);
      this.served = 0;
    }
    const sim = this.sim;
    if (t >= this.input.trace.pages.length) throw new EnvStateError(`PolicyAgent.act at t = ${t}: the trace has ended`);
    while (this.served < t) sim.serve(this.served++);
    const faultsBefore = sim.faults;
    const full = sim.cache.indexOf(-1) < 0;
    sim.serve(this.served++);
    if (sim.faults === faultsBefore || !full) {
      throw new ConfigError('trace', 'mirror', `${this.name}: the mirrored cache did not fault with a full cache at t = ${t}; the agent's trace differs from the env's or the policy is eager`);
    }
    return sim.lastVictim;
  }
}
