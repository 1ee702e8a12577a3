/**
 * The spec's "INS" schedule-generation scheme (L2D-like, spec `jobshop.md` (d)): classic job
 * shop only, no simulator clock. Repeatedly pick, among the next unscheduled op of every job, the
 * best one by a priority rule (ties → lowest job index), and place it at the earliest idle gap of
 * its machine that starts no earlier than the job's ready time (the end of its previous op) and is
 * long enough (left-shift insertion before already scheduled ops). Used to cross-check the
 * spec's INS table; `JobShop-v0` itself is non-delay (the spec's "ND" scheme).
 *
 * Rules as in `rules.ts`: FIFO (min ready time), SPT, LPT, MWKR, LWKR, MOR, LOR, FDD/MWKR.
 */
import { ConfigError } from '../../envs/core/errors.js';
import type { JobShopInstance, Schedule, ScheduledOp } from '../../envs/jobshop/types.js';

/** Score of job j's next op k (ready time r); the rule picks the minimum. */
const SCORES: Record<string, (p: number, workFrom: number, workBefore: number, opsLeft: number, ready: number) => number> = {
  FIFO: (_p, _w, _b, _o, r) => r,
  SPT: (p) => p,
  LPT: (p) => -p,
  MWKR: (_p, w) => -w,
  LWKR: (_p, w) => w,
  MOR: (_p, _w, _b, o) => -o,
  LOR: (_p, _w, _b, o) => o,
  'FDD/MWKR': (p, w, b) => (b + p) / w,
};

export const INSERTION_RULES = Object.keys(SCORES);

export function insertionSchedule(instance: JobShopInstance, rule: string): Schedule {
  const score = SCORES[rule];
  if (score === undefined) throw new ConfigError('rule', rule, `expected one of ${INSERTION_RULES.join(', ')}`);
  const n = instance.numJobs;
  const next = new Array<number>(n).fill(0);
  const ready = new Array<number>(n).fill(0);
  const work = instance.durations.map((row) => row.reduce((a, b) => a + b, 0));
  const done = new Array<number>(n).fill(0);
  /** Busy intervals per machine, sorted by start. */
  const busy: [number, number][][] = Array.from({ length: instance.numMachines }, () => []);
  const ops: ScheduledOp[] = [];
  let makespan = 0;
  for (;;) {
    let best = -1;
    let bestScore = Infinity;
    for (let j = 0; j < n; j++) {
      const k = next[j];
      if (k >= instance.machines[j].length) continue;
      const p = instance.durations[j][k];
      const s = score(p, work[j] - done[j], done[j], instance.machines[j].length - k, ready[j]);
      if (best === -1 || s < bestScore) {
        best = j;
        bestScore = s;
      }
    }
    if (best === -1) break;
    const j = best;
    const k = next[j];
    const x = instance.machines[j][k];
    const p = instance.durations[j][k];
    // Earliest gap on x starting ≥ ready[j] that fits p.
    const list = busy[x];
    let start = ready[j];
    let at = 0;
    for (; at < list.length; at++) {
      const [s, e] = list[at];
      if (start + p <= s) break;
      if (e > start) start = e;
    }
    list.splice(at, 0, [start, start + p]);
    ops.push({ job: j, op: k, machine: x, start, end: start + p, release: start + p });
    ready[j] = start + p;
    done[j] += p;
    next[j]++;
    makespan = Math.max(makespan, start + p);
  }
  ops.sort((a, b) => a.job - b.job || a.op - b.op);
  return { ops, downtimes: [], makespan };
}
