/**
 * `npm run experiment -- cascading`: cascading RL (Du, Srikant & Chen, ICLR 2024) on CascadingRec-v0.
 *
 * Two modes:
 * - Sweep (no `--items`): cumulative regret and learner wall-clock against episodes for
 *   N ∈ `--sweep-items` (default 4, 8, 16) over `--seeds` seeds (each seed = a fresh SynthCascade
 *   instance and episode seed) with 95% intervals, plus BPI sample complexity against N
 *   (`--bpi-items`, `--bpi-states` states, default 3, so the atomic baseline AdaptBPI stays
 *   feasible). Files: episodes.jsonl (one record per N × agent × seed), regret_curves.csv,
 *   table.md, regret_N{N}.svg, time_N{N}.svg (cumulative learner wall-clock against episodes),
 *   time_vs_N.svg, bpi_vs_N.svg (+ bpi.jsonl).
 * - One configuration (`--items N`): the same regret comparison for that N only; with `--json` the
 *   last stdout line is `{"regret": {agent: mean final Reg(K)}, "regretSlope": {agent: log-log slope
 *   of mean regret over the last decade of episodes}, "msPerEpisode": {agent: mean learner ms per
 *   episode}}` (the sweep prints the same three keys for N = 8, or its middle N, plus `sweep` and `bpi`).
 *
 * Regret is exact: each episode's deterministic policy is evaluated by backward induction on the
 * true model (`runRegret`). AdaptRM costs Θ(|𝒜|) per (h, s), so it runs on as many of the seeds as
 * fit `--adapt-budget` list-evaluations (|𝒜|·K per seed; at least one seed); the table says how many.
 * `--bonus-scale` multiplies every confidence bonus of CascadingVI, AdaptRM, CascadingBPI and
 * AdaptBPI alike (1 = the spec's constants; with 1 the learners are still in their burn-in phase at
 * K = 10⁴, see the CascadingVI module comment).
 * `--resume` (CLI) reuses the runs already in episodes.jsonl / bpi.jsonl, keyed by (N, agent, seed).
 * `--instance obd` uses the Open Bandit Dataset instance (`--data-dir`, `--attraction-scale`)
 * instead of SynthCascade; then only the episode seed varies across seeds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import { mean } from '../../envs/core/stats.js';
import { actionCount } from '../../envs/recsys/cascade.js';
import { synthCascade } from '../../envs/recsys/generator.js';
import { openBanditCascade, parseObdItemContext, parseObdLog } from '../../envs/recsys/openbandit.js';
import type { CascadingModel } from '../../envs/recsys/types.js';
import { AdaptBPI, AdaptRM } from '../../algorithms/cascading/adapt.js';
import { EpsGreedyPlugin, MyopicBandit, OptimalPolicy, UniformRandom } from '../../algorithms/cascading/baselines.js';
import { CascadingBPI } from '../../algorithms/cascading/cascading-bpi.js';
import { CascadingVI } from '../../algorithms/cascading/cascading-vi.js';
import { problemInfo, type CascadingLearner } from '../../algorithms/cascading/common.js';
import { runBpi, runRegret, type BpiRun } from '../../algorithms/cascading/runner.js';
import { RunWriter } from '../io/run-writer.js';
import { barChart, lineChart, meanCi95 } from '../plot/index.js';
import type { Experiment, ExperimentContext, OptionValues } from '../types.js';

const AGENTS = ['CascadingVI', 'AdaptRM', 'MyopicBandit', 'EpsGreedyPlugin', 'UniformRandom', 'Optimal'] as const;
type AgentName = (typeof AGENTS)[number];

interface Config {
  states: number;
  items: number | null;
  sweepItems: number[];
  m: number;
  horizon: number;
  episodes: number;
  seeds: number;
  agents: AgentName[];
  bonusScale: number;
  delta: number;
  adaptBudget: number;
  bpi: boolean;
  bpiStates: number;
  bpiItems: number[];
  bpiSeeds: number;
  bpiEpsilon: number;
  bpiMaxEpisodes: number;
  instance: 'synth' | 'obd';
  dataDir: string;
  attractionScale: number;
}

function intList(name: string, v: unknown, min: number): number[] {
  const list = (v as string[]).map(Number);
  if (list.length === 0 || list.some((x) => !Number.isInteger(x) || x < min)) throw new ConfigError(name, v, `expected a comma-separated list of integers ≥ ${min}`);
  return list;
}

function positiveInt(name: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(name, v, `must be an integer ≥ ${min}`);
  return v;
}

function parseConfig(o: OptionValues): Config {
  const agents = (o.agents as string[]).map((a) => {
    if (!(AGENTS as readonly string[]).includes(a)) throw new ConfigError('agents', a, `unknown agent; choose from ${AGENTS.join(', ')}`);
    return a as AgentName;
  });
  const instance = o.instance;
  if (instance !== 'synth' && instance !== 'obd') throw new ConfigError('instance', instance, 'expected "synth" or "obd"');
  const cfg: Config = {
    states: positiveInt('states', o.states),
    items: o.items === null ? null : positiveInt('items', o.items),
    sweepItems: intList('sweepItems', o.sweepItems, 1),
    m: positiveInt('m', o.m),
    horizon: positiveInt('horizon', o.horizon),
    episodes: positiveInt('episodes', o.episodes, 10),
    seeds: positiveInt('seeds', o.seeds),
    agents,
    bonusScale: o.bonusScale as number,
    delta: o.delta as number,
    adaptBudget: o.adaptBudget as number,
    bpi: o.bpi as boolean,
    bpiStates: positiveInt('bpiStates', o.bpiStates),
    bpiItems: intList('bpiItems', o.bpiItems, 1),
    bpiSeeds: positiveInt('bpiSeeds', o.bpiSeeds),
    bpiEpsilon: o.bpiEpsilon as number,
    bpiMaxEpisodes: positiveInt('bpiMaxEpisodes', o.bpiMaxEpisodes),
    instance,
    dataDir: o.dataDir as string,
    attractionScale: o.attractionScale as number,
  };
  if (!(cfg.bonusScale >= 0)) throw new ConfigError('bonusScale', cfg.bonusScale, 'must be ≥ 0');
  if (!(cfg.delta > 0 && cfg.delta < 1)) throw new ConfigError('delta', cfg.delta, 'must be in (0, 1)');
  if (!(cfg.adaptBudget > 0)) throw new ConfigError('adaptBudget', cfg.adaptBudget, 'must be > 0');
  if (!(cfg.bpiEpsilon > 0)) throw new ConfigError('bpiEpsilon', cfg.bpiEpsilon, 'must be > 0');
  if (!(cfg.attractionScale > 0)) throw new ConfigError('attractionScale', cfg.attractionScale, 'must be > 0');
  for (const N of cfg.items === null ? cfg.sweepItems : [cfg.items]) {
    if (cfg.m > N) throw new ConfigError('m', cfg.m, `must be ≤ the number of items (${N})`);
  }
  return cfg;
}

/** Loads the OBD sample once (file access stays here; parsing is library code). */
function obdLoader(dir: string): (S: number, N: number, m: number, H: number, scale: number) => CascadingModel {
  let cache: { rows: ReturnType<typeof parseObdLog>; cats: Map<number, string> } | null = null;
  return (S, N, m, H, scale) => {
    if (cache === null) {
      const campaign = path.basename(dir);
      const log = gunzipSync(readFileSync(path.join(dir, `${campaign}.csv.gz`))).toString('utf8');
      cache = { rows: parseObdLog(log, `${campaign}.csv`), cats: parseObdItemContext(readFileSync(path.join(dir, 'item_context.csv'), 'utf8')) };
    }
    return openBanditCascade(cache.rows, cache.cats, { S, N, m, H, attractionScale: scale });
  };
}

