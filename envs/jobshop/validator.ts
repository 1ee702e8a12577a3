/**
 * Schedule validator: checks a schedule produced by the simulator (or anyone else) against its
 * instance and shop variant, independently of the simulator's code. Returns every violation found
 * (empty = valid).
 *
 * Kinds:
 * - `incomplete`: a finished schedule (makespan ≠ null) misses an op, or the makespan is not the last end.
 * - `machine`: an op recorded on another machine than the instance says.
 * - `duration`: the up-time of the machine within [start, end) differs from the op's duration
 *   (processing pauses while the machine is down and resumes; it never runs faster).
 * - `precedence`: an op starts before its job's previous op ends.
 * - `down-start`: an op starts while its machine is down.
 * - `release`: a machine occupation interval is wrong for the variant: classic releases at `end`;
 *   blocking variants hold the machine from `start` until the job's next op starts (the last op
 *   until its own end). Such a mismatch breaks the blocking intervals.
 * - `overlap`: two occupation intervals [start, release) on one machine overlap (machine
 *   exclusivity; in blocking variants these are the blocking intervals).
 * Ops still running or blocking (end or release = −1, e.g. after a deadlock) occupy their machine
 * until +∞.
 */
import type { JobShopInstance, Schedule, ScheduledOp, Variant } from './types.js';

export type ViolationKind = 'incomplete' | 'machine' | 'duration' | 'precedence' | 'down-start' | 'release' | 'overlap';

export interface Violation {
  kind: ViolationKind;
  message: string;
}

export function validateSchedule(instance: JobShopInstance, schedule: Schedule, variant: Variant): Violation[] {
  const out: Violation[] = [];
  const add = (kind: ViolationKind, message: string): void => {
    out.push({ kind, message });
  };
  const n = instance.numJobs;
  const byJob: (ScheduledOp | undefined)[][] = instance.machines.map((row) => new Array<ScheduledOp | undefined>(row.length).fill(undefined));
  for (const o of schedule.ops) {
    if (o.job < 0 || o.job >= n || o.op < 0 || o.op >= byJob[o.job].length) {
      add('incomplete', `unknown op job ${o.job} op ${o.op}`);
      continue;
    }
    if (byJob[o.job][o.op] !== undefined) add('incomplete', `job ${o.job} op ${o.op} scheduled twice`);
    byJob[o.job][o.op] = o;
  }
  const down: [number, number][][] = Array.from({ length: instance.numMachines }, () => []);
  for (const d of schedule.downtimes) down[d.machine]?.push([d.start, d.end]);
  const upTime = (x: number, a: number, b: number): number => {
    let t = b - a;
    for (const [s, e] of down[x]) t -= Math.max(0, Math.min(b, e) - Math.max(a, s));
    return t;
  };
  const blocking = variant !== 'classic';
  let lastEnd = 0;
  for (let j = 0; j < n; j++) {
    const ops = byJob[j];
    for (let k = 0; k < ops.length; k++) {
      const o = ops[k];
      if (o === undefined) {
        if (schedule.makespan !== null) add('incomplete', `job ${j} op ${k} missing from a finished schedule`);
        continue;
      }
      if (o.machine !== instance.machines[j][k]) add('machine', `job ${j} op ${k} on machine ${o.machine}, instance says ${instance.machines[j][k]}`);
      if (down[o.machine]?.some(([s, e]) => o.start >= s && o.start < e)) add('down-start', `job ${j} op ${k} starts at ${o.start} while machine ${o.machine} is down`);
      if (o.end >= 0) {
        lastEnd = Math.max(lastEnd, o.end);
        const worked = upTime(o.machine, o.start, o.end);
        if (worked !== instance.durations[j][k]) add('duration', `job ${j} op ${k}: machine ${o.machine} was up ${worked} units in [${o.start}, ${o.end}), duration is ${instance.durations[j][k]}`);
      } else if (schedule.makespan !== null) add('incomplete', `job ${j} op ${k} never ends in a finished schedule`);
      const prev = k > 0 ? ops[k - 1] : undefined;
      if (k > 0 && (prev === undefined || prev.end < 0 || o.start < prev.end)) add('precedence', `job ${j} op ${k} starts at ${o.start} before op ${k - 1} ends (${prev?.end ?? 'never'})`);
      const next = ops[k + 1];
      const last = k === ops.length - 1;
      const expected = !blocking || last ? o.end : next === undefined ? -1 : next.start;
      if (o.release !== expected) add('release', `job ${j} op ${k} releases machine ${o.machine} at ${o.release}, expected ${expected} (${blocking ? 'blocking: next op start / own end' : 'classic: own end'})`);
    }
  }
  if (schedule.makespan !== null && schedule.makespan !== lastEnd) add('incomplete', `makespan ${schedule.makespan} ≠ last end ${lastEnd}`);
  const byMachine: ScheduledOp[][] = Array.from({ length: instance.numMachines }, () => []);
  for (const o of schedule.ops) byMachine[o.machine]?.push(o);
  for (let x = 0; x < byMachine.length; x++) {
    const list = byMachine[x].slice().sort((a, b) => a.start - b.start);
    let holder: ScheduledOp | undefined;
    for (const b of list) {
      if (holder !== undefined) {
        const until = holder.release < 0 ? Infinity : holder.release;
        if (b.start < until) add('overlap', `machine ${x}: job ${b.job} op ${b.op} starts at ${b.start} while job ${holder.job} op ${holder.op} occupies it [${holder.start}, ${until})`);
      }
      if (holder === undefined || b.release < 0 || (holder.release >= 0 && b.release > holder.release)) holder = b;
    }
  }
  return out;
}
