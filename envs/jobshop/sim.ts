/**
 * The job-shop simulator: transition functions over a mutable, flat `SimState` (typed arrays, no
 * allocation on the hot path). `JobShopEnv` is a thin class over these.
 *
 * Semantics (spec `jobshop.md` (a), "exact simulator semantics"; our design where the paper is silent).
 * Integer clock t. Job states: WAIT (input queue before op 0, or between ops in `classic`),
 * PROCESSING, BLOCKED (finished op k, still on its machine; blocking variants), DONE (the last op
 * releases its machine at completion). Machines: free / occupied, and up / down. At each t:
 *  1. Failures (shutdownProb p > 0): every up machine goes down w.p. p for d ~ U{dMin..dMax} units
 *     (down during [t, t+d), up again at t+d, when it may fail at once).
 *  2. Completions: processing jobs with remaining time 0 → DONE, WAIT (classic: machine released)
 *     or BLOCKED (blocking: machine kept); the job's ready time becomes t.
 *  3. Until nothing changes: (a) swaps (`blocking-swap`): successor map over BLOCKED jobs, j → the
 *     BLOCKED occupant of j's next machine if that machine is up; every cycle of length ≥ 2 (scanned
 *     in job order) moves at once, each member starting its next op. (b) dispatch: a free, up
 *     machine's candidates are the WAIT/BLOCKED jobs whose next op is on it; a machine with one
 *     candidate dispatches it (non-delay); a BLOCKED job leaving frees its old machine in the same t.
 *  4. If every job is DONE, the makespan is t. Otherwise processing on up machines advances and t
 *     moves on (processing on a down machine pauses and resumes; nothing starts on a down machine;
 *     a job may leave a down machine).
 *
 * Decision epochs: when, after 3, some free up machine has ≥ 2 candidates. The action is one
 * candidate job (its next operation is dispatched), chosen from the union over all such machines;
 * then 3 continues at the same t. Candidate sets of different machines are disjoint (a job's next
 * op is on one machine) and only shrink within a t, so a rule that picks the best candidate of the
 * union gives the same schedule as applying it machine by machine in index order.
 *
 * Design choices (documented here, [D] in the spec):
 *  - Failure processes are per machine and independent of the policy: machine x draws from its own
 *    generator (seeded at reset), time to the next failure ~ Geometric(p) by inversion
 *    (⌊ln(1−U)/ln(1−p)⌋ further up units), then the downtime. This equals the per-unit Bernoulli
 *    model in distribution, lets the simulator jump from event to event, and gives common random
 *    numbers: the same seed yields the same downtimes under every policy and, for one U, failures
 *    come no later as p grows.
 *  - A job whose next op is on the machine it blocks continues there (a one-job "cycle"; not a swap).
 *  - Deadlock (only `blocking` without swaps, or impossible states): no job is processing, no waiting
 *    job's next machine is free (up or down), and no swap cycle exists even ignoring downtimes; then
 *    nothing can ever change and the episode ends with `status = 'deadlock'`.
 *  - If an episode would finish without any real choice, its first dispatch is presented as a
 *    one-candidate decision (`forceFirst`), so every episode has at least one step.
 */
import { ConfigError } from '../core/errors.js';
import { createRng, type Rng } from '../core/rng.js';
import * as T from './types.js';
import { type JobShopInstance, type Schedule, type ScheduledOp, type SimConfig } from './types.js';

// Module-local copies of imported constants (faster in hot loops than module-namespace reads).
const WAIT = T.WAIT;
const PROCESSING = T.PROCESSING;
const BLOCKED = T.BLOCKED;
const DONE = T.DONE;
const VARIANTS = T.VARIANTS;

/** An instance in flat arrays. */
export interface CompiledInstance {
  instance: JobShopInstance;
  numJobs: number;
  numMachines: number;
  numOps: number;
  /** Ops of job j are jobStart[j] .. jobStart[j+1]-1. */
  jobStart: Int32Array;
  opJob: Int32Array;
  /** Index of the op within its job. */
  opIndex: Int32Array;
  opMachine: Int32Array;
  opDuration: Int32Array;
  /** Σ of durations from this op to the job's end (inclusive). */
  workFrom: Int32Array;
  /** Σ of durations of the job's earlier ops. */
  workBefore: Int32Array;
  maxDuration: number;
  maxOps: number;
}

