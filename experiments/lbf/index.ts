/**
 * `npm run experiment -- lbf`: the classic Level-Based Foraging baselines on the seven EPyMARL
 * tasks. Every (task, agent) pair plays `--episodes` episodes through `rolloutParallel` on
 * `makeParallel(task)`; agents are uniform random play (`RandomMultiAgent`) and the heuristics
 * H1–H4 (`agents/lbf/heuristics.ts`, each agent acting from its own observation).
 *
 * Seeds: the env is seeded with `seed` on the first reset of every pair (later resets continue
 * its generator; LBF draws only at reset), so every agent meets the same sequence of initial
 * states on a task (common random numbers); agent seed = seed + 1.
 * Reported per pair: mean team return (Σ agents Σ t r, in [0, 1]) ± the half-width of its 95%
 * CI (t-quantile, `meanCi95`), its sample standard deviation, the fraction of episodes that clear
 * all food (= terminated; return 1) and the mean episode length (≤ 50).
 *
 * Files: episodes.jsonl (`{ task, agent, episode, return, length, cleared, returns }` per
 * episode), results.csv (one row per task × agent), table.md (the log's table), returns.svg
 * (mean return per task × agent with 95% CIs). Summary: `{ seed, episodes, agents, tasks:
 * { [task]: { [agent]: { episodes, meanReturn, ci95, sdReturn, cleared, meanLength } } },
 * meanOverTasks: { [agent]: mean of the per-task mean returns }, seconds }`.
 * Resume: rollouts are deterministic per seed, so a resumed run replays an unfinished pair and
 * records only the episodes missing from episodes.jsonl.
 */
import { lastValueFrom, type Observable } from 'rxjs';
import type { MultiAgent } from '../../agents/agent.js';
import type { ParallelBusEvent } from '../../agents/bus/events.js';
import { recordJsonl } from '../../agents/bus/record-jsonl.js';
import { rolloutParallel } from '../../agents/bus/rollout-parallel.js';
import { LBF_HEURISTICS, LbfHeuristicAgent, type LbfHeuristic } from '../../agents/lbf/heuristics.js';
import { RandomMultiAgent } from '../../agents/random.js';
import type { AgentId } from '../../envs/core/env.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import type { Space } from '../../envs/core/spaces/space.js';
import { mean, roundTo, sampleStd } from '../../envs/core/stats.js';
import { makeParallel } from '../../envs/index.js';
import type { LbfObs } from '../../envs/lbf/env.js';
import { EPYMARL_LBF_TASKS, foragingOptions } from '../../envs/lbf/tasks.js';
import { table } from '../bench/timing.js';
import { RunWriter } from '../io/run-writer.js';
import { barChart, meanCi95 } from '../plot/index.js';
import type { Experiment, OptionValues } from '../types.js';

const AGENTS = ['random', ...LBF_HEURISTICS] as const;
type AgentName = (typeof AGENTS)[number];

interface Config {
  tasks: string[];
  agents: AgentName[];
  episodes: number;
}

interface PairStats {
  episodes: number;
  meanReturn: number;
  ci95: number;
  sdReturn: number;
  cleared: number;
  meanLength: number;
}

function parseConfig(o: OptionValues): Config {
  const tasks = o.tasks as string[];
  if (tasks.length === 0) throw new ConfigError('tasks', tasks, `name at least one task; tasks: ${EPYMARL_LBF_TASKS.join(', ')}`);
  for (const t of tasks) {
    if (!(EPYMARL_LBF_TASKS as readonly string[]).includes(t)) throw new ConfigError('tasks', t, `unknown task; tasks: ${EPYMARL_LBF_TASKS.join(', ')}`);
  }
  const agents = o.agents as string[];
  if (agents.length === 0) throw new ConfigError('agents', agents, `name at least one agent; agents: ${AGENTS.join(', ')}`);
  for (const a of agents) {
    if (!(AGENTS as readonly string[]).includes(a)) throw new ConfigError('agents', a, `unknown agent; agents: ${AGENTS.join(', ')}`);
  }
  const episodes = o.episodes;
  if (typeof episodes !== 'number' || !Number.isInteger(episodes) || episodes < 1) throw new ConfigError('episodes', episodes, 'must be an integer ≥ 1');
  return { tasks: [...new Set(tasks)], agents: [...new Set(agents)] as AgentName[], episodes };
}

function makeAgent(name: AgentName, task: string, actionSpace: (agent: AgentId) => Space<number>, seed: number): MultiAgent<LbfObs, number, Float64Array> {
  if (name === 'random') return new RandomMultiAgent<LbfObs, number>(actionSpace, seed);
  return new LbfHeuristicAgent(name as LbfHeuristic, { food: foragingOptions(task).food, seed });
}

/** "2s-10x10-3p-3f" for "Foraging-2s-10x10-3p-3f-v3" (chart and table labels). */
function shortName(task: string): string {
  return task.replace(/^Foraging-/, '').replace(/-v3$/, '');
}

