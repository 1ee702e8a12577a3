/**
 * Data sets of the hft experiment (Node: reads files). Built-in real pairs come from
 * `../shared/data/prices/` (see its README for sources and terms); synthetic ones from
 * `envs/hft/generator.ts`. `--data A.csv,B.csv` loads a user pair with the CSV loader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERIODS_PER_YEAR } from '../../algorithms/pairs/metrics.js';
import { ConfigError } from '../../envs/core/errors.js';
import { alignPair, parsePriceCsv } from '../../envs/hft/csv.js';
import { generatePair, MINUTE_SYNTHETIC, REGIME_SYNTHETIC, type SyntheticPairConfig } from '../../envs/hft/generator.js';
import type { AlignedPair } from '../../envs/hft/types.js';

export const PRICES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/prices');

export interface Dataset {
  name: string;
  /** The pair for one seed (synthetic sets draw a new path per seed; real data ignore it). */
  load(seed: number): AlignedPair;
  synthetic: boolean;
  formationBars: number;
  tradingBars: number;
  /** Default fees + slippage per side, bps. */
  costBps: number;
  periodsPerYear: number;
  description: string;
}

const synthetic = (name: string, description: string, cfg: Partial<SyntheticPairConfig>, rest: Omit<Dataset, 'name' | 'load' | 'synthetic' | 'description'>): Dataset => ({
  name,
  description,
  synthetic: true,
  load: (seed) => generatePair(`hft-${name}-${seed}`, cfg),
  ...rest,
});

export const DATASETS: Record<string, Dataset> = {
  ou: synthetic('ou', 'synthetic daily OU pair of spec §e.8 (B σ 1 %, κ 0.05, σ_s 1, β 1)', { bars: 2000 }, { formationBars: 252, tradingBars: 126, costBps: 5, periodsPerYear: PERIODS_PER_YEAR.daily }),
  regime: synthetic('regime', 'synthetic daily pair with regime switches (weak reversion, β shift) and volatility bursts', { bars: 2000, ...REGIME_SYNTHETIC }, {
    formationBars: 252,
    tradingBars: 126,
    costBps: 5,
    periodsPerYear: PERIODS_PER_YEAR.daily,
  }),
  minute: synthetic('minute', 'synthetic 24/7 minute pair with microstructure noise, 1 bp half-spread quotes, cent ticks', { bars: 4320, ...MINUTE_SYNTHETIC }, {
    formationBars: 720,
    tradingBars: 240,
    costBps: 1,
    periodsPerYear: PERIODS_PER_YEAR.cryptoMinute,
  }),
  'ewa-ewc': {
    name: 'ewa-ewc',
    description: 'EWC (A) on EWA (B), daily closes 2006-04-26 → 2012-04-09 (Chan)',
    synthetic: false,
    load: () => loadPairFiles(path.join(PRICES_DIR, 'ewa_ewc/EWC.csv'), path.join(PRICES_DIR, 'ewa_ewc/EWA.csv')),
    formationBars: 252,
    tradingBars: 126,
    costBps: 5,
    periodsPerYear: PERIODS_PER_YEAR.daily,
  },
  'coinbase-eth-btc': {
    name: 'coinbase-eth-btc',
    description: 'Coinbase ETH-USD (A) on BTC-USD (B), 1-minute bid/ask mids 2018-04-04/05, missing minutes forward-filled',
    synthetic: false,
    load: () => {
      const text = readFileSync(path.join(PRICES_DIR, 'coinbase_btc_eth_ltc_bidask_1m_20180404_20180405.csv'));
      const source = 'coinbase_btc_eth_ltc_bidask_1m_20180404_20180405.csv';
      const eth = parsePriceCsv(text, { source, timeCol: 'utc_time', bidCol: 'ethusd_bid', askCol: 'ethusd_ask' });
      const btc = parsePriceCsv(text, { source, timeCol: 'utc_time', bidCol: 'btcusd_bid', askCol: 'btcusd_ask' });
      return alignPair(eth, btc, { gridMs: 60_000 });
    },
    formationBars: 720,
    tradingBars: 240,
    costBps: 10,
    periodsPerYear: PERIODS_PER_YEAR.cryptoMinute,
  },
};

/**
 * Reads and aligns a user pair (A = first file, the dependent leg). `timeCol`/`priceCol` are column
 * names, or 0-based indices given as digit strings (what a headerless file needs, e.g. "0" and "3").
 */
export function loadPairFiles(fileA: string, fileB: string, cols: { timeCol?: string; priceCol?: string } = {}): AlignedPair {
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new ConfigError('data', f, `cannot read the file (${(e as Error).message})`);
    }
  };
  const col = (c: string): string | number => (/^\s*\d+\s*$/.test(c) ? Number(c) : c);
  const opts = (f: string) => ({ source: path.basename(f), ...(cols.timeCol ? { timeCol: col(cols.timeCol) } : {}), ...(cols.priceCol ? { priceCol: col(cols.priceCol) } : {}) });
  return alignPair(parsePriceCsv(read(fileA), opts(fileA)), parsePriceCsv(read(fileB), opts(fileB)));
}

/** Periods per year from the median bar spacing: ≥ 20 h → 252 trading days, else a 24/7 clock. */
export function inferPeriodsPerYear(time: Float64Array): number {
  const gaps = Array.from(time.subarray(1), (t, i) => t - time[i]).sort((x, y) => x - y);
  const median = gaps[Math.floor(gaps.length / 2)];
  return median >= 20 * 3_600_000 ? PERIODS_PER_YEAR.daily : (365 * 86_400_000) / median;
}
