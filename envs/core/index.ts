export * from './env.js';
export * from './errors.js';
export * from './json.js';
export * from './rng.js';
export * from './registry.js';
export * from './spaces/index.js';
export { Wrapper } from './wrappers/wrapper.js';
export { TimeLimit } from './wrappers/time-limit.js';
