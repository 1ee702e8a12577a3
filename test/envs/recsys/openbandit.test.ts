import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../envs/core/errors.js';
import { checkEnv } from '../../../envs/core/checker.js';
import { CascadingRecEnv } from '../../../envs/recsys/env.js';
import { openBanditCascade, parseObdItemContext, parseObdLog } from '../../../envs/recsys/openbandit.js';

const LOG = [
  ',timestamp,item_id,position,click,propensity_score,user-item_affinity_0,user-item_affinity_1,user-item_affinity_2',
  '0,t,0,1,1,0.3,0.0,0.0,0.0',
  '1,t,1,2,0,0.3,0.0,2.0,0.0',
  '2,t,2,3,1,0.3,1.0,0.0,0.0',
  '3,t,0,1,0,0.3,0.0,0.0,3.0',
  '4,t,1,2,1,0.3,0.0,2.0,0.0',
].join('\n');
const CONTEXT = [',item_id,item_feature_0,item_feature_1,item_feature_2', '0,0,0.1,a,X', '1,1,0.2,b,Y', '2,2,0.3,c,X'].join('\n');

describe('Open Bandit Dataset instance', () => {
  it('parses logs and item context', () => {
    const rows = parseObdLog(LOG);
    expect(rows.map((r) => [r.item, r.click, r.topAffinityItem])).toEqual([[0, 1, -1], [1, 0, 1], [2, 1, 0], [0, 0, 2], [1, 1, 1]]);
    const cats = parseObdItemContext(CONTEXT);
    expect([...cats.entries()]).toEqual([[0, 'X'], [1, 'Y'], [2, 'X']]);
  });

  it('reports malformed input as ParseError with the line', () => {
    expect(() => parseObdLog('a,b\n1,2')).toThrow(ParseError);
    expect(() => parseObdLog(LOG.replace('0,t,0,1,1,', '0,t,0,1,7,'))).toThrow(/obd-log:2: click "7"/);
    expect(() => parseObdLog(`${LOG}\n5,t,1`)).toThrow(/:7: expected 9 columns/);
    expect(() => parseObdItemContext(CONTEXT, 'item_feature_9')).toThrow(/no column "item_feature_9"/);
  });

  it('builds the documented model (smoothed attraction, category states, deterministic transitions)', () => {
    const model = openBanditCascade(parseObdLog(LOG), parseObdItemContext(CONTEXT), { S: 3, N: 3, m: 2, H: 3, smoothing: 1 });
    // Items ranked by clicks (1,1,1 → more impressions first → 0 (2 impr), 1 (2 impr), then 2).
    expect(model.itemNames).toEqual(['item 0', 'item 1', 'item 2']);
    // States: cold, X (2 items), Y.
    expect(model.stateNames).toEqual(['cold', 'category X', 'category Y']);
    // Item 0 in cold: 1 click / 1 impression; ĉ(0) = (1 + 0.6)/(2 + 1) with global CTR 3/5.
    const ctr0 = (1 + 0.6) / 3;
    expect(model.q[0 * 3 + 0]).toBeCloseTo((1 + ctr0) / (1 + 1), 12);
    // Clicking item 1 (category Y) leads to state 2; ⊥ to cold.
    expect(model.p[(0 * 4 + 1) * 3 + 2]).toBe(1);
    expect(model.p[(1 * 4 + 3) * 3 + 0]).toBe(1);
    // Impression states: cold, Y, X, X (top affinity item 2 has category X), Y.
    expect(Array.from(model.init)).toEqual([0.2, 0.4, 0.4]);
    checkEnv(new CascadingRecEnv({ model }));
  });

  const dir = path.resolve(import.meta.dirname, '../../../../shared/data/recsys/open_bandit_dataset_sample/random/men');
  it.skipIf(!existsSync(dir))('builds an instance from the shared OBD sample', () => {
    const rows = parseObdLog(gunzipSync(readFileSync(path.join(dir, 'men.csv.gz'))).toString('utf8'), 'men.csv');
    expect(rows.length).toBe(10_000);
    const cats = parseObdItemContext(readFileSync(path.join(dir, 'item_context.csv'), 'utf8'));
    const model = openBanditCascade(rows, cats, { S: 4, N: 8, m: 3, H: 5 });
    for (const q of model.q) {
      expect(q).toBeGreaterThan(0);
      expect(q).toBeLessThan(0.05);
    }
  });
});
