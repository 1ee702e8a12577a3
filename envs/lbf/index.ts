export * from './types.js';
export * from './generator.js';
export * from './env.js';
export * from './tasks.js';
