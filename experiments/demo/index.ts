/**
 * `demo` (also `npm start`): a short headless tour of every registered env through the bus.
 * Each env gets a seeded random agent (single-agent envs via `rollout`, parallel envs via
 * `rolloutParallel`); CartPole-v1 also gets the `LeanAgent` heuristic. Every episode goes to
 * episodes.jsonl (`{ env, agent, ...episodeEnd }`); the run folder also gets returns.svg (mean
 * return per env and agent with 95% CIs). New envs join automatically through `listEnvs()`.
 * An env that fails to build or run is reported in the table and the summary, not fatal.
 *
 * Seeds: env seed = `seed` (first reset; later resets continue, Gymnasium convention), agent
 * seed = seed + 1. Each (env, agent) pair is capped at `maxSteps` env steps.
 * Resume: rollouts are deterministic per seed, so a resumed run replays a pair and records only
 * the episodes missing from episodes.jsonl; pairs already complete are skipped.
 */
import { lastValueFrom } from 'rxjs';
import type { Agent, MultiAgent } from '../../agents/agent.js';
import { progressBar } from '../../agents/bus/progress-bar.js';
import { recordJsonl } from '../../agents/bus/record-jsonl.js';
import { rollout } from '../../agents/bus/rollout.js';
import { rolloutParallel } from '../../agents/bus/rollout-parallel.js';
import { summarize } from '../../agents/bus/episode-statistics.js';
import type { AnyBusEvent } from '../../agents/bus/events.js';
import { RandomAgent, RandomMultiAgent } from '../../agents/random.js';
import type { JsonObject } from '../../envs/core/json.js';
import { listEnvs, make, makeParallel } from '../../envs/index.js';
import { RunWriter } from '../io/run-writer.js';
import { progressWriter } from '../io/terminal.js';
import { barChart, meanCi95 } from '../plot/index.js';
import { table } from '../bench/timing.js';
import type { Experiment } from '../types.js';
import { LeanAgent } from './cartpole-lean.js';
import type { Observable } from 'rxjs';

interface PairResult {
  env: string;
  agent: string;
  episodes: number;
  meanReturn: number | null;
  stdReturn: number | null;
  meanLength: number | null;
  stepsPerSecond: number | null;
  error?: string;
}

