/**
 * Baseline traders for `PairsTrading-v0` (spec `hft.md` §b, B0–B4). They read the current
 * z-score from the observation (`obsLayout(lookback).zNow`) and return actions of the
 * position mode (0 short, 1 flat, 2 long) unless noted.
 *
 * - B0 `FlatAgent`: never trades (PnL 0).
 * - B1 static z bands: `BandAgent({ entry: 2, exit: 0, stop: Infinity })` on the OLS-hedged env.
 * - B2 Kalman band rule: `BandAgent({ entry: 1, exit: 0, stop: Infinity })` on the Kalman-hedged
 *   env, whose z is e/√Q — so it is Chan's rule (short when e > √Q, long when e < −√Q, exit at e = 0).
 * - B3 random: `agents/random.ts`'s `RandomAgent` on the action space.
 * - B4 Kim & Kim constant boundaries: `ConstantGridAgent(k)` on the grid-mode env (always the same
 *   (entry, stop) pair), equivalently `BandAgent({ entry, exit: 0, stop })` on the position env.
 * Band agents keep their own target (the held position lags it by the latency); observed
 * z-scores are clipped at the env's zClip, so stops must be below it.
 */
import { obsLayout } from '../../envs/hft/env.js';
import { bandStep, type BandParams, type BandState } from '../../algorithms/pairs/rules.js';
import type { Agent } from '../agent.js';

export class FlatAgent implements Agent<Float64Array, number> {
  readonly name = 'flat';
  act(): number {
    return 1;
  }
}

export class BandAgent implements Agent<Float64Array, number> {
  readonly name: string;
  private state: BandState = { q: 0, cooldown: false };
  private readonly zIndex: number;

  constructor(
    readonly params: BandParams,
    lookback = 10,
    name?: string,
  ) {
    this.zIndex = obsLayout(lookback).zNow;
    this.name = name ?? `band(${params.entry},${params.exit},${params.stop})`;
  }

  onEpisodeStart(): void {
    this.state = { q: 0, cooldown: false };
  }

  act(obs: Float64Array): number {
    this.state = bandStep(this.state, obs[this.zIndex], this.params);
    return this.state.q + 1;
  }
}

/** Always the same grid action (constant trading/stop boundaries). */
export class ConstantGridAgent implements Agent<Float64Array, number> {
  readonly name: string;
  constructor(
    readonly action: number,
    name = `constant-grid(${action})`,
  ) {
    this.name = name;
  }
  act(): number {
    return this.action;
  }
}
