/**
 * Benchmark runner: `npm run bench` runs every benchmark in `registry.ts` (in order);
 * `npm run bench -- NAME [NAME…] [--json] [--quick]` runs the named ones.
 * With `--json` all human output goes to stderr and the LAST stdout line is one JSON object:
 * the benchmark's summary when one runs, else an object keyed by benchmark name.
 * Exit code 1 with `error: <message>` on bad arguments or a failing benchmark.
 */
import { pathToFileURL } from 'node:url';
import { benchmarks as registry } from './registry.js';
import type { Benchmark } from '../types.js';
import type { JsonObject } from '../../envs/core/json.js';

export interface BenchIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const USAGE = 'usage: npm run bench -- [NAME…] [--json] [--quick]';

export async function main(argv: string[], io: BenchIo, benchmarks: Record<string, () => Promise<Benchmark>> = registry): Promise<number> {
  try {
    let json = false;
    let quick = false;
    const names: string[] = [];
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--quick') quick = true;
      else if (arg === '--help' || arg === '-h') {
        io.stderr(`${USAGE}\nbenchmarks: ${Object.keys(benchmarks).join(', ')}`);
        return 0;
      } else if (arg.startsWith('-')) throw new Error(`unknown flag ${arg}; ${USAGE}`);
      else names.push(arg);
    }
    for (const n of names) {
      if (!(n in benchmarks)) throw new Error(`unknown benchmark "${n}"; benchmarks: ${Object.keys(benchmarks).join(', ') || '(none)'}`);
    }
    const selected = names.length > 0 ? names : Object.keys(benchmarks);
    const log = json ? io.stderr : io.stdout;
    const results: JsonObject = {};
    for (const name of selected) {
      const bench = await benchmarks[name]();
      log(`== ${bench.name}: ${bench.description}${quick ? ' (quick)' : ''}`);
      const t0 = performance.now();
      results[name] = await bench.run({ json, quick, log });
      log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
    if (json) io.stdout(JSON.stringify(selected.length === 1 ? results[selected[0]] : results));
    return 0;
  } catch (err) {
    io.stderr(`error: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2), {
    stdout: (l) => process.stdout.write(`${l}\n`),
    stderr: (l) => process.stderr.write(`${l}\n`),
  });
  process.exitCode = code;
}
