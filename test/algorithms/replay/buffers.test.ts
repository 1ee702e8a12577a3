import { describe, expect, it } from 'vitest';
import {
  MultiAgentTransitionBuffer,
  type MultiAgentBatch,
  type MultiAgentLayout,
} from '../../../algorithms/replay/multiagent.js';
import { NeighbourSampler, PrioritizedSampler, UniformSampler, type IndexSampler } from '../../../algorithms/replay/samplers.js';
import { TransitionBuffer } from '../../../algorithms/replay/transition.js';
import { ConfigError, EnvStateError, InvalidActionError } from '../../../envs/core/errors.js';

const N = 3;
const D = 5;
const SD = 4;
const NA = 6;

/** Joint transition of env step `t`: every field encodes (t, agent) so a gather can be checked. */
function stepData(t: number) {
  return {
    obs: Array.from({ length: N }, (_, a) => [t, a, t * 2, -t, a + 0.5]),
    nextObs: Array.from({ length: N }, (_, a) => [t + 1, a, (t + 1) * 2, -(t + 1), a + 0.5]),
    actions: Array.from({ length: N }, (_, a) => (t + a) % NA),
    rewards: Array.from({ length: N }, (_, a) => t * 10 + a),
    terminated: Array.from({ length: N }, (_, a) => (t + a) % 7 === 0),
    truncated: Array.from({ length: N }, (_, a) => (t + a) % 5 === 0),
    state: [t, t + 0.25, t + 0.5, t + 0.75],
    nextState: [t + 1, t + 1.25, t + 1.5, t + 1.75],
    actionMask: Array.from({ length: N }, (_, a) => Array.from({ length: NA }, (_, c) => +((t + a + c) % 2 === 0))),
    nextActionMask: Array.from({ length: N }, (_, a) => Array.from({ length: NA }, (_, c) => +((t + 1 + a + c) % 2 === 0))),
  };
}

function filled(layout: MultiAgentLayout, capacity: number, pushes: number): MultiAgentTransitionBuffer {
  const buf = new MultiAgentTransitionBuffer({ capacity, nAgents: N, obsDim: D, stateDim: SD, nActions: NA, masks: true, layout });
  for (let t = 0; t < pushes; t++) expect(buf.push(stepData(t))).toBe(t % capacity);
  return buf;
}

/** Every row of every agent must be the transition of env step stepIds[k] (stored as data). */
function expectAligned(batch: MultiAgentBatch): void {
  for (let k = 0; k < batch.count; k++) {
    const t = batch.stepIds[k];
    const ref = stepData(t);
    for (let a = 0; a < N; a++) {
      expect(Array.from(batch.obs[a].subarray(k * D, (k + 1) * D))).toEqual(ref.obs[a]);
      expect(Array.from(batch.nextObs[a].subarray(k * D, (k + 1) * D))).toEqual(ref.nextObs[a]);
      expect(batch.actions[a][k]).toBe(ref.actions[a]);
      expect(batch.rewards[a][k]).toBe(ref.rewards[a]);
      expect(batch.terminated[a][k]).toBe(+ref.terminated[a]);
      expect(batch.truncated[a][k]).toBe(+ref.truncated[a]);
      expect(Array.from(batch.actionMask![a].subarray(k * NA, (k + 1) * NA))).toEqual(ref.actionMask[a]);
      expect(Array.from(batch.nextActionMask![a].subarray(k * NA, (k + 1) * NA))).toEqual(ref.nextActionMask[a]);
    }
    expect(Array.from(batch.state!.subarray(k * SD, (k + 1) * SD))).toEqual(ref.state);
    expect(Array.from(batch.nextState!.subarray(k * SD, (k + 1) * SD))).toEqual(ref.nextState);
  }
}

const samplers: [string, (capacity: number) => IndexSampler][] = [
  ['uniform', () => new UniformSampler({ seed: 1 })],
  ['neighbour L=4 wrap', () => new NeighbourSampler({ runLength: 4, seed: 1 })],
  ['neighbour L=8 clamp', () => new NeighbourSampler({ runLength: 8, boundary: 'clamp', seed: 1 })],
];