/** Validates an instance object (ConfigError naming the bad field) and flattens it. */
export function compileInstance(instance: JobShopInstance): CompiledInstance {
  const { numJobs: n, numMachines: m } = instance;
  if (!Number.isInteger(n) || n < 1) throw new ConfigError('instance.numJobs', n, 'must be a positive integer');
  if (!Number.isInteger(m) || m < 1) throw new ConfigError('instance.numMachines', m, 'must be a positive integer');
  if (!Array.isArray(instance.machines) || instance.machines.length !== n) throw new ConfigError('instance.machines', instance.machines?.length, `must have ${n} rows`);
  if (!Array.isArray(instance.durations) || instance.durations.length !== n) throw new ConfigError('instance.durations', instance.durations?.length, `must have ${n} rows`);
  const jobStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    const k = instance.machines[j].length;
    if (k < 1 || instance.durations[j].length !== k) throw new ConfigError(`instance.durations[${j}]`, instance.durations[j].length, `must have as many entries as machines[${j}] (${k}, ≥ 1)`);
    jobStart[j + 1] = jobStart[j] + k;
  }
  const N = jobStart[n];
  const opJob = new Int32Array(N);
  const opIndex = new Int32Array(N);
  const opMachine = new Int32Array(N);
  const opDuration = new Int32Array(N);
  const workFrom = new Int32Array(N);
  const workBefore = new Int32Array(N);
  let maxDuration = 0;
  let maxOps = 0;
  for (let j = 0; j < n; j++) {
    const K = jobStart[j + 1] - jobStart[j];
    maxOps = Math.max(maxOps, K);
    let before = 0;
    for (let k = 0; k < K; k++) {
      const o = jobStart[j] + k;
      const mach = instance.machines[j][k];
      const dur = instance.durations[j][k];
      if (!Number.isInteger(mach) || mach < 0 || mach >= m) throw new ConfigError(`instance.machines[${j}][${k}]`, mach, `must be an integer in 0..${m - 1}`);
      if (!Number.isInteger(dur) || dur < 1) throw new ConfigError(`instance.durations[${j}][${k}]`, dur, 'must be an integer ≥ 1');
      opJob[o] = j;
      opIndex[o] = k;
      opMachine[o] = mach;
      opDuration[o] = dur;
      workBefore[o] = before;
      before += dur;
      maxDuration = Math.max(maxDuration, dur);
    }
    let after = 0;
    for (let k = K - 1; k >= 0; k--) {
      after += opDuration[jobStart[j] + k];
      workFrom[jobStart[j] + k] = after;
    }
  }
  return { instance, numJobs: n, numMachines: m, numOps: N, jobStart, opJob, opIndex, opMachine, opDuration, workFrom, workBefore, maxDuration, maxOps };
}

/** Validates simulator switches. */
export function checkSimConfig(cfg: SimConfig): void {
  if (!VARIANTS.includes(cfg.variant)) throw new ConfigError('variant', cfg.variant, `expected one of ${VARIANTS.join(', ')}`);
  if (typeof cfg.shutdownProb !== 'number' || !(cfg.shutdownProb >= 0 && cfg.shutdownProb < 1)) throw new ConfigError('shutdownProb', cfg.shutdownProb, 'must be a probability in [0, 1)');
  if (!T.DOWNTIME_DISTS.includes(cfg.downtimeDist)) throw new ConfigError('downtimeDist', cfg.downtimeDist, `expected one of ${T.DOWNTIME_DISTS.join(', ')}`);
  if (!Number.isInteger(cfg.downtimeMin) || cfg.downtimeMin < 1) throw new ConfigError('downtimeMin', cfg.downtimeMin, 'must be an integer ≥ 1');
  if (!Number.isInteger(cfg.downtimeMax) || cfg.downtimeMax < cfg.downtimeMin) throw new ConfigError('downtimeMax', cfg.downtimeMax, `must be an integer ≥ downtimeMin (${cfg.downtimeMin})`);
}

export type SimStatus = 'decision' | 'done' | 'deadlock';

