import { describe, expect, it } from 'vitest';
import { DispatchingRule } from '../../../agents/jobshop/rules.js';
import type { Schedule, Variant } from '../../../envs/jobshop/types.js';
import { validateSchedule, type ViolationKind } from '../../../envs/jobshop/validator.js';
import { fixture, rollout } from './helpers.js';

const ft06 = fixture('ft06');

/** A valid schedule with downtimes, blocking and swaps (ft06, blocking-swap, p = 0.05). */
function validSchedule(variant: Variant, p = 0.05, seed = 4): Schedule {
  return rollout(ft06, new DispatchingRule('MOR'), { variant, shutdownProb: p }, seed).env.schedule();
}

function clone(s: Schedule): Schedule {
  return JSON.parse(JSON.stringify(s)) as Schedule;
}

function kinds(s: Schedule, variant: Variant): Set<ViolationKind> {
  return new Set(validateSchedule(ft06, s, variant).map((v) => v.kind));
}

function find(s: Schedule, job: number, op: number) {
  const o = s.ops.find((x) => x.job === job && x.op === op);
  if (o === undefined) throw new Error('op not found');
  return o;
}

describe('schedule validator (spec acceptance 2)', () => {
  it('accepts the simulator schedules of every variant', () => {
    for (const variant of ['classic', 'blocking-swap'] as Variant[]) {
      const s = validSchedule(variant);
      expect(s.downtimes.length).toBeGreaterThan(0);
      expect(validateSchedule(ft06, s, variant)).toEqual([]);
    }
  });

  it('catches a precedence violation', () => {
    const s = clone(validSchedule('classic', 0));
    const o = find(s, 0, 3);
    const shift = o.start - find(s, 0, 2).end + 1;
    o.start -= shift;
    o.end -= shift;
    o.release -= shift;
    expect(kinds(s, 'classic')).toContain('precedence');
  });

  it('catches two jobs on one machine at once (machine exclusivity)', () => {
    const s = clone(validSchedule('classic', 0));
    // Move the op after a long one on machine 2 to start inside the long one's interval.
    const onM2 = s.ops.filter((o) => o.machine === 2).sort((a, b) => a.start - b.start);
    const i = onM2.findIndex((o) => o.end - o.start >= 2);
    const [a, b] = [onM2[i], onM2[i + 1]];
    const d = b.start - (a.start + 1);
    expect(d).toBeGreaterThan(0);
    b.start -= d;
    b.end -= d;
    b.release -= d;
    expect(kinds(s, 'classic')).toContain('overlap');
  });

  it('catches a blocking interval released early (the machine must stay occupied until the next op starts)', () => {
    const s = clone(validSchedule('blocking-swap', 0));
    const held = s.ops.find((o) => o.release > o.end);
    expect(held).toBeDefined();
    held!.release = held!.end;
    expect(kinds(s, 'blocking-swap')).toContain('release');
    // The same schedule read as classic is fine on releases but the original blocking one is not.
    expect(kinds(validSchedule('blocking-swap', 0), 'classic')).toContain('release');
  });

  it('catches overlapping blocking intervals', () => {
    const s = clone(validSchedule('blocking-swap', 0));
    // Stretch one blocking interval into the next occupant's start on the same machine.
    const byMachine = s.ops.filter((o) => o.machine === 0).sort((a, b) => a.start - b.start);
    const [a, b] = byMachine;
    a.release = b.start + 1;
    const next = find(s, a.job, a.op + 1);
    const d = a.release - next.start;
    next.start += d;
    next.end += d;
    next.release += d;
    expect(kinds(s, 'blocking-swap')).toContain('overlap');
  });

  it('catches an op started on a down machine', () => {
    const s = clone(validSchedule('classic'));
    const d = s.downtimes.find((x) => x.end - x.start >= 1 && x.start < (s.makespan as number));
    expect(d).toBeDefined();
    s.downtimes.push({ machine: s.ops[0].machine, start: s.ops[0].start, end: s.ops[0].start + 1 });
    expect(kinds(s, 'classic')).toContain('down-start');
  });

  it('catches a wrong processing time (including downtime pauses) and a wrong machine', () => {
    const s = clone(validSchedule('classic'));
    s.ops[3].end += 1;
    expect(kinds(s, 'classic')).toContain('duration');
    const t = clone(validSchedule('classic'));
    t.ops[2].machine = (t.ops[2].machine + 1) % 6;
    expect(kinds(t, 'classic')).toContain('machine');
  });

  it('catches an incomplete schedule or a wrong makespan', () => {
    const s = clone(validSchedule('classic'));
    s.ops.pop();
    expect(kinds(s, 'classic')).toContain('incomplete');
    const t = clone(validSchedule('classic'));
    t.makespan = (t.makespan as number) - 1;
    expect(kinds(t, 'classic')).toContain('incomplete');
  });
});
