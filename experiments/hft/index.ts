/**
 * `npm run experiment -- hft`: walk-forward evaluation of pairs traders (spec `hft.md` §b, §e 8–9).
 *
 * For every data set (synthetic OU, regime-switching and minute pairs, EWA/EWC daily ETFs and
 * Coinbase ETH/BTC minutes) and seed, each agent in `HFT_AGENTS` is built (learners train on the
 * earlier windows) and run greedily on the later, held-out windows of `PairsTrading-v0`, all with
 * the same costs (the data set's bps fee per side plus bid/ask half-spread where quotes exist),
 * latency and windows (Kalman settings scaled to the price level, `scaledKalman`). Synthetic sets draw a new path per seed; real sets are fixed, so only
 * stochastic agents vary across seeds there.
 *
 * Outputs in the run folder: episodes.jsonl (one record per data set × seed × agent, with
 * per-window PnL), metrics.csv (one row per data set × seed × agent), equity_<dataset>.svg
 * (cumulative test PnL of every agent, first seed). The log shows a metrics table per data set
 * (means over seeds).
 *
 * User data: `--data A.csv,B.csv` (A is the dependent leg) replaces the built-in sets; the
 * summary is `{"agents": {name: {sharpe, pnl, maxDrawdown, turnover, trades, ...}}, ...}` with
 * metrics averaged over seeds. `--time-col`/`--price-col` override column detection.
 */
import type { JsonObject } from '../../envs/core/json.js';
import { ConfigError } from '../../envs/core/errors.js';
import { engleGranger, halfLife } from '../../algorithms/pairs/cointegration.js';
import type { TradingMetrics } from '../../algorithms/pairs/metrics.js';
import type { AlignedPair } from '../../envs/hft/types.js';
import { RunWriter } from '../io/run-writer.js';
import { lineChart } from '../plot/index.js';
import type { Experiment, OptionValues } from '../types.js';
import { HFT_AGENTS } from './agents.js';
import { DATASETS, inferPeriodsPerYear, loadPairFiles, type Dataset } from './data.js';
import { scaledKalman, walkForward, type WalkForwardConfig, type WalkForwardResult } from './walkforward.js';

const REPORTED: (keyof TradingMetrics)[] = ['sharpe', 'pnl', 'maxDrawdown', 'turnover', 'trades', 'sortino', 'maxDrawdownAbs', 'hitRate', 'meanHoldingBars', 'profitFactor', 'costs', 'notionalTraded'];

