/**
 * Types of the job-shop domain: instances, simulator configuration, schedules.
 *
 * Conventions: times are integer time units; machines and jobs are 0-based; an operation's
 * global id is `jobStart[j] + k` (job j, k-th operation) in a `CompiledInstance`.
 */

/** A job-shop instance: job j visits `machines[j][k]` for `durations[j][k]` time units, k in order. */
export interface JobShopInstance {
  /** Name, e.g. `ft06` or `ta01`. */
  name: string;
  numJobs: number;
  numMachines: number;
  /** machines[j][k]: 0-based machine of job j's k-th operation. */
  machines: number[][];
  /** durations[j][k]: processing time (integer ≥ 1) of job j's k-th operation. */
  durations: number[][];
}

/**
 * Shop variant.
 * - `classic`: unlimited buffers; a finished operation releases its machine at once.
 * - `blocking`: no buffers; a job stays on (blocks) its machine until its next machine accepts it.
 * - `blocking-swap`: blocking, and cycles of blocked jobs waiting for each other's machines move at once.
 */
export type Variant = 'classic' | 'blocking' | 'blocking-swap';
export const VARIANTS: readonly Variant[] = ['classic', 'blocking', 'blocking-swap'];

export type DowntimeDist = 'uniform' | 'geometric';
export const DOWNTIME_DISTS: readonly DowntimeDist[] = ['uniform', 'geometric'];

/** Simulator switches (everything that changes the dynamics, not the instance). */
export interface SimConfig {
  variant: Variant;
  /** Per-time-unit probability that an up machine goes down, in [0, 1). */
  shutdownProb: number;
  /**
   * Downtime law (integers, 1 ≤ downtimeMin ≤ downtimeMax): `uniform` d ~ U{min..max};
   * `geometric` d = min + G, G ~ Geometric on {0, 1, …} with mean (max − min)/2, so both laws have
   * mean (min + max)/2 but the geometric one has an unbounded tail.
   */
  downtimeDist: DowntimeDist;
  downtimeMin: number;
  downtimeMax: number;
}

/** Job states (value of job feature `JF_STATE`). */
/** Waiting for its next operation (in the input queue before op 0, or between ops in `classic`). */
export const WAIT = 0;
/** Processing an operation. */
export const PROCESSING = 1;
/** Finished an operation and still holds its machine (blocking variants). */
export const BLOCKED = 2;
export const DONE = 3;

/** One executed operation of a finished (or partial) schedule. */
export interface ScheduledOp {
  job: number;
  /** Operation index within the job. */
  op: number;
  machine: number;
  /** Time the operation started on its machine. */
  start: number;
  /** Time processing finished (start + duration + time paused by downtime). */
  end: number;
  /** Time the job left the machine (= end in classic; start of the next op when blocking). */
  release: number;
}

/** A machine's downtime interval [start, end). */
export interface Downtime {
  machine: number;
  start: number;
  end: number;
}

export interface Schedule {
  ops: ScheduledOp[];
  /** Downtime intervals that began before the episode ended. */
  downtimes: Downtime[];
  /** Completion time of the last operation (null when the episode deadlocked). */
  makespan: number | null;
}
