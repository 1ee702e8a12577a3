/**
 * Environment checkers as library code (Gymnasium's `env_checker`, PettingZoo's `api_test`):
 * env authors run `checkEnv(env)` / `checkParallelEnv(env)` in their own tests.
 *
 * Each checker runs a list of small named checks in order and throws `CheckError` (whose `check`
 * field and message name the failed check) at the first failure; otherwise it returns a report of
 * every check with `passed` or `skipped` (and why). Actions are sampled from a generator seeded
 * by `seed`, respecting `actionMask` when observations carry one.
 *
 * Contract checked beyond the typed API (design choices of this suite):
 * - observations are not reused: an observation returned earlier is unchanged by later steps
 *   (replay buffers keep them);
 * - an action masked out by `actionMask` (Discrete action spaces) throws `InvalidActionError`;
 * - an action outside the space throws `InvalidActionError` whose message contains
 *   `space.toString()` and `formatValue(action)`.
 * The checks reset the env with seeds; leave no expectation about its state afterwards.
 */
import {
  actionMaskOf,
  isParallelEnv,
  type AgentId,
  type Env,
  type ParallelEnv,
} from './env.js';
import { EnvStateError, InvalidActionError, SuiteError, formatValue } from './errors.js';
import { createRng, type Rng } from './rng.js';
import { Box } from './spaces/box.js';
import { Dict } from './spaces/dict.js';
import { Discrete } from './spaces/discrete.js';
import { flatDim } from './spaces/flatten.js';
import { MultiBinary } from './spaces/multi-binary.js';
import { MultiDiscrete } from './spaces/multi-discrete.js';
import { Space } from './spaces/space.js';
import { Tuple } from './spaces/tuple.js';

/** A failed check; `check` is its name (e.g. `same-seed-same-trajectory`). */
export class CheckError extends SuiteError {
  constructor(
    readonly check: string,
    readonly detail: string,
  ) {
    super('check_failed', `env check "${check}" failed: ${detail}`);
  }
}

export interface CheckOptions {
  /** Seed of env resets and of the action sampler (default 0). */
  seed?: number;
  /** Steps per rollout (default 100); rollouts reset (unseeded) when an episode ends. */
  steps?: number;
  /** Steps allowed for one episode to end in the end-of-episode checks (default 10 000). */
  maxEpisodeSteps?: number;
  /** Require different seeds to give different trajectories (default true; false for envs with a deterministic reset). */
  seedSensitive?: boolean;
}

export interface CheckResult {
  name: string;
  status: 'passed' | 'skipped';
  /** Why a check was skipped. */
  detail?: string;
}

export interface CheckReport {
  env: string;
  checks: CheckResult[];
}

/** Runs every single-agent check; throws `CheckError` at the first failure. */
export function checkEnv(env: Env, options: CheckOptions = {}): CheckReport {
  if (isParallelEnv(env as Env | ParallelEnv)) fail('single-agent-api', 'got a ParallelEnv; use checkParallelEnv');
  return run(new SingleAdapter(env), options, [...SINGLE_ONLY, ...COMMON]);
}

/** Runs every parallel multi-agent check; throws `CheckError` at the first failure. */
export function checkParallelEnv(env: ParallelEnv, options: CheckOptions = {}): CheckReport {
  if (!isParallelEnv(env)) fail('parallel-api', 'possibleAgents is not an array; use checkEnv for single-agent envs');
  return run(new ParallelAdapter(env), options, [...PARALLEL_ONLY, ...COMMON]);
}

// ---------------------------------------------------------------------------------------------
// Uniform view of both env kinds: everything keyed by agent (single-agent envs use one key).

type Dicts = {
  obs: Record<AgentId, unknown>;
  rewards: Record<AgentId, unknown>;
  terminated: Record<AgentId, unknown>;
  truncated: Record<AgentId, unknown>;
  infos: Record<AgentId, unknown>;
};

