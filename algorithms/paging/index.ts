/**
 * Paging algorithms: the array-based simulator, classical and learning-augmented policies,
 * robust combiners, the learned one-bit predictor, Env agents and the evaluation catalog.
 */
export * from './simulator.js';
export * from './classic.js';
export * from './predictions.js';
export * from './combiners.js';
export * from './learned.js';
export * from './agents.js';
export * from './catalog.js';
