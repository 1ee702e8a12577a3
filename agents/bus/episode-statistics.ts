/**
 * `episodeStatistics({ window })`: turns a bus stream into running episode statistics,
 * emitting a fresh `EpisodeStatistics` after every `episodeEnd`, computed over the last
 * `window` episodes (default 100, like Gymnasium's `RecordEpisodeStatistics` deque).
 * `std` is the population standard deviation (divides by n, numpy's default).
 *
 * @example
 * rollout(env, agent, { episodes: 50, seed: 1 })
 *   .pipe(episodeStatistics({ window: 20 }), last())
 *   .subscribe((s) => console.log(`return ${s.return.mean} ± ${s.return.std}`));
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { ConfigError } from '../../envs/core/errors.js';
import { meanStd } from '../../envs/core/stats.js';
import type { AnyBusEvent } from './events.js';

export interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface EpisodeStatistics {
  /** Episodes seen so far. */
  episodes: number;
  /** Episodes the statistics are over: min(episodes, window). */
  window: number;
  return: Summary;
  length: Summary;
}

/** Mean, population std, min and max of `values` (all NaN when empty). */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { ...meanStd(values), min, max };
}

export function episodeStatistics<E extends AnyBusEvent>(options: { window?: number } = {}): OperatorFunction<E, EpisodeStatistics> {
  const window = options.window ?? 100;
  if (!(Number.isInteger(window) && window > 0)) throw new ConfigError('window', window, 'expected a positive integer');
  return (source) =>
    new Observable<EpisodeStatistics>((subscriber) => {
      const returns: number[] = [];
      const lengths: number[] = [];
      let episodes = 0;
      return source.subscribe({
        next(event) {
          if (event.type !== 'episodeEnd') return;
          episodes++;
          returns.push(event.return);
          lengths.push(event.length);
          if (returns.length > window) {
            returns.shift();
            lengths.shift();
          }
          subscriber.next({ episodes, window: returns.length, return: summarize(returns), length: summarize(lengths) });
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