const experiment: Experiment = {
  name: 'hft',
  description: 'Walk-forward pairs trading: baselines (and learners) on synthetic and real pairs with identical costs',
  options: {
    data: { type: 'list', default: [], help: 'your own pair: A.csv,B.csv (A = dependent leg); replaces the built-in data sets' },
    timeCol: { type: 'string', default: null, help: 'time column of --data files: a name, or a 0-based index (headerless files) (default: detected)' },
    priceCol: { type: 'string', default: null, help: 'price column of --data files: a name, or a 0-based index (headerless files) (default: detected)' },
    datasets: { type: 'list', default: Object.keys(DATASETS), help: `built-in data sets: ${Object.keys(DATASETS).join(', ')}` },
    agents: { type: 'list', default: Object.keys(HFT_AGENTS), help: `agents: ${Object.keys(HFT_AGENTS).join(', ')}` },
    seeds: { type: 'integer', default: 3, help: 'seeds per data set (seed, seed+1, …)' },
    costBps: { type: 'number', default: null, help: 'fees + slippage per side, bps (default: 5 ETFs/synthetic daily, 10 crypto, 1 synthetic minute; 5 for --data)' },
    halfSpreadBps: { type: 'number', default: 0, help: 'half bid/ask spread in bps when the data have no quotes' },
    latency: { type: 'integer', default: 1, help: 'bars between decision and fill (≥ 1)' },
    formationBars: { type: 'integer', default: null, help: 'formation bars F (default per data set: 252 daily, 720 minute)' },
    tradingBars: { type: 'integer', default: null, help: 'trading bars T per window (default 126 daily, 240 minute)' },
    trainFraction: { type: 'number', default: 0.5, help: 'share of windows used for training; the rest are test windows' },
    periodsPerYear: { type: 'number', default: null, help: 'annualisation Y (default per data set; inferred for --data)' },
  },
  async run(o: OptionValues, ctx): Promise<JsonObject> {
    const agents = o.agents as string[];
    for (const a of agents) if (!(a in HFT_AGENTS)) throw new ConfigError('agents', a, `unknown agent; agents: ${Object.keys(HFT_AGENTS).join(', ')}`);
    if (agents.length === 0) throw new ConfigError('agents', agents, 'name at least one agent');
    const seeds = o.seeds as number;
    if (!(seeds >= 1)) throw new ConfigError('seeds', seeds, 'expected ≥ 1');
    const trainFraction = o.trainFraction as number;
    if (!(trainFraction > 0 && trainFraction < 1)) throw new ConfigError('trainFraction', trainFraction, 'expected 0 < trainFraction < 1');
    if (o.costBps !== null && !((o.costBps as number) >= 0)) throw new ConfigError('costBps', o.costBps, 'expected ≥ 0');
    if (!((o.halfSpreadBps as number) >= 0)) throw new ConfigError('halfSpreadBps', o.halfSpreadBps, 'expected ≥ 0');
    if (!((o.latency as number) >= 1)) throw new ConfigError('latency', o.latency, 'expected an integer ≥ 1');

    const userData = (o.data as string[]).length > 0;
    let datasets: Dataset[];
    if (userData) {
      const files = o.data as string[];
      if (files.length !== 2) throw new ConfigError('data', files.join(','), 'expected two files: A.csv,B.csv');
      const pair = loadPairFiles(files[0], files[1], { timeCol: (o.timeCol as string | null) ?? undefined, priceCol: (o.priceCol as string | null) ?? undefined });
      if (pair.filledA + pair.filledB > 0) ctx.log(`data: ${pair.filledA} bars of A and ${pair.filledB} of B forward-filled (missing in one file)`);
      const ppy = inferPeriodsPerYear(pair.time);
      const daily = ppy === 252;
      datasets = [{ name: 'user', description: files.join(' on '), synthetic: false, load: () => pair, formationBars: daily ? 252 : 720, tradingBars: daily ? 126 : 240, costBps: 5, periodsPerYear: ppy }];
    } else {
      datasets = (o.datasets as string[]).map((d) => {
        const ds = DATASETS[d];
        if (ds === undefined) throw new ConfigError('datasets', d, `unknown data set; data sets: ${Object.keys(DATASETS).join(', ')}`);
        return ds;
      });
    }

    const run = RunWriter.open(ctx.outDir);
    const csv: Record<string, string | number>[] = [];
    const summary: JsonObject = {};
    for (const ds of datasets) {
      const cfg: WalkForwardConfig = {
        formationBars: (o.formationBars as number | null) ?? ds.formationBars,
        tradingBars: (o.tradingBars as number | null) ?? ds.tradingBars,
        costBps: (o.costBps as number | null) ?? ds.costBps,
        halfSpreadBps: o.halfSpreadBps as number,
        latency: o.latency as number,
        trainFraction,
        periodsPerYear: (o.periodsPerYear as number | null) ?? ds.periodsPerYear,
        kalmanDelta: 1e-4,
        kalmanVe: 1e-3,
      };
      ctx.log(`\n## ${ds.name}: ${ds.description}; F ${cfg.formationBars}, T ${cfg.tradingBars}, cost ${cfg.costBps} bps/side${cfg.halfSpreadBps ? ` + ${cfg.halfSpreadBps} bps half-spread` : ''}, latency ${cfg.latency}`);
      const perAgent: Record<string, WalkForwardResult[]> = {};
      let realPair: AlignedPair | undefined;
      let pairStats: ReturnType<typeof cointegrationStats> | undefined;
      for (let i = 0; i < seeds; i++) {
        const seed = ctx.seed + i;
        const pair = ds.synthetic ? ds.load(seed) : (realPair ??= ds.load(seed));
        checkLength(pair, cfg);
        Object.assign(cfg, scaledKalman(pair, cfg.formationBars));
        if (i === 0) {
          pairStats = cointegrationStats(pair, cfg);
          ctx.log(`train span (bars 0..${pairStats.trainBars - 1}): EG lag 0 t = ${fmt(pairStats.egLag0)} (p ${fmt(pairStats.pLag0, 4)}), EG AIC t = ${fmt(pairStats.egAic)} (p ${fmt(pairStats.pAic, 4)}, ${pairStats.lagAic} lags), half-life ${fmt(pairStats.halfLife, 1)} bars; ${pair.filledA + pair.filledB} filled bars; Kalman δ ${cfg.kalmanDelta.toExponential(2)}, V_e ${cfg.kalmanVe.toExponential(2)}`);
        }
        for (const name of agents) {
          const res = await walkForward(HFT_AGENTS[name], pair, cfg, seed, ctx.log);
          (perAgent[name] ??= []).push(res);
          run.appendJsonl({ dataset: ds.name, seed, agent: name, trainWindows: res.trainWindows, testWindows: res.testWindows, metrics: jsonMetrics(res.metrics), windows: res.windows as unknown as JsonObject[] });
          csv.push({ dataset: ds.name, seed, agent: name, ...Object.fromEntries(REPORTED.map((k) => [k, res.metrics[k]])) });
        }
      }
      const table: JsonObject = {};
      for (const name of agents) table[name] = meanMetrics(perAgent[name]);
      logTable(ctx.log, table, agents, perAgent[agents[0]][0]);
      run.writeText(`equity_${ds.name}.svg`, await equityChart(ds.name, perAgent, agents));
      summary[ds.name] = { agents: table, config: cfg as unknown as JsonObject, pairStats: pairStats as unknown as JsonObject };
    }
    run.writeCsv('metrics.csv', csv, ['dataset', 'seed', 'agent', ...REPORTED]);
    run.close();
    if (userData) {
      const user = summary.user as JsonObject;
      return { agents: user.agents, config: user.config, pairStats: user.pairStats, seeds };
    }
    return { datasets: summary, seeds };
  },
};

