/**
 * Instance generators.
 *
 * - `taillardInstance(n, m, timeSeed, machineSeed)`: Taillard's (1993) job-shop generator with his
 *   Lehmer generator (a = 16807, m = 2³¹−1, Schrage's method); with the seeds printed in the
 *   benchmark headers it reproduces ta01–ta80 exactly. Durations U{1..99}; each job visits every
 *   machine once in an order made by swapping position k with a uniform position in k..m−1.
 * - `randomInstance(rng, n, m, …)`: the same Taillard-style distribution drawn from our seeded `Rng`
 *   (the default generator of `JobShop-v0` when no instance is given).
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { JobShopInstance } from './types.js';

/** Taillard's uniform integer generator on {low..high}; `state.seed` advances. */
function taillardUnif(state: { seed: number }, low: number, high: number): number {
  const m = 2147483647;
  const a = 16807;
  const b = 127773;
  const c = 2836;
  const k = Math.floor(state.seed / b);
  state.seed = a * (state.seed % b) - k * c;
  if (state.seed < 0) state.seed += m;
  const u = state.seed / m;
  return low + Math.floor(u * (high - low + 1));
}

function checkDims(n: number, m: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ConfigError('numJobs', n, 'must be a positive integer');
  if (!Number.isInteger(m) || m < 1) throw new ConfigError('numMachines', m, 'must be a positive integer');
}

/** Taillard's generator (exact): `taillardInstance(15, 15, 840612802, 398197754)` is ta01. */
export function taillardInstance(n: number, m: number, timeSeed: number, machineSeed: number, name = `taillard-${n}x${m}-${timeSeed}-${machineSeed}`): JobShopInstance {
  checkDims(n, m);
  const ts = { seed: timeSeed };
  const ms = { seed: machineSeed };
  const durations: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row: number[] = [];
    for (let k = 0; k < m; k++) row.push(taillardUnif(ts, 1, 99));
    durations.push(row);
  }
  const machines: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row = Array.from({ length: m }, (_, k) => k);
    for (let k = 0; k < m; k++) {
      const s = taillardUnif(ms, k, m - 1);
      const tmp = row[k];
      row[k] = row[s];
      row[s] = tmp;
    }
    machines.push(row);
  }
  return { name, numJobs: n, numMachines: m, machines, durations };
}

/** A Taillard-style random instance from `rng`: random machine order per job, durations U{minDuration..maxDuration}. */
export function randomInstance(rng: Rng, n: number, m: number, minDuration = 1, maxDuration = 99, name = `random-${n}x${m}`): JobShopInstance {
  checkDims(n, m);
  if (!Number.isInteger(minDuration) || minDuration < 1) throw new ConfigError('minDuration', minDuration, 'must be an integer ≥ 1');
  if (!Number.isInteger(maxDuration) || maxDuration < minDuration) throw new ConfigError('maxDuration', maxDuration, `must be an integer ≥ minDuration (${minDuration})`);
  const span = maxDuration - minDuration + 1;
  const durations: number[][] = [];
  const machines: number[][] = [];
  for (let j = 0; j < n; j++) {
    const ds: number[] = [];
    for (let k = 0; k < m; k++) ds.push(minDuration + Math.floor(rng() * span));
    const order = Array.from({ length: m }, (_, k) => k);
    for (let k = 0; k < m - 1; k++) {
      const s = k + Math.floor(rng() * (m - k));
      const tmp = order[k];
      order[k] = order[s];
      order[s] = tmp;
    }
    durations.push(ds);
    machines.push(order);
  }
  return { name, numJobs: n, numMachines: m, machines, durations };
}
