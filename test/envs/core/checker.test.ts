import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/cartpole/env.js';
import { checkEnv, checkParallelEnv, CheckError, type CheckReport } from '../../../envs/core/checker.js';
import { BaseEnv, type AgentId, type Env, type Frame, type ParallelResetResult, type ParallelStepResult, type ResetArgs, type ResetResult, type StepResult } from '../../../envs/core/env.js';
import { InvalidActionError, SuiteError } from '../../../envs/core/errors.js';
import { Box } from '../../../envs/core/spaces/box.js';
import { Dict } from '../../../envs/core/spaces/dict.js';
import { Discrete } from '../../../envs/core/spaces/discrete.js';
import { MultiBinary } from '../../../envs/core/spaces/multi-binary.js';
import type { Space } from '../../../envs/core/spaces/space.js';
import { make } from '../../../envs/index.js';
import { ToyLineEnv, type ToyObs } from '../../fixtures/toy-parallel.js';

/** The name of the check that fails, or null when every check passes. */
function failedCheck(run: () => CheckReport): string | null {
  try {
    run();
    return null;
  } catch (e) {
    if (e instanceof CheckError) return e.check;
    throw e;
  }
}

type Bug =
  | 'none'
  | 'metadata-null'
  | 'reset-out-of-space'
  | 'reset-info-array'
  | 'new-space'
  | 'obs-out-of-space'
  | 'nan-reward'
  | 'numeric-flag'
  | 'info-null'
  | 'unseeded'
  | 'ignores-seed'
  | 'reused-obs'
  | 'bad-mask-length'
  | 'no-mask-check'
  | 'loose-validation'
  | 'vague-error'
  | 'no-end-guard'
  | 'frame-typed-array'
  | 'frame-nan';

type WalkObs = { observation: Float64Array; actionMask: Uint8Array };

/**
 * Walk: a correct tiny env (position 0..9, Discrete(3) = left/right/right with "left" masked at 0,
 * random start in 0..4 and a random per-episode number, terminated at 9); each `bug` breaks
 * exactly one rule.
 */
class Walk extends BaseEnv<WalkObs, number> {
  readonly metadata: Record<string, unknown>;
  private readonly obsSpace: Dict<{ observation: Box; actionMask: MultiBinary }>;
  private readonly actSpace = new Discrete(3);
  private pos = 0;
  /** A per-episode random number in [0, 1) shown in the observation (makes seeds matter). */
  private wind = 0;
  private readonly buf = new Float64Array(2);

  constructor(private readonly bug: Bug = 'none') {
    super();
    this.metadata = (bug === 'metadata-null' ? null : {}) as Record<string, unknown>;
    this.obsSpace = new Dict({ observation: new Box([0, 0], [9, 1]), actionMask: new MultiBinary(bug === 'bad-mask-length' ? 2 : 3) });
  }

  get observationSpace(): Space<WalkObs> {
    return this.obsSpace;
  }

  get actionSpace(): Space<number> {
    return this.bug === 'new-space' ? new Discrete(3) : this.actSpace;
  }

  override step(action: number): StepResult<WalkObs> {
    if (this.bug === 'no-end-guard') {
      this.validateAction(action);
      return this.stepState(action);
    }
    return super.step(action);
  }

  protected resetState(): ResetResult<WalkObs> {
    const u = this.bug === 'unseeded' ? Math.random() : this.bug === 'ignores-seed' ? 0 : this.rng();
    this.pos = Math.floor(u * 5);
    this.wind = this.bug === 'ignores-seed' ? 0 : this.bug === 'unseeded' ? Math.random() : this.rng();
    const obs = this.observe();
    if (this.bug === 'reset-out-of-space') obs.observation[1] = 2;
    return { obs, info: (this.bug === 'reset-info-array' ? [] : {}) as Record<string, unknown> };
  }

  protected stepState(action: number): StepResult<WalkObs> {
    this.pos = Math.min(9, this.pos + (action === 0 ? -1 : 1));
    const obs = this.observe();
    if (this.bug === 'obs-out-of-space') obs.observation[0] = this.pos + 10;
    return {
      obs,
      reward: this.bug === 'nan-reward' && this.pos > 2 ? Number.NaN : action === 2 ? 1 : 0,
      terminated: (this.bug === 'numeric-flag' ? Number(this.pos === 9) : this.pos === 9) as boolean,
      truncated: false,
      info: (this.bug === 'info-null' ? null : {}) as Record<string, unknown>,
    };
  }

  protected override validateAction(action: number): void {
    if (this.bug === 'vague-error' && !this.actSpace.contains(action)) throw new InvalidActionError('the action space', action);
    if (this.bug !== 'loose-validation') super.validateAction(action);
    if (this.bug !== 'no-mask-check' && this.mask()[action] === 0) throw new InvalidActionError(this.actSpace.toString(), action, 'is masked out in');
  }

  renderFrame(): Frame {
    if (this.bug === 'frame-typed-array') return { pos: Float64Array.of(this.pos) } as unknown as Frame;
    if (this.bug === 'frame-nan') return { pos: this.pos, speed: Number.NaN };
    return { pos: this.pos };
  }

  private mask(): Uint8Array {
    const m = Uint8Array.of(this.pos > 0 ? 1 : 0, 1, 1);
    return this.bug === 'bad-mask-length' ? m.subarray(0, 2).slice() : m;
  }

  private observe(): WalkObs {
    if (this.bug === 'reused-obs') {
      this.buf[0] = this.pos;
      this.buf[1] = this.wind;
      return { observation: this.buf, actionMask: this.mask() };
    }
    return { observation: Float64Array.of(this.pos, this.wind), actionMask: this.mask() };
  }
}

