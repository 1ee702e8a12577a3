/**
 * `npm start`: the main headless job, the `demo` experiment on its embedded defaults
 * (random agent on every registered env, a lean heuristic on CartPole-v1; see demo/index.ts).
 * Writes runs/demo__{seed}__{time}/ (config.json, episodes.jsonl, summary.json, returns.svg) and
 * prints a results table. Accepts the CLI's flags, e.g. `npm start -- --json --seed 3`.
 */
import { main } from './cli.js';

process.exitCode = await main(['demo', ...process.argv.slice(2)], {
  stdout: (l) => process.stdout.write(`${l}\n`),
  stderr: (l) => process.stderr.write(`${l}\n`),
  cwd: process.cwd(),
});
