/** Loads the EWA/EWC fixture pair from ../shared/data (A = EWC, B = EWA, as in the spec). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignPair, parsePriceCsv } from '../../../envs/hft/csv.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const pricesDir = path.resolve(repoRoot, '../shared/data/prices');

export function loadEwaEwc() {
  const read = (f: string) => readFileSync(path.join(pricesDir, 'ewa_ewc', f), 'utf8');
  const ewa = parsePriceCsv(read('EWA.csv'), { source: 'EWA.csv' });
  const ewc = parsePriceCsv(read('EWC.csv'), { source: 'EWC.csv' });
  return { ewa, ewc, pair: alignPair(ewc, ewa) };
}
