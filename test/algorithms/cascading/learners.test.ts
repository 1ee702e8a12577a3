import { describe, expect, it } from 'vitest';
import { actionCount, enumerateLists, initialValue } from '../../../envs/recsys/cascade.js';
import { randomCascade, synthCascade } from '../../../envs/recsys/generator.js';
import { ItemList } from '../../../envs/recsys/space.js';
import { AdaptBPI, AdaptRM } from '../../../algorithms/cascading/adapt.js';
import { CascadingBPI } from '../../../algorithms/cascading/cascading-bpi.js';
import { CascadingVI } from '../../../algorithms/cascading/cascading-vi.js';
import { EpsGreedyPlugin, MyopicBandit, OptimalPolicy, UniformRandom } from '../../../algorithms/cascading/baselines.js';
import { problemInfo } from '../../../algorithms/cascading/common.js';
import { planWithModel } from '../../../algorithms/cascading/planning.js';
import { runBpi, runRegret } from '../../../algorithms/cascading/runner.js';
import { CascadeStats } from '../../../algorithms/cascading/stats.js';

describe('feedback bookkeeping (CascadeStats)', () => {
  it('a click at position i counts attractions at positions 0..i and one transition of a_i', () => {
    const st = new CascadeStats(2, 5);
    st.update([3, 1, 4], { state: 1, clickPos: 1, item: 1, examined: 2, reward: 0.7, nextState: 0 });
    const nq = (s: number, a: number) => st.nq[s * 5 + a];
    expect([nq(1, 3), nq(1, 1), nq(1, 4)]).toEqual([1, 1, 0]);
    expect([st.qHat[1 * 5 + 3], st.qHat[1 * 5 + 1]]).toEqual([0, 1]);
    expect(Array.from(st.np)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(st.pHat.subarray((1 * 6 + 1) * 2, (1 * 6 + 1) * 2 + 2))).toEqual([1, 0]);
    expect(st.rHat[1 * 5 + 1]).toBeCloseTo(0.7, 12);
    expect(st.nq.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('no click counts every listed item as 0 and one ⊥ transition', () => {
    const st = new CascadeStats(2, 5);
    st.update([3, 1, 4], { state: 0, clickPos: -1, item: 5, examined: 3, reward: 0, nextState: 1 });
    expect([st.nq[3], st.nq[1], st.nq[4], st.nq[0], st.nq[2]]).toEqual([1, 1, 1, 0, 0]);
    expect(st.qHat.every((x) => x === 0)).toBe(true);
    expect(st.np[5]).toBe(1);
    expect(st.np.reduce((a, b) => a + b, 0)).toBe(1);
    expect(Array.from(st.pHat.subarray(5 * 2, 5 * 2 + 2))).toEqual([0, 1]);
  });
});

describe('action-space counts', () => {
  it('|𝒜| matches the spec (N=4,m=3: 40/24; N=8,m=3: 400/336) everywhere it is computed', () => {
    for (const [N, m, maxLen, exact] of [[4, 3, 40, 24], [8, 3, 400, 336]]) {
      expect(actionCount(N, m, false)).toBe(maxLen);
      expect(actionCount(N, m, true)).toBe(exact);
      expect(new ItemList(N, m).size).toBe(maxLen);
      expect(new ItemList(N, m, true).size).toBe(exact);
      const lists = enumerateLists(N, m, false);
      expect(lists.length).toBe(maxLen);
      expect(new Set(lists.map((l) => l.join(','))).size).toBe(maxLen);
      for (const exactLen of [false, true]) {
        const info = { S: 2, N, m, H: 2, exactLen, r: null };
        expect(new AdaptRM(info).stats.numActions).toBe(exactLen ? exact : maxLen);
        expect(new AdaptBPI(info, {}, Float64Array.of(1, 0)).stats.numActions).toBe(exactLen ? exact : maxLen);
      }
    }
  });
});

describe('CascadingVI', () => {
  it('with the true model plugged in and zero bonus incurs zero regret', () => {
    for (let seed = 0; seed < 5; seed++) {
      const model = synthCascade({ S: 5, N: 6, m: 3, H: 4, seed });
      const learner = new CascadingVI(problemInfo(model), { bonusScale: 0 }, CascadeStats.fromModel(model));
      const run = runRegret(model, learner, 50, seed);
      expect(run.cumRegret[49]).toBeLessThan(1e-9);
      expect(learner.Vbar[0]).toBeCloseTo(planWithModel(model).V[0], 9);
    }
  });

  it('is optimistic: V̄_1(s_1) ≥ V*_1(s_1) in ≥ 1−δ of (episode, seed) pairs (δ = 0.05)', () => {
    let pairs = 0;
    let optimistic = 0;
    for (let seed = 0; seed < 20; seed++) {
      const model = randomCascade({ S: 3, N: 4, m: 2, H: 3 }, `opt-${seed}`);
      const vStar = initialValue(model, planWithModel(model).V);
      const learner = new CascadingVI(problemInfo(model), { delta: 0.05, episodes: 300 });
      const origStart = learner.onEpisodeStart.bind(learner);
      learner.onEpisodeStart = () => {
        origStart();
        pairs++;
        if (initialValue(model, learner.Vbar) >= vStar - 1e-12) optimistic++;
      };
      runRegret(model, learner, 300, seed);
    }
    expect(pairs).toBe(6000);
    expect(optimistic / pairs).toBeGreaterThanOrEqual(0.95);
  });

  it('learns: on a small SynthCascade its regret flattens and ends below uniform random and AdaptRM', () => {
    const K = 3000;
    let vi = 0;
    let viFirst = 0;
    let viLast = 0;
    let rnd = 0;
    let adapt = 0;
    for (let seed = 0; seed < 3; seed++) {
      const model = synthCascade({ S: 3, N: 4, m: 2, H: 3, seed });
      const info = problemInfo(model);
      const r = runRegret(model, new CascadingVI(info, { episodes: K, bonusScale: 0.1 }), K, seed).cumRegret;
      vi += r[K - 1];
      viFirst += r[999];
      viLast += r[K - 1] - r[K - 1001];
      rnd += runRegret(model, new UniformRandom(info, seed), K, seed).cumRegret[K - 1];
      adapt += runRegret(model, new AdaptRM(info, { episodes: K, bonusScale: 0.1 }), K, seed).cumRegret[K - 1];
    }
    expect(viLast).toBeLessThan(0.5 * viFirst);
    expect(vi).toBeLessThan(0.5 * rnd);
    expect(vi).toBeLessThan(adapt);
  });
  it('with unknown rewards (r̂ from clicks) it still learns', () => {
    const K = 3000;
    let vi = 0;
    let rnd = 0;
    let checked = 0;
    for (let seed = 0; seed < 3; seed++) {
      const model = synthCascade({ S: 3, N: 4, m: 2, H: 3, seed });
      const learner = new CascadingVI(problemInfo(model, false), { episodes: K, bonusScale: 0.1 });
      vi += runRegret(model, learner, K, seed).cumRegret[K - 1];
      rnd += runRegret(model, new UniformRandom(problemInfo(model), seed), K, seed).cumRegret[K - 1];
      // r̂ equals r wherever a click was seen (rewards are deterministic per (s, a)).
      for (let k = 0; k < model.S * model.N; k++) {
        const s = Math.floor(k / model.N);
        if (learner.stats.np[s * (model.N + 1) + (k % model.N)] > 0) {
          expect(learner.stats.rHat[k]).toBeCloseTo(model.r[k], 12);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0); // the r̂ check above ran
    expect(vi).toBeLessThan(0.5 * rnd);
  });
});

describe('baselines', () => {
  it('OptimalPolicy has zero regret; UniformRandom has linear regret', () => {
    const model = synthCascade({ S: 4, N: 5, m: 2, H: 3, seed: 3 });
    expect(runRegret(model, new OptimalPolicy(model), 100, 1).cumRegret[99]).toBeLessThan(1e-9);
    const r = runRegret(model, new UniformRandom(problemInfo(model), 1), 2000, 1).cumRegret;
    const ratio = r[1999] / r[999];
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it('MyopicBandit learns a cascading bandit (S = H = 1): regret far below uniform random', () => {
    for (let seed = 0; seed < 3; seed++) {
      const model = randomCascade({ S: 1, N: 6, m: 2, H: 1 }, `bandit-${seed}`);
      const info = problemInfo(model);
      const r = runRegret(model, new MyopicBandit(info, { episodes: 5000 }), 5000, seed).cumRegret;
      const rnd = runRegret(model, new UniformRandom(info, seed), 5000, seed).cumRegret;
      expect(r[4999]).toBeLessThan(0.15 * rnd[4999]);
      expect(r[4999] - r[3999]).toBeLessThan(0.05 * (rnd[4999] - rnd[3999]));
    }
  });

  it('MyopicBandit ignores the future: on SynthCascade it settles on a suboptimal policy (linear regret)', () => {
    const model = synthCascade({ S: 4, N: 4, m: 2, H: 4, seed: 2 });
    const r = runRegret(model, new MyopicBandit(problemInfo(model), { episodes: 4000 }), 4000, 2).cumRegret;
    expect(r[3999] - r[2999]).toBeGreaterThan(0.8 * (r[1999] - r[999]));
  });

  it('EpsGreedyPlugin learns on SynthCascade (late regret small against early regret)', () => {
    const model = synthCascade({ S: 3, N: 4, m: 2, H: 3, seed: 8 });
    const r = runRegret(model, new EpsGreedyPlugin(problemInfo(model), {}, 4), 3000, 4).cumRegret;
    expect(r[2999] - r[1999]).toBeLessThan(0.5 * r[999]);
  });
});

describe('best-policy identification', () => {
  it('CascadingBPI output is ε-optimal in ≥ 95% of 40 seeds; stopping is finite and earlier for larger ε', () => {
    const stopsAt: Record<number, number[]> = { 0.5: [], 1: [] };
    let good = 0;
    for (let seed = 0; seed < 40; seed++) {
      const model = randomCascade({ S: 2, N: 3, m: 2, H: 2 }, `bpi-${seed}`);
      for (const epsilon of [0.5, 1]) {
        const learner = new CascadingBPI(problemInfo(model), { epsilon, delta: 0.05 }, model.init);
        const run = runBpi(model, learner, 200_000, seed);
        expect(run.stopped).toBe(true);
        stopsAt[epsilon].push(run.episodes);
        if (epsilon === 0.5 && run.gap <= 0.5) good++;
      }
    }
    expect(good).toBeGreaterThanOrEqual(38);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(stopsAt[1])).toBeLessThan(mean(stopsAt[0.5]));
  });

  it('AdaptBPI stops with an ε-optimal policy on a tiny instance', () => {
    const model = randomCascade({ S: 2, N: 3, m: 1, H: 2 }, 'abpi');
    const run = runBpi(model, new AdaptBPI(problemInfo(model), { epsilon: 0.5, bonusScale: 0.2 }, model.init), 200_000, 1);
    expect(run.stopped).toBe(true);
    expect(run.gap).toBeLessThanOrEqual(0.5);
  });
});
