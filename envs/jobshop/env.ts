/**
 * JobShop-v0: job-shop scheduling by dispatching, with three shop variants (classic, blocking,
 * blocking with swaps) and random machine interruptions — the interrupting swap-allowed blocking
 * job shop (ISBJSSP) of Wong et al. (arXiv 2302.02506) when `variant: "blocking-swap"` and
 * `shutdownProb > 0`. The simulator semantics are in `sim.ts` (our reconstruction; the paper's are
 * not public).
 *
 * Description: n jobs each visit machines in a fixed order; the agent decides, whenever a free
 * machine has two or more waiting jobs, which waiting operation starts next. Single-candidate
 * machines start their job without asking (non-delay dispatching).
 * Observation: `{ observation: JobShopObservation, actionMask: Uint8Array(n) }`: per-job and
 *   per-machine features in raw time units, and the dynamic disjunctive graph (`jobShopGraph(observation)`,
 *   built on request and cached); see `observation.ts`.
 * Action: Discrete(n): job j, meaning "start job j's next operation now on its machine"; legal iff
 *   `actionMask[j] = 1`. Masked actions throw `InvalidActionError`.
 * Reward: `reward: "time"` (default): −(time elapsed since the previous decision) so that the
 *   episode return is −makespan (γ = 1); `"makespan"`: 0 until the end, then −makespan;
 *   `"lower-bound"` (L2D-style, Zhang et al. 2020): r = H(s) − H(s′), the decrease of the makespan
 *   lower bound H = max over jobs of the job's completion lower bound (done job: its end; running
 *   job: t + remaining time + its later work; waiting or blocked job: t + its remaining work). H
 *   before anything starts is the largest job total work, and H at the end is the makespan, so the
 *   episode return telescopes to H(s0) − makespan (γ = 1). Design choice: L2D's C_LB lives on an
 *   insertion schedule; ours is the same bound on this dispatching simulator's state (at a deadlock
 *   the return is H(s0) − H(deadlocked state)).
 * Termination vs truncation: `terminated` when every job is done (`info.makespan`), or at a
 *   deadlock (only possible in `blocking` without swaps: `info.deadlock = true`,
 *   `info.makespan = null`). Never truncated: an episode has at most one step per operation.
 * Arguments: `instance` (instance text in OR-Library or Taillard format, or a `JobShopInstance`;
 *   empty = a new random Taillard-style `numJobs × numMachines` instance each reset, durations
 *   U{minDuration..maxDuration}); `variant`; `shutdownProb` (per machine and time unit);
 *   `downtimeDist` (`uniform` U{min..max}, or `geometric` min + Geometric with the same mean),
 *   `downtimeMin`/`downtimeMax`; `reward`.
 *   Reset options: `instance` (a `JobShopInstance` of the same size) and `shutdownProb` override
 *   the env's for that episode. The reset seed drives the random instance and the machines'
 *   failure processes, so two policies reset with the same seed face the same failures
 *   (common random numbers).
 * Info: `time`, `makespan` (when done, else null), `deadlock`, `swaps`, `dispatches`.
 * Version history: v0 (this).
 *
 * @example
 * const env = make('JobShop-v0', { instance: ft06Text, variant: 'blocking-swap', shutdownProb: 0.01 });
 * let { obs } = env.reset({ seed: 1 });
 * const { reward, terminated, info } = env.step(obs.actionMask.indexOf(1));
 */
import { BaseEnv, type Frame, type MaskedObs, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError, InvalidActionError } from '../core/errors.js';
import { childSeed, createRng, type Rng } from '../core/rng.js';
import { Dict } from '../core/spaces/dict.js';
import { Discrete } from '../core/spaces/discrete.js';
import { MultiBinary } from '../core/spaces/multi-binary.js';
import { randomInstance } from './generator.js';
import * as O from './observation.js';
import { JobShopObservationSpace, makeObservation, type JobShopObservation } from './observation.js';
import { parseInstance } from './parsers.js';
import { SlabAllocator } from '../core/slab.js';
import { checkSimConfig, compileInstance, createSim, dispatch, scheduleOf, type CompiledInstance, type SimState } from './sim.js';
import * as T from './types.js';
import { type DowntimeDist, type JobShopInstance, type Schedule, type SimConfig, type Variant } from './types.js';