describe('checkEnv', () => {
  it('passes CartPole (raw and made with TimeLimit) and reports every check', () => {
    const report = checkEnv(new CartPoleEnv());
    expect(report.checks.every((c) => c.status === 'passed' || c.status === 'skipped')).toBe(true);
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    expect(byName['same-seed-same-trajectory']).toBe('passed');
    expect(byName['different-seed-different-trajectory']).toBe('passed');
    expect(byName['step-after-end-throws']).toBe('passed');
    expect(byName['invalid-action-throws']).toBe('passed');
    expect(byName['action-mask-length']).toBe('skipped');
    expect(checkEnv(make('CartPole-v1'), { seed: 7, steps: 300 }).env).toBe('CartPole-v1');
  });

  it('passes the correct toy env, including the mask checks', () => {
    const report = checkEnv(new Walk());
    expect(report.checks.filter((c) => c.status === 'skipped')).toEqual([]);
    expect(report.checks.map((c) => c.name)).toContain('masked-action-throws');
  });

  const cases: [Bug, string][] = [
    ['new-space', 'space-identity'],
    ['metadata-null', 'metadata-object'],
    ['reset-out-of-space', 'reset-obs-in-space'],
    ['reset-info-array', 'reset-info-object'],
    ['obs-out-of-space', 'step-obs-in-space'],
    ['nan-reward', 'step-reward-finite'],
    ['numeric-flag', 'step-flags-boolean'],
    ['info-null', 'step-info-object'],
    ['reused-obs', 'obs-not-reused'],
    ['bad-mask-length', 'action-mask-length'],
    ['no-mask-check', 'masked-action-throws'],
    ['loose-validation', 'invalid-action-throws'],
    ['vague-error', 'invalid-action-throws'],
    ['unseeded', 'same-seed-same-trajectory'],
    ['ignores-seed', 'different-seed-different-trajectory'],
    ['no-end-guard', 'step-after-end-throws'],
    ['frame-typed-array', 'render-frame-json'],
    ['frame-nan', 'render-frame-json'],
  ];
  it.each(cases)('a Walk with bug %s fails check %s', (bug, check) => {
    expect(failedCheck(() => checkEnv(new Walk(bug)))).toBe(check);
  });

  it('throws a SuiteError whose message names the check', () => {
    let err: unknown;
    try {
      checkEnv(new Walk('nan-reward'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SuiteError);
    expect((err as Error).message).toMatch(/step-reward-finite/);
    expect((err as Error).message).toMatch(/NaN/);
  });

  it('skips the seed-variation check for deterministic envs when asked', () => {
    const report = checkEnv(new Walk('ignores-seed'), { seedSensitive: false });
    expect(report.checks.find((c) => c.name === 'different-seed-different-trajectory')?.status).toBe('skipped');
  });

  it('refuses a parallel env', () => {
    expect(failedCheck(() => checkEnv(new ToyLineEnv() as unknown as Env))).toBe('single-agent-api');
  });
});

/** ToyLine variants, each breaking one parallel-API rule. */
class DeadAgentsStay extends ToyLineEnv {
  override step(actions: Record<AgentId, number>): ParallelStepResult<ToyObs> {
    const live = [...this.agents];
    const r = super.step(actions);
    this.agents = live.filter((a) => !r.terminations[a]); // forgets truncation
    return r;
  }
}

class NewActionSpaces extends ToyLineEnv {
  override actionSpace(): Space<number> {
    return new Discrete(3);
  }
}

class NanState extends ToyLineEnv {
  override state(): Float64Array {
    const s = super.state();
    if (this.steps > 2) s[0] = Number.NaN;
    return s;
  }
}

class GhostAgent extends ToyLineEnv {
  override reset(args?: ResetArgs): ParallelResetResult<ToyObs> {
    const r = super.reset(args);
    this.agents.push('ghost');
    this.pos.ghost = 0;
    r.observations.ghost = this.observe('ghost');
    r.infos.ghost = {};
    return r;
  }
}

class MissingInfo extends ToyLineEnv {
  override step(actions: Record<AgentId, number>): ParallelStepResult<ToyObs> {
    const r = super.step(actions);
    delete r.infos[this.possibleAgents[0]];
    return r;
  }
}

class StateOutOfSpace extends ToyLineEnv {
  override state(): Float64Array {
    return new Float64Array(this.numAgents + 1);
  }
}

describe('checkParallelEnv', () => {
  it('passes the toy parallel env with every check run', () => {
    const report = checkParallelEnv(new ToyLineEnv(3, 5, 10), { steps: 200 });
    expect(report.checks.filter((c) => c.status === 'skipped')).toEqual([]);
    for (const name of ['agents-subset', 'dead-agents-leave', 'state-in-space', 'action-mask-length', 'masked-action-throws', 'step-after-end-throws']) {
      expect(report.checks.map((c) => c.name)).toContain(name);
    }
  });

  it.each([
    [DeadAgentsStay, 'dead-agents-leave'],
    [NewActionSpaces, 'space-identity'],
    [NanState, 'state-in-space'],
    [GhostAgent, 'reset-agents'],
    [MissingInfo, 'step-keys'],
    [StateOutOfSpace, 'state-in-space'],
  ] as const)('%o fails %s', (Cls, check) => {
    expect(failedCheck(() => checkParallelEnv(new Cls()))).toBe(check);
  });

  it('refuses a single-agent env', () => {
    expect(failedCheck(() => checkParallelEnv(new CartPoleEnv() as never))).toBe('parallel-api');
  });
});
