import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import experiment from '../../../experiments/paging/limits.js';
import type { ExperimentContext, OptionValues } from '../../../experiments/types.js';
import { defaultOptions } from '../../../experiments/cli.js';
import { quietContext, tempDir } from '../helpers.js';

function ctx(): ExperimentContext {
  return quietContext(tempDir('paging-limits-'));
}

function options(over: OptionValues): OptionValues {
  return { ...defaultOptions(experiment.options), ...over };
}

/** 1,2,3,1 (k = 2): only a 1-bit on request 1 (the dead page 2) saves a fault (see limits.test.ts). */
function tinyTrace(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'trace-')), 'tiny.txt');
  writeFileSync(file, '1\n2\n3\n1\n');
  return file;
}

describe('paging-limits experiment', () => {
  it('--probe writes the single-bit probe into the row', async () => {
    const c = ctx();
    const out = await experiment.run(options({ traces: [tinyTrace()], ks: ['2'], delays: ['1'], taus: ['0.5'], probe: '0:4' }), c);
    const row = out['tiny/k2'] as { lru: number; singleBit: { baseline: number; helpful: { t: number; faults: number }[]; harmful: number; probed: number } };
    expect(row.lru).toBe(4);
    expect(row.singleBit).toMatchObject({ baseline: 4, probed: 4, harmful: 0, helpful: [{ t: 1, page: 2, faults: 3 }] });
    const lines = readFileSync(join(c.outDir, 'episodes.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]).singleBit.probe).toBe('0:4');
  });

  it('no probe unless asked; a malformed --probe is a ConfigError naming it', async () => {
    const out = await experiment.run(options({ traces: [tinyTrace()], ks: ['2'], delays: ['1'], taus: ['0.5'] }), ctx());
    expect((out['tiny/k2'] as Record<string, unknown>).singleBit).toBeUndefined();
    for (const probe of ['5', '4:2', 'a:b', '0:4:0', '-1:3']) {
      await expect(experiment.run(options({ traces: [tinyTrace()], ks: ['2'], probe }), ctx())).rejects.toThrow(ConfigError);
    }
    await expect(experiment.run(options({ traces: [tinyTrace()], ks: ['2'], probe: '4:2' }), ctx())).rejects.toThrow(/probe/);
  });
});
