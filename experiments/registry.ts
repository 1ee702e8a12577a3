/** Experiments by name, loaded lazily so one experiment's imports do not slow another. */
import type { Experiment } from './types.js';

export const experiments: Record<string, () => Promise<Experiment>> = {
  jobshop: async () => (await import('./jobshop/index.js')).default,
  hft: async () => (await import('./hft/index.js')).default,
  cascading: async () => (await import('./cascading/index.js')).default,
  paging: async () => (await import('./paging/index.js')).default,
  'paging-limits': async () => (await import('./paging/limits.js')).default,
  lbf: async () => (await import('./lbf/index.js')).default,
  dqn: async () => (await import('./dqn/index.js')).default,
  'jobshop-train-gnn': async () => (await import('./jobshop/train-gnn.js')).default,
  'jobshop-eval-gnn': async () => (await import('./jobshop/eval-gnn.js')).default,
  demo: async () => (await import('./demo/index.js')).default,
};