function makeLearner(name: AgentName, model: CascadingModel, cfg: Config, seed: string): CascadingLearner {
  const info = problemInfo(model);
  const K = cfg.episodes;
  switch (name) {
    case 'CascadingVI':
      return new CascadingVI(info, { episodes: K, delta: cfg.delta, bonusScale: cfg.bonusScale });
    case 'AdaptRM':
      return new AdaptRM(info, { episodes: K, delta: cfg.delta, bonusScale: cfg.bonusScale });
    case 'MyopicBandit':
      return new MyopicBandit(info, { episodes: K, delta: cfg.delta });
    case 'EpsGreedyPlugin':
      return new EpsGreedyPlugin(info, {}, `${seed}-eps`);
    case 'UniformRandom':
      return new UniformRandom(info, `${seed}-uniform`);
    case 'Optimal':
      return new OptimalPolicy(model);
  }
}

/** Episode indices (1-based) at which curves are recorded: ~40 log-spaced points plus K/10 and K. */
function checkpoints(K: number): number[] {
  const set = new Set<number>([1, Math.max(1, Math.round(K / 10)), K]);
  for (let i = 0; i <= 40; i++) set.add(Math.max(1, Math.round(Math.exp((Math.log(K) * i) / 40))));
  return [...set].sort((a, b) => a - b);
}

