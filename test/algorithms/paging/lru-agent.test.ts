/** LRUAgent's sorted-snapshot victim search against a plain argmax over recency. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import { PagingEnv, SLOT, type PagingObs } from '../../../envs/paging/env.js';
import { LRUAgent } from '../../../algorithms/paging/agents.js';

/** The slot with the largest recency (the LRU page), by a full scan. */
function scanLru(obs: PagingObs): number {
  const k = obs.actionMask.length;
  const rec = obs.observation.slots.subarray(SLOT.recency * k, (SLOT.recency + 1) * k);
  return rec.indexOf(Math.max(...rec));
}

describe('LRUAgent', () => {
  it('picks the argmax-recency slot at every decision, whatever victims are actually evicted, in both modes and across episodes', () => {
    for (const copyObservation of [true, false]) {
      for (const k of [1, 2, 7, 32]) {
        const env = new PagingEnv({ k, source: 'zipf', pages: 3 * k + 5, length: 2000, predictions: 'none', copyObservation });
        const agent = new LRUAgent();
        const rng = createRng(`lru-agent-${k}`);
        let decisions = 0;
        let followed = 0;
        for (let episode = 0; episode < 3; episode++) {
          // episode 1 skips onEpisodeStart: the request index falling below the snapshot's resets it
          if (episode !== 1) agent.onEpisodeStart();
          let { obs } = env.reset({ seed: episode });
          for (;;) {
            const lru = agent.act(obs);
            expect(lru, `k = ${k}, copy = ${copyObservation}, t = ${obs.observation.request[2]}`).toBe(scanLru(obs));
            decisions++;
            // follow LRU half the time, else evict a random slot (the snapshot must stay right)
            const a = rng() < 0.5 ? lru : Math.floor(rng() * k);
            if (a === lru) followed++;
            const r = env.step(a);
            if (r.terminated) break;
            obs = r.obs;
          }
        }
        expect(decisions).toBeGreaterThan(300);
        if (k > 1) expect(followed).toBeLessThan(decisions);
      }
    }
  });

  it('trusts its view-mode snapshot only for the same buffer, a later request, and no onEpisodeStart in between', () => {
    // One view-mode buffer (k = 3) set by hand to three states; last requests per slot:
    //   A at t = 5: [3, 2, 4] (snapshot order: slot 1, slot 0, slot 2; LRU slot 1)
    //   B at t = 4: [3, 1, 2]; B2 at t = 6: [3, 1, 5] (LRU slot 1 in both; a stale snapshot from A
    //   would skip slot 1, whose last request 1 ≠ 2, and accept slot 0, whose last request 3 = 3)
    const k = 3;
    const slots = new Float64Array(6 * k);
    const request = new Float64Array(3);
    const obs: PagingObs = { observation: { slots, request }, actionMask: new Uint8Array(k).fill(1) };
    const set = (t: number, last: number[]) => {
      request[2] = t;
      for (let s = 0; s < k; s++) slots[SLOT.recency * k + s] = -last[s];
      return obs;
    };
    const A = () => set(5, [3, 2, 4]);
    const B = () => set(4, [3, 1, 2]);
    const B2 = () => set(6, [3, 1, 5]);
    const agent = new LRUAgent();
    expect(agent.act(A())).toBe(1);
    expect(agent.act(B())).toBe(1); // request index went down: re-sorted
    agent.onEpisodeStart();
    expect(agent.act(A())).toBe(1);
    agent.onEpisodeStart();
    expect(agent.act(B2())).toBe(1); // later request index: only onEpisodeStart says it is a new episode
    agent.onEpisodeStart();
    expect(agent.act(A())).toBe(1);
    // another buffer (another env) in B2's state at a later request index: re-sorted
    const other: PagingObs = { observation: { slots: slots.slice(), request: request.slice() }, actionMask: obs.actionMask };
    other.observation.request[2] = 7;
    other.observation.slots.set([-3, -1, -5], SLOT.recency * k);
    expect(agent.act(other)).toBe(1);
    // and the real env states these stand for
    const viewObs = (trace: number[]) => new PagingEnv({ k, trace, predictions: 'none', copyObservation: false }).reset().obs;
    for (const [trace, last] of [[[1, 2, 2, 1, 3, 4], [3, 2, 4]], [[1, 2, 3, 1, 4], [3, 1, 2]], [[1, 2, 3, 1, 3, 3, 4], [3, 1, 5]]]) {
      const o = viewObs(trace);
      expect(Array.from(o.observation.slots.subarray(SLOT.recency * k, (SLOT.recency + 1) * k), (v) => -v)).toEqual(last);
      expect(scanLru(o)).toBe(last.indexOf(Math.min(...last)));
    }
  });
});
