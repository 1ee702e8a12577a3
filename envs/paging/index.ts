export * from './types.js';
export * from './trace.js';
export * from './generator.js';
export * from './oracles.js';
export * from './env.js';
