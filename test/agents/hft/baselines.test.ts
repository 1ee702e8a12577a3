/** Quality of the baselines on the spec's synthetic OU pair (§e.8) and their invariants. */
import { describe, expect, it } from 'vitest';
import { PairsTradingEnv, type PairsTradingOptions } from '../../../envs/hft/env.js';
import { BandAgent, ConstantGridAgent, FlatAgent } from '../../../agents/hft/baselines.js';
import { RandomAgent } from '../../../agents/random.js';
import type { Agent } from '../../../agents/agent.js';

function meanWindowPnl(opts: Partial<PairsTradingOptions>, make: (env: PairsTradingEnv) => Agent<Float64Array, number>): number {
  const env = new PairsTradingEnv({ ...opts, scaleReward: false });
  const agent = make(env);
  const [first, last] = env.windowRange();
  let total = 0;
  for (let w = first; w <= last; w++) {
    let { obs } = env.reset({ seed: w, options: { window: w } });
    agent.onEpisodeStart?.();
    for (;;) {
      const s = env.step(agent.act(obs));
      obs = s.obs;
      if (s.terminated) {
        total += s.info.equity as number;
        break;
      }
    }
  }
  return total / (last - first + 1);
}

describe('baselines on held-out synthetic OU windows, zero cost (spec §e.8)', () => {
  const seeds = [0, 1, 2];
  const test = (seed: number, extra: Partial<PairsTradingOptions> = {}) => ({
    dataSeed: seed,
    synthetic: { bars: 2000 },
    costBps: 0,
    firstWindow: 7, // windows 7..12 are the later half: held out
    ...extra,
  });
  it('B1 static bands and B2 Kalman bands have positive mean test PnL on every seed; flat is 0', () => {
    for (const seed of seeds) {
      expect(meanWindowPnl(test(seed), () => new BandAgent({ entry: 2, exit: 0, stop: Infinity }))).toBeGreaterThan(0);
      expect(meanWindowPnl(test(seed, { hedge: 'kalman' }), () => new BandAgent({ entry: 1, exit: 0, stop: Infinity }))).toBeGreaterThan(0);
      expect(meanWindowPnl(test(seed), () => new FlatAgent())).toBe(0);
    }
  });
  it('B4 constant boundaries on the grid env is profitable; random loses to B1 once costs apply', () => {
    const seed = 0;
    expect(meanWindowPnl(test(seed, { actionMode: 'grid' }), () => new ConstantGridAgent(6))).toBeGreaterThan(0);
    const band = meanWindowPnl(test(seed, { costBps: 5 }), () => new BandAgent({ entry: 2, exit: 0, stop: Infinity }));
    const random = meanWindowPnl(test(seed, { costBps: 5 }), (env) => new RandomAgent(env.actionSpace, 3));
    expect(band).toBeGreaterThan(random);
  });
});
