export * from './types.js';
export * from './parsers.js';
export * from './generator.js';
export * from './sim.js';
export * from './observation.js';
export * from './env.js';
export * from './validator.js';
export * from './jumanji.js';
