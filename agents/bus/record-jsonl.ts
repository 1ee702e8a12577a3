/**
 * `recordJsonl(write, select?)`: passes events through unchanged and writes each one as a
 * JSON line to `write` (no trailing newline; the sink adds it). `select` maps an event to the
 * value to record, or `undefined` to skip it (e.g. keep only `episodeEnd`, add run labels).
 * The sink is a plain function so this stays isomorphic: Node code hands in a file appender
 * (`RunWriter.appendLine`), a browser an array push or a WebSocket send.
 *
 * @example
 * const lines: string[] = [];
 * rollout(env, agent, { episodes: 3, seed: 0 })
 *   .pipe(recordJsonl((l) => lines.push(l), (e) => (e.type === 'episodeEnd' ? { agent: 'random', ...e } : undefined)))
 *   .subscribe();
 */
import { tap, type MonoTypeOperatorFunction } from 'rxjs';
import type { JsonValue } from '../../envs/core/json.js';
import type { AnyBusEvent } from './events.js';

export function recordJsonl<E extends AnyBusEvent>(
  write: (line: string) => void,
  select?: (event: E) => JsonValue | undefined,
): MonoTypeOperatorFunction<E> {
  return tap((event: E) => {
    const value = select === undefined ? event : select(event);
    if (value !== undefined) write(JSON.stringify(value));
  });
}
