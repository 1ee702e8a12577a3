/** Experiments by name, loaded lazily so one experiment's imports do not slow another. */
import type { Experiment } from './types.js';

export const experiments: Record<string, () => Promise<Experiment>> = {
};
