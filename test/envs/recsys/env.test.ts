import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.js';
import { checkEnv } from '../../../envs/core/checker.js';
import { ConfigError, InvalidActionError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { validateModel } from '../../../envs/recsys/cascade.js';
import { CascadingRecEnv } from '../../../envs/recsys/env.js';
import { randomCascade, synthCascade } from '../../../envs/recsys/generator.js';
import { ItemList } from '../../../envs/recsys/space.js';
import type { CascadeFeedback } from '../../../envs/recsys/types.js';

function rollout(env: CascadingRecEnv, seed: number, policySeed: number): unknown[] {
  const rng = createRng(policySeed);
  const out: unknown[] = [];
  for (let ep = 0; ep < 5; ep++) {
    let { obs } = env.reset(ep === 0 ? { seed } : {});
    out.push(Array.from(obs));
    for (;;) {
      const action = env.actionSpace.sample(rng);
      const res = env.step(action);
      out.push([Array.from(action), res.reward, (res.info.feedback as CascadeFeedback).clickPos, Array.from(res.obs)]);
      obs = res.obs;
      if (res.terminated || res.truncated) break;
    }
  }
  return out;
}

describe('CascadingRec-v0', () => {
  it('passes checkEnv (maxLen and exactLen, synth and random instances)', () => {
    checkEnv(make('CascadingRec-v0'));
    checkEnv(make('CascadingRec-v0', { N: 5, m: 2, exactLen: true, instance: 'random', instanceSeed: 3 }));
    checkEnv(new CascadingRecEnv({ S: 1, N: 3, m: 3, H: 2 }));
  });

  it('same seed → same trajectory; different seeds → different ones', () => {
    const a = rollout(new CascadingRecEnv({ N: 6 }), 42, 1);
    const b = rollout(new CascadingRecEnv({ N: 6 }), 42, 1);
    const c = rollout(new CascadingRecEnv({ N: 6 }), 43, 1);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('observation [h, s], termination after H steps, feedback consistent with the list', () => {
    const env = new CascadingRecEnv({ S: 4, N: 6, m: 3, H: 4, instanceSeed: 2 });
    const rng = createRng(9);
    let { obs } = env.reset({ seed: 5 });
    expect(obs[0]).toBe(0);
    expect(obs[1]).toBe(0);
    let clicks = 0;
    let misses = 0;
    for (let ep = 0; ep < 200; ep++) {
      if (ep > 0) obs = env.reset().obs;
      for (let h = 0; h < 4; h++) {
        const list = env.actionSpace.sample(rng);
        const res = env.step(list);
        const fb = res.info.feedback as CascadeFeedback;
        expect(fb.state).toBe(obs[1]);
        if (fb.clickPos >= 0) {
          clicks++;
          expect(fb.item).toBe(list[fb.clickPos]);
          expect(fb.examined).toBe(fb.clickPos + 1);
          expect(res.reward).toBe(env.model.r[fb.state * 6 + fb.item]);
        } else {
          misses++;
          expect(fb.item).toBe(6);
          expect(fb.examined).toBe(list.length);
          expect(res.reward).toBe(0);
        }
        expect(Array.from(res.obs)).toEqual([h + 1, fb.nextState]);
        expect(res.terminated).toBe(h === 3);
        expect(res.truncated).toBe(false);
        obs = res.obs;
      }
    }
    expect(clicks).toBeGreaterThan(0);
    expect(misses).toBeGreaterThan(0);
  });

  it('rejects repeated, unknown, empty and too-long lists with InvalidActionError naming the problem', () => {
    const env = new CascadingRecEnv({ N: 5, m: 3 });
    env.reset({ seed: 0 });
    const cases: [unknown, RegExp][] = [
      [Int32Array.of(1, 1), /repeats item 1/],
      [Int32Array.of(0, 5), /unknown item 5/],
      [Int32Array.of(-1), /unknown item -1/],
      [new Int32Array(0), /empty/],
      [Int32Array.of(0, 1, 2, 3), /more than m = 3/],
      [[0, 1], /Int32Array/],
    ];
    for (const [action, msg] of cases) {
      expect(() => env.step(action as Int32Array)).toThrow(InvalidActionError);
      expect(() => env.step(action as Int32Array)).toThrow(msg);
    }
    // The message reads as a sentence and names the space.
    expect(() => env.step(Int32Array.of(1, 1))).toThrow(/^action Int32Array\[1, 1\] repeats item 1; action space ItemList\(/);
    const exact = new CascadingRecEnv({ N: 5, m: 3, exactLen: true });
    exact.reset({ seed: 0 });
    expect(() => exact.step(Int32Array.of(0, 1))).toThrow(/exactly m = 3/);
    expect(exact.step(Int32Array.of(0, 1, 2)).obs[0]).toBe(1);
  });

  it('validates options and models with ConfigError naming the field', () => {
    expect(() => make('CascadingRec-v0', { m: 9 })).toThrow(ConfigError);
    expect(() => make('CascadingRec-v0', { m: 9 })).toThrow(/"m"/);
    expect(() => make('CascadingRec-v0', { instance: 'nope' })).toThrow(/"instance"/);
    expect(() => make('CascadingRec-v0', { colour: 1 })).toThrow(/unknown option/);
    const bad = randomCascade({ S: 2, N: 3, m: 2, H: 2 }, 1);
    bad.p[0] += 0.5;
    expect(() => validateModel(bad)).toThrow(/p\[row 0\]/);
    const badQ = randomCascade({ S: 2, N: 3, m: 2, H: 2 }, 1);
    badQ.q[4] = 1.5;
    expect(() => new CascadingRecEnv({ model: badQ })).toThrow(/q\[4\]/);
  });

  it('generators are deterministic per seed and produce valid models', () => {
    const a = synthCascade({ S: 9, N: 8, m: 3, H: 5, seed: 7 });
    const b = synthCascade({ S: 9, N: 8, m: 3, H: 5, seed: 7 });
    const c = synthCascade({ S: 9, N: 8, m: 3, H: 5, seed: 8 });
    expect(Array.from(a.q)).toEqual(Array.from(b.q));
    expect(Array.from(a.p)).toEqual(Array.from(b.p));
    expect(Array.from(a.q)).not.toEqual(Array.from(c.q));
    validateModel(a);
    validateModel(synthCascade({ S: 3, N: 4, m: 2, H: 2, seed: 1, initial: 'uniform' }));
    // Only gateway items lead to the good state G = S-1, and G is absorbing.
    const { S, N } = a;
    for (let s = 0; s < S - 1; s++) {
      expect(a.p[(s * (N + 1) + N) * S + S - 1]).toBe(0);
      let gateways = 0;
      for (let it = 0; it < N; it++) if (a.p[(s * (N + 1) + it) * S + S - 1] > 0) gateways++;
      expect(gateways).toBe(2);
    }
    for (let it = 0; it <= N; it++) expect(a.p[((S - 1) * (N + 1) + it) * S + S - 1]).toBe(1);
  });
});

describe('ItemList space', () => {
  it('samples uniformly over all lists (chi-square over the 9 lists of N = 3, m = 2)', () => {
    const space = new ItemList(3, 2);
    expect(space.size).toBe(9);
    const rng = createRng('uniform-lists');
    const counts = new Map<string, number>();
    const n = 45_000;
    for (let i = 0; i < n; i++) {
      const l = space.sample(rng);
      expect(space.contains(l)).toBe(true);
      counts.set(l.join(','), (counts.get(l.join(',')) ?? 0) + 1);
    }
    expect(counts.size).toBe(9);
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - n / 9) ** 2 / (n / 9);
    expect(chi2).toBeLessThan(26.1); // χ²(8) 0.999 quantile
  });

  it('exact-length sampling gives length m only', () => {
    const space = new ItemList(5, 3, true);
    const rng = createRng(1);
    for (let i = 0; i < 100; i++) expect(space.sample(rng).length).toBe(3);
    expect(space.toJSON()).toEqual({ type: 'ItemList', n: 5, maxLen: 3, exact: true });
  });
});