interface AgentResult {
  seeds: number;
  finalRegret: number[];
  curves: number[][];
  /** Cumulative learner wall-clock (ms) at the checkpoints, one row per seed. */
  timeCurves: number[][];
  ms: number[];
}

interface ConfigResult {
  N: number;
  actions: number;
  points: number[];
  byAgent: Partial<Record<AgentName, AgentResult>>;
}

async function runConfig(N: number, cfg: Config, ctx: ExperimentContext, run: RunWriter, obd: ReturnType<typeof obdLoader>): Promise<ConfigResult> {
  const K = cfg.episodes;
  const points = checkpoints(K);
  const actions = actionCount(N, cfg.m);
  const adaptSeeds = Math.min(cfg.seeds, Math.max(1, Math.floor(cfg.adaptBudget / (actions * K))));
  const byAgent: Partial<Record<AgentName, AgentResult>> = {};
  const finished = finishedRuns(run);
  for (let i = 0; i < cfg.seeds; i++) {
    const seed = `${ctx.seed}-${N}-${i}`;
    const model =
      cfg.instance === 'synth'
        ? synthCascade({ S: cfg.states, N, m: cfg.m, H: cfg.horizon, seed })
        : obd(cfg.states, N, cfg.m, cfg.horizon, cfg.attractionScale);
    for (const name of cfg.agents) {
      if (name === 'AdaptRM' && i >= adaptSeeds) continue;
      let rec = finished.get(`${N}/${name}/${i}`);
      if (rec === undefined) {
        const res = runRegret(model, makeLearner(name, model, cfg, seed), K, `${seed}-env`);
        const regret = points.map((k) => res.cumRegret[k - 1]);
        const wallMs = points.map((k) => res.cumMs[k - 1]);
        rec = { N, agent: name, seed: i, episodes: K, finalRegret: res.cumRegret[K - 1], msPerEpisode: res.msPerEpisode, checkpoints: points, regret, wallMs };
        run.appendJsonl(rec);
      }
      const agg = (byAgent[name] ??= { seeds: 0, finalRegret: [], curves: [], timeCurves: [], ms: [] });
      agg.seeds++;
      agg.finalRegret.push(rec.finalRegret as number);
      agg.curves.push(rec.regret as number[]);
      agg.timeCurves.push(rec.wallMs as number[]);
      agg.ms.push(rec.msPerEpisode as number);
    }
    ctx.log(`N=${N} seed ${i + 1}/${cfg.seeds} done`);
  }
  return { N, actions, points, byAgent };
}

/** Records of finished runs in `file`, keyed `${N}/${agent}/${seed}` (for --resume). */
function finishedRuns(run: RunWriter, file?: string): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const r of run.readJsonl(file)) {
    if (r !== null && typeof r === 'object' && !Array.isArray(r)) out.set(`${r.N}/${r.agent}/${r.seed}`, r);
  }
  return out;
}

