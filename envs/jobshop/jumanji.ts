/**
 * Jumanji-compatible job shop: InstaDeep Jumanji's `JobShop` conventions (jumanji/environments/
 * packing/job_shop/env.py) on our instances, so results can be compared with that environment.
 *
 * JobShopJumanji-v0
 * Description: classic job shop, one step per time unit; at every step each machine is given a
 *   job (its next op starts now) or the no-op. No failures, no blocking (Jumanji has neither).
 * Observation: `{ observation: JumanjiObservation, actionMask }` with Jumanji's field names, arrays
 *   row-major: `ops_machine_ids` and `ops_durations` (J × O, −1 padding), `ops_mask` (J × O, 1 =
 *   not yet scheduled), `machines_job_ids` (M; J = no job), `machines_remaining_times` (M),
 *   `action_mask` (M × (J+1); column J is the no-op, always 1). `actionMask` is the same array as
 *   `action_mask` (the flattened MultiDiscrete mask).
 * Action: MultiDiscrete(M × [J+1]): job id per machine, J = no-op.
 * Reward: −1 per step; −J·O·D_max and termination if the action is illegal (some machine got a job
 *   its mask forbids) or all machines end the step idle with work left (Jumanji's convention: a
 *   penalty, not an error, since that is what this adapter reproduces).
 * Termination: all ops scheduled and finished (makespan = steps taken), or the penalty cases.
 * Arguments: `instance` (text or `JobShopInstance`; '' = random `numJobs × numMachines`
 *   Taillard-style instance per reset, durations U{1..maxDuration}); D_max = `maxDuration` for
 *   random instances, the instance's largest duration otherwise.
 * Semantics ported from Jumanji: a job started at step t with duration d occupies its machine in
 * [t, t+d); a machine's remaining time drops by 1 per step; a machine that is free and gets the
 * no-op shows job id J.
 *
 * `toJumanjiObservation(obs)` converts a `JobShop-v0` observation (classic variant, no failures)
 * into the same fields, and `jumanjiToDispatches` turns a Jumanji action into the `JobShop-v0` job
 * actions it implies at that decision epoch.
 */