// Module-local copies of imported constants (faster in hot loops than module-namespace reads).
const BLOCKED = T.BLOCKED;
const DONE = T.DONE;
const PROCESSING = T.PROCESSING;
const JF_HELD_MACHINE = O.JF_HELD_MACHINE;
const JF_NEXT_DURATION = O.JF_NEXT_DURATION;
const JF_NEXT_MACHINE = O.JF_NEXT_MACHINE;
const JF_NEXT_OP = O.JF_NEXT_OP;
const JF_OPS_REMAINING = O.JF_OPS_REMAINING;
const JF_READY = O.JF_READY;
const JF_REMAINING_TIME = O.JF_REMAINING_TIME;
const JF_STATE = O.JF_STATE;
const JF_WORK_DONE = O.JF_WORK_DONE;
const JF_WORK_REMAINING = O.JF_WORK_REMAINING;
const JOB_FEATURES = O.JOB_FEATURES;
const MACHINE_FEATURES = O.MACHINE_FEATURES;
const MF_BLOCKED = O.MF_BLOCKED;
const MF_DOWN = O.MF_DOWN;
const MF_OCCUPANT = O.MF_OCCUPANT;
const MF_PROCESSING = O.MF_PROCESSING;

export type JobShopObs = MaskedObs<JobShopObservation>;

export interface JobShopOptions {
  /** Instance text (OR-Library or Taillard format) or object; '' = random instance per reset. */
  instance: string | JobShopInstance;
  /** Random-instance size (ignored when `instance` is given). */
  numJobs: number;
  numMachines: number;
  /** Random-instance durations U{minDuration..maxDuration}. */
  minDuration: number;
  maxDuration: number;
  variant: Variant;
  /** Per-time-unit probability that an up machine goes down, in [0, 1). */
  shutdownProb: number;
  /** Downtime law: `uniform` U{min..max} or `geometric` (same mean, unbounded tail). */
  downtimeDist: DowntimeDist;
  downtimeMin: number;
  downtimeMax: number;
  reward: 'time' | 'makespan' | 'lower-bound';
}

export const JOBSHOP_DEFAULTS = {
  instance: '',
  numJobs: 10,
  numMachines: 10,
  minDuration: 1,
  maxDuration: 99,
  variant: 'classic',
  shutdownProb: 0,
  downtimeDist: 'uniform',
  downtimeMin: 1,
  downtimeMax: 10,
  reward: 'time',
} satisfies Omit<JobShopOptions, 'instance'> & { instance: string };

export class JobShopEnv extends BaseEnv<JobShopObs, number> {
  readonly observationSpace: Dict<{ observation: JobShopObservationSpace; actionMask: MultiBinary }>;
  readonly actionSpace: Discrete;
  readonly metadata = { renderFps: 4, timeUnit: 'time unit', returnIsMinusMakespan: true };
  readonly numJobs: number;
  readonly numMachines: number;

  private readonly fixed: CompiledInstance | null;
  private readonly cfg: SimConfig;
  private readonly opts: JobShopOptions;
  private sim!: SimState;
  private lastTime = 0;
  /** Makespan lower bound H after the previous step (reward 'lower-bound'). */
  private lastBound = 0;
  private readonly alloc = new SlabAllocator();

  constructor(options: Partial<JobShopOptions> = {}) {
    super();
    const o: JobShopOptions = { ...JOBSHOP_DEFAULTS, ...options } as JobShopOptions;
    this.opts = o;
    this.cfg = { variant: o.variant, shutdownProb: o.shutdownProb, downtimeDist: o.downtimeDist, downtimeMin: o.downtimeMin, downtimeMax: o.downtimeMax };
    checkSimConfig(this.cfg);
    if (o.reward !== 'time' && o.reward !== 'makespan' && o.reward !== 'lower-bound') {
      throw new ConfigError('reward', o.reward, 'expected "time", "makespan" or "lower-bound"');
    }
    if (typeof o.instance === 'string') {
      this.fixed = o.instance.trim() === '' ? null : compileInstance(parseInstance(o.instance, 'options.instance', 'instance'));
    } else {
      this.fixed = compileInstance(o.instance);
    }
    if (this.fixed === null) {
      // Validates the generator options early.
      randomInstance(createRng(0), o.numJobs, o.numMachines, o.minDuration, o.maxDuration);
    }
    this.numJobs = this.fixed?.numJobs ?? o.numJobs;
    this.numMachines = this.fixed?.numMachines ?? o.numMachines;
    this.actionSpace = new Discrete(this.numJobs);
    const sampler = (rng: Rng): JobShopObservation => {
      const inst = this.fixed ?? compileInstance(randomInstance(rng, this.numJobs, this.numMachines, o.minDuration, o.maxDuration));
      const seeds = Array.from({ length: this.numMachines }, () => childSeed(rng));
      return observe(createSim(inst, { ...this.cfg, shutdownProb: 0 }, seeds, true));
    };
    this.observationSpace = new Dict({
      observation: new JobShopObservationSpace(this.numJobs, this.numMachines, sampler),
      actionMask: new MultiBinary(this.numJobs),
    });
  }

