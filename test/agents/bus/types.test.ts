import { describe, expectTypeOf, it } from 'vitest';
import type { AnyBusEvent, BusEvent, ParallelBusEvent } from '../../../agents/bus/index.js';
import type { JsonValue } from '../../../envs/core/json.js';

describe('bus event types', () => {
  it('every event type is plain JSON at the type level', () => {
    expectTypeOf<BusEvent>().toExtend<JsonValue>();
    expectTypeOf<ParallelBusEvent>().toExtend<JsonValue>();
  });

  it('narrowing on `type` gives the right payload', () => {
    const check = (e: AnyBusEvent) => {
      if (e.type === 'episodeEnd') expectTypeOf(e.return).toEqualTypeOf<number>();
      if (e.type === 'update') expectTypeOf(e.metrics).toEqualTypeOf<Record<string, number>>();
      if (e.type === 'done') expectTypeOf(e).toEqualTypeOf<{ type: 'done'; episodes: number; steps: number }>();
    };
    void check;
    const p = (e: ParallelBusEvent) => {
      if (e.type === 'episodeEnd') expectTypeOf(e.returns).toEqualTypeOf<Record<string, number>>();
      if (e.type === 'step') expectTypeOf(e.reward).toEqualTypeOf<Record<string, number>>();
    };
    void p;
  });
});
