/**
 * Instance parsers. Both take the file's text (library code never touches the file system)
 * and throw `ParseError(source, line, reason)` with the 1-based line of the first problem.
 *
 * - OR-Library / JSPLIB: `#` comment lines and blank lines anywhere, then `n m`, then n lines of
 *   m pairs `machine duration`, machines 0-based.
 * - Taillard: per instance a header line (text), a line `n m timeSeed machineSeed UB LB`, a `Times`
 *   line, n rows of m durations, a `Machines` line, n rows of m machines (1-based). A file may
 *   hold several instances back to back.
 */
import { ParseError } from '../core/errors.js';
import type { JobShopInstance } from './types.js';

/** A Taillard instance with the generator seeds and bounds from its header. */
export interface TaillardInstance extends JobShopInstance {
  timeSeed: number;
  machineSeed: number;
  upperBound: number;
  lowerBound: number;
}

interface Line {
  /** 1-based line number. */
  no: number;
  text: string;
}

function contentLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    out.push({ no: i + 1, text: t });
  }
  return out;
}

function integers(line: Line, source: string, what: string): number[] {
  const tokens = line.text.split(/\s+/);
  return tokens.map((tok) => {
    if (!/^[+-]?\d+$/.test(tok)) throw new ParseError(source, line.no, `${what}: "${tok}" is not an integer`);
    return Number(tok);
  });
}

function checkSize(n: number, m: number, source: string, lineNo: number): void {
  if (n < 1 || m < 1) throw new ParseError(source, lineNo, `jobs and machines must be ≥ 1, got n=${n} m=${m}`);
}

/** Parses one instance in OR-Library (JSPLIB) format. */
export function parseOrLibrary(text: string, source = 'instance', name = source): JobShopInstance {
  const lines = contentLines(text);
  if (lines.length === 0) throw new ParseError(source, 1, 'empty file: expected a line "jobs machines"');
  const header = integers(lines[0], source, 'header');
  if (header.length !== 2) throw new ParseError(source, lines[0].no, `header must be "jobs machines", got ${header.length} numbers`);
  const [n, m] = header;
  checkSize(n, m, source, lines[0].no);
  const machines: number[][] = [];
  const durations: number[][] = [];
  for (let j = 0; j < n; j++) {
    const line = lines[1 + j];
    if (line === undefined) {
      const last = lines[lines.length - 1].no;
      throw new ParseError(source, last + 1, `expected ${n} job lines, found ${j}`);
    }
    const v = integers(line, source, `job ${j}`);
    if (v.length !== 2 * m) throw new ParseError(source, line.no, `job ${j}: expected ${m} pairs "machine duration" (${2 * m} numbers), got ${v.length}`);
    const ms: number[] = [];
    const ds: number[] = [];
    for (let k = 0; k < m; k++) {
      const mach = v[2 * k];
      const dur = v[2 * k + 1];
      if (mach < 0 || mach >= m) throw new ParseError(source, line.no, `job ${j} op ${k}: machine ${mach} outside 0..${m - 1}`);
      if (dur < 1) throw new ParseError(source, line.no, `job ${j} op ${k}: duration ${dur} must be ≥ 1`);
      ms.push(mach);
      ds.push(dur);
    }
    machines.push(ms);
    durations.push(ds);
  }
  if (lines.length > n + 1) throw new ParseError(source, lines[n + 1].no, `unexpected content after ${n} job lines`);
  return { name, numJobs: n, numMachines: m, machines, durations };
}

/** Parses every instance of a Taillard-format file; names are `${namePrefix}${firstNumber + i}` (2 digits). */
export function parseTaillard(text: string, source = 'instance', namePrefix = 'ta', firstNumber = 1): TaillardInstance[] {
  const raw = text.split(/\r?\n/);
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i].trim();
    if (t !== '') lines.push({ no: i + 1, text: t });
  }
  const out: TaillardInstance[] = [];
  let i = 0;
  while (i < lines.length) {
    // Optional descriptive header line (any non-numeric text).
    if (!/^[+-]?\d/.test(lines[i].text)) i++;
    const headerLine = lines[i];
    if (headerLine === undefined) throw new ParseError(source, lines[lines.length - 1].no + 1, 'expected a line "jobs machines timeSeed machineSeed UB LB"');
    const h = integers(headerLine, source, 'header');
    if (h.length !== 6) throw new ParseError(source, headerLine.no, `header must have 6 numbers (jobs machines timeSeed machineSeed UB LB), got ${h.length}`);
    const [n, m, timeSeed, machineSeed, upperBound, lowerBound] = h;
    checkSize(n, m, source, headerLine.no);
    i++;
    const durations = readMatrix('Times', n, m, 1, Infinity);
    const oneBased = readMatrix('Machines', n, m, 1, m);
    const machines = oneBased.map((row) => row.map((x) => x - 1));
    const name = `${namePrefix}${String(firstNumber + out.length).padStart(2, '0')}`;
    out.push({ name, numJobs: n, numMachines: m, machines, durations, timeSeed, machineSeed, upperBound, lowerBound });
  }
  if (out.length === 0) throw new ParseError(source, 1, 'no instance found');
  return out;

  function readMatrix(label: string, n: number, m: number, lo: number, hi: number): number[][] {
    const labelLine = lines[i];
    if (labelLine === undefined || labelLine.text.toLowerCase() !== label.toLowerCase()) {
      const no = labelLine?.no ?? (lines[lines.length - 1]?.no ?? 0) + 1;
      throw new ParseError(source, no, `expected the line "${label}", got ${labelLine ? JSON.stringify(labelLine.text) : 'end of file'}`);
    }
    i++;
    const rows: number[][] = [];
    for (let r = 0; r < n; r++) {
      const line = lines[i];
      if (line === undefined || !/^[+-]?\d/.test(line.text)) {
        throw new ParseError(source, line?.no ?? labelLine.no + r + 1, `${label}: expected ${n} rows, found ${r}`);
      }
      const v = integers(line, source, `${label} row ${r}`);
      if (v.length !== m) throw new ParseError(source, line.no, `${label} row ${r}: expected ${m} numbers, got ${v.length}`);
      for (let c = 0; c < m; c++) {
        if (v[c] < lo || v[c] > hi) throw new ParseError(source, line.no, `${label} row ${r} column ${c}: ${v[c]} outside ${lo}..${hi === Infinity ? '∞' : hi}`);
      }
      rows.push(v);
      i++;
    }
    return rows;
  }
}

/** Parses the first instance of a file, detecting the format (a `Times` line means Taillard). */
export function parseInstance(text: string, source = 'instance', name = source): JobShopInstance {
  if (/^\s*times\s*$/im.test(text)) {
    const first = parseTaillard(text, source)[0];
    return { ...first, name };
  }
  return parseOrLibrary(text, source, name);
}
