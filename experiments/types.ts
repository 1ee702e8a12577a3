/**
 * Contracts for experiments and benchmarks (Node side). Each experiment lives in
 * `experiments/<name>/` and is listed in `experiments/registry.ts`; each benchmark lives in
 * `experiments/bench/<name>.ts` and is listed in `experiments/bench/registry.ts`.
 */
import type { JsonObject } from '../envs/core/json.js';

/** One command-line option: `--name value` (or `--flag` for booleans). */
export interface OptionSpec {
  type: 'number' | 'integer' | 'string' | 'boolean' | 'list';
  default: number | string | boolean | string[] | null;
  help: string;
}

export type OptionValues = Record<string, number | string | boolean | string[] | null>;

export interface ExperimentContext {
  /** Run folder (created): write config.json, episodes.jsonl, summary.json, *.svg here. */
  outDir: string;
  /** Master seed (`--seed`). */
  seed: number;
  /** `--json`: the CLI prints the returned summary as the last line of stdout. */
  json: boolean;
  /** Human-readable progress; goes to stderr when `json` is set. */
  log(message: string): void;
}

export interface Experiment {
  name: string;
  description: string;
  options: Record<string, OptionSpec>;
  /** Runs the experiment; the returned object is written to summary.json (and printed with --json). */
  run(options: OptionValues, ctx: ExperimentContext): Promise<JsonObject>;
}

export interface BenchContext {
  json: boolean;
  /** `--quick`: smaller sizes, for smoke-testing the benchmark itself. */
  quick: boolean;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  /** Prints its table through `ctx.log` and returns the summary (ratios etc.). */
  run(ctx: BenchContext): Promise<JsonObject>;
}
