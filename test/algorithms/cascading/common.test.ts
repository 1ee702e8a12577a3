import { describe, expect, it } from 'vitest';
import { AdaptBPI, AdaptRM } from '../../../algorithms/cascading/adapt.js';
import { CascadingBPI } from '../../../algorithms/cascading/cascading-bpi.js';
import { CascadingVI } from '../../../algorithms/cascading/cascading-vi.js';
import { BPI_DEFAULTS, REGRET_DEFAULTS, initialUncertainty, resolveConfig, type ProblemInfo } from '../../../algorithms/cascading/common.js';
import { ConfigError } from '../../../envs/core/errors.js';

const info: ProblemInfo = { S: 2, N: 3, m: 2, H: 2, exactLen: false, r: null };
const init = Float64Array.of(0.5, 0.5);

describe('learner configuration', () => {
  it('regret learners (CascadingVI, AdaptRM) check δ, K and c; an ε is not theirs to check', () => {
    for (const make of [(c: object) => new CascadingVI(info, c), (c: object) => new AdaptRM(info, c)]) {
      expect(make({}).config).toEqual(REGRET_DEFAULTS);
      expect(make({ bonusScale: 0.1 }).config).toEqual({ ...REGRET_DEFAULTS, bonusScale: 0.1 });
      expect(() => make({ delta: 1 })).toThrow(ConfigError);
      expect(() => make({ delta: 0 })).toThrow(/delta/);
      expect(() => make({ episodes: 0.5 })).toThrow(/episodes/);
      expect(() => make({ bonusScale: -1 })).toThrow(/bonusScale/);
      expect(() => make({ bonusScale: Number.NaN })).toThrow(/bonusScale/);
      // the first bad field in the order δ, K, c is named
      expect(() => make({ bonusScale: -1, delta: 2 })).toThrow(/delta/);
      expect(() => make({ epsilon: -1 })).not.toThrow();
    }
  });

  it('BPI learners (CascadingBPI, AdaptBPI) check ε, δ and c', () => {
    for (const make of [(c: object) => new CascadingBPI(info, c, init), (c: object) => new AdaptBPI(info, c, init)]) {
      expect(make({}).config).toEqual(BPI_DEFAULTS);
      expect(() => make({ epsilon: 0 })).toThrow(/epsilon/);
      expect(() => make({ delta: -0.1 })).toThrow(/delta/);
      expect(() => make({ bonusScale: -0.5 })).toThrow(/bonusScale/);
      expect(() => make({ delta: 5, epsilon: -1 })).toThrow(/epsilon/);
      expect(() => make({ episodes: 0 })).not.toThrow();
    }
  });

  it('resolveConfig returns a fresh object and leaves the defaults alone', () => {
    const c = resolveConfig(BPI_DEFAULTS, { epsilon: 0.1 });
    expect(c).not.toBe(BPI_DEFAULTS);
    expect(BPI_DEFAULTS.epsilon).toBe(0.5);
  });

  it('initialUncertainty is Σ_s init(s)·G_0(s) over the first S entries', () => {
    expect(initialUncertainty(Float64Array.of(0.25, 0.75), Float64Array.of(4, 8, 100, 100), 2)).toBe(7);
  });
});
