import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { episodeStatistics, formatCount, progressBar, recordJsonl, rollout, summarize, type BusEvent } from '../../../agents/bus/index.js';
import { RandomAgent } from '../../../agents/random.js';
import { ConfigError } from '../../../envs/core/errors.js';
import { make } from '../../../envs/index.js';

const end = (episode: number, ret: number, length: number): BusEvent => ({ type: 'episodeEnd', episode, return: ret, length, terminated: true, info: {} });

describe('recordJsonl', () => {
  it('writes one parseable line per event and passes events through unchanged', async () => {
    const env = make<Float64Array, number>('CartPole-v1');
    const lines: string[] = [];
    const events = await lastValueFrom(rollout(env, new RandomAgent(env.actionSpace, 1), { episodes: 3, seed: 0 }).pipe(recordJsonl((l) => lines.push(l)), toArray()));
    expect(lines.length).toBe(events.length);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
  });

  it('select filters and reshapes', async () => {
    const lines: string[] = [];
    await lastValueFrom(
      from([end(0, 5, 5), { type: 'done', episodes: 1, steps: 5 } as BusEvent]).pipe(recordJsonl((l) => lines.push(l), (e) => (e.type === 'episodeEnd' ? { agent: 'x', ret: e.return } : undefined)), toArray()),
    );
    expect(lines).toEqual(['{"agent":"x","ret":5}']);
  });
});

describe('episodeStatistics', () => {
  it('summarize: hand-worked mean, population std, min, max', () => {
    expect(summarize([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2, min: 2, max: 9 });
    expect(Number.isNaN(summarize([]).mean)).toBe(true);
  });

  it('emits after each episodeEnd over a sliding window', async () => {
    const events: BusEvent[] = [{ type: 'episodeStart', episode: 0 }, end(0, 1, 10), end(1, 3, 20), end(2, 8, 30), { type: 'done', episodes: 3, steps: 60 }];
    const stats = await lastValueFrom(from(events).pipe(episodeStatistics({ window: 2 }), toArray()));
    expect(stats.length).toBe(3);
    expect(stats[0]).toEqual({ episodes: 1, window: 1, return: { mean: 1, std: 0, min: 1, max: 1 }, length: { mean: 10, std: 0, min: 10, max: 10 } });
    expect(stats[2]).toEqual({ episodes: 3, window: 2, return: { mean: 5.5, std: 2.5, min: 3, max: 8 }, length: { mean: 25, std: 5, min: 20, max: 30 } });
  });

  it('rejects a bad window', () => {
    expect(() => episodeStatistics({ window: 0 })).toThrow(ConfigError);
  });
});

describe('progressBar', () => {
  it('redraws with \\r, throttles by the clock, ends with a newline on done', async () => {
    let clock = 0;
    const out: string[] = [];
    const events: BusEvent[] = [end(0, 10, 10), end(1, 20, 20), end(2, 30, 30), end(3, 40, 40), { type: 'done', episodes: 4, steps: 100 }];
    const source = from(events);
    const passed = await lastValueFrom(
      source.pipe(
        progressBar((s) => out.push(s), { total: 4, width: 4, label: 'run', minIntervalMs: 100, now: () => (clock += 60) }),
        toArray(),
      ),
    );
    expect(passed).toEqual(events);
    // Clock reads: subscribe 60; draws at 120 (drawn), 180 (skipped), 240 (drawn), 300 (skipped), done 360 (final).
    expect(out.length).toBe(3);
    expect(out[0]).toBe('\r' + 'run [#---] 1/4 episodes  return 10.00  167 steps/s');
    expect(out.every((s) => s.startsWith('\r'))).toBe(true);
    expect(out[2]).toBe('\rrun [####] 4/4 episodes  return 25.00  333 steps/s\n');
  });

  it('formatCount', () => {
    expect(formatCount(1_380_000)).toBe('1.38M');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(12)).toBe('12');
  });
});