interface Adapter {
  readonly kind: 'single' | 'parallel';
  readonly name: string;
  readonly env: Env | ParallelEnv;
  /** Agents that act now (single: one fixed key). */
  live(): readonly AgentId[];
  obsSpace(agent: AgentId): Space<unknown>;
  actSpace(agent: AgentId): Space<unknown>;
  reset(seed?: number): { obs: Record<AgentId, unknown>; infos: Record<AgentId, unknown> };
  step(actions: Record<AgentId, unknown>): Dicts;
  /** True when the episode is over (single: terminated or truncated; parallel: no live agents). */
  ended(): boolean;
  /** Global state, parallel only. */
  state?(): unknown;
  label(agent: AgentId): string;
}

const SOLO = 'agent';

class SingleAdapter implements Adapter {
  readonly kind = 'single';
  readonly name: string;
  private over = true;
  constructor(readonly env: Env) {
    this.name = String(env.metadata?.id ?? env.constructor.name);
  }
  live(): readonly AgentId[] {
    return [SOLO];
  }
  obsSpace(): Space<unknown> {
    return this.env.observationSpace;
  }
  actSpace(): Space<unknown> {
    return this.env.actionSpace;
  }
  reset(seed?: number) {
    const r = this.env.reset(seed === undefined ? {} : { seed });
    this.over = false;
    return { obs: { [SOLO]: r.obs }, infos: { [SOLO]: r.info } };
  }
  step(actions: Record<AgentId, unknown>): Dicts {
    const r = this.env.step(actions[SOLO]);
    this.over = Boolean(r.terminated || r.truncated);
    return { obs: { [SOLO]: r.obs }, rewards: { [SOLO]: r.reward }, terminated: { [SOLO]: r.terminated }, truncated: { [SOLO]: r.truncated }, infos: { [SOLO]: r.info } };
  }
  ended(): boolean {
    return this.over;
  }
  label(): string {
    return '';
  }
}

class ParallelAdapter implements Adapter {
  readonly kind = 'parallel';
  readonly name: string;
  constructor(readonly env: ParallelEnv) {
    this.name = String(env.metadata?.id ?? env.constructor.name);
  }
  live(): readonly AgentId[] {
    return this.env.agents;
  }
  obsSpace(agent: AgentId): Space<unknown> {
    return this.env.observationSpace(agent);
  }
  actSpace(agent: AgentId): Space<unknown> {
    return this.env.actionSpace(agent);
  }
  reset(seed?: number) {
    const r = this.env.reset(seed === undefined ? {} : { seed });
    return { obs: r.observations, infos: r.infos };
  }
  step(actions: Record<AgentId, unknown>): Dicts {
    const r = this.env.step(actions);
    return { obs: r.observations, rewards: r.rewards, terminated: r.terminations, truncated: r.truncations, infos: r.infos };
  }
  ended(): boolean {
    return this.env.agents.length === 0;
  }
  state(): unknown {
    return this.env.state();
  }
  label(agent: AgentId): string {
    return `agent "${agent}": `;
  }
}

// ---------------------------------------------------------------------------------------------
// Runner

interface Ctx {
  a: Adapter;
  seed: number;
  steps: number;
  maxEpisodeSteps: number;
  seedSensitive: boolean;
}

/** A check returns nothing when it passed, or the reason it was skipped. */
interface Check {
  name: string;
  run(ctx: Ctx): string | void;
}

class Failure extends Error {}

function fail(check: string, detail: string): never {
  throw new CheckError(check, detail);
}

/** Fails the running check. */
function bad(detail: string): never {
  throw new Failure(detail);
}