export default experiment;

function checkLength(pair: AlignedPair, cfg: WalkForwardConfig): void {
  const need = cfg.formationBars + 2 * cfg.tradingBars + 1;
  if (pair.a.length < need) {
    throw new ConfigError('formationBars/tradingBars', [cfg.formationBars, cfg.tradingBars], `the pair has ${pair.a.length} bars; a train and a test window need ${need}; pass smaller --formation-bars/--trading-bars`);
  }
}

const fmt = (v: number, d = 3) => v.toFixed(d);

/** Engle–Granger (lag 0 and AIC) and half-life on the bars the training windows cover (first seed's pair). */
function cointegrationStats(pair: AlignedPair, cfg: WalkForwardConfig) {
  const windows = Math.floor((pair.a.length - 1 - cfg.formationBars - cfg.tradingBars) / cfg.tradingBars) + 1;
  const trainWindows = Math.ceil(cfg.trainFraction * windows);
  const trainBars = Math.min(pair.a.length, (trainWindows - 1) * cfg.tradingBars + cfg.formationBars + cfg.tradingBars + 1);
  const a = pair.a.subarray(0, trainBars);
  const b = pair.b.subarray(0, trainBars);
  const eg0 = engleGranger(a, b, { lags: 0 });
  const egA = engleGranger(a, b);
  return { trainBars, beta: eg0.beta, egLag0: eg0.stat, pLag0: eg0.pvalue, egAic: egA.stat, pAic: egA.pvalue, lagAic: egA.usedLag, halfLife: halfLife(eg0.resid), crit5: eg0.crit['5%'] };
}

function jsonMetrics(m: TradingMetrics): JsonObject {
  const out: JsonObject = {};
  for (const k of REPORTED) out[k] = Number.isFinite(m[k]) ? m[k] : null;
  return out;
}

/** Mean of each metric over seeds (non-finite values, e.g. profit factor without losses, skipped). */
function meanMetrics(results: WalkForwardResult[]): JsonObject {
  const out: JsonObject = {};
  for (const k of REPORTED) {
    const vals = results.map((r) => r.metrics[k]).filter((v) => Number.isFinite(v));
    out[k] = vals.length > 0 ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  }
  out.sharpePerSeed = results.map((r) => r.metrics.sharpe);
  return out;
}

function logTable(log: (m: string) => void, table: JsonObject, agents: string[], sample: WalkForwardResult): void {
  const f = (v: unknown, d = 2) => (typeof v === 'number' ? v.toFixed(d) : '–');
  log(`test windows ${sample.testWindows[0]}..${sample.testWindows[1]} (train ${sample.trainWindows[0]}..${sample.trainWindows[1]}); means over seeds`);
  log('| agent | Sharpe | Sortino | PnL $ | max DD | max DD $ | turnover/yr | trades | hit rate | hold bars | costs $ |');
  log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const a of agents) {
    const m = table[a] as Record<string, number | null>;
    log(`| ${a} | ${f(m.sharpe)} | ${f(m.sortino)} | ${f(m.pnl)} | ${f(m.maxDrawdown, 3)} | ${f(m.maxDrawdownAbs)} | ${f(m.turnover, 1)} | ${f(m.trades, 1)} | ${f(m.hitRate)} | ${f(m.meanHoldingBars, 1)} | ${f(m.costs)} |`);
  }
}

async function equityChart(dataset: string, perAgent: Record<string, WalkForwardResult[]>, agents: string[]): Promise<string> {
  const n = perAgent[agents[0]][0].equity.length;
  const stride = Math.max(1, Math.ceil(n / 600));
  const series = agents.map((a) => {
    const eq = perAgent[a][0].equity;
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < eq.length; i += stride) {
      x.push(i);
      y.push(eq[i]);
    }
    return { name: a, x, y };
  });
  return lineChart({ title: `${dataset}: cumulative test PnL (first seed)`, series, xLabel: 'test bar', yLabel: 'net PnL ($, one spread unit)' });
}