const experiment: Experiment = {
  name: 'demo',
  description: 'random agent on every registered env (+ a lean heuristic on CartPole) through the bus; table, JSONL, bar chart',
  options: {
    episodes: { type: 'integer', default: 10, help: 'episodes per (env, agent) pair' },
    maxSteps: { type: 'integer', default: 100_000, help: 'env-step cap per (env, agent) pair' },
    envs: { type: 'list', default: [], help: 'env ids to run (default: every registered env)' },
  },
  async run(options, ctx) {
    const episodes = options.episodes as number;
    const maxSteps = options.maxSteps as number;
    const wanted = options.envs as string[];
    const specs = listEnvs().filter((s) => wanted.length === 0 || wanted.includes(s.id));
    const run = RunWriter.open(ctx.outDir);
    const done = run.completedKeys((r) => `${r.env}/${r.agent}/${r.episode}`);
    const timing = new Map<string, number>();
    const errors = new Map<string, string>();
    const agentsFor: string[][] = [];
    // Live progress bars only on an interactive terminal; logs get the results table instead.
    const showProgress = process.stderr.isTTY === true;

    for (const spec of specs) {
      const agents = spec.kind === 'parallel' ? ['random'] : spec.id === 'CartPole-v1' ? ['random', 'lean'] : ['random'];
      for (const agentName of agents) {
        agentsFor.push([spec.id, agentName]);
        const key = `${spec.id}/${agentName}`;
        if (Array.from({ length: episodes }, (_, e) => done.has(`${key}/${e}`)).every(Boolean)) continue;
        try {
          let events: Observable<AnyBusEvent>;
          if (spec.kind === 'parallel') {
            const env = makeParallel(spec.id);
            const agent: MultiAgent = new RandomMultiAgent((a) => env.actionSpace(a), ctx.seed + 1);
            events = rolloutParallel(env, agent, { episodes, steps: maxSteps, seed: ctx.seed });
          } else {
            const env = make(spec.id);
            const agent: Agent = agentName === 'lean' ? new LeanAgent() : new RandomAgent(env.actionSpace, ctx.seed + 1);
            events = rollout(env, agent, { episodes, steps: maxSteps, seed: ctx.seed });
          }
          const t0 = performance.now();
          const bar = showProgress ? progressBar<AnyBusEvent>(progressWriter(), { total: episodes, label: key }) : (o: Observable<AnyBusEvent>) => o;
          const last = await lastValueFrom(
            events.pipe(
              bar,
              recordJsonl(
                (line) => run.appendLine(line),
                (e) => (e.type === 'episodeEnd' && !done.has(`${key}/${e.episode}`) ? { env: spec.id, agent: agentName, ...e } : undefined),
              ),
            ),
          );
          const seconds = (performance.now() - t0) / 1000;
          if (last.type === 'done' && seconds > 0) timing.set(key, last.steps / seconds);
        } catch (err) {
          errors.set(key, (err as Error).message);
        }
      }
    }
    run.close();

    // Statistics from the records, so resumed runs report every episode.
    const records = run.readJsonl() as JsonObject[];
    const results: PairResult[] = agentsFor.map(([env, agent]) => {
      const mine = records.filter((r) => r.env === env && r.agent === agent);
      const ret = summarize(mine.map((r) => r.return as number));
      const len = summarize(mine.map((r) => r.length as number));
      const key = `${env}/${agent}`;
      const res: PairResult = {
        env,
        agent,
        episodes: mine.length,
        meanReturn: orNull(ret.mean),
        stdReturn: orNull(ret.std),
        meanLength: orNull(len.mean),
        stepsPerSecond: timing.has(key) ? Math.round(timing.get(key)!) : null,
      };
      if (errors.has(key)) res.error = errors.get(key)!;
      return res;
    });

    ctx.log(
      table(
        ['env', 'agent', 'episodes', 'return (mean ± std)', 'length', 'steps/s'],
        results.map((r) => [
          r.env,
          r.agent,
          r.episodes,
          r.meanReturn === null ? (r.error ? `error: ${r.error.slice(0, 60)}` : '-') : `${fmt(r.meanReturn)} ± ${fmt(r.stdReturn!)}`,
          r.meanLength === null ? '-' : r.meanLength.toFixed(1),
          r.stepsPerSecond === null ? '-' : r.stepsPerSecond.toLocaleString('en-US'),
        ]),
      ),
    );

    const bars = results
      .filter((r) => r.episodes > 0)
      .map((r) => {
        const rets = records.filter((x) => x.env === r.env && x.agent === r.agent).map((x) => [x.return as number]);
        const ci = meanCi95(rets);
        return { group: r.env, series: r.agent, value: ci.y[0], error: ci.upper[0] - ci.y[0] };
      });
    if (bars.length > 0) run.writeText('returns.svg', await barChart({ title: `Mean episode return (${episodes} episodes, 95% CI)`, bars, yLabel: 'return' }));

    const cart = (agent: string) => results.find((r) => r.env === 'CartPole-v1' && r.agent === agent)?.meanReturn ?? null;
    const summary: JsonObject = {
      seed: ctx.seed,
      envs: specs.length,
      pairs: results as unknown as JsonObject[],
      errors: results.filter((r) => r.error !== undefined).length,
    };
    const lean = cart('lean');
    const random = cart('random');
    if (lean !== null && random !== null) summary.cartPoleLeanOverRandom = Math.round((lean / random) * 100) / 100;
    return summary;
  },
};

function orNull(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null;
}

function fmt(x: number): string {
  return x.toFixed(Math.abs(x) >= 100 ? 1 : 2);
}

export default experiment;
