import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../experiments/io/csv.js';
import { RunWriter } from '../../../experiments/io/run-writer.js';

/** A small RFC 4180 reader (LF records), to check that what we write reads back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  return rows;
}

describe('toCsv', () => {
  it('quotes exactly the fields with a comma, quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(Number.NaN)).toBe('NaN');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes a header and the columns in the given order; tricky cells read back unchanged', () => {
    const rows = [
      { agent: 'LRU, k=4', note: 'he said "no"\nthen left', x: 2 },
      { agent: 'Belady', x: -0.25, extra: 'ignored' },
    ];
    const text = toCsv(rows, ['x', 'agent', 'note']);
    expect(text.startsWith('x,agent,note\n2,"LRU, k=4",')).toBe(true);
    expect(text.endsWith('-0.25,Belady,\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['x', 'agent', 'note'],
      ['2', 'LRU, k=4', 'he said "no"\nthen left'],
      ['-0.25', 'Belady', ''],
    ]);
  });

  it('RunWriter.writeCsv writes the same text, columns defaulting to the first row\'s keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    const w = RunWriter.open(dir);
    const rows = [{ a: 1, b: 'x,y' }, { a: 2, b: 'z' }];
    w.writeCsv('t.csv', rows);
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(toCsv(rows, ['a', 'b']));
    w.writeCsv('cols.csv', rows, ['b']);
    expect(readFileSync(join(dir, 'cols.csv'), 'utf8')).toBe('b\n"x,y"\nz\n');
  });
});
