import { describe, expect, it } from 'vitest';
import { mean, meanStd, sampleStd } from '../../../envs/core/stats.js';

describe('stats', () => {
  it('hand-worked mean, population and sample std', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5);
    expect(meanStd(x)).toEqual({ mean: 5, std: 2 });
    expect(meanStd(x, 1).std).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(sampleStd(x)).toBe(meanStd(x, 1).std);
    expect(meanStd(new Float64Array([1, 3]))).toEqual({ mean: 2, std: 1 });
  });

  it('edge cases follow the documented conventions', () => {
    expect(mean([])).toBeNaN();
    expect(meanStd([]).mean).toBeNaN();
    expect(meanStd([]).std).toBeNaN();
    expect(meanStd([3])).toEqual({ mean: 3, std: 0 });
    expect(meanStd([3], 1).std).toBeNaN();
    expect(sampleStd([])).toBe(0);
    expect(sampleStd([3])).toBe(0);
    expect(sampleStd([3, 3, 3])).toBe(0);
  });
});
