import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../envs/core/errors.js';
import { createRng } from '../../../envs/core/rng.js';
import { generateTrace, DEFAULT_GENERATOR, TRACE_KINDS } from '../../../envs/paging/generator.js';
import { phasePartition } from '../../../envs/paging/oracles.js';
import { compactTrace, decodeTraceBytes, isGzip, parseTrace } from '../../../envs/paging/trace.js';

describe('parseTrace', () => {
  it('reads one id per line, tolerating blank lines, spaces, CRLF and a missing final newline', () => {
    expect(Array.from(parseTrace('5\n 17 \r\n\n9007199254740991\n0'))).toEqual([5, 17, 9007199254740991, 0]);
  });

  it('names the 1-based line of a malformed entry', () => {
    const bad = ['1\n2\n-3\n', '1\n2\n3.5\n', '1\n2\n4 5\n', '1\n2\nabc\n', '1\n2\n99999999999999999999\n'];
    for (const text of bad) {
      try {
        parseTrace(text, 'mine.txt');
        expect.unreachable(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        expect((e as ParseError).line).toBe(3);
        expect((e as Error).message).toMatch(/^mine\.txt:3: /);
      }
    }
  });

  it('gunzips through DecompressionStream: the .gz fixture equals the plain one', async () => {
    const dir = resolve(process.cwd(), 'test/fixtures/paging');
    const gz = new Uint8Array(readFileSync(resolve(dir, 'small-trace.txt.gz')));
    const plain = new Uint8Array(readFileSync(resolve(dir, 'small-trace.txt')));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(plain)).toBe(false);
    const a = await decodeTraceBytes(gz);
    expect(a.length).toBe(3000);
    expect(Array.from(a)).toEqual(Array.from(await decodeTraceBytes(plain)));
    // A truncated gzip stream is a ParseError naming the source.
    await expect(decodeTraceBytes(gz.subarray(0, 40), 'cut.gz')).rejects.toThrow(ParseError);
    await expect(decodeTraceBytes(gz.subarray(0, 40), 'cut.gz')).rejects.toThrow(/^cut\.gz:0: not a valid gzip stream/);
  });
});

describe('compactTrace', () => {
  it('maps sparse ids to dense ids in increasing id order (small and huge ids)', () => {
    for (const scale of [1, 2 ** 40]) {
      const tr = compactTrace([30, 10, 20, 10].map((v) => v * scale));
      expect(Array.from(tr.pages)).toEqual([2, 0, 1, 0]);
      expect(Array.from(tr.ids)).toEqual([10, 20, 30].map((v) => v * scale));
      expect(tr.nPages).toBe(3);
    }
  });
});

describe('generateTrace', () => {
  it('is reproducible per seed and stays inside the page universe for every family', () => {
    for (const kind of TRACE_KINDS) {
      const cfg = { ...DEFAULT_GENERATOR, kind, length: 2000, pages: 50, loopLength: 9, workingSet: 10, phaseLength: 100 };
      const a = generateTrace(cfg, createRng(1));
      expect(Array.from(a)).toEqual(Array.from(generateTrace(cfg, createRng(1))));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a)).toBeLessThan(50);
    }
  });

  it('families have their structure: loop is cyclic, zipf is skewed, phases use ≤ workingSet pages per phase', () => {
    const base = { ...DEFAULT_GENERATOR, length: 20000, pages: 100 };
    const loop = generateTrace({ ...base, kind: 'loop', loopLength: 7 }, createRng(1));
    expect(Array.from(loop.subarray(0, 9))).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1]);
    const zipf = generateTrace({ ...base, kind: 'zipf', zipfAlpha: 1 }, createRng(1));
    const count = (xs: Int32Array, p: number) => xs.filter((v) => v === p).length;
    expect(count(zipf, 0)).toBeGreaterThan(5 * count(zipf, 9)); // P(1)/P(10) = 10 in expectation
    const ph = generateTrace({ ...base, kind: 'phases', workingSet: 8, phaseLength: 500 }, createRng(1));
    // working-set phases: with k = 8 the k-phase partition has far fewer phases than a uniform trace
    const uni = generateTrace({ ...base, kind: 'uniform' }, createRng(1));
    expect(phasePartition(compactTrace(ph), 8).starts.length * 5).toBeLessThan(phasePartition(compactTrace(uni), 8).starts.length);
  });
});