export interface SimState {
  inst: CompiledInstance;
  cfg: SimConfig;
  blocking: boolean;
  swapsAllowed: boolean;
  /** Current time. */
  t: number;
  status: SimStatus;
  jobState: Uint8Array;
  /** Global id of the job's next op to start (jobStart[j+1] when all started). */
  jobNext: Int32Array;
  /** Remaining processing time of the running op. */
  jobRemaining: Int32Array;
  /** Time the job became available for its next op (end of its previous op; 0 before op 0). */
  jobReady: Int32Array;
  /** Machine the job occupies (processing or blocked), −1 if none. */
  jobHeld: Int32Array;
  /** Occupant job, −1 if free. */
  machineJob: Int32Array;
  machineDown: Uint8Array;
  /** Time a down machine comes back up. */
  machineUpAt: Float64Array;
  /** Time an up machine fails next (Infinity without failures). */
  machineFailAt: Float64Array;
  machineRngs: Rng[];
  opStart: Int32Array;
  opEnd: Int32Array;
  opRelease: Int32Array;
  /** Downtime intervals, flat triples (machine, start, end). */
  downtimes: number[];
  numSwaps: number;
  numDispatches: number;
  doneJobs: number;
  procJobs: number;
  /** Jobs that may be dispatched now (valid when status = 'decision'). */
  mask: Uint8Array;
  forceFirst: boolean;
  candCount: Int32Array;
  candLast: Int32Array;
  succ: Int32Array;
  mark: Int32Array;
}

/**
 * A fresh state at t = 0, simulated up to the first decision (or the end).
 * `machineSeeds[x]` seeds machine x's failure process (unused when shutdownProb = 0).
 */
export function createSim(inst: CompiledInstance, cfg: SimConfig, machineSeeds: readonly number[], forceFirst = false): SimState {
  const n = inst.numJobs;
  const m = inst.numMachines;
  const N = inst.numOps;
  const s: SimState = {
    inst,
    cfg,
    blocking: cfg.variant !== 'classic',
    swapsAllowed: cfg.variant === 'blocking-swap',
    t: 0,
    status: 'decision',
    jobState: new Uint8Array(n),
    jobNext: inst.jobStart.slice(0, n),
    jobRemaining: new Int32Array(n),
    jobReady: new Int32Array(n),
    jobHeld: new Int32Array(n).fill(-1),
    machineJob: new Int32Array(m).fill(-1),
    machineDown: new Uint8Array(m),
    machineUpAt: new Float64Array(m),
    machineFailAt: new Float64Array(m).fill(Infinity),
    machineRngs: [],
    opStart: new Int32Array(N).fill(-1),
    opEnd: new Int32Array(N).fill(-1),
    opRelease: new Int32Array(N).fill(-1),
    downtimes: [],
    numSwaps: 0,
    numDispatches: 0,
    doneJobs: 0,
    procJobs: 0,
    mask: new Uint8Array(n),
    forceFirst,
    candCount: new Int32Array(m),
    candLast: new Int32Array(m),
    succ: new Int32Array(n),
    mark: new Int32Array(n),
  };
  if (cfg.shutdownProb > 0) {
    for (let x = 0; x < m; x++) {
      s.machineRngs.push(createRng(machineSeeds[x]));
      s.machineFailAt[x] = nextFailure(s, x, 0);
    }
    applyMachineEvents(s);
  }
  run(s);
  return s;
}

/** Dispatches `job`'s next operation (must be in `s.mask`) and simulates to the next decision. */
export function dispatch(s: SimState, job: number): void {
  s.mask.fill(0);
  s.forceFirst = false;
  startOp(s, job);
  run(s);
}

function nextFailure(s: SimState, x: number, from: number): number {
  const u = s.machineRngs[x]();
  return from + Math.floor(Math.log(1 - u) / Math.log(1 - s.cfg.shutdownProb));
}

/** A downtime draw from machine x's generator (see `SimConfig.downtimeDist`). */
function downtime(s: SimState, x: number): number {
  const { downtimeMin: lo, downtimeMax: hi } = s.cfg;
  const u = s.machineRngs[x]();
  if (s.cfg.downtimeDist === 'uniform') return lo + Math.floor(u * (hi - lo + 1));
  const q = 1 / (1 + (hi - lo) / 2);
  return lo + Math.floor(Math.log(1 - u) / Math.log(1 - q));
}

/**
 * Step 1 at time t: repairs due now, then failures due now (a repaired machine may fail at once).
 * Returns whether a machine came back up (and stayed up).
 */
