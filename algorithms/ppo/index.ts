/** PPO: a general on-policy learner (CleanRL-style) with a pluggable actor-critic and shared GAE. */
export * from './gae.js';
export * from './loss.js';
export * from './policy.js';
export * from './ppo.js';
