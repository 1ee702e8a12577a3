/**
 * The episode bus: `rollout` / `rolloutParallel` turn an env + agent into an Observable of
 * JSON-serialisable events; the operators here consume it (recording, statistics, progress).
 */
export * from './events.js';
export { rollout, type RolloutOptions } from './rollout.js';
export { rolloutParallel } from './rollout-parallel.js';
export { recordJsonl } from './record-jsonl.js';
export { episodeStatistics, summarize, type EpisodeStatistics, type Summary } from './episode-statistics.js';
export { progressBar, formatCount, type ProgressBarOptions } from './progress-bar.js';
export { toJson, toJsonObject } from './to-json.js';