function applyMachineEvents(s: SimState): boolean {
  const t = s.t;
  let repaired = false;
  for (let x = 0; x < s.inst.numMachines; x++) {
    let upAgain = false;
    for (;;) {
      if (s.machineDown[x] === 1) {
        if (s.machineUpAt[x] > t) break;
        s.machineDown[x] = 0;
        s.machineFailAt[x] = nextFailure(s, x, s.machineUpAt[x]);
        upAgain = true;
      } else {
        if (s.machineFailAt[x] > t) break;
        upAgain = false;
        const start = s.machineFailAt[x];
        const d = downtime(s, x);
        s.machineDown[x] = 1;
        s.machineUpAt[x] = start + d;
        s.downtimes.push(x, start, start + d);
      }
    }
    if (upAgain) repaired = true;
  }
  return repaired;
}

function startOp(s: SimState, j: number): void {
  const inst = s.inst;
  const op = s.jobNext[j];
  const x = inst.opMachine[op];
  if (s.jobState[j] === BLOCKED) {
    const y = s.jobHeld[j];
    s.opRelease[op - 1] = s.t;
    if (s.machineJob[y] === j) s.machineJob[y] = -1;
  }
  s.machineJob[x] = j;
  s.jobHeld[j] = x;
  s.jobState[j] = PROCESSING;
  s.jobRemaining[j] = inst.opDuration[op];
  s.opStart[op] = s.t;
  s.jobNext[j] = op + 1;
  s.procJobs++;
  s.numDispatches++;
}

function complete(s: SimState, j: number): void {
  const inst = s.inst;
  const op = s.jobNext[j] - 1;
  const t = s.t;
  s.opEnd[op] = t;
  s.procJobs--;
  s.jobReady[j] = t;
  if (op + 1 === inst.jobStart[j + 1]) {
    s.jobState[j] = DONE;
    s.machineJob[s.jobHeld[j]] = -1;
    s.jobHeld[j] = -1;
    s.opRelease[op] = t;
    s.doneJobs++;
  } else if (!s.blocking) {
    s.jobState[j] = WAIT;
    s.machineJob[s.jobHeld[j]] = -1;
    s.jobHeld[j] = -1;
    s.opRelease[op] = t;
  } else {
    s.jobState[j] = BLOCKED;
  }
}

/** Builds the successor map over blocked jobs; returns whether a cycle exists. Moves cycles when `apply`. */
function swapCycles(s: SimState, apply: boolean, ignoreDown: boolean): boolean {
  const n = s.inst.numJobs;
  const { succ, mark, jobState, jobNext, machineJob, machineDown } = s;
  const opMachine = s.inst.opMachine;
  for (let j = 0; j < n; j++) {
    succ[j] = -1;
    mark[j] = -1;
    if (jobState[j] !== BLOCKED) continue;
    const x = opMachine[jobNext[j]];
    const k = machineJob[x];
    if (k >= 0 && k !== j && jobState[k] === BLOCKED && (ignoreDown || machineDown[x] === 0)) succ[j] = k;
  }
  let found = false;
  for (let j0 = 0; j0 < n; j0++) {
    if (mark[j0] !== -1 || succ[j0] === -1) continue;
    let j = j0;
    while (j !== -1 && mark[j] === -1) {
      mark[j] = j0;
      j = succ[j];
    }
    if (j === -1 || mark[j] !== j0) continue;
    found = true;
    if (!apply) return true;
    // j is on a cycle: move every member.
    const first = j;
    let c = first;
    do {
      const next = succ[c];
      startOp(s, c);
      c = next;
    } while (c !== first);
    s.numSwaps++;
  }
  return found;
}

