import { describe, expect, it } from 'vitest';
import { EpisodeBuffer } from '../../../algorithms/replay/episode.js';
import { NeighbourSampler, UniformSampler } from '../../../algorithms/replay/samplers.js';
import { EnvStateError, InvalidActionError } from '../../../envs/core/errors.js';

const T = 5;
const N = 2;
const OD = 3;
const SD = 2;
const NA = 4;

/** Rows of episode `e` at time t encode (e, t, agent). */
const obs = (e: number, t: number) => Array.from({ length: N }, (_, a) => [e, t, a]);
const state = (e: number, t: number) => [e, t];
const avail = (e: number, t: number) => Array.from({ length: N }, (_, a) => Array.from({ length: NA }, (_, c) => +(c <= (e + t + a) % NA)));

function addEpisode(buf: EpisodeBuffer, e: number, len: number, terminated: boolean): number {
  buf.begin(obs(e, 0), state(e, 0), avail(e, 0));
  for (let t = 0; t < len; t++) {
    buf.step({
      actions: [(e + t) % NA, (e + t + 1) % NA],
      reward: e * 100 + t,
      terminated: terminated && t === len - 1,
      obs: obs(e, t + 1),
      state: state(e, t + 1),
      avail: avail(e, t + 1),
    });
  }
  return buf.end();
}

const LENGTHS = [3, 5, 1, 4];

describe('EpisodeBuffer', () => {
  it('pads episodes to maxLen with a filled mask, zero padding and the final row at t = length', () => {
    const buf = new EpisodeBuffer({ capacity: 3, maxLen: T, nAgents: N, obsDim: OD, stateDim: SD, nActions: NA });
    LENGTHS.forEach((len, e) => expect(addEpisode(buf, e, len, e !== 1)).toBe(e % 3));
    expect(buf.size).toBe(3);
    const batch = buf.createBatch(8);
    buf.sample(new UniformSampler({ seed: 4 }), batch);
    expect(batch.count).toBe(8);
    const seen = new Set<number>();
    for (let k = 0; k < 8; k++) {
      const e = batch.episodeIds[k];
      seen.add(e);
      expect(e).toBeGreaterThanOrEqual(1); // episode 0 was overwritten by episode 3
      const len = LENGTHS[e];
      expect(batch.length[k]).toBe(len);
      for (let t = 0; t <= T; t++) {
        for (let a = 0; a < N; a++) {
          const o = Array.from(batch.obs.subarray(((k * (T + 1) + t) * N + a) * OD, ((k * (T + 1) + t) * N + a + 1) * OD));
          const av = Array.from(batch.avail.subarray(((k * (T + 1) + t) * N + a) * NA, ((k * (T + 1) + t) * N + a + 1) * NA));
          expect(o).toEqual(t <= len ? obs(e, t)[a] : [0, 0, 0]);
          expect(av).toEqual(t <= len ? avail(e, t)[a] : [0, 0, 0, 0]);
        }
        expect(Array.from(batch.state.subarray((k * (T + 1) + t) * SD, (k * (T + 1) + t + 1) * SD))).toEqual(
          t <= len ? state(e, t) : [0, 0],
        );
      }
      for (let t = 0; t < T; t++) {
        const i = k * T + t;
        expect(batch.filled[i]).toBe(+(t < len));
        expect(batch.reward[i]).toBe(t < len ? e * 100 + t : 0);
        expect(batch.terminated[i]).toBe(+(t === len - 1 && e !== 1));
        expect([batch.actions[i * N], batch.actions[i * N + 1]]).toEqual(t < len ? [(e + t) % NA, (e + t + 1) % NA] : [0, 0]);
      }
    }
    expect(batch.maxFilled).toBe(Math.max(...[...seen].map((e) => LENGTHS[e])));
  });

  it('keeps the slot being replaced sampleable until end(); samples runs of episodes with neighbours', () => {
    const buf = new EpisodeBuffer({ capacity: 2, maxLen: T, nAgents: N, obsDim: OD, stateDim: SD, nActions: NA });
    addEpisode(buf, 0, 2, true);
    addEpisode(buf, 1, 3, true);
    buf.begin(obs(2, 0), state(2, 0), avail(2, 0));
    buf.step({ actions: [0, 0], reward: 1, terminated: false, obs: obs(2, 1), state: state(2, 1), avail: avail(2, 1) });
    const batch = buf.createBatch(4);
    buf.gather(Int32Array.of(0, 1, 0, 1), batch);
    expect(Array.from(batch.episodeIds)).toEqual([0, 1, 0, 1]);
    expect(batch.length[0]).toBe(2);
    buf.end();
    buf.sample(new NeighbourSampler({ runLength: 2, seed: 1 }), batch);
    for (let k = 0; k < 4; k += 2) expect(batch.indices[k + 1]).toBe((batch.indices[k] + 1) % 2);
    buf.gather(Int32Array.of(0), batch, 1);
    expect(batch.episodeIds[0]).toBe(2);
    expect(batch.length[0]).toBe(1);
    expect(batch.filled[1]).toBe(0); // staging was cleared between episodes
  });

  it('rejects calls in the wrong order, too-long episodes and bad actions', () => {
    const buf = new EpisodeBuffer({ capacity: 2, maxLen: 2, nAgents: N, obsDim: OD, stateDim: SD, nActions: NA });
    const step = { actions: [0, 1], reward: 0, terminated: false, obs: obs(0, 1), state: state(0, 1), avail: avail(0, 1) };
    expect(() => buf.step(step)).toThrow(EnvStateError);
    expect(() => buf.end()).toThrow(EnvStateError);
    buf.begin(obs(0, 0), state(0, 0), avail(0, 0));
    expect(() => buf.end()).toThrow(EnvStateError);
    expect(() => buf.begin(obs(0, 0), state(0, 0), avail(0, 0))).toThrow(EnvStateError);
    expect(() => buf.step({ ...step, actions: [0, NA] })).toThrow(InvalidActionError);
    buf.step(step);
    buf.step(step);
    expect(() => buf.step(step)).toThrow(EnvStateError);
    expect(buf.end()).toBe(0);
    expect(() => buf.sample(new UniformSampler({ seed: 1 }), buf.createBatch(1))).not.toThrow();
  });
});