/** log10(mean Reg(K) / mean Reg(K/10)). */
function slopeOf(r: AgentResult, points: number[], K: number): number | null {
  const i1 = points.indexOf(Math.max(1, Math.round(K / 10)));
  const i2 = points.indexOf(K);
  const a = mean(r.curves.map((c) => c[i1]));
  const b = mean(r.curves.map((c) => c[i2]));
  if (!(a > 1e-9 && b > 1e-9)) return null; // no regret (e.g. Optimal): no slope
  return Math.log(b / a) / Math.log(K / points[i1]);
}

function summaryOf(res: ConfigResult, K: number): JsonObject {
  const regret: JsonObject = {};
  const regretSlope: JsonObject = {};
  const msPerEpisode: JsonObject = {};
  for (const [name, r] of Object.entries(res.byAgent) as [AgentName, AgentResult][]) {
    regret[name] = mean(r.finalRegret);
    regretSlope[name] = slopeOf(r, res.points, K);
    msPerEpisode[name] = mean(r.ms);
  }
  return { regret, regretSlope, msPerEpisode };
}

/** "mean ± half-width of the 95% CI"; one run has no interval ("mean (1 seed)", not "± 0"). */
function ci(xs: number[]): string {
  const { y, lower } = meanCi95(xs.map((x) => [x]));
  return xs.length < 2 ? `${fmt(y[0])} (1 seed)` : `${fmt(y[0])} ± ${fmt(y[0] - lower[0])}`;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

const experiment: Experiment = {
  name: 'cascading',
  description: 'Cascading RL: CascadingVI/BPI vs AdaptRM/BPI and baselines on CascadingRec-v0 (exact regret, time, BPI sample complexity)',
  options: {
    states: { type: 'integer', default: 9, help: 'user states S' },
    items: { type: 'integer', default: null, help: 'items N for one configuration (omit for the sweep over --sweep-items)' },
    sweepItems: { type: 'list', default: ['4', '8', '16'], help: 'item counts N of the sweep' },
    m: { type: 'integer', default: 3, help: 'maximum list length m' },
    horizon: { type: 'integer', default: 5, help: 'horizon H' },
    episodes: { type: 'integer', default: 10_000, help: 'episodes K per run' },
    seeds: { type: 'integer', default: 20, help: 'seeds (instances) per N (the issue\'s figure)' },
    agents: { type: 'list', default: [...AGENTS], help: `agents (${AGENTS.join(', ')})` },
    bonusScale: { type: 'number', default: 0.1, help: 'multiplier of every confidence bonus (1 = the spec constants)' },
    delta: { type: 'number', default: 0.05, help: 'confidence δ' },
    adaptBudget: { type: 'number', default: 4e6, help: 'AdaptRM runs on as many seeds as fit |𝒜|·K·seeds ≤ budget (≥ 1 seed)' },
    bpi: { type: 'boolean', default: true, help: 'sweep mode: also run the BPI sample-complexity comparison' },
    bpiStates: { type: 'integer', default: 3, help: 'user states S of the BPI comparison' },
    bpiItems: { type: 'list', default: ['4', '5', '6'], help: 'item counts N of the BPI comparison' },
    bpiSeeds: { type: 'integer', default: 3, help: 'seeds per N of the BPI comparison' },
    bpiEpsilon: { type: 'number', default: 0.5, help: 'BPI accuracy ε' },
    bpiMaxEpisodes: { type: 'integer', default: 50_000, help: 'BPI episode cap (runs that hit it are reported as censored)' },
    instance: { type: 'string', default: 'synth', help: '"synth" (SynthCascade) or "obd" (Open Bandit Dataset)' },
    dataDir: { type: 'string', default: '../shared/data/recsys/open_bandit_dataset_sample/random/men', help: 'OBD campaign folder (instance obd)' },
    attractionScale: { type: 'number', default: 20, help: 'OBD: multiplier of the (≈0.5%) click rates' },
  },
  async run(options, ctx) {
    const cfg = parseConfig(options);
    const run = RunWriter.open(ctx.outDir);
    const obd = obdLoader(path.resolve(cfg.dataDir));
    const K = cfg.episodes;
    if (cfg.items !== null) {
      const res = await runConfig(cfg.items, cfg, ctx, run, obd);
      const summary = summaryOf(res, K);
      await writeRegretArtifacts([res], cfg, run);
      return summary;
    }
    const results: ConfigResult[] = [];
    for (const N of cfg.sweepItems) results.push(await runConfig(N, cfg, ctx, run, obd));
    await writeRegretArtifacts(results, cfg, run);
    const sweep: JsonObject = {};
    for (const r of results) sweep[String(r.N)] = { actions: r.actions, ...summaryOf(r, K) };
    const headline = results.find((r) => r.N === 8) ?? results[Math.floor(results.length / 2)];
    const bpi = cfg.bpi ? await runBpiSweep(cfg, ctx, run, obd) : null;
    return { ...summaryOf(headline, K), headlineN: headline.N, sweep, bpi };
  },
};

async function writeRegretArtifacts(results: ConfigResult[], cfg: Config, run: RunWriter): Promise<void> {
  const K = cfg.episodes;
  const csv: { N: number; agent: AgentName; episode: number; mean: number; lower95: number; upper95: number; seeds: number }[] = [];
  const table = [
    `Cascading regret after K = ${K} episodes (S = ${cfg.states}, m = ${cfg.m}, H = ${cfg.horizon}, bonus scale ${cfg.bonusScale}, ${cfg.instance}); mean ± 95% CI over seeds.`,
    '',
    '| N | lists | agent | seeds | Reg(K) | slope (K/10→K) | ms/episode |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const res of results) {
    const series = [];
    const timeSeries = [];
    for (const [name, r] of Object.entries(res.byAgent) as [AgentName, AgentResult][]) {
      timeSeries.push({ name, x: res.points, ...meanCi95(r.timeCurves) });
      const band = meanCi95(r.curves);
      res.points.forEach((k, i) => csv.push({ N: res.N, agent: name, episode: k, mean: band.y[i], lower95: band.lower[i], upper95: band.upper[i], seeds: r.seeds }));
      series.push({ name, x: res.points, ...band });
      const s = slopeOf(r, res.points, K);
      table.push(`| ${res.N} | ${res.actions} | ${name} | ${r.seeds} | ${ci(r.finalRegret)} | ${s === null ? '—' : s.toFixed(3)} | ${ci(r.ms)} |`);
    }
    run.writeText(`regret_N${res.N}.svg`, await lineChart({ title: `Cumulative regret, N = ${res.N} (95% CI)`, series, xLabel: 'episode', yLabel: 'cumulative regret' }));
    run.writeText(`time_N${res.N}.svg`, await lineChart({ title: `Cumulative learner wall-clock, N = ${res.N} (95% CI)`, series: timeSeries, xLabel: 'episode', yLabel: 'ms' }));
  }
  const timeBars = results.flatMap((res) =>
    (Object.entries(res.byAgent) as [AgentName, AgentResult][])
      .filter(([name]) => name === 'CascadingVI' || name === 'AdaptRM')
      .map(([name, r]) => {
        const { y, lower } = meanCi95(r.ms.map((x) => [x]));
        return { group: `N=${res.N}`, series: name, value: y[0], error: y[0] - lower[0] };
      }),
  );
  if (timeBars.length > 0) run.writeText('time_vs_N.svg', await barChart({ title: 'Learner wall-clock per episode (95% CI)', bars: timeBars, xLabel: 'items', yLabel: 'ms per episode' }));
  run.writeCsv('regret_curves.csv', csv, ['N', 'agent', 'episode', 'mean', 'lower95', 'upper95', 'seeds']);
  run.writeText('table.md', `${table.join('\n')}\n`);
}

/** One BPI run of `name` on the instance for (N, seed). */
function bpiRun(cfg: Config, N: number, name: 'CascadingBPI' | 'AdaptBPI', seed: string, obd: ReturnType<typeof obdLoader>): BpiRun {
  const model = cfg.instance === 'synth' ? synthCascade({ S: cfg.bpiStates, N, m: cfg.m, H: cfg.horizon, seed }) : obd(cfg.bpiStates, N, cfg.m, cfg.horizon, cfg.attractionScale);
  const info = problemInfo(model);
  const conf = { epsilon: cfg.bpiEpsilon, delta: cfg.delta, bonusScale: cfg.bonusScale };
  const learner = name === 'CascadingBPI' ? new CascadingBPI(info, conf, model.init) : new AdaptBPI(info, conf, model.init);
  return runBpi(model, learner, cfg.bpiMaxEpisodes, `${seed}-env`);
}

async function runBpiSweep(cfg: Config, ctx: ExperimentContext, run: RunWriter, obd: ReturnType<typeof obdLoader>): Promise<JsonObject> {
  const out: JsonObject = {};
  const bars = [];
  const table = [
    `BPI sample complexity (episodes until the stopping rule), ε = ${cfg.bpiEpsilon}, δ = ${cfg.delta}, S = ${cfg.bpiStates}, m = ${cfg.m}, H = ${cfg.horizon}, bonus scale ${cfg.bonusScale}, cap ${cfg.bpiMaxEpisodes}.`,
    '',
    '| N | lists | agent | seeds | stopped | episodes | max gap V*−V^π̂ | ms/episode |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const finished = finishedRuns(run, 'bpi.jsonl');
  for (const N of cfg.bpiItems) {
    if (cfg.m > N) throw new ConfigError('bpiItems', N, `each N must be ≥ m = ${cfg.m}`);
    const row: JsonObject = {};
    for (const name of ['CascadingBPI', 'AdaptBPI'] as const) {
      const episodes: number[] = [];
      const gaps: number[] = [];
      const ms: number[] = [];
      let stopped = 0;
      for (let i = 0; i < cfg.bpiSeeds; i++) {
        const seed = `${ctx.seed}-bpi-${N}-${i}`;
        let res = finished.get(`${N}/${name}/${i}`) as unknown as BpiRun | undefined;
        if (res === undefined) {
          res = bpiRun(cfg, N, name, seed, obd);
          run.appendJsonl({ N, agent: name, seed: i, ...res }, 'bpi.jsonl');
        }
        episodes.push(res.episodes);
        gaps.push(res.gap);
        ms.push(res.msPerEpisode);
        if (res.stopped) stopped++;
      }
      const { y, lower } = meanCi95(episodes.map((e) => [e]));
      bars.push({ group: `N=${N}`, series: name, value: y[0], error: y[0] - lower[0] });
      row[name] = { episodes: mean(episodes), stopped, seeds: cfg.bpiSeeds, maxGap: Math.max(...gaps), msPerEpisode: mean(ms) };
      table.push(`| ${N} | ${actionCount(N, cfg.m)} | ${name} | ${cfg.bpiSeeds} | ${stopped} | ${ci(episodes)}${stopped < cfg.bpiSeeds ? ' (censored)' : ''} | ${fmt(Math.max(...gaps))} | ${ci(ms)} |`);
      ctx.log(`BPI N=${N} ${name}: mean ${mean(episodes).toFixed(0)} episodes, ${stopped}/${cfg.bpiSeeds} stopped`);
    }
    out[String(N)] = row;
  }
  run.writeText('bpi_vs_N.svg', await barChart({ title: `BPI sample complexity, ε = ${cfg.bpiEpsilon} (95% CI; capped runs censored)`, bars, xLabel: 'items', yLabel: 'episodes until stop' }));
  run.writeText('bpi_table.md', `${table.join('\n')}\n`);
  return out;
}

export default experiment;