/** Step 3: auto-dispatch single candidates until a real choice (returns true) or nothing is left. */
function flush(s: SimState): boolean {
  const n = s.inst.numJobs;
  const m = s.inst.numMachines;
  const { candCount, candLast, jobState, jobNext, machineJob, machineDown } = s;
  const opMachine = s.inst.opMachine;
  for (;;) {
    candCount.fill(0);
    for (let j = 0; j < n; j++) {
      const st = jobState[j];
      if (st !== WAIT && st !== BLOCKED) continue;
      const x = opMachine[jobNext[j]];
      const occ = machineJob[x];
      if ((occ === -1 || occ === j) && machineDown[x] === 0) {
        candCount[x]++;
        candLast[x] = j;
      }
    }
    let changed = false;
    let multi = false;
    if (s.forceFirst && s.numDispatches === 0) {
      for (let x = 0; x < m; x++) if (candCount[x] > 0) multi = true;
    } else {
      for (let x = 0; x < m; x++) {
        if (candCount[x] === 1) {
          startOp(s, candLast[x]);
          changed = true;
        } else if (candCount[x] > 1) multi = true;
      }
    }
    if (changed) continue;
    if (!multi) return false;
    const mask = s.mask;
    for (let j = 0; j < n; j++) {
      const st = jobState[j];
      let ok = 0;
      if (st === WAIT || st === BLOCKED) {
        const x = opMachine[jobNext[j]];
        const occ = machineJob[x];
        if ((occ === -1 || occ === j) && machineDown[x] === 0) ok = 1;
      }
      mask[j] = ok;
    }
    return true;
  }
}

function deadlocked(s: SimState): boolean {
  const n = s.inst.numJobs;
  for (let j = 0; j < n; j++) {
    const st = s.jobState[j];
    if (st !== WAIT && st !== BLOCKED) continue;
    const occ = s.machineJob[s.inst.opMachine[s.jobNext[j]]];
    if (occ === -1 || occ === j) return false;
  }
  return !(s.swapsAllowed && swapCycles(s, false, true));
}

/**
 * Step 4: jump to the next completion or machine event and apply steps 1–2 there. Returns false
 * when only failures happened (nothing new can start, so step 3 can be skipped).
 */
function advance(s: SimState): boolean {
  const n = s.inst.numJobs;
  const { jobState, jobHeld, jobRemaining, machineDown } = s;
  const t = s.t;
  let T = Infinity;
  for (let j = 0; j < n; j++) {
    if (jobState[j] === PROCESSING && machineDown[jobHeld[j]] === 0) {
      const c = t + jobRemaining[j];
      if (c < T) T = c;
    }
  }
  const failures = s.cfg.shutdownProb > 0;
  if (failures) {
    for (let x = 0; x < s.inst.numMachines; x++) {
      const e = machineDown[x] === 1 ? s.machineUpAt[x] : s.machineFailAt[x];
      if (e < T) T = e;
    }
  }
  if (!(T > t && T < Infinity)) throw new Error(`jobshop simulator: no next event after t=${t} (internal error)`);
  const dt = T - t;
  s.t = T;
  // Completions depend only on processing during [t, T), i.e. on the machine states before T's events.
  let completed = false;
  for (let j = 0; j < n; j++) {
    if (jobState[j] === PROCESSING && machineDown[jobHeld[j]] === 0) {
      jobRemaining[j] -= dt;
      if (jobRemaining[j] === 0) {
        complete(s, j);
        completed = true;
      }
    }
  }
  const repaired = failures && applyMachineEvents(s);
  return completed || repaired;
}

/** Simulates until a decision epoch, the end, or a deadlock. */
function run(s: SimState): void {
  let check = true;
  for (;;) {
    if (check) {
      if (s.swapsAllowed) swapCycles(s, true, false);
      if (flush(s)) {
        s.status = 'decision';
        return;
      }
      if (s.doneJobs === s.inst.numJobs) {
        s.status = 'done';
        return;
      }
      if (s.procJobs === 0 && deadlocked(s)) {
        s.status = 'deadlock';
        return;
      }
    }
    check = advance(s);
  }
}

/** The schedule executed so far (ops not yet started are left out). */
export function scheduleOf(s: SimState): Schedule {
  const inst = s.inst;
  const ops: ScheduledOp[] = [];
  for (let o = 0; o < inst.numOps; o++) {
    if (s.opStart[o] < 0) continue;
    ops.push({
      job: inst.opJob[o],
      op: inst.opIndex[o],
      machine: inst.opMachine[o],
      start: s.opStart[o],
      end: s.opEnd[o],
      release: s.opRelease[o],
    });
  }
  const downtimes = [];
  for (let i = 0; i < s.downtimes.length; i += 3) downtimes.push({ machine: s.downtimes[i], start: s.downtimes[i + 1], end: s.downtimes[i + 2] });
  return { ops, downtimes, makespan: s.status === 'done' ? s.t : null };
}
