/**
 * Pair selection on a formation window (spec `hft.md` §b): for every ordered candidate pair
 * (A dependent, B hedge) run OLS + Engle–Granger at lag 0 and with the AIC lag search; keep
 * pairs whose p-value is below `maxP` under the chosen test, and whose spread half-life lies in
 * [minHalfLife, maxHalfLife] bars (default [1, F/4]); rank by half-life, fastest first.
 * Both orders of a pair are tried (EG is not symmetric); the better-ranked order is kept.
 */
import { ConfigError } from '../../envs/core/errors.js';
import { engleGranger, halfLife } from './cointegration.js';

export interface PairCandidate {
  a: string;
  b: string;
  beta: number;
  alpha: number;
  /** EG statistic and p-value at lag 0 and with the AIC lag search. */
  statLag0: number;
  pLag0: number;
  statAic: number;
  pAic: number;
  lagAic: number;
  halfLife: number;
}

export interface SelectionOptions {
  /** Which EG variant decides significance. Default 'aic' (the stricter one on EWA/EWC). */
  test?: 'lag0' | 'aic';
  maxP?: number;
  minHalfLife?: number;
  maxHalfLife?: number;
}

export function selectPairs(series: Record<string, ArrayLike<number>>, options: SelectionOptions = {}): PairCandidate[] {
  const names = Object.keys(series);
  if (names.length < 2) throw new ConfigError('series', names, 'need at least two series');
  const n = series[names[0]].length;
  for (const k of names) if (series[k].length !== n) throw new ConfigError(`series.${k}.length`, series[k].length, `all series must have ${n} bars (align them first)`);
  const test = options.test ?? 'aic';
  const maxP = options.maxP ?? 0.05;
  const minHl = options.minHalfLife ?? 1;
  const maxHl = options.maxHalfLife ?? n / 4;
  const best = new Map<string, PairCandidate>();
  for (const a of names) {
    for (const b of names) {
      if (a === b) continue;
      const eg0 = engleGranger(series[a], series[b], { lags: 0 });
      const egA = engleGranger(series[a], series[b]);
      const cand: PairCandidate = {
        a,
        b,
        beta: eg0.beta,
        alpha: eg0.alpha,
        statLag0: eg0.stat,
        pLag0: eg0.pvalue,
        statAic: egA.stat,
        pAic: egA.pvalue,
        lagAic: egA.usedLag,
        halfLife: halfLife(eg0.resid),
      };
      const p = test === 'aic' ? cand.pAic : cand.pLag0;
      if (!(p < maxP) || cand.halfLife < minHl || cand.halfLife > maxHl) continue;
      const key = [a, b].sort().join('|');
      const prev = best.get(key);
      if (prev === undefined || cand.halfLife < prev.halfLife) best.set(key, cand);
    }
  }
  return [...best.values()].sort((x, y) => x.halfLife - y.halfLife);
}