import { BaseEnv, type Frame, type MaskedObs, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { MultiDiscrete } from '../core/spaces/multi-discrete.js';
import { Space } from '../core/spaces/space.js';
import type { JsonObject } from '../core/json.js';
import { createRng, type Rng } from '../core/rng.js';
import { Dict } from '../core/spaces/dict.js';
import { MultiBinary } from '../core/spaces/multi-binary.js';
import { randomInstance } from './generator.js';
import * as O from './observation.js';
import type { JobShopObservation } from './observation.js';
import { parseInstance } from './parsers.js';
import { compileInstance, type CompiledInstance } from './sim.js';
import * as T from './types.js';
import type { JobShopInstance } from './types.js';

export interface JumanjiObservation {
  /** J × O, machine of each op, −1 padding. */
  ops_machine_ids: Int32Array;
  /** J × O, duration of each op, −1 padding. */
  ops_durations: Int32Array;
  /** J × O, 1 = op not yet scheduled (0 for padding). */
  ops_mask: Uint8Array;
  /** M, job on each machine; J = none. */
  machines_job_ids: Int32Array;
  /** M, time units until each machine is free. */
  machines_remaining_times: Int32Array;
  /** M × (J+1), 1 = legal; last column = no-op. */
  action_mask: Uint8Array;
}

export type JumanjiObs = MaskedObs<JumanjiObservation>;

export interface JumanjiJobShopOptions {
  instance: string | JobShopInstance;
  numJobs: number;
  numMachines: number;
  maxDuration: number;
}

export const JUMANJI_DEFAULTS = { instance: '', numJobs: 20, numMachines: 10, maxDuration: 6 };

/** Static arrays of an instance in Jumanji's padded layout. */
function padded(inst: CompiledInstance): { machineIds: Int32Array; durations: Int32Array; O: number } {
  const J = inst.numJobs;
  const O_ = inst.maxOps;
  const machineIds = new Int32Array(J * O_).fill(-1);
  const durations = new Int32Array(J * O_).fill(-1);
  for (let j = 0; j < J; j++) {
    for (let o = inst.jobStart[j]; o < inst.jobStart[j + 1]; o++) {
      machineIds[j * O_ + inst.opIndex[o]] = inst.opMachine[o];
      durations[j * O_ + inst.opIndex[o]] = inst.opDuration[o];
    }
  }
  return { machineIds, durations, O: O_ };
}

/** Jumanji's mask: machine free, op's machine matches, job not running, job unfinished; no-op always. */
function actionMaskFor(inst: CompiledInstance, nextOp: Int32Array, machineJob: Int32Array, remaining: Int32Array): Uint8Array {
  const J = inst.numJobs;
  const M = inst.numMachines;
  const mask = new Uint8Array(M * (J + 1));
  const running = new Uint8Array(J);
  for (let x = 0; x < M; x++) if (remaining[x] > 0 && machineJob[x] < J) running[machineJob[x]] = 1;
  for (let x = 0; x < M; x++) {
    mask[x * (J + 1) + J] = 1;
    if (remaining[x] !== 0) continue;
    for (let j = 0; j < J; j++) {
      const o = inst.jobStart[j] + nextOp[j];
      if (o < inst.jobStart[j + 1] && running[j] === 0 && inst.opMachine[o] === x) mask[x * (J + 1) + j] = 1;
    }
  }
  return mask;
}

class JumanjiObservationSpace extends Space<JumanjiObservation> {
  constructor(
    readonly J: number,
    readonly M: number,
    readonly O: number,
    private readonly sampler: (rng: Rng) => JumanjiObservation,
  ) {
    super();
  }

  sample(rng: Rng = this.defaultRng()): JumanjiObservation {
    return this.sampler(rng);
  }

  contains(x: unknown): x is JumanjiObservation {
    if (typeof x !== 'object' || x === null) return false;
    const o = x as Partial<JumanjiObservation>;
    const JO = this.J * this.O;
    return (
      o.ops_machine_ids instanceof Int32Array && o.ops_machine_ids.length === JO &&
      o.ops_durations instanceof Int32Array && o.ops_durations.length === JO &&
      o.ops_mask instanceof Uint8Array && o.ops_mask.length === JO &&
      o.machines_job_ids instanceof Int32Array && o.machines_job_ids.length === this.M &&
      o.machines_remaining_times instanceof Int32Array && o.machines_remaining_times.length === this.M &&
      o.action_mask instanceof Uint8Array && o.action_mask.length === this.M * (this.J + 1) &&
      o.machines_remaining_times.every((v) => v >= 0) && o.machines_job_ids.every((v) => v >= 0 && v <= this.J)
    );
  }

  toJSON(): JsonObject {
    return { type: 'JumanjiJobShopObservation', numJobs: this.J, numMachines: this.M, maxNumOps: this.O };
  }

  toString(): string {
    return `JumanjiJobShopObservation(J=${this.J}, M=${this.M}, O=${this.O})`;
  }
}

export class JumanjiJobShopEnv extends BaseEnv<JumanjiObs, Int32Array> {
  readonly observationSpace: Dict<{ observation: JumanjiObservationSpace; actionMask: MultiBinary }>;
  readonly actionSpace: MultiDiscrete;
  readonly metadata = { renderFps: 4, convention: 'jumanji JobShop' };
  readonly numJobs: number;
  readonly numMachines: number;
  readonly maxNumOps: number;

  private readonly fixed: CompiledInstance | null;
  private readonly opts: JumanjiJobShopOptions;
  private inst!: CompiledInstance;
  private layout!: { machineIds: Int32Array; durations: Int32Array; O: number };
  private nextOp!: Int32Array;
  private machineJob!: Int32Array;
  private remaining!: Int32Array;
  private mask!: Uint8Array;
  private stepCount = 0;
  /** Start time of each op (−1 until scheduled), by global op id. */
  private scheduled!: Int32Array;

  constructor(options: Partial<JumanjiJobShopOptions> = {}) {
    super();
    const o = { ...JUMANJI_DEFAULTS, ...options };
    this.opts = o;
    if (typeof o.instance === 'string') this.fixed = o.instance.trim() === '' ? null : compileInstance(parseInstance(o.instance, 'options.instance', 'instance'));
    else this.fixed = compileInstance(o.instance);
    if (this.fixed === null && (!Number.isInteger(o.maxDuration) || o.maxDuration < 1)) throw new ConfigError('maxDuration', o.maxDuration, 'must be an integer ≥ 1');
    this.numJobs = this.fixed?.numJobs ?? o.numJobs;
    this.numMachines = this.fixed?.numMachines ?? o.numMachines;
    this.maxNumOps = this.fixed?.maxOps ?? o.numMachines;
    if (this.fixed === null) randomInstance(createRng(0), this.numJobs, this.numMachines, 1, o.maxDuration);
    this.actionSpace = new MultiDiscrete(new Array(this.numMachines).fill(this.numJobs + 1));
    const inner = new JumanjiObservationSpace(this.numJobs, this.numMachines, this.maxNumOps, (rng) => {
      const inst = this.fixed ?? compileInstance(randomInstance(rng, this.numJobs, this.numMachines, 1, o.maxDuration));
      const lay = padded(inst);
      const z = new Int32Array(this.numMachines);
      const ops = new Uint8Array(lay.machineIds.length).map((_, i) => (lay.machineIds[i] >= 0 ? 1 : 0));
      return { ops_machine_ids: lay.machineIds, ops_durations: lay.durations, ops_mask: ops, machines_job_ids: z.map(() => this.numJobs), machines_remaining_times: z, action_mask: actionMaskFor(inst, new Int32Array(this.numJobs), z.map(() => this.numJobs), z) };
    });
    this.observationSpace = new Dict({ observation: inner, actionMask: new MultiBinary(this.numMachines * (this.numJobs + 1)) });
  }

  /** −J·O·D_max: the penalty for illegal actions and all-idle steps. */
  get penalty(): number {
    const dMax = this.fixed !== null ? this.fixed.maxDuration : this.opts.maxDuration;
    return -this.numJobs * this.maxNumOps * dMax;
  }

  protected resetState(): ResetResult<JumanjiObs> {
    this.inst = this.fixed ?? compileInstance(randomInstance(this.rng, this.numJobs, this.numMachines, 1, this.opts.maxDuration));
    this.layout = padded(this.inst);
    this.nextOp = new Int32Array(this.numJobs);
    this.machineJob = new Int32Array(this.numMachines).fill(this.numJobs);
    this.remaining = new Int32Array(this.numMachines);
    this.scheduled = new Int32Array(this.inst.numOps).fill(-1);
    this.stepCount = 0;
    this.mask = actionMaskFor(this.inst, this.nextOp, this.machineJob, this.remaining);
    return { obs: this.observe(), info: { time: 0 } };
  }

  protected stepState(action: Int32Array): StepResult<JumanjiObs> {
    const J = this.numJobs;
    const M = this.numMachines;
    const inst = this.inst;
    let invalid = false;
    for (let x = 0; x < M; x++) if (this.mask[x * (J + 1) + action[x]] !== 1) invalid = true;
    const newJob = new Int32Array(M).fill(-1);
    const picked = new Uint8Array(J);
    for (let x = 0; x < M; x++) if (action[x] < J) picked[action[x]] = 1;
    // Machines (Jumanji `_update_machines`).
    for (let x = 0; x < M; x++) {
      const a = action[x];
      let rem: number;
      if (a === J) {
        if (this.remaining[x] === 0) this.machineJob[x] = J;
        rem = this.remaining[x];
      } else {
        this.machineJob[x] = a;
        const o = Math.min(inst.jobStart[a] + this.nextOp[a], inst.jobStart[a + 1] - 1);
        rem = inst.opDuration[o];
        newJob[x] = a;
      }
      this.remaining[x] = rem > 0 ? rem - 1 : 0;
    }
    // Operations (Jumanji `_update_operations`): every picked job's next op is scheduled now.
    for (let j = 0; j < J; j++) {
      if (picked[j] === 1 && this.nextOp[j] < inst.jobStart[j + 1] - inst.jobStart[j]) {
        this.scheduled[inst.jobStart[j] + this.nextOp[j]] = this.stepCount;
        this.nextOp[j]++;
      }
    }
    this.mask = actionMaskFor(inst, this.nextOp, this.machineJob, this.remaining);
    this.stepCount++;
    let allIdle = true;
    let allFree = true;
    for (let x = 0; x < M; x++) {
      if (!(this.machineJob[x] === J && this.remaining[x] === 0)) allIdle = false;
      if (this.remaining[x] !== 0) allFree = false;
    }
    let allScheduled = true;
    for (let j = 0; j < J; j++) if (this.nextOp[j] < inst.jobStart[j + 1] - inst.jobStart[j]) allScheduled = false;
    const finished = allScheduled && allFree;
    const terminated = invalid || allIdle || finished;
    const reward = invalid || allIdle ? this.penalty : -1;
    return {
      obs: this.observe(),
      reward,
      terminated,
      truncated: false,
      info: { time: this.stepCount, invalid, allIdle, makespan: finished && !invalid ? this.stepCount : null },
    };
  }

  /** Start time of every scheduled op, by job and op index (−1 = not scheduled). */
  scheduledTimes(): number[][] {
    return this.inst.instance.machines.map((row, j) => row.map((_, k) => this.scheduled[this.inst.jobStart[j] + k]));
  }

  renderFrame(): Frame {
    if (this.inst === undefined) return { env: 'JobShopJumanji', status: 'not reset' };
    return { env: 'JobShopJumanji', time: this.stepCount, machinesJobIds: Array.from(this.machineJob), machinesRemainingTimes: Array.from(this.remaining), scheduledTimes: this.scheduledTimes() };
  }

  private observe(): JumanjiObs {
    const J = this.numJobs;
    const O_ = this.layout.O;
    const opsMask = new Uint8Array(J * O_);
    for (let j = 0; j < J; j++) {
      const K = this.inst.jobStart[j + 1] - this.inst.jobStart[j];
      for (let k = this.nextOp[j]; k < K; k++) opsMask[j * O_ + k] = 1;
    }
    const observation: JumanjiObservation = {
      ops_machine_ids: this.layout.machineIds.slice(),
      ops_durations: this.layout.durations.slice(),
      ops_mask: opsMask,
      machines_job_ids: this.machineJob.slice(),
      machines_remaining_times: this.remaining.slice(),
      action_mask: this.mask,
    };
    return { observation, actionMask: this.mask };
  }
}

/**
 * Jumanji's fields for a `JobShop-v0` observation (classic variant, no failures). At a decision
 * epoch `action_mask` rows hold exactly the machines' candidates (plus the no-op).
 */
export function toJumanjiObservation(obs: JobShopObservation): JumanjiObservation {
  const inst = obs.instance;
  const J = inst.numJobs;
  const M = inst.numMachines;
  const lay = padded(inst);
  const nextOp = new Int32Array(J);
  const opsMask = new Uint8Array(J * lay.O);
  for (let j = 0; j < J; j++) {
    const k = obs.jobs[j * O.JOB_FEATURES + O.JF_NEXT_OP];
    nextOp[j] = k;
    for (let q = k; q < inst.jobStart[j + 1] - inst.jobStart[j]; q++) opsMask[j * lay.O + q] = 1;
  }
  const machineJob = new Int32Array(M).fill(J);
  const remaining = new Int32Array(M);
  for (let x = 0; x < M; x++) {
    const occ = obs.machines[x * O.MACHINE_FEATURES + O.MF_OCCUPANT];
    if (occ >= 0) {
      machineJob[x] = occ;
      if (obs.jobs[occ * O.JOB_FEATURES + O.JF_STATE] === T.PROCESSING) remaining[x] = obs.jobs[occ * O.JOB_FEATURES + O.JF_REMAINING_TIME];
    }
  }
  return { ops_machine_ids: lay.machineIds, ops_durations: lay.durations, ops_mask: opsMask, machines_job_ids: machineJob, machines_remaining_times: remaining, action_mask: actionMaskFor(inst, nextOp, machineJob, remaining) };
}

/**
 * The `JobShop-v0` actions (jobs, in machine order) that a Jumanji action implies at a decision
 * epoch: every machine's chosen job that is a legal candidate; no-ops and illegal picks are dropped.
 */
export function jumanjiToDispatches(action: Int32Array, obs: JobShopObservation): number[] {
  const out: number[] = [];
  const J = obs.instance.numJobs;
  for (let x = 0; x < action.length; x++) {
    const j = action[x];
    if (j < J && obs.candidates[j] === 1 && obs.jobs[j * O.JOB_FEATURES + O.JF_NEXT_MACHINE] === x) out.push(j);
  }
  return out;
}
