/** Benchmarks by name, loaded lazily; `npm run bench` runs them all in this order. */
import type { Benchmark } from '../types.js';

export const benchmarks: Record<string, () => Promise<Benchmark>> = {
  envs: async () => (await import('./envs.js')).default,
  wrappers: async () => (await import('./wrappers.js')).default,
  bus: async () => (await import('./bus.js')).default,
  nn: async () => (await import('./nn.js')).default,
  replay: async () => (await import('./replay.js')).default,
  cascading: async () => (await import('./cascading.js')).default,
  paging: async () => (await import('./paging.js')).default,
  jobshop: async () => (await import('./jobshop.js')).default,
  ppo: async () => (await import('./ppo.js')).default,
};
