/**
 * Priority dispatching rules for `JobShop-v0`, as Agents reading the observation's per-job
 * features (spec (a), "Dispatching rules"; L2D supplement definitions). Each picks, among the
 * legal jobs (the action mask), the job whose next operation k has the best priority; ties go to
 * the lowest job index. Because candidate sets of different machines are disjoint, choosing from
 * the union equals applying the rule per machine (see `envs/jobshop/sim.ts`).
 *
 * | rule | priority of candidate op (job j, op k) |
 * |---|---|
 * | FIFO | min ready time (end of the job's previous op; 0 for op 0) |
 * | SPT / LPT | min / max p_jk |
 * | MWKR / LWKR | max / min Σ_{l≥k} p_jl (work remaining, including op k) |
 * | MOR / LOR | max / min K_j − k (operations remaining, including op k) |
 * | FDD/MWKR | min (Σ_{l≤k} p_jl) / (Σ_{l≥k} p_jl) (flow due date over work remaining, release 0) |
 * | random | uniform over legal jobs (seeded) |
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonValue } from '../../envs/core/json.js';
import { createRng, rngFromState, sampleMasked, type Rng, type RngState, type Seed } from '../../envs/core/rng.js';
import type { JobShopObs } from '../../envs/jobshop/env.js';
import * as O from '../../envs/jobshop/observation.js';
import type { Agent } from '../agent.js';

// Module-local copies of imported constants (faster in hot loops than module-namespace reads).
const JF_NEXT_DURATION = O.JF_NEXT_DURATION;
const JF_OPS_REMAINING = O.JF_OPS_REMAINING;
const JF_READY = O.JF_READY;
const JF_WORK_DONE = O.JF_WORK_DONE;
const JF_WORK_REMAINING = O.JF_WORK_REMAINING;
const JOB_FEATURES = O.JOB_FEATURES;

/** Score of job j's next op from its feature row; the rule picks the minimum. */
type Score = (jobs: Float64Array, row: number) => number;

const SCORES = {
  FIFO: (f, r) => f[r + JF_READY],
  SPT: (f, r) => f[r + JF_NEXT_DURATION],
  LPT: (f, r) => -f[r + JF_NEXT_DURATION],
  MWKR: (f, r) => -f[r + JF_WORK_REMAINING],
  LWKR: (f, r) => f[r + JF_WORK_REMAINING],
  MOR: (f, r) => -f[r + JF_OPS_REMAINING],
  LOR: (f, r) => f[r + JF_OPS_REMAINING],
  'FDD/MWKR': (f, r) => (f[r + JF_WORK_DONE] + f[r + JF_NEXT_DURATION]) / f[r + JF_WORK_REMAINING],
} satisfies Record<string, Score>;

export type RuleName = keyof typeof SCORES;
export const RULE_NAMES = Object.keys(SCORES) as RuleName[];

/** A deterministic priority rule. */
export class DispatchingRule implements Agent<JobShopObs, number> {
  private readonly score: Score;

  constructor(readonly name: RuleName) {
    this.score = SCORES[name];
  }

  act(obs: JobShopObs): number {
    const mask = obs.actionMask;
    const jobs = obs.observation.jobs;
    const score = this.score;
    let best = -1;
    let bestScore = Infinity;
    for (let j = 0; j < mask.length; j++) {
      if (mask[j] !== 1) continue;
      const s = score(jobs, j * JOB_FEATURES);
      if (best === -1 || s < bestScore) {
        best = j;
        bestScore = s;
      }
    }
    return best;
  }
}

/** Uniformly random legal job. */
export class RandomDispatcher implements Agent<JobShopObs, number> {
  readonly name = 'random';
  private rng: Rng;

  constructor(seed: Seed = 0) {
    this.rng = createRng(seed);
  }

  act(obs: JobShopObs): number {
    // -1 (no legal job) only after the episode has ended; no draw is spent then.
    return sampleMasked(this.rng, obs.actionMask);
  }

  save(): JsonValue {
    return { rng: this.rng.state() };
  }

  load(state: JsonValue): void {
    this.rng = rngFromState((state as { rng: RngState }).rng);
  }
}

/** Every rule name accepted by `makeRule`, the random dispatcher included. */
export const DISPATCHER_NAMES: readonly string[] = [...RULE_NAMES, 'random'];

/** A dispatcher by name (`random` seeded with `seed`). */
export function makeRule(name: string, seed: Seed = 0): Agent<JobShopObs, number> {
  if (name === 'random') return new RandomDispatcher(seed);
  if (!(name in SCORES)) throw new ConfigError('agent', name, `unknown dispatching rule; known: ${DISPATCHER_NAMES.join(', ')}`);
  return new DispatchingRule(name as RuleName);
}
