import { ConfigError } from '../errors.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** What `info.episode` holds at the end of an episode (Gymnasium's keys). */
export interface EpisodeStatistics {
  /** Undiscounted return. */
  r: number;
  /** Length in steps. */
  l: number;
  /** Wall-clock seconds since the reset, rounded to 1 µs. */
  t: number;
}

export interface RecordEpisodeStatisticsOptions {
  /** How many finished episodes `returnQueue` / `lengthQueue` / `timeQueue` keep (default 100). */
  bufferLength?: number;
  /** Info key for the statistics (default `episode`). */
  statsKey?: string;
  /** Clock in milliseconds (default `performance.now`; tests inject a fake). */
  now?: () => number;
}

/**
 * Gymnasium's `RecordEpisodeStatistics`: accumulates return and length, and on the step that
 * ends an episode (terminated or truncated) sets `info.episode = { r, l, t }` and appends to
 * the running queues (oldest dropped beyond `bufferLength`). Throws `ConfigError` if the inner
 * env already set `info[statsKey]`.
 */
export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  episodeCount = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private startTime = 0;
  private readonly bufferLength: number;
  private readonly statsKey: string;
  private readonly now: () => number;

  constructor(env: Env<O, A>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = options.bufferLength ?? 100;
    if (!Number.isInteger(this.bufferLength) || this.bufferLength <= 0) {
      throw new ConfigError('bufferLength', options.bufferLength, 'must be a positive integer');
    }
    this.statsKey = options.statsKey ?? 'episode';
    this.now = options.now ?? (() => performance.now());
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    this.startTime = this.now();
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return r;
  }

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (r.terminated || r.truncated) {
      if (this.statsKey in r.info) {
        throw new ConfigError(`info.${this.statsKey}`, r.info[this.statsKey], 'already set by the wrapped env; choose another statsKey');
      }
      const t = Math.round((this.now() - this.startTime) * 1000) / 1e6;
      const stats: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t };
      r.info[this.statsKey] = stats;
      push(this.returnQueue, stats.r, this.bufferLength);
      push(this.lengthQueue, stats.l, this.bufferLength);
      push(this.timeQueue, t, this.bufferLength);
      this.episodeCount++;
      this.startTime = this.now();
    }
    return r;
  }
}

function push(queue: number[], v: number, max: number): void {
  queue.push(v);
  if (queue.length > max) queue.shift();
}
