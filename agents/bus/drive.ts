/**
 * Runs a step loop inside an Observable's subscribe: synchronously to the end (the default,
 * fastest), or in chunks of `chunkSteps` env steps, each chunk a separate task on `scheduler`
 * (so a browser tab stays responsive). Unsubscribing stops the loop between steps.
 */
import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscriber, type TeardownLogic } from 'rxjs';
import { ConfigError } from '../../envs/core/errors.js';

/** A resumable loop: `run(budget)` takes at most `budget` env steps; returns true when finished. */
export interface SteppedLoop {
  run(budget: number): boolean;
}

export interface DriveOptions {
  chunkSteps?: number;
  scheduler?: SchedulerLike;
}

export function drive(subscriber: Subscriber<unknown>, loop: SteppedLoop, options: DriveOptions): TeardownLogic {
  const { chunkSteps } = options;
  if (chunkSteps === undefined) {
    if (options.scheduler !== undefined) return schedule(subscriber, loop, Infinity, options.scheduler);
    try {
      loop.run(Infinity);
    } catch (err) {
      subscriber.error(err);
    }
    return undefined;
  }
  return schedule(subscriber, loop, chunkSteps, options.scheduler ?? asyncScheduler);
}

function schedule(subscriber: Subscriber<unknown>, loop: SteppedLoop, chunk: number, scheduler: SchedulerLike): TeardownLogic {
  return scheduler.schedule(function (this: SchedulerAction<undefined>) {
    let finished: boolean;
    try {
      finished = loop.run(chunk);
    } catch (err) {
      subscriber.error(err);
      return;
    }
    if (!finished && !subscriber.closed) this.schedule();
  });
}

/** Validates the budget options shared by `rollout` and `rolloutParallel`. */
export function checkBudget(options: { episodes?: number; steps?: number; chunkSteps?: number }): void {
  for (const key of ['episodes', 'steps', 'chunkSteps'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new ConfigError(key, v, 'expected a positive integer');
  }
}
