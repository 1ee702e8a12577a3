/**
 * Seeded synthetic request sequences over pages 0..pages-1.
 *
 * - `uniform`: i.i.d. uniform pages (no locality: every online algorithm is near-equal).
 * - `zipf`: i.i.d. Zipf(zipfAlpha) over ranks; rank r is page r-1 (skewed popularity, LFU-friendly).
 * - `loop`: the cycle 0,1,…,loopLength-1 repeated (loopLength = k+1 is LRU's and FIFO's worst case).
 * - `scan`: a Zipf hot set of `workingSet` pages interrupted by sequential scans of never-reused-soon
 *   pages (scan starts with probability 1/phaseLength per request, mean length phaseLength/2).
 * - `phases`: working-set phases: each phase requests uniformly from a set of `workingSet` pages
 *   for a geometric number of requests (mean phaseLength); the next set keeps half the pages and
 *   draws the rest from outside it (the structure phase bits describe).
 *
 * Every family is a pure function of (config, rng).
 */
import { ConfigError } from '../core/errors.js';
import { randomInt, type Rng } from '../core/rng.js';
import type { GeneratorConfig, TraceKind } from './types.js';

export const TRACE_KINDS: readonly TraceKind[] = ['uniform', 'zipf', 'loop', 'scan', 'phases'];

export const DEFAULT_GENERATOR: GeneratorConfig = {
  kind: 'zipf',
  length: 10_000,
  pages: 64,
  zipfAlpha: 1.0,
  loopLength: 17,
  workingSet: 24,
  phaseLength: 400,
};

/** Validates a generator config, throwing `ConfigError` naming the field. */
export function validateGenerator(c: GeneratorConfig): void {
  if (!TRACE_KINDS.includes(c.kind)) throw new ConfigError('kind', c.kind, `expected one of ${TRACE_KINDS.join(', ')}`);
  const positiveInts: (keyof GeneratorConfig)[] = ['length', 'pages', 'loopLength', 'workingSet', 'phaseLength'];
  for (const f of positiveInts) {
    const v = c[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(f, v, 'expected a positive integer');
  }
  if (!(c.zipfAlpha >= 0) || !Number.isFinite(c.zipfAlpha)) throw new ConfigError('zipfAlpha', c.zipfAlpha, 'expected a finite number ≥ 0');
  if (c.kind === 'loop' && c.loopLength > c.pages) throw new ConfigError('loopLength', c.loopLength, `must be ≤ pages (${c.pages})`);
  if ((c.kind === 'phases' || c.kind === 'scan') && c.workingSet > c.pages) {
    throw new ConfigError('workingSet', c.workingSet, `must be ≤ pages (${c.pages})`);
  }
}

/** A synthetic trace of dense page ids. */
export function generateTrace(config: GeneratorConfig, rng: Rng): Int32Array {
  validateGenerator(config);
  const { length: n, pages } = config;
  const out = new Int32Array(n);
  switch (config.kind) {
    case 'uniform':
      for (let t = 0; t < n; t++) out[t] = randomInt(rng, pages);
      break;
    case 'zipf': {
      const cdf = zipfCdf(pages, config.zipfAlpha);
      for (let t = 0; t < n; t++) out[t] = sampleCdf(cdf, rng());
      break;
    }
    case 'loop':
      for (let t = 0; t < n; t++) out[t] = t % config.loopLength;
      break;
    case 'scan': {
      const hot = config.workingSet;
      const cdf = zipfCdf(hot, config.zipfAlpha);
      const cold = pages - hot;
      let scanLeft = 0;
      let scanPos = 0;
      for (let t = 0; t < n; t++) {
        if (scanLeft === 0 && cold > 0 && rng() * config.phaseLength < 1) {
          scanLeft = 1 + randomInt(rng, config.phaseLength);
          scanPos = randomInt(rng, cold);
        }
        if (scanLeft > 0) {
          out[t] = hot + (scanPos++ % cold);
          scanLeft--;
        } else {
          out[t] = sampleCdf(cdf, rng());
        }
      }
      break;
    }
    case 'phases': {
      const w = config.workingSet;
      const perm = Int32Array.from({ length: pages }, (_, i) => i);
      partialShuffle(perm, w, rng);
      for (let t = 0; t < n; t++) {
        if (t > 0 && rng() * config.phaseLength < 1) {
          // keep a random half of the working set (moved to the front), draw the rest from outside
          const keep = w >> 1;
          partialShuffle(perm.subarray(0, w), keep, rng);
          if (pages > w) for (let i = keep; i < w; i++) swap(perm, i, w + randomInt(rng, pages - w));
        }
        out[t] = perm[randomInt(rng, w)];
      }
      break;
    }
  }
  return out;
}

/** Cumulative distribution of Zipf(alpha) over ranks 1..m (last entry exactly 1). */
function zipfCdf(m: number, alpha: number): Float64Array {
  const cdf = new Float64Array(m);
  let sum = 0;
  for (let r = 0; r < m; r++) cdf[r] = sum += (r + 1) ** -alpha;
  for (let r = 0; r < m; r++) cdf[r] /= sum;
  cdf[m - 1] = 1;
  return cdf;
}

/** Smallest index i with cdf[i] > u (binary search). */
function sampleCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Moves `count` uniformly chosen elements of `a` to its front (partial Fisher–Yates). */
function partialShuffle(a: Int32Array, count: number, rng: Rng): void {
  for (let i = 0; i < count; i++) swap(a, i, i + randomInt(rng, a.length - i));
}

function swap(a: Int32Array, i: number, j: number): void {
  const tmp = a[i];
  a[i] = a[j];
  a[j] = tmp;
}
