/**
 * `EpisodeLoop`: the state and events shared by `rollout` and `rolloutParallel`: the options
 * (budget, explore, learn, stepEvents), the counters, `episodeStart` (with the seed on the first
 * episode only) and `done`. Each subclass keeps its own `run` (the budget checks and the hot
 * loop stay in one function, so the per-episode path pays no extra call).
 */
import type { Subscriber } from 'rxjs';
import type { Seed } from '../../envs/core/rng.js';
import type { SteppedLoop } from './drive.js';
import type { DoneEvent, EpisodeStartEvent } from './events.js';
import type { RolloutOptions } from './rollout.js';

export abstract class EpisodeLoop implements SteppedLoop {
  protected readonly maxEpisodes: number;
  protected readonly maxSteps: number;
  protected readonly explore: boolean;
  /** Whether `agent.observe` is called (default: `explore`). */
  protected readonly learn: boolean;
  protected readonly stepEvents: boolean;
  /** Index of the current (or next) episode. */
  protected episode = 0;
  /** Episodes that ended (terminated or truncated). */
  protected completed = 0;
  /** Env steps over all episodes. */
  protected steps = 0;
  /** Steps into the current episode. */
  protected t = 0;
  protected inEpisode = false;
  protected finished = false;

  constructor(
    protected readonly options: RolloutOptions,
    private readonly control: Subscriber<EpisodeStartEvent | DoneEvent>,
  ) {
    this.maxEpisodes = options.episodes ?? Infinity;
    this.maxSteps = options.steps ?? Infinity;
    this.explore = options.explore ?? true;
    this.learn = options.learn ?? this.explore;
    this.stepEvents = options.stepEvents ?? false;
  }

  abstract run(budget: number): boolean;

  /** The seed for this episode's `reset`: `options.seed` on the first episode, then none. */
  protected resetSeed(): Seed | undefined {
    return this.episode === 0 ? this.options.seed : undefined;
  }

  /** Call after the env reset: starts the episode's clock and emits `episodeStart`. */
  protected beginEpisode(seed: Seed | undefined): void {
    this.inEpisode = true;
    this.t = 0;
    this.control.next(seed === undefined ? { type: 'episodeStart', episode: this.episode } : { type: 'episodeStart', episode: this.episode, seed });
  }

  /** Marks the current episode as ended; returns its index (the subclass emits `episodeEnd`). */
  protected endEpisode(): number {
    this.inEpisode = false;
    this.completed++;
    return this.episode++;
  }

  /** Emits `done` and completes; returns true (finished) for `run`. */
  protected finish(): boolean {
    this.finished = true;
    this.control.next({ type: 'done', episodes: this.completed, steps: this.steps });
    this.control.complete();
    return true;
  }
}
