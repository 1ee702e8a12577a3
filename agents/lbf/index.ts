export * from './heuristics.js';
