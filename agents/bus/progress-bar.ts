/**
 * `progressBar(write, { total, unit })`: passes events through and draws a one-line terminal
 * progress bar through `write`. Each redraw starts with `\r` (overwrite the line); the final
 * draw, on `done`, ends with `\n`. Redraws happen on `episodeEnd` (and `step` events when the
 * stream has them), at most once per `minIntervalMs`. The writer decides where text goes; the
 * Node wiring (stderr, TTY detection) is `experiments/io/terminal.ts`.
 *
 * Line format: `label [########----------] 40/100 episodes  return 21.3  12.4k steps/s`
 * (return = mean over the last 20 episodes).
 *
 * @example
 * rollout(env, agent, { episodes: 100, seed: 0 })
 *   .pipe(progressBar((s) => process.stderr.write(s), { total: 100, label: 'CartPole' }))
 *   .subscribe();
 */
import { tap, type MonoTypeOperatorFunction } from 'rxjs';
import { mean } from '../../envs/core/stats.js';
import type { AnyBusEvent } from './events.js';

export interface ProgressBarOptions {
  /** Target count of `unit`s (episodes or env steps). */
  total: number;
  /** What `total` counts (default `episodes`). */
  unit?: 'episodes' | 'steps';
  /** Text before the bar. */
  label?: string;
  /** Bar width in characters (default 24). */
  width?: number;
  /** Minimum time between redraws, ms (default 100); the first and final draws always happen. */
  minIntervalMs?: number;
  /** Clock in ms (default `Date.now`); inject a fake one in tests. */
  now?: () => number;
}

const RETURN_WINDOW = 20;

export function progressBar<E extends AnyBusEvent>(write: (text: string) => void, options: ProgressBarOptions): MonoTypeOperatorFunction<E> {
  const unit = options.unit ?? 'episodes';
  const width = options.width ?? 24;
  const minInterval = options.minIntervalMs ?? 100;
  const now = options.now ?? Date.now;
  const label = options.label === undefined ? '' : `${options.label} `;
  let start = NaN;
  let lastDraw = -Infinity;
  let episodes = 0;
  let steps = 0;
  let sawSteps = false;
  const recent: number[] = [];

  const draw = (final: boolean): void => {
    const t = now();
    if (!final && t - lastDraw < minInterval) return;
    lastDraw = t;
    const done = unit === 'episodes' ? episodes : steps;
    const frac = options.total > 0 ? Math.min(1, done / options.total) : 1;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const meanReturn = mean(recent);
    const seconds = (t - start) / 1000;
    const sps = seconds > 0 ? `  ${formatCount(steps / seconds)} steps/s` : '';
    const ret = Number.isNaN(meanReturn) ? '' : `  return ${meanReturn.toFixed(2)}`;
    write(`\r${label}[${bar}] ${done}/${options.total} ${unit}${ret}${sps}${final ? '\n' : ''}`);
  };

  return tap({
    subscribe: () => {
      start = now();
      lastDraw = -Infinity;
      episodes = 0;
      steps = 0;
      sawSteps = false;
      recent.length = 0;
    },
    next: (event: E) => {
      switch (event.type) {
        case 'step':
          sawSteps = true;
          steps++;
          if (unit === 'steps') draw(false);
          break;
        case 'episodeEnd':
          episodes++;
          if (!sawSteps) steps += event.length;
          recent.push(event.return);
          if (recent.length > RETURN_WINDOW) recent.shift();
          draw(false);
          break;
        case 'done':
          episodes = event.episodes;
          steps = event.steps;
          draw(true);
          break;
      }
    },
  });
}

/** 1234567 → "1.23M". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}