function run(a: Adapter, options: CheckOptions, checks: readonly Check[]): CheckReport {
  const ctx: Ctx = {
    a,
    seed: options.seed ?? 0,
    steps: options.steps ?? 100,
    maxEpisodeSteps: options.maxEpisodeSteps ?? 10_000,
    seedSensitive: options.seedSensitive ?? true,
  };
  const results: CheckResult[] = [];
  for (const c of checks) {
    let skipped: string | void;
    try {
      skipped = c.run(ctx);
    } catch (e) {
      if (e instanceof Failure) fail(c.name, e.message);
      if (e instanceof CheckError) throw e;
      const err = new CheckError(c.name, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : formatValue(e)}`);
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
    results.push(skipped === undefined ? { name: c.name, status: 'passed' } : { name: c.name, status: 'skipped', detail: skipped });
  }
  return { env: a.name, checks: results };
}

// ---------------------------------------------------------------------------------------------
// Rollouts

interface TraceStep extends Dicts {
  state?: unknown;
}

interface Trace {
  reset: { obs: Record<AgentId, unknown>; infos: Record<AgentId, unknown>; state?: unknown };
  steps: TraceStep[];
}

/** Legal actions for every live agent, sampled with `rng` (respecting masks). */
function sampleActions(a: Adapter, obs: Record<AgentId, unknown>, rng: Rng): Record<AgentId, unknown> {
  const actions: Record<AgentId, unknown> = {};
  for (const agent of a.live()) {
    const space = a.actSpace(agent);
    const mask = actionMaskOf(obs[agent]);
    const n = maskLength(space);
    if (mask !== undefined && n !== undefined && mask.length !== n) {
      bad(`${a.label(agent)}actionMask has length ${mask.length}, action space ${space.toString()} needs ${n}`);
    }
    actions[agent] = space.sample(rng, mask);
  }
  return actions;
}

interface RolloutHooks {
  /** Called after reset (step = -1) and after every step with that step's results. */
  onStep?(step: number, r: TraceStep, liveBefore: readonly AgentId[], liveAfter: readonly AgentId[]): void;
}

/** Resets with `ctx.seed` and steps with actions from `rng` until the episode ends (false: not within `maxEpisodeSteps`). */
function playToEnd(ctx: Ctx, rng: Rng): boolean {
  const { a } = ctx;
  let obs = a.reset(ctx.seed).obs;
  for (let t = 0; t < ctx.maxEpisodeSteps && !a.ended(); t++) obs = a.step(sampleActions(a, obs, rng)).obs;
  return a.ended();
}

/**
 * Resets with `seed`, then takes `steps` steps of sampled legal actions, resetting (unseeded)
 * whenever an episode ends. Snapshots (deep copies) of everything are recorded.
 */
function rollout(ctx: Ctx, seed: number, hooks: RolloutHooks = {}): Trace {
  const { a } = ctx;
  const rng = createRng(`${ctx.seed}/actions`);
  const first = a.reset(seed);
  const trace: Trace = { reset: { obs: snapshot(first.obs), infos: snapshot(first.infos), state: a.state ? snapshot(a.state()) : undefined }, steps: [] };
  hooks.onStep?.(-1, { ...first, rewards: {}, terminated: {}, truncated: {}, state: trace.reset.state }, [], a.live());
  let obs = first.obs;
  for (let t = 0; t < ctx.steps; t++) {
    if (a.ended()) {
      const r = a.reset();
      obs = r.obs;
      trace.steps.push({ obs: snapshot(r.obs), rewards: {}, terminated: {}, truncated: {}, infos: snapshot(r.infos), state: a.state ? snapshot(a.state()) : undefined });
      hooks.onStep?.(t, { ...r, rewards: {}, terminated: {}, truncated: {}, state: trace.steps[t].state }, [], a.live());
      continue;
    }
    const before = [...a.live()];
    const r = a.step(sampleActions(a, obs, rng));
    const state = a.state ? a.state() : undefined;
    trace.steps.push({ ...snapshot(r), state: snapshot(state) });
    hooks.onStep?.(t, { ...r, state }, before, a.live());
    obs = r.obs;
  }
  return trace;
}

// ---------------------------------------------------------------------------------------------
// The checks

const SINGLE_ONLY: Check[] = [
  {
    name: 'spaces-are-spaces',
    run({ a }) {
      const env = a.env as Env;
      if (!(env.observationSpace instanceof Space)) bad(`observationSpace is ${formatValue(env.observationSpace)}, not a Space`);
      if (!(env.actionSpace instanceof Space)) bad(`actionSpace is ${formatValue(env.actionSpace)}, not a Space`);
    },
  },
  {
    name: 'space-identity',
    run({ a }) {
      const env = a.env as Env;
      if (env.observationSpace !== env.observationSpace) bad('observationSpace returns a new object on each access');
      if (env.actionSpace !== env.actionSpace) bad('actionSpace returns a new object on each access');
    },
  },
];

const PARALLEL_ONLY: Check[] = [
  {
    name: 'possible-agents',
    run({ a }) {
      const p = (a.env as ParallelEnv).possibleAgents;
      if (p.length === 0) bad('possibleAgents is empty');
      if (!p.every((x) => typeof x === 'string')) bad(`possibleAgents must be strings, got ${formatValue(p)}`);
      if (new Set(p).size !== p.length) bad(`possibleAgents has duplicates: ${formatValue(p)}`);
    },
  },
  {
    name: 'spaces-are-spaces',
    run({ a }) {
      const env = a.env as ParallelEnv;
      for (const ag of env.possibleAgents) {
        if (!(env.observationSpace(ag) instanceof Space)) bad(`observationSpace("${ag}") is not a Space`);
        if (!(env.actionSpace(ag) instanceof Space)) bad(`actionSpace("${ag}") is not a Space`);
      }
      if (!(env.stateSpace instanceof Space)) bad(`stateSpace is ${formatValue(env.stateSpace)}, not a Space`);
    },
  },
  {
    name: 'space-identity',
    run({ a }) {
      const env = a.env as ParallelEnv;
      for (const ag of env.possibleAgents) {
        if (env.observationSpace(ag) !== env.observationSpace(ag)) bad(`observationSpace("${ag}") returns a new object on each call`);
        if (env.actionSpace(ag) !== env.actionSpace(ag)) bad(`actionSpace("${ag}") returns a new object on each call`);
      }
      if (env.stateSpace !== env.stateSpace) bad('stateSpace returns a new object on each access');
    },
  },
  {
    name: 'reset-agents',
    run(ctx) {
      const env = ctx.a.env as ParallelEnv;
      const r = env.reset({ seed: ctx.seed });
      if (env.agents.length === 0) bad('no live agents after reset');
      checkSubset(env.agents, env.possibleAgents, 'agents after reset');
      sameKeys(r.observations, env.agents, 'reset observations');
      sameKeys(r.infos, env.agents, 'reset infos');
    },
  },
  {
    name: 'agents-subset',
    run(ctx) {
      const env = ctx.a.env as ParallelEnv;
      rollout(ctx, ctx.seed, { onStep: (t) => checkSubset(env.agents, env.possibleAgents, `agents after step ${t}`) });
    },
  },
  {
    name: 'step-keys',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep(t, r, before) {
          if (before.length === 0) return;
          for (const field of ['obs', 'rewards', 'terminated', 'truncated', 'infos'] as const) sameKeys(r[field], before, `step ${t} ${field}`);
        },
      });
    },
  },
  {
    name: 'dead-agents-leave',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep(t, r, before, after) {
          for (const ag of before) {
            const done = r.terminated[ag] === true || r.truncated[ag] === true;
            if (done && after.includes(ag)) bad(`agent "${ag}" ended at step ${t} but is still in agents`);
            if (!done && !after.includes(ag)) bad(`agent "${ag}" left agents at step ${t} without terminating or truncating`);
          }
        },
      });
    },
  },
  {
    name: 'state-in-space',
    run(ctx) {
      const env = ctx.a.env as ParallelEnv;
      rollout(ctx, ctx.seed, {
        onStep(t, r) {
          const where = t < 0 ? 'after reset' : `after step ${t}`;
          const nan = findNaN(r.state);
          if (nan !== null) bad(`state() ${where} has NaN at ${nan || '(root)'}`);
          if (!env.stateSpace.contains(r.state)) bad(`state() ${where} = ${formatValue(r.state)} is not in ${env.stateSpace.toString()}`);
        },
      });
    },
  },
];

const COMMON: Check[] = [
  {
    name: 'metadata-object',
    run({ a }) {
      if (!isPlainObject(a.env.metadata)) bad(`metadata is ${formatValue(a.env.metadata)}, not an object`);
    },
  },
  {
    name: 'action-sample-in-space',
    run(ctx) {
      const rng = createRng(ctx.seed);
      for (const ag of allAgents(ctx.a)) {
        const s = ctx.a.actSpace(ag);
        for (let i = 0; i < 10; i++) {
          const x = s.sample(rng);
          if (!s.contains(x)) bad(`${ctx.a.label(ag)}${s.toString()}.sample() gave ${formatValue(x)}, which it does not contain`);
        }
      }
    },
  },
  {
    name: 'reset-obs-in-space',
    run(ctx) {
      const r = ctx.a.reset(ctx.seed);
      for (const ag of Object.keys(r.obs)) obsInSpace(ctx.a, ag, r.obs[ag], 'after reset');
    },
  },
  {
    name: 'reset-info-object',
    run(ctx) {
      const r = ctx.a.reset(ctx.seed);
      for (const ag of Object.keys(r.infos)) if (!isPlainObject(r.infos[ag])) bad(`${ctx.a.label(ag)}reset info is ${formatValue(r.infos[ag])}, not an object`);
    },
  },
  {
    name: 'action-mask-length',
    run(ctx) {
      let seen = false;
      rollout(ctx, ctx.seed, {
        onStep: (t, r) =>
          eachKey(r.obs, (ag, o) => {
            const m = maskField(o);
            if (m === undefined) return;
            seen = true;
            if (!(m instanceof Uint8Array)) bad(`${ctx.a.label(ag)}actionMask at step ${t} is ${formatValue(m)}, not a Uint8Array`);
            const space = ctx.a.actSpace(ag);
            const n = maskLength(space);
            if (n !== undefined && m.length !== n) bad(`${ctx.a.label(ag)}actionMask at step ${t} has length ${m.length}, action space ${space.toString()} needs ${n}`);
            for (let i = 0; i < m.length; i++) if (m[i] > 1) bad(`${ctx.a.label(ag)}actionMask at step ${t} has entry ${m[i]} (must be 0 or 1)`);
          }),
      });
      if (!seen) return 'observations carry no actionMask';
    },
  },
  {
    name: 'step-obs-in-space',
    run(ctx) {
      rollout(ctx, ctx.seed, { onStep: (t, r) => eachKey(r.obs, (ag, o) => obsInSpace(ctx.a, ag, o, t < 0 ? 'after reset' : `after step ${t}`)) });
    },
  },
  {
    name: 'step-reward-finite',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep: (t, r) =>
          eachKey(r.rewards, (ag, x) => {
            if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${ctx.a.label(ag)}reward at step ${t} is ${formatValue(x)}, not a finite number`);
          }),
      });
    },
  },
  {
    name: 'step-flags-boolean',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep(t, r) {
          for (const f of ['terminated', 'truncated'] as const) {
            eachKey(r[f], (ag, x) => {
              if (typeof x !== 'boolean') bad(`${ctx.a.label(ag)}${f} at step ${t} is ${formatValue(x)}, not a boolean`);
            });
          }
        },
      });
    },
  },
  {
    name: 'step-info-object',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep: (t, r) =>
          eachKey(r.infos, (ag, x) => {
            if (!isPlainObject(x)) bad(`${ctx.a.label(ag)}info at step ${t} is ${formatValue(x)}, not an object`);
          }),
      });
    },
  },
  {
    name: 'no-nan',
    run(ctx) {
      rollout(ctx, ctx.seed, {
        onStep(t, r) {
          const where = t < 0 ? 'reset' : `step ${t}`;
          for (const f of ['obs', 'rewards'] as const) {
            const p = findNaN(r[f]);
            if (p !== null) bad(`NaN in ${f} at ${where}, path ${p}`);
          }
          const p = findNaN(r.state);
          if (p !== null) bad(`NaN in state() at ${where}, path ${p || '(root)'}`);
        },
      });
    },
  },
  {
    name: 'obs-not-reused',
    run(ctx) {
      const kept: { obs: unknown; copy: unknown; t: number }[] = [];
      rollout(ctx, ctx.seed, {
        onStep(t, r) {
          for (const k of kept) if (!deepEqual(k.obs, k.copy)) bad(`the observation returned at step ${k.t} changed by step ${t}; return a fresh object each step`);
          kept.push({ obs: r.obs, copy: snapshot(r.obs), t });
        },
      });
    },
  },
  {
    name: 'action-mask-nonempty',
    run(ctx) {
      let seen = false;
      rollout(ctx, ctx.seed, {
        onStep(t, r) {
          for (const ag of ctx.a.live()) {
            const m = actionMaskOf(r.obs[ag]);
            if (m === undefined) continue;
            seen = true;
            if (ctx.a.kind === 'single' && ctx.a.ended()) continue;
            if (!m.some((v) => v === 1)) bad(`${ctx.a.label(ag)}actionMask after step ${t} allows no action but the agent must act`);
          }
        },
      });
      if (!seen) return 'observations carry no actionMask';
    },
  },
  {
    name: 'masked-action-throws',
    run(ctx) {
      const { a } = ctx;
      let r = a.reset(ctx.seed);
      const rng = createRng(`${ctx.seed}/masked`);
      let masks = false;
      for (let t = 0; t < ctx.steps; t++) {
        for (const ag of a.live()) {
          const space = a.actSpace(ag);
          const m = actionMaskOf(r.obs[ag]);
          if (m === undefined) continue;
          masks = true;
          if (!(space instanceof Discrete)) continue;
          const illegal = m.indexOf(0);
          if (illegal < 0) continue;
          const actions = sampleActions(a, r.obs, rng);
          actions[ag] = space.start + illegal;
          expectThrow(() => a.step(actions), InvalidActionError, `${a.label(ag)}masked-out action ${space.start + illegal} at step ${t}`);
          return;
        }
        if (a.ended()) r = a.reset();
        else r = { obs: a.step(sampleActions(a, r.obs, rng)).obs, infos: {} };
      }
      return masks ? `no masked-out Discrete action met in ${ctx.steps} steps` : 'observations carry no actionMask';
    },
  },
  {
    name: 'invalid-action-throws',
    run(ctx) {
      const { a } = ctx;
      const rng = createRng(`${ctx.seed}/invalid`);
      let tried = 0;
      for (const ag of allAgents(a)) {
        const space = a.actSpace(ag);
        for (const candidate of invalidActions(space)) {
          const r = a.reset(ctx.seed);
          if (!a.live().includes(ag)) continue;
          const actions = sampleActions(a, r.obs, rng);
          actions[ag] = candidate;
          const err = expectThrow(() => a.step(actions), InvalidActionError, `${a.label(ag)}action ${formatValue(candidate)} outside ${space.toString()}`);
          for (const part of [space.toString(), formatValue(candidate)]) {
            if (!err.message.includes(part)) bad(`InvalidActionError message "${err.message}" does not name ${JSON.stringify(part)}`);
          }
          tried++;
        }
      }
      if (tried === 0) return 'no invalid action could be constructed for these spaces';
    },
  },
  {
    name: 'same-seed-same-trajectory',
    run(ctx) {
      const t1 = rollout(ctx, ctx.seed);
      const t2 = rollout(ctx, ctx.seed);
      const d = firstDifference(t1, t2);
      if (d !== null) bad(`two rollouts with seed ${ctx.seed} and the same actions differ at ${d}`);
    },
  },
  {
    name: 'different-seed-different-trajectory',
    run(ctx) {
      if (!ctx.seedSensitive) return 'seedSensitive: false (deterministic env)';
      const t1 = rollout(ctx, ctx.seed);
      const t2 = rollout(ctx, ctx.seed + 1);
      if (firstDifference(t1, t2) === null) bad(`seeds ${ctx.seed} and ${ctx.seed + 1} give identical trajectories over ${ctx.steps} steps (pass seedSensitive: false for deterministic envs)`);
    },
  },
  {
    name: 'step-after-end-throws',
    run(ctx) {
      const { a } = ctx;
      const rng = createRng(`${ctx.seed}/end`);
      if (!playToEnd(ctx, rng)) return `no episode ended within ${ctx.maxEpisodeSteps} steps`;
      const action: Record<AgentId, unknown> = {};
      if (a.kind === 'single') action[SOLO] = a.actSpace(SOLO).sample(rng);
      expectThrow(() => a.step(action), EnvStateError, 'step after the episode ended');
    },
  },
  {
    name: 'reset-after-end',
    run(ctx) {
      const { a } = ctx;
      const rng = createRng(`${ctx.seed}/end`);
      if (!playToEnd(ctx, rng)) return `no episode ended within ${ctx.maxEpisodeSteps} steps`;
      const r = a.reset();
      if (a.ended()) bad('the episode is still over after reset()');
      eachKey(r.obs, (ag, o) => obsInSpace(a, ag, o, 'after reset following an ended episode'));
      a.step(sampleActions(a, r.obs, rng));
    },
  },
  {
    name: 'render-frame-json',
    run(ctx) {
      const { a } = ctx;
      const rng = createRng(`${ctx.seed}/render`);
      let obs = a.reset(ctx.seed).obs;
      for (let t = -1; t < Math.min(ctx.steps, 10) && !a.ended(); t++) {
        if (t >= 0) obs = a.step(sampleActions(a, obs, rng)).obs;
        const f = a.env.renderFrame();
        if (!isPlainObject(f)) bad(`renderFrame() returned ${formatValue(f)}, not a plain object`);
        let round: unknown;
        try {
          round = JSON.parse(JSON.stringify(f));
        } catch (e) {
          bad(`renderFrame() is not JSON-serialisable: ${(e as Error).message}`);
        }
        const p = firstDiff(f, round, 'frame');
        if (p !== null) bad(`renderFrame() changes through a JSON round trip at ${p} (typed arrays, undefined, NaN or Infinity?)`);
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Helpers

function allAgents(a: Adapter): readonly AgentId[] {
  return a.kind === 'single' ? [SOLO] : (a.env as ParallelEnv).possibleAgents;
}

function obsInSpace(a: Adapter, agent: AgentId, obs: unknown, where: string): void {
  const s = a.obsSpace(agent);
  if (!s.contains(obs)) bad(`${a.label(agent)}observation ${where} ${formatValue(obs)} is not in ${s.toString()}`);
}

/** Mask length an action space needs (its flattened size), or undefined for spaces that do not flatten. */
function maskLength(space: Space<unknown>): number | undefined {
  try {
    return flatDim(space);
  } catch {
    return undefined;
  }
}

function eachKey(rec: Record<string, unknown>, f: (key: string, v: unknown) => void): void {
  for (const k of Object.keys(rec)) f(k, rec[k]);
}

function maskField(obs: unknown): unknown {
  return typeof obs === 'object' && obs !== null && 'actionMask' in obs ? (obs as { actionMask: unknown }).actionMask : undefined;
}

function checkSubset(xs: readonly string[], of: readonly string[], what: string): void {
  for (const x of xs) if (!of.includes(x)) bad(`${what} contains "${x}", which is not in possibleAgents`);
}

function sameKeys(rec: Record<string, unknown>, agents: readonly string[], what: string): void {
  if (!isPlainObject(rec)) bad(`${what} is ${formatValue(rec)}, not an object keyed by agent`);
  const keys = Object.keys(rec).sort();
  const want = [...agents].sort();
  if (keys.join('\u0000') !== want.join('\u0000')) bad(`${what} has keys [${keys.join(', ')}], expected the live agents [${want.join(', ')}]`);
}

function expectThrow<E extends Error>(f: () => unknown, type: new (...args: never[]) => E, what: string): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    bad(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : formatValue(e)}, expected ${type.name}`);
  }
  bad(`${what} did not throw ${type.name}`);
}

/** Actions that `space` must reject (only those it really does not contain are returned). */
function invalidActions(space: Space<unknown>): unknown[] {
  const c: unknown[] = [undefined, null];
  if (space instanceof Discrete) c.push(space.start + space.n, space.start - 1, space.start + 0.5, Number.NaN, String(space.start));
  else if (space instanceof Box) {
    c.push(new Float64Array(space.size + 1), Array.from(space.low, (v) => (Number.isFinite(v) ? v : 0)));
    const nan = new Float64Array(space.size);
    nan[0] = Number.NaN;
    c.push(nan);
    const i = space.high.findIndex((v) => Number.isFinite(v));
    if (i >= 0) {
      const over = new Float64Array(space.size);
      for (let k = 0; k < space.size; k++) over[k] = Number.isFinite(space.low[k]) ? space.low[k] : 0;
      over[i] = space.high[i] + 1;
      c.push(over);
    }
  } else if (space instanceof MultiDiscrete) {
    const over = new Int32Array(space.nvec.length);
    over[0] = space.nvec[0];
    c.push(over, Array.from(over, () => 0));
  } else if (space instanceof MultiBinary) {
    const two = new Uint8Array(space.n);
    two[0] = 2;
    c.push(two, new Uint8Array(space.n + 1));
  } else if (space instanceof Dict) c.push({});
  else if (space instanceof Tuple) c.push([]);
  return c.filter((x) => !space.contains(x));
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of plain data: objects, arrays, typed arrays, primitives (other objects kept by reference). */
function snapshot<T>(x: T): T {
  if (ArrayBuffer.isView(x)) return (x as unknown as { slice(): T }).slice();
  if (Array.isArray(x)) return x.map(snapshot) as T;
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = snapshot(x[k]);
    return out as T;
  }
  return x;
}

/** Path of the first NaN in plain data, `''` for a NaN at the root, or null. */
function findNaN(x: unknown, path = ''): string | null {
  if (typeof x === 'number') return Number.isNaN(x) ? path : null;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return `${path}[${i}]`;
    return null;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = findNaN(x[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (isPlainObject(x)) {
    for (const k of Object.keys(x)) {
      const p = findNaN(x[k], path ? `${path}.${k}` : k);
      if (p !== null) return p;
    }
  }
  return null;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return firstDiff(a, b, '') === null;
}

/** Path of the first difference between two plain values (typed arrays compared by type and entries). */
function firstDiff(a: unknown, b: unknown, path: string): string | null {
  if (a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b))) return null;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return path || '(root)';
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}.length`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return `${path}[${i}]`;
    return null;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return path || '(root)';
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const p = firstDiff(a[i], b[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length || ka.some((k) => !(k in b))) return `${path || '(root)'} keys`;
    for (const k of ka) {
      const p = firstDiff(a[k], b[k], path ? `${path}.${k}` : k);
      if (p !== null) return p;
    }
    return null;
  }
  return path || '(root)';
}

/** Where two traces first differ (obs, rewards, flags, state), or null. Infos are not compared. */
function firstDifference(t1: Trace, t2: Trace): string | null {
  let p = firstDiff(t1.reset.obs, t2.reset.obs, 'reset.obs') ?? firstDiff(t1.reset.state, t2.reset.state, 'reset.state');
  if (p !== null) return p;
  for (let t = 0; t < Math.min(t1.steps.length, t2.steps.length); t++) {
    const [s1, s2] = [t1.steps[t], t2.steps[t]];
    for (const f of ['obs', 'rewards', 'terminated', 'truncated', 'state'] as const) {
      p = firstDiff(s1[f], s2[f], `step ${t} ${f}`);
      if (p !== null) return p;
    }
  }
  return t1.steps.length === t2.steps.length ? null : 'trace length';
}
