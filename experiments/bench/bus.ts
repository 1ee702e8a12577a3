/**
 * `bus` benchmark: what `rollout()` costs over a bare for-loop (`loops.ts`), on the fixed cases
 * of `BUS_CASES`, same step count, random policy. Each case runs in its own worker isolate
 * (`isolate.ts`), where bare and bus runs alternate in rounds after two warm-up rounds. A case's
 * `overhead` is the median over rounds of busTime/bareTime − 1 (paired: the two runs of a round
 * share the machine's load, which matters on a busy machine); `busOverhead` is the worst case,
 * with `stepEvents: false` (target ≤ 0.10). Steps/s columns are steps / median time. Times are CPU times of the
 * measuring process (`timing.ts`), so other processes' load adds little noise.
 * The `stepEvents: true` row is informational: it converts every observation to JSON and
 * pays rxjs per step.
 *
 * The case list is fixed (it used to add "the cheapest other env" from a short cold measurement,
 * which flipped between CascadingRec-v0 and PairsTrading-v0 from run to run).
 *
 * `overheadBest` (informational) compares the fastest rounds instead of the medians.
 *
 * JSON: `{ busOverhead, cases: { id: { steps, bareStepsPerSecond, busStepsPerSecond, overhead,
 * overheadBest, stepEventsStepsPerSecond, stepEventsOverhead } } }`.
 */
import { formatCount } from '../../agents/bus/progress-bar.js';
import { rollout } from '../../agents/bus/rollout.js';
import { RandomAgent } from '../../agents/random.js';
import type { JsonObject } from '../../envs/core/json.js';
import { make } from '../../envs/index.js';
import type { Benchmark, BenchContext } from '../types.js';
import { measureRate } from './envs.js';
import { runIsolated } from './isolate.js';
import { bareLoop } from './loops.js';
import { cpuSeconds, interleaved, median, table } from './timing.js';
import { roundTo } from '../../envs/core/stats.js';

/**
 * The measured envs, in table order:
 * - CartPole-v1: the cheapest step of the suite, so the per-step cost of the bus shows.
 * - CascadingRec-v0: 5-step episodes, the worst case for the per-episode events (two events and a
 *   JSON check of the final info every 5 steps).
 * - PairsTrading-v0: a non-toy env (126-step episodes with the defaults) whose final info has
 *   13 keys, so the per-episode JSON check of the info costs more than on the others.
 */
export const BUS_CASES = ['CartPole-v1', 'CascadingRec-v0', 'PairsTrading-v0'] as const;

/** Episodes finished by a bus rollout of exactly `steps` steps (subscribes synchronously). */
function busLoop<O, A>(env: Parameters<typeof rollout<O, A>>[0], agent: Parameters<typeof rollout<O, A>>[1], steps: number, seed: number, stepEvents: boolean): number {
  let episodes = 0;
  rollout(env, agent, { steps, seed, stepEvents }).subscribe((e) => {
    if (e.type === 'episodeEnd') episodes++;
  });
  return episodes;
}

export type BusCase = {
  steps: number;
  bareStepsPerSecond: number;
  busStepsPerSecond: number;
  overhead: number;
  /** Fastest bus round / fastest bare round − 1 (informational). */
  overheadBest: number;
  stepEventsStepsPerSecond: number;
  stepEventsOverhead: number;
};

/** Worker-side: one case (env `id`), `seconds` per bare run, `rounds` interleaved rounds. */
export function measureBusCase(args: { id: string; seconds: number; rounds: number; minSteps: number }): BusCase {
  const env = make(args.id);
  const agent = new RandomAgent(env.actionSpace, 0);
  const rate = measureRate((n) => bareLoop(env, agent, n, 0), 0.2, 1);
  // A floor on the step count keeps runs long enough for the JIT to settle under noisy load.
  const steps = Math.max(args.minSteps, Math.round(rate * args.seconds));
  const t = interleaved({ bare: () => bareLoop(env, agent, steps, 1), bus: () => busLoop(env, agent, steps, 1, false) }, args.rounds, 2, cpuSeconds);
  const evSteps = Math.max(args.minSteps / 10, Math.round(steps / 10));
  const te = interleaved({ bare: () => bareLoop(env, agent, evSteps, 1), events: () => busLoop(env, agent, evSteps, 1, true) }, Math.max(3, args.rounds >> 1), 2, cpuSeconds);
  const bare = median(t.bare);
  const bus = median(t.bus);
  const evBare = median(te.bare);
  const ev = median(te.events);
  return {
    steps,
    bareStepsPerSecond: Math.round(steps / bare),
    busStepsPerSecond: Math.round(steps / bus),
    overhead: round(median(t.bus.map((b, i) => b / t.bare[i])) - 1),
    overheadBest: round(Math.min(...t.bus) / Math.min(...t.bare) - 1),
    stepEventsStepsPerSecond: Math.round(evSteps / ev),
    stepEventsOverhead: round(median(te.events.map((e, i) => e / te.bare[i])) - 1),
  };
}

const bench: Benchmark = {
  name: 'bus',
  description: 'rollout() vs a bare for-loop (same steps, interleaved, median, one isolate per env): busOverhead ≤ 0.10',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const rounds = ctx.quick ? 3 : 21;
    const seconds = ctx.quick ? 0.03 : 0.1;
    const cases: Record<string, BusCase> = {};
    const rows: string[][] = [];
    let worst = -Infinity;
    for (const id of BUS_CASES) {
      const c = await runIsolated<BusCase>(import.meta.url, 'measureBusCase', { id, seconds, rounds, minSteps: ctx.quick ? 20_000 : 100_000 });
      cases[id] = c;
      worst = Math.max(worst, c.overhead);
      rows.push([id, String(c.steps), formatCount(c.bareStepsPerSecond), formatCount(c.busStepsPerSecond), pct(c.overhead), pct(c.overheadBest), formatCount(c.stepEventsStepsPerSecond), pct(c.stepEventsOverhead)]);
    }
    ctx.log(table(['env', 'steps', 'bare/s', 'bus/s', 'overhead', 'best-round', 'stepEvents/s', 'overhead'], rows));
    ctx.log(`busOverhead = ${pct(worst)}, the worst of ${BUS_CASES.join(', ')} (target ≤ 10%; ${rounds} interleaved rounds, median of paired ratios; steps per CPU-second)`);
    return { busOverhead: round(worst), cases };
  },
};

const round = (x: number) => roundTo(x, 4);

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export default bench;