const experiment: Experiment = {
  name: 'lbf',
  description: 'Level-Based Foraging baselines: random play and the heuristics H1–H4 on the 7 EPyMARL tasks (return ± 95% CI, cleared fraction, length)',
  options: {
    tasks: { type: 'list', default: [...EPYMARL_LBF_TASKS], help: `LBF task ids (${EPYMARL_LBF_TASKS.join(', ')})` },
    agents: { type: 'list', default: [...AGENTS], help: `agents (${AGENTS.join(', ')})` },
    episodes: { type: 'integer', default: 1000, help: 'episodes per task × agent' },
  },
  async run(options, ctx) {
    const cfg = parseConfig(options);
    const run = RunWriter.open(ctx.outDir);
    const done = run.completedKeys((r) => `${r.task}/${r.agent}/${r.episode}`);
    const t0 = performance.now();
    for (const task of cfg.tasks) {
      for (const name of cfg.agents) {
        const key = `${task}/${name}`;
        if (Array.from({ length: cfg.episodes }, (_, e) => done.has(`${key}/${e}`)).every(Boolean)) continue;
        const env = makeParallel<LbfObs, number>(task);
        const agent = makeAgent(name, task, (a) => env.actionSpace(a), ctx.seed + 1);
        const events: Observable<ParallelBusEvent> = rolloutParallel(env, agent, { episodes: cfg.episodes, seed: ctx.seed, explore: false });
        await lastValueFrom(
          events.pipe(
            recordJsonl(
              (line) => run.appendLine(line),
              (e) =>
                e.type === 'episodeEnd' && !done.has(`${key}/${e.episode}`)
                  ? { task, agent: name, episode: e.episode, return: e.return, length: e.length, cleared: e.terminated, returns: e.returns }
                  : undefined,
            ),
          ),
        );
        env.close();
      }
      ctx.log(`${task}: ${cfg.agents.length} agents × ${cfg.episodes} episodes done (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    run.close();
    const seconds = (performance.now() - t0) / 1000;

    // Statistics from the records, so a resumed run reports every episode.
    const byPair = new Map<string, JsonObject[]>();
    for (const r of run.readJsonl() as JsonObject[]) {
      if ((r.episode as number) >= cfg.episodes) continue;
      const k = `${r.task}/${r.agent}`;
      const list = byPair.get(k) ?? [];
      list.push(r);
      byPair.set(k, list);
    }
    const stats = (task: string, agent: AgentName): PairStats => {
      const recs = byPair.get(`${task}/${agent}`) ?? [];
      const returns = recs.map((r) => r.return as number);
      const { y, lower } = meanCi95(returns.map((x) => [x]));
      return {
        episodes: recs.length,
        meanReturn: round(y[0]),
        ci95: round(y[0] - lower[0]),
        sdReturn: round(sampleStd(returns)),
        cleared: round(mean(recs.map((r) => (r.cleared === true ? 1 : 0)))),
        meanLength: round(mean(recs.map((r) => r.length as number))),
      };
    };

    /** Per task id, per agent name (only the agents in `cfg.agents`). */
    const pairs: Record<string, Record<string, PairStats>> = {};
    const tasks: JsonObject = {};
    const csv: Record<string, string | number>[] = [];
    const bars: { group: string; series: string; value: number; error: number }[] = [];
    const rows: (string | number)[][] = [];
    for (const task of cfg.tasks) {
      const perAgent: Record<string, PairStats> = {};
      const perAgentJson: JsonObject = {};
      for (const agent of cfg.agents) {
        const s = stats(task, agent);
        perAgent[agent] = s;
        perAgentJson[agent] = { ...s };
        csv.push({ task, agent, ...s });
        bars.push({ group: shortName(task), series: agent, value: s.meanReturn, error: s.ci95 });
        rows.push([shortName(task), agent, s.episodes, `${s.meanReturn.toFixed(3)} ± ${s.ci95.toFixed(3)}`, `${(100 * s.cleared).toFixed(1)}%`, s.meanLength.toFixed(1)]);
      }
      pairs[task] = perAgent;
      tasks[task] = perAgentJson;
    }
    const meanOverTasks: JsonObject = {};
    for (const agent of cfg.agents) meanOverTasks[agent] = round(mean(cfg.tasks.map((t) => pairs[t][agent].meanReturn)));

    const text = table(['task', 'agent', 'episodes', 'return (mean ± 95% CI)', 'cleared', 'length'], rows);
    ctx.log(text);
    run.writeCsv('results.csv', csv, ['task', 'agent', 'episodes', 'meanReturn', 'ci95', 'sdReturn', 'cleared', 'meanLength']);
    run.writeText('table.md', markdownTable(cfg, pairs));
    run.writeText(
      'returns.svg',
      await barChart({ title: `LBF: mean team return (${cfg.episodes} episodes, 95% CI)`, bars, yLabel: 'team return', width: Math.max(480, 26 * bars.length) }),
    );
    return { seed: ctx.seed, episodes: cfg.episodes, agents: cfg.agents, tasks, meanOverTasks, seconds: Math.round(seconds * 10) / 10 };
  },
};

/** Task rows × agent columns: "mean ± CI (cleared %)". */
function markdownTable(cfg: Config, pairs: Record<string, Record<string, PairStats>>): string {
  const lines = [
    `Team return (mean ± 95% CI over ${cfg.episodes} episodes; % of episodes that clear all food in parentheses).`,
    '',
    `| task | ${cfg.agents.join(' | ')} |`,
    `|---|${cfg.agents.map(() => '---|').join('')}`,
  ];
  for (const task of cfg.tasks) {
    const cells = cfg.agents.map((a) => {
      const s = pairs[task][a];
      return `${s.meanReturn.toFixed(3)} ± ${s.ci95.toFixed(3)} (${(100 * s.cleared).toFixed(1)}%)`;
    });
    lines.push(`| ${shortName(task)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

const round = (x: number) => roundTo(x, 4);

export default experiment;
