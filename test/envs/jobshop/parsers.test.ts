import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../envs/core/errors.js';
import { taillardInstance } from '../../../envs/jobshop/generator.js';
import { parseInstance, parseOrLibrary, parseTaillard } from '../../../envs/jobshop/parsers.js';
import { fixture, fixtureText } from './helpers.js';

function parseErr(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('OR-Library format', () => {
  it('parses ft06 (spec acceptance 1)', () => {
    const ft06 = fixture('ft06');
    expect(ft06.numJobs).toBe(6);
    expect(ft06.numMachines).toBe(6);
    const job0 = ft06.machines[0].map((m, k) => [m, ft06.durations[0][k]]);
    expect(job0).toEqual([[2, 1], [0, 3], [1, 6], [3, 7], [5, 3], [4, 6]]);
    expect(ft06.machines[5]).toEqual([1, 3, 5, 0, 4, 2]);
    expect(ft06.durations[5]).toEqual([3, 3, 9, 10, 4, 1]);
  });

  it('parses ta01: job 0 op 0 = (6, 94)', () => {
    const ta01 = fixture('ta01');
    expect([ta01.numJobs, ta01.numMachines]).toEqual([15, 15]);
    expect([ta01.machines[0][0], ta01.durations[0][0]]).toEqual([6, 94]);
  });

  const cases: [string, string, number, RegExp][] = [
    ['empty file', '# only a comment\n\n', 1, /empty/],
    ['header with 3 numbers', '2 2 7\n0 1 1 1\n1 1 0 1\n', 1, /header/],
    ['non-integer header', '2 x\n', 1, /"x" is not an integer/],
    ['zero jobs', '0 2\n', 1, /≥ 1/],
    ['short job line', '# c\n2 2\n0 1 1 1\n1 1 0\n', 4, /job 1: expected 2 pairs/],
    ['machine out of range', '2 2\n0 1 2 1\n1 1 0 1\n', 2, /machine 2 outside 0..1/],
    ['zero duration', '2 2\n0 1 1 1\n1 0 0 1\n', 3, /duration 0/],
    ['non-integer duration', '2 2\n0 1 1 1.5\n1 1 0 1\n', 2, /"1.5" is not an integer/],
    ['missing job lines', '3 2\n0 1 1 1\n1 1 0 1\n', 4, /expected 3 job lines, found 2/],
    ['trailing content', '2 2\n0 1 1 1\n1 1 0 1\n5 5\n', 4, /unexpected content/],
  ];
  for (const [what, text, line, reason] of cases) {
    it(`rejects ${what} with the line number`, () => {
      const e = parseErr(() => parseOrLibrary(text, 'bad.txt'));
      expect(e.line).toBe(line);
      expect(e.source).toBe('bad.txt');
      expect(e.message).toMatch(reason);
      expect(e.message).toContain(`bad.txt:${line}:`);
    });
  }
});

describe('Taillard format', () => {
  const tai = parseTaillard(fixtureText('tai015_15.txt'), 'tai015_15.txt');

  it('reads all ten 15×15 instances with header data', () => {
    expect(tai.map((t) => t.name)).toEqual(['ta01', 'ta02', 'ta03', 'ta04', 'ta05', 'ta06', 'ta07', 'ta08', 'ta09', 'ta10']);
    expect(tai[0]).toMatchObject({ numJobs: 15, numMachines: 15, timeSeed: 840612802, machineSeed: 398197754, upperBound: 1231, lowerBound: 1005 });
  });

  it('ta01 in Taillard format equals ta01 in OR-Library format (machines 1-based → 0-based)', () => {
    const or = fixture('ta01');
    expect(tai[0].machines).toEqual(or.machines);
    expect(tai[0].durations).toEqual(or.durations);
  });

  it("Taillard's generator reproduces ta01–ta10 from the header seeds", () => {
    for (const t of tai) {
      const g = taillardInstance(t.numJobs, t.numMachines, t.timeSeed, t.machineSeed);
      expect(g.durations).toEqual(t.durations);
      expect(g.machines).toEqual(t.machines);
    }
  });

  it('parseInstance detects the format', () => {
    const a = parseInstance(fixtureText('tai015_15.txt'), 'x', 'x');
    const b = parseInstance(fixtureText('ta01'), 'y', 'y');
    expect(a.machines).toEqual(b.machines);
    expect(a.durations).toEqual(b.durations);
  });

  const good = 'Nb of jobs, Nb of Machines, Time seed, Machine seed, Upper bound, Lower bound\n 2 2 1 2 10 5\nTimes\n 3 4\n 5 6\nMachines\n 1 2\n 2 1\n';
  it('parses a small hand-written file', () => {
    const [t] = parseTaillard(good, 'small');
    expect(t.durations).toEqual([[3, 4], [5, 6]]);
    expect(t.machines).toEqual([[0, 1], [1, 0]]);
  });
  const bad: [string, string, number, RegExp][] = [
    ['a short header', good.replace(' 2 2 1 2 10 5', ' 2 2 1 2 10'), 2, /6 numbers/],
    ['a missing Times label', good.replace('Times', 'Tims'), 3, /expected the line "Times"/],
    ['a short Times row', good.replace(' 5 6', ' 5'), 5, /Times row 1: expected 2 numbers, got 1/],
    ['a machine out of range', good.replace(' 2 1\n', ' 3 1\n'), 8, /outside 1..2/],
    ['a missing Machines block', good.slice(0, good.lastIndexOf('Machines')), 6, /expected the line "Machines", got end of file/],
    ['a zero duration', good.replace(' 3 4', ' 0 4'), 4, /outside 1..∞/],
  ];
  for (const [what, text, line, reason] of bad) {
    it(`rejects ${what} with the line number`, () => {
      const e = parseErr(() => parseTaillard(text, 'bad-tai'));
      expect(e.line).toBe(line);
      expect(e.message).toMatch(reason);
    });
  }
});