  /** The instance of the current episode. */
  get instance(): JobShopInstance {
    return this.sim.inst.instance;
  }

  /** The schedule executed so far in this episode (complete once it terminated). */
  schedule(): Schedule {
    return scheduleOf(this.sim);
  }

  /** The simulator state (read-only use: agents that need more than the observation, tests). */
  get state(): Readonly<SimState> {
    return this.sim;
  }

  protected resetState(options: Record<string, unknown>): ResetResult<JobShopObs> {
    let inst = this.fixed;
    if (options.instance !== undefined) {
      inst = compileInstance(options.instance as JobShopInstance);
      if (inst.numJobs !== this.numJobs || inst.numMachines !== this.numMachines) {
        throw new ConfigError('options.instance', `${inst.numJobs}x${inst.numMachines}`, `must be ${this.numJobs}x${this.numMachines} like the env's spaces`);
      }
    }
    if (inst === null) inst = compileInstance(randomInstance(this.rng, this.numJobs, this.numMachines, this.opts.minDuration, this.opts.maxDuration));
    let cfg = this.cfg;
    if (options.shutdownProb !== undefined) {
      cfg = { ...cfg, shutdownProb: options.shutdownProb as number };
      checkSimConfig(cfg);
    }
    const seeds: number[] = [];
    for (let x = 0; x < inst.numMachines; x++) seeds.push(childSeed(this.rng));
    let sim = createSim(inst, cfg, seeds);
    if (sim.status !== 'decision') sim = createSim(inst, cfg, seeds, true);
    this.sim = sim;
    this.lastTime = 0;
    this.lastBound = totalWorkBound(inst);
    return { obs: masked(observe(sim, this.alloc)), info: this.info() };
  }

  protected override validateAction(action: number): void {
    super.validateAction(action);
    if (this.sim.mask[action] !== 1) {
      throw new InvalidActionError(this.actionSpace.toString(), action, `is masked out (job ${action}'s next operation cannot start now; legal: ${legalList(this.sim.mask)}) in`);
    }
  }

  protected stepState(action: number): StepResult<JobShopObs> {
    const s = this.sim;
    dispatch(s, action);
    const terminated = s.status !== 'decision';
    let reward: number;
    if (this.opts.reward === 'time') reward = -(s.t - this.lastTime);
    else if (this.opts.reward === 'makespan') reward = terminated ? -s.t : 0;
    else {
      const h = makespanLowerBound(s);
      reward = this.lastBound - h;
      this.lastBound = h;
    }
    this.lastTime = s.t;
    return { obs: masked(observe(s, this.alloc)), reward, terminated, truncated: false, info: this.info() };
  }

  private info(): Record<string, unknown> {
    const s = this.sim;
    return { time: s.t, makespan: s.status === 'done' ? s.t : null, deadlock: s.status === 'deadlock', swaps: s.numSwaps, dispatches: s.numDispatches };
  }

  /** A Gantt-ready frame: ops started so far, machine states and downtimes. */
  renderFrame(): Frame {
    const s = this.sim;
    if (s === undefined) return { env: 'JobShop', status: 'not reset', numJobs: this.numJobs, numMachines: this.numMachines };
    const sched = scheduleOf(s);
    return {
      env: 'JobShop',
      instance: s.inst.instance.name,
      variant: s.cfg.variant,
      time: s.t,
      status: s.status,
      numJobs: s.inst.numJobs,
      numMachines: s.inst.numMachines,
      machines: Array.from({ length: s.inst.numMachines }, (_, x) => ({ down: s.machineDown[x] === 1, job: s.machineJob[x] })),
      ops: sched.ops.map((o) => ({ job: o.job, op: o.op, machine: o.machine, start: o.start, end: o.end < 0 ? null : o.end, release: o.release < 0 ? null : o.release })),
      downtimes: sched.downtimes.map((d) => ({ machine: d.machine, start: d.start, end: d.end })),
      candidates: legal(s.mask),
    };
  }
}

