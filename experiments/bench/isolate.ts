/**
 * Runs one measurement in a fresh V8 isolate (a worker thread), so the JIT's type feedback
 * from other envs or variants measured earlier in the process cannot slow it down or speed it
 * up. `fn` must be an exported function of `moduleUrl` taking and returning JSON.
 * Under tsx, workers inherit its loader (execArgv), so `.ts` modules load as they do in the parent.
 */
import { Worker } from 'node:worker_threads';
import type { JsonValue } from '../../envs/core/json.js';

const ENTRY = new URL('./isolate-entry.mjs', import.meta.url);

export function runIsolated<T extends JsonValue>(moduleUrl: string, fn: string, args: JsonValue): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { moduleUrl, fn, args } });
    let settled = false;
    worker.once('message', (msg: { ok: true; value: T } | { ok: false; error: string }) => {
      settled = true;
      if (msg.ok) resolve(msg.value);
      else reject(new Error(msg.error));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`benchmark worker exited with code ${code}`));
    });
  });
}
