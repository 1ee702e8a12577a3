import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../envs/core/errors.js';
import { RunWriter } from '../../../experiments/io/run-writer.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'runwriter-'));

describe('RunWriter', () => {
  it('appends JSONL line by line and reads it back', () => {
    const dir = join(tmp(), 'nested', 'run');
    const w = RunWriter.open(dir);
    w.appendJsonl({ episode: 0, return: 1.5 });
    w.appendLine('{"episode":1,"return":2}');
    // Visible on disk immediately (no buffering until close).
    expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8')).toBe('{"episode":0,"return":1.5}\n{"episode":1,"return":2}\n');
    w.close();
    expect(RunWriter.open(dir).readJsonl()).toEqual([{ episode: 0, return: 1.5 }, { episode: 1, return: 2 }]);
    expect(() => w.appendLine('a\nb')).toThrow(/newline/);
  });

  it('writes JSON/text atomically via a temp file and leaves no temp files behind', () => {
    const dir = tmp();
    const w = RunWriter.open(dir);
    writeFileSync(join(dir, 'summary.json'), 'old');
    w.writeJson('summary.json', { a: 1 });
    w.writeText('plot.svg', '<svg/>');
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual({ a: 1 });
    expect(readFileSync(join(dir, 'plot.svg'), 'utf8')).toBe('<svg/>');
    expect(readdirSync(dir).sort()).toEqual(['plot.svg', 'summary.json']);
  });

  it('a failed atomic write keeps the old file intact', () => {
    const dir = tmp();
    const w = RunWriter.open(dir);
    w.writeText('x.txt', 'old');
    // A write that fails (the target folder does not exist) throws and leaves no temp file.
    expect(() => w.writeText('missing/x.txt', 'new')).toThrow();
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['x.txt']);
  });

  it('resume: a crash-truncated last line is dropped and appends continue on a fresh line', () => {
    const dir = tmp();
    const w = RunWriter.open(dir);
    w.appendJsonl({ k: 'a' });
    w.appendJsonl({ k: 'b' });
    w.close();
    appendFileSync(join(dir, 'episodes.jsonl'), '{"k":"c","ret'); // partial write
    expect(w.readJsonl()).toEqual([{ k: 'a' }, { k: 'b' }]);
    const again = RunWriter.open(dir);
    expect([...again.completedKeys((r) => String(r.k))]).toEqual(['a', 'b']);
    again.appendJsonl({ k: 'c' });
    again.close();
    expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8')).toBe('{"k":"a"}\n{"k":"b"}\n{"k":"c"}\n');
  });

  it('a corrupt complete line is a ParseError naming file and line', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'episodes.jsonl'), '{"k":1}\nnot json\n');
    const w = RunWriter.open(dir);
    expect(() => w.readJsonl()).toThrow(ParseError);
    expect(() => w.readJsonl()).toThrow(/episodes\.jsonl:2/);
  });
});