/** H(s0): the largest total work of a job (the makespan lower bound before anything starts). */
export function totalWorkBound(inst: CompiledInstance): number {
  let h = 0;
  for (let j = 0; j < inst.numJobs; j++) h = Math.max(h, inst.workFrom[inst.jobStart[j]]);
  return h;
}

/**
 * H(s): max over jobs of the job's completion lower bound in state s — a done job's end time; a
 * running job's t + remaining time + work of its later ops; a waiting or blocked job's t + work of
 * its remaining ops. Equals the makespan when every job is done.
 */
export function makespanLowerBound(s: Readonly<SimState>): number {
  const inst = s.inst;
  let h = 0;
  for (let j = 0; j < inst.numJobs; j++) {
    const next = s.jobNext[j];
    const end = inst.jobStart[j + 1];
    let c: number;
    if (s.jobState[j] === DONE) c = s.opEnd[end - 1];
    else if (s.jobState[j] === PROCESSING) c = s.t + s.jobRemaining[j] + (next < end ? inst.workFrom[next] : 0);
    else c = s.t + (next < end ? inst.workFrom[next] : 0);
    if (c > h) h = c;
  }
  return h;
}

/** The env's observation: the mask is the snapshot's `candidates` array (one copy, shared). */
function masked(observation: JobShopObservation): JobShopObs {
  return { observation, actionMask: observation.candidates };
}

function legal(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let j = 0; j < mask.length; j++) if (mask[j] === 1) out.push(j);
  return out;
}

function legalList(mask: Uint8Array): string {
  const l = legal(mask);
  return l.length > 0 ? l.join(', ') : 'none';
}

/** The observation of a simulator state. */
export function observe(s: SimState, alloc: SlabAllocator = new SlabAllocator()): JobShopObservation {
  const inst = s.inst;
  const n = inst.numJobs;
  const m = inst.numMachines;
  const jobs = alloc.float64(n * JOB_FEATURES);
  for (let j = 0; j < n; j++) {
    const r = j * JOB_FEATURES;
    const st = s.jobState[j];
    const next = s.jobNext[j];
    const end = inst.jobStart[j + 1];
    jobs[r + JF_STATE] = st;
    jobs[r + JF_NEXT_OP] = next - inst.jobStart[j];
    jobs[r + JF_READY] = s.jobReady[j];
    jobs[r + JF_REMAINING_TIME] = st === PROCESSING ? s.jobRemaining[j] : 0;
    jobs[r + JF_HELD_MACHINE] = s.jobHeld[j];
    jobs[r + JF_OPS_REMAINING] = end - next;
    if (next < end) {
      jobs[r + JF_NEXT_DURATION] = inst.opDuration[next];
      jobs[r + JF_WORK_REMAINING] = inst.workFrom[next];
      jobs[r + JF_NEXT_MACHINE] = inst.opMachine[next];
      jobs[r + JF_WORK_DONE] = inst.workBefore[next];
    } else {
      jobs[r + JF_NEXT_MACHINE] = -1;
      jobs[r + JF_WORK_DONE] = inst.workFrom[inst.jobStart[j]];
    }
  }
  const machines = alloc.float64(m * MACHINE_FEATURES);
  for (let x = 0; x < m; x++) {
    const r = x * MACHINE_FEATURES;
    const occ = s.machineJob[x];
    machines[r + MF_DOWN] = s.machineDown[x];
    machines[r + MF_OCCUPANT] = occ;
    if (occ >= 0) {
      machines[r + MF_PROCESSING] = s.jobState[occ] === PROCESSING ? 1 : 0;
      machines[r + MF_BLOCKED] = s.jobState[occ] === BLOCKED ? 1 : 0;
    }
  }
  const mask = alloc.uint8(n);
  mask.set(s.mask);
  return makeObservation(inst, s.t, jobs, machines, mask);
}
