import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ParseError } from '../../../envs/core/errors.js';
import { LRU } from '../../../algorithms/paging/classic.js';
import { PAGING_ALGORITHMS } from '../../../algorithms/paging/catalog.js';
import { learnedBits, pretrainedWeights } from '../../../algorithms/paging/learned.js';
import { FollowDiscard } from '../../../algorithms/paging/predictions.js';
import { createRng } from '../../../envs/core/rng.js';
import { simulate } from '../../../algorithms/paging/simulator.js';
import { belady } from '../../../envs/paging/oracles.js';
import experiment from '../../../experiments/paging/index.js';
import { loadTraceFile } from '../../../experiments/paging/traces.js';
import type { ExperimentContext, OptionValues } from '../../../experiments/types.js';
import { defaultOptions } from '../../../experiments/cli.js';
import { quietContext, tempDir } from '../helpers.js';

const FIXTURE = resolve(process.cwd(), 'test/fixtures/paging/small-trace.txt.gz');

function ctx(): ExperimentContext {
  return quietContext(tempDir('paging-'));
}

function options(over: OptionValues): OptionValues {
  return { ...defaultOptions(experiment.options), ...over };
}

describe('paging experiment', () => {
  it('trace mode returns exactly {k, requests, opt, algorithms: {NAME: {faults, ratio, uses}}}', async () => {
    const c = ctx();
    const out = await experiment.run(options({ trace: FIXTURE, k: 8, seeds: 2, pretrain: ['none'] }), c);
    expect(Object.keys(out).sort()).toEqual(['algorithms', 'k', 'opt', 'requests']);
    const trace = loadTraceFile(FIXTURE);
    expect(out.k).toBe(8);
    expect(out.requests).toBe(3000);
    expect(out.opt).toBe(belady(trace, 8).faults);
    const algs = out.algorithms as Record<string, { faults: number; ratio: number; uses: string }>;
    expect(Object.keys(algs).sort()).toEqual(PAGING_ALGORITHMS.filter((a) => a.pretrained !== true).map((a) => a.name).sort());
    for (const r of Object.values(algs)) {
      expect(Object.keys(r).sort()).toEqual(['faults', 'ratio', 'uses']);
      expect(['none', 'oracle-bits', 'learned-bits', 'oracle-next-arrival']).toContain(r.uses);
      expect(r.ratio).toBeGreaterThanOrEqual(1);
    }
    expect(algs.LRU.faults).toBe(simulate(new LRU(), { trace, k: 8 }));
    expect(algs.FollowDiscardDet.ratio).toBe(1); // perfect bits
    expect(algs.FtP.ratio).toBe(1); // exact next arrivals
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(existsSync(join(c.outDir, 'episodes.jsonl'))).toBe(true);
  });

  it('--pretrain FILES adds the +pretrained predictors, which start from weights learned on those files; the evaluated trace itself is never used', async () => {
    const trace = loadTraceFile(FIXTURE);
    const other = join(mkdtempSync(join(tmpdir(), 'paging-pre-')), 'other.txt');
    const rng = createRng('other-trace');
    writeFileSync(other, Array.from({ length: 2000 }, () => 1 + Math.floor(rng() * 30)).join('\n'));
    const copy = join(mkdtempSync(join(tmpdir(), 'paging-copy-')), 'same.txt');
    writeFileSync(copy, Array.from(trace.pages, (p) => trace.ids[p]).join('\n'));
    const run = async (pretrain: string[]) =>
      (await experiment.run(options({ trace: FIXTURE, k: 8, seeds: 1, pretrain }), ctx())).algorithms as Record<string, { faults: number; uses: string }>;
    const algs = await run([other]);
    expect(Object.keys(algs).sort()).toEqual(PAGING_ALGORITHMS.map((a) => a.name).sort());
    const w = pretrainedWeights([loadTraceFile(other)], 8, { target: 'discard' });
    const bits = learnedBits(trace, 8, { target: 'discard', initialWeights: w }).bits;
    expect(algs['FollowDiscardDet+pretrained'].faults).toBe(simulate(new FollowDiscard(), { trace, k: 8, bits }));
    expect(algs['FollowDiscardDet+pretrained'].uses).toBe('learned-bits');
    // a copy of the evaluated trace under another name is dropped: no +pretrained rows remain
    expect(Object.keys(await run([copy])).some((n) => n.endsWith('+pretrained'))).toBe(false);
    await expect(run([join(tmpdir(), 'no-such-trace.txt')])).rejects.toThrow(ConfigError);
  });

  it('a tiny sweep writes rows, a CSV and the SVG curves', async () => {
    const c = ctx();
    const out = await experiment.run(
      options({ ks: ['4'], families: ['zipf', 'phases'], length: 600, seeds: 1, rates: ['0', '0.2'], sigmas: ['0', '10'], real: false }),
      c,
    );
    expect(out.ks).toEqual([4]);
    const curve = out.bitsVsFlipRate_k4 as Record<string, number[]>;
    expect(curve.FollowDiscardDet[0]).toBe(1);
    expect(curve.FollowDiscardDet[1]).toBeGreaterThan(1);
    expect(curve.Marker[0]).toBeGreaterThan(1);
    for (const f of ['ratios.csv', 'bits-vs-flip-rate-k4.svg', 'next-arrival-vs-sigma-k4.svg']) expect(existsSync(join(c.outDir, f))).toBe(true);
    expect(readFileSync(join(c.outDir, 'bits-vs-flip-rate-k4.svg'), 'utf8')).toMatch(/^<svg/);
    const rows = readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n');
    expect(rows.length).toBeGreaterThan(50);
  });

  it('bad options and bad traces give typed errors naming the option or line', async () => {
    await expect(experiment.run(options({ ks: ['0'], real: false }), ctx())).rejects.toThrow(ConfigError);
    await expect(experiment.run(options({ families: ['nope'], real: false }), ctx())).rejects.toThrow(/families/);
    await expect(experiment.run(options({ flipType: 'sideways', real: false }), ctx())).rejects.toThrow(/flipType/);
    await expect(experiment.run(options({ realRequests: 0 }), ctx())).rejects.toThrow(/realRequests/);
    await expect(experiment.run(options({ trace: '/no/such/file', seeds: 0 }), ctx())).rejects.toThrow(/seeds/);
    await expect(experiment.run(options({ trace: '/no/such/file' }), ctx())).rejects.toThrow(/trace/);
    const dir = mkdtempSync(join(tmpdir(), 'paging-bad-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1\n2\nx3\n');
    await expect(experiment.run(options({ trace: bad, k: 2 }), ctx())).rejects.toThrow(ParseError);
    await expect(experiment.run(options({ trace: bad, k: 2 }), ctx())).rejects.toThrow('bad.txt:3');
    // A truncated gzip file is a ParseError naming the file (was zlib's bare "unexpected end of file").
    const trunc = join(dir, 'trunc.txt.gz');
    writeFileSync(trunc, readFileSync(FIXTURE).subarray(0, 40));
    expect(() => loadTraceFile(trunc)).toThrow(ParseError);
    expect(() => loadTraceFile(trunc)).toThrow(/^trunc\.txt\.gz:0: not a valid gzip file/);
  });
});
