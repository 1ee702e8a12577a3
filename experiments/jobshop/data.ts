/**
 * File access for the job-shop experiment: benchmark instances and best-known makespans from
 * `../shared/data/jobshop/` (see its README for sources: JSPLIB, Taillard, bks.csv).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../envs/core/errors.js';
import { parseInstance } from '../../envs/jobshop/parsers.js';
import type { JobShopInstance } from '../../envs/jobshop/types.js';

export const JOBSHOP_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/jobshop');

/** A benchmark instance by name (`ft06`, `ta01`, …) from `dataDir/instances/`. */
export function loadBenchmark(name: string, dataDir = JOBSHOP_DATA_DIR): JobShopInstance {
  const file = path.join(dataDir, 'instances', name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('instances', name, `no instance file ${file}`);
  }
  return parseInstance(text, file, name);
}

/** An instance file in either format; the name is the file's base name. */
export function loadInstanceFile(file: string): JobShopInstance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('instance', file, `cannot read: ${(e as Error).message}`);
  }
  return parseInstance(text, file, path.basename(file));
}

/** Best-known makespans (`best_ub` of bks.csv; abz8 → 667 as the data README advises). */
export function loadBestKnown(dataDir = JOBSHOP_DATA_DIR): Map<string, number> {
  const text = readFileSync(path.join(dataDir, 'bks.csv'), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const iName = header.indexOf('instance');
  const iBest = header.indexOf('best_ub');
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const v = Number(cells[iBest]);
    if (cells[iName] && Number.isFinite(v) && cells[iBest] !== '') out.set(cells[iName], v);
  }
  out.set('abz8', 667);
  return out;
}