describe('MultiAgentTransitionBuffer', () => {
  for (const layout of ['per-agent', 'interleaved'] as const) {
    for (const [name, make] of samplers) {
      it(`${layout}, ${name}: every agent's row is the same env step, before and after wrap-around`, () => {
        for (const pushes of [23, 130]) {
          const buf = filled(layout, 50, pushes);
          const batch = buf.createBatch(64);
          buf.sample(make(50), batch);
          expect(batch.count).toBe(64);
          expectAligned(batch);
          for (let k = 0; k < 64; k++) expect(batch.stepIds[k]).toBeGreaterThanOrEqual(pushes - buf.size);
        }
      });
    }
  }

  it('gives bit-identical batches in both layouts for the same seed', () => {
    const a = filled('per-agent', 40, 95);
    const b = filled('interleaved', 40, 95);
    const ba = a.createBatch(32);
    const bb = b.createBatch(32);
    a.sample(new NeighbourSampler({ runLength: 4, seed: 'x' }), ba);
    b.sample(new NeighbourSampler({ runLength: 4, seed: 'x' }), bb);
    expect(bb).toEqual(ba);
  });

  it('ring semantics: holds exactly the newest `capacity` steps; runs cross only the write head', () => {
    const cap = 50;
    const buf = filled('per-agent', cap, 130);
    expect(buf.size).toBe(cap);
    expect(buf.ring.head).toBe(130 % cap);
    const ids = Array.from({ length: cap }, (_, age) => buf.ring.stepIds[buf.ring.slotOfAge(age)]);
    expect(ids).toEqual(Array.from({ length: cap }, (_, i) => 80 + i)); // oldest 80 … newest 129
    for (let slot = 0; slot < cap; slot++) expect(buf.obsRow(1, slot)[0]).toBe(buf.ring.stepIds[slot]);
    const s = new NeighbourSampler({ runLength: 16, seed: 2 });
    const idx = new Int32Array(1024);
    let crossings = 0;
    for (let r = 0; r < 10; r++) {
      s.sample(buf.size, idx);
      for (let k = 1; k < idx.length; k++) {
        if (k % 16 === 0) continue;
        const prev = buf.ring.stepIds[idx[k - 1]];
        const cur = buf.ring.stepIds[idx[k]];
        if (idx[k] === buf.ring.head) {
          expect(cur).toBe(prev - (cap - 1)); // newest → oldest, documented as allowed
          crossings++;
        } else expect(cur).toBe(prev + 1);
      }
    }
    expect(crossings).toBeGreaterThan(0);
  });

  it('before the ring is full, indices never reach unwritten slots', () => {
    const buf = filled('interleaved', 100, 30);
    const idx = new Int32Array(1024);
    new NeighbourSampler({ runLength: 16, seed: 4 }).sample(buf.size, idx);
    for (const i of idx) expect(i).toBeLessThan(30);
  });

  it('supports prioritised sampling with aligned joint rows and weights', () => {
    const buf = filled('per-agent', 30, 0);
    const per = new PrioritizedSampler({ capacity: 30, alpha: 1, beta: 1, runLength: 4, seed: 8 });
    buf.subscribe(per);
    for (let t = 0; t < 45; t++) buf.push(stepData(t));
    per.update(Int32Array.of(3, 4), [50, 50]);
    const batch = buf.createBatch(64);
    buf.sample(per, batch);
    expectAligned(batch);
    expect(Math.max(...batch.weights)).toBeLessThanOrEqual(1);
    expect(Math.min(...batch.weights)).toBeGreaterThan(0);
  });

  it('rejects malformed input with typed errors naming the field', () => {
    const buf = filled('per-agent', 10, 0);
    const batch = buf.createBatch(4);
    expect(() => buf.gather(Int32Array.of(0), batch, 1)).toThrow(EnvStateError);
    expect(() => buf.push({ ...stepData(0), obs: stepData(0).obs.slice(0, 2) })).toThrow(/obs/);
    expect(() => buf.push({ ...stepData(0), actions: [0, NA, 1] })).toThrow(InvalidActionError);
    expect(() => buf.push({ ...stepData(0), state: [1] })).toThrow(ConfigError);
    buf.push(stepData(0));
    expect(() => buf.gather(Int32Array.of(1), batch, 1)).toThrow(ConfigError);
    expect(() => new MultiAgentTransitionBuffer({ capacity: 0, nAgents: 2, obsDim: 3 })).toThrow(ConfigError);
    expect(() => new MultiAgentTransitionBuffer({ capacity: 5, nAgents: 2, obsDim: 3, layout: 'aos' as 'per-agent' })).toThrow(ConfigError);
  });
});

describe('TransitionBuffer', () => {
  it('stores and gathers single-agent transitions with masks, overwriting the oldest', () => {
    const buf = new TransitionBuffer({ capacity: 8, obsDim: 2, nActions: 3, masks: true });
    for (let t = 0; t < 11; t++) {
      buf.push({
        obs: [t, -t],
        action: t % 3,
        reward: t / 2,
        nextObs: [t + 1, -t - 1],
        terminated: t % 4 === 3,
        truncated: false,
        actionMask: [1, t % 2, 1],
        nextActionMask: [1, (t + 1) % 2, 1],
      });
    }
    expect(buf.size).toBe(8);
    const batch = buf.createBatch(16);
    buf.sample(new NeighbourSampler({ runLength: 4, seed: 3 }), batch);
    expect(batch.count).toBe(16);
    for (let k = 0; k < 16; k++) {
      const t = batch.stepIds[k];
      expect(t).toBeGreaterThanOrEqual(3);
      expect([batch.obs[2 * k], batch.obs[2 * k + 1]]).toEqual([t, -t]);
      expect([batch.nextObs[2 * k], batch.nextObs[2 * k + 1]]).toEqual([t + 1, -t - 1]);
      expect(batch.actions[k]).toBe(t % 3);
      expect(batch.rewards[k]).toBe(t / 2);
      expect(batch.terminated[k]).toBe(+(t % 4 === 3));
      expect(Array.from(batch.actionMask!.subarray(3 * k, 3 * k + 3))).toEqual([1, t % 2, 1]);
      expect(Array.from(batch.nextActionMask!.subarray(3 * k, 3 * k + 3))).toEqual([1, (t + 1) % 2, 1]);
    }
  });

  it('handles multi-integer actions and rejects bad ones', () => {
    const buf = new TransitionBuffer({ capacity: 4, obsDim: 1, actionDim: 2 });
    buf.push({ obs: [0], action: [3, -4], reward: 0, nextObs: [1], terminated: 0, truncated: 1 });
    const batch = buf.createBatch(1);
    buf.gather(Int32Array.of(0), batch);
    expect(Array.from(batch.actions)).toEqual([3, -4]);
    expect(batch.truncated[0]).toBe(1);
    expect(() => buf.push({ obs: [0], action: 1, reward: 0, nextObs: [1], terminated: 0, truncated: 0 })).toThrow(ConfigError);
    expect(() => buf.push({ obs: [0], action: [1.5, 0], reward: 0, nextObs: [1], terminated: 0, truncated: 0 })).toThrow(
      InvalidActionError,
    );
    expect(() => new TransitionBuffer({ capacity: 4, obsDim: 1, masks: true })).toThrow(ConfigError);
  });
});
