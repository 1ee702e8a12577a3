// Worker side of isolate.ts: registers tsx when the parent runs TypeScript sources, imports the
// module, calls the function and posts the result. Plain .mjs so it loads without a TS loader.
import { parentPort, workerData } from 'node:worker_threads';

const { moduleUrl, fn, args } = workerData;
try {
  if (moduleUrl.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const mod = await import(moduleUrl);
  const value = await mod[fn](args);
  parentPort.postMessage({ ok: true, value });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
}
