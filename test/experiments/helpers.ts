/** Shared helpers of the experiment tests: a quiet context in a fresh temp folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentContext } from '../../experiments/types.js';

/** A fresh empty folder under the OS temp dir, named `prefix…`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A context that writes into `outDir`, prints nothing and asks for the JSON summary. */
export function quietContext(outDir: string, seed = 0): ExperimentContext {
  return { outDir, seed, json: true, log: () => {} };
}
