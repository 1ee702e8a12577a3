/**
 * Walk-forward evaluation of one agent on one pair: windows 0..W−1 of `PairsTrading-v0`
 * (formation F, trading T, stride T); the first ⌈trainFraction·W⌉ windows are for training,
 * the rest are test windows, run once each with greedy actions. Test metrics come from the
 * concatenated test bars: returns are net PnL over each window's capital (A + |β|·B at its
 * first trading bar, one spread unit), equity is the cumulative net PnL.
 */
import type { Agent } from '../../agents/agent.js';
import { tradingMetrics, type RoundTrip, type TradingMetrics } from '../../algorithms/pairs/index.js';
import { ConfigError } from '../../envs/core/errors.js';
import { PairsTradingEnv, type PairsTradingOptions } from '../../envs/hft/env.js';
import type { AlignedPair } from '../../envs/hft/types.js';
import type { HftAgentSpec } from './agents.js';

export interface WalkForwardConfig {
  formationBars: number;
  tradingBars: number;
  costBps: number;
  halfSpreadBps: number;
  latency: number;
  trainFraction: number;
  periodsPerYear: number;
  /** Kalman δ and V_e for agents on the Kalman-hedged env. */
  kalmanDelta: number;
  kalmanVe: number;
}

/**
 * Chan's Kalman settings (δ 1e-4, V_e 1e-3, tuned for ~$20 ETFs) carried to any price level:
 * δ = 1e-4·(20/B̄)², V_e = 1e-3·(Ā/20)², with Ā, B̄ the mean prices of the first formation
 * window. Unscaled, the filter on $7 000 BTC tracks every tick and the √Q rule never trades.
 */
export function scaledKalman(pair: AlignedPair, formationBars: number): { kalmanDelta: number; kalmanVe: number } {
  let ma = 0;
  let mb = 0;
  for (let t = 0; t < formationBars; t++) {
    ma += pair.a[t] / formationBars;
    mb += pair.b[t] / formationBars;
  }
  return { kalmanDelta: Math.min(0.5, 1e-4 * (20 / mb) ** 2), kalmanVe: 1e-3 * (ma / 20) ** 2 };
}

export interface WindowResult {
  window: number;
  pnl: number;
  costs: number;
  trades: number;
}

export interface WalkForwardResult {
  metrics: TradingMetrics;
  /** Cumulative net PnL over the concatenated test bars, $. */
  equity: number[];
  windows: WindowResult[];
  trainWindows: [number, number];
  testWindows: [number, number];
}

export function windowSplit(numWindows: number, trainFraction: number): { train: [number, number]; test: [number, number] } {
  const nTrain = Math.ceil(trainFraction * numWindows);
  if (nTrain < 1 || nTrain >= numWindows) {
    throw new ConfigError('trainFraction', trainFraction, `leaves no train or no test window out of ${numWindows}; use more data or shorter windows`);
  }
  return { train: [0, nTrain - 1], test: [nTrain, numWindows - 1] };
}

export async function walkForward(spec: HftAgentSpec, pair: AlignedPair, cfg: WalkForwardConfig, seed: number, log: (m: string) => void): Promise<WalkForwardResult> {
  const base: Partial<PairsTradingOptions> = {
    pair,
    formationBars: cfg.formationBars,
    tradingBars: cfg.tradingBars,
    costBps: cfg.costBps,
    halfSpreadBps: cfg.halfSpreadBps,
    latency: cfg.latency,
    kalmanDelta: cfg.kalmanDelta,
    kalmanVe: cfg.kalmanVe,
    ...spec.env,
  };
  const probe = new PairsTradingEnv(base);
  const { train, test } = windowSplit(probe.numWindows, cfg.trainFraction);
  const trainEnv = new PairsTradingEnv({ ...base, firstWindow: train[0], lastWindow: train[1] });
  const testEnv = new PairsTradingEnv({ ...base, firstWindow: test[0], lastWindow: test[1], scaleReward: false });
  const agent: Agent<Float64Array, number> = await spec.create({ trainEnv, seed, log });
  const pnl: number[] = [];
  const capital: number[] = [];
  const trips: RoundTrip[] = [];
  const windows: WindowResult[] = [];
  let notional = 0;
  let costs = 0;
  for (let w = test[0]; w <= test[1]; w++) {
    let { obs, info } = testEnv.reset({ seed: seed * 1000 + w, options: { window: w } });
    const cap = info.capital as number;
    agent.onEpisodeStart?.();

    for (;;) {
      const s = testEnv.step(agent.act(obs, false));
      obs = s.obs;
      info = s.info;
      pnl.push(s.reward);
      capital.push(cap);
      if (s.terminated || s.truncated) break;
    }
    const windowTrips = (info.trips as RoundTrip[]) ?? [];
    trips.push(...windowTrips);
    costs += info.costs as number;
    notional += info.notionalTraded as number;
    windows.push({ window: w, pnl: info.equity as number, costs: info.costs as number, trades: windowTrips.length });
  }
  const metrics = tradingMetrics({ pnl, capital, periodsPerYear: cfg.periodsPerYear, notionalTraded: notional, costs, trips });
  const equity: number[] = [];
  let acc = 0;
  for (const p of pnl) equity.push((acc += p));
  return { metrics, equity, windows, trainWindows: train, testWindows: test };
}
