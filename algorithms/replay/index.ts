/**
 * Replay storage and samplers (isomorphic: typed arrays only, no Node APIs).
 *
 * Buffers (struct-of-arrays rings on preallocated typed arrays, row-major `[capacity, dim]`):
 * `TransitionBuffer` (DQN/IQL), `MultiAgentTransitionBuffer` (per-agent or agent-interleaved layout,
 * plus global state), `EpisodeBuffer` (QMIX-style padded episodes with a `filled` mask).
 * Samplers write into caller-owned arrays: `UniformSampler`, `NeighbourSampler` (locality-aware
 * runs of L consecutive slots), `PrioritizedSampler` (sum/min tree PER, optional neighbour runs).
 * Every buffer has `createBatch(B)`, `gather(indices, batch)` and `sample(sampler, batch)`; one index
 * list serves every agent. `UpdateGate` and `updateRound` model MADDPG's update schedule and gather
 * count (per-learner vs shared index lists). Spec: /work/shared/specs/locality-replay.md.
 *
 * Design decisions (spec items marked [R] are reconstructions): observations, states and rewards
 * are Float64 (the suite's numeric type; the spec suggests Float32, which would halve the bytes
 * per record); actions Int32; flags and masks Uint8; step ids Uint32 kept by the ring for tests.
 * Samplers index physical slots; neighbour runs follow the anchor (not symmetric around it), have
 * a fixed length L per sampler, are shared by all agents, and cross episode boundaries and (under
 * `wrap`, or `clamp` once full) the write head, never unwritten slots. Details in samplers.ts.
 */
export { Ring, type InsertObserver } from './ring.js';
export { SumTree } from './sumtree.js';
export {
  NeighbourSampler,
  PrioritizedSampler,
  UniformSampler,
  type Boundary,
  type IndexSampler,
  type NeighbourSamplerConfig,
  type PrioritizedSamplerConfig,
  type RngSource,
} from './samplers.js';
export { TransitionBuffer, type Transition, type TransitionBatch, type TransitionBufferConfig } from './transition.js';
export {
  MultiAgentTransitionBuffer,
  type MultiAgentBatch,
  type MultiAgentBufferConfig,
  type MultiAgentLayout,
  type MultiAgentTransition,
} from './multiagent.js';
export { EpisodeBuffer, type EpisodeArrays, type EpisodeBatch, type EpisodeBufferConfig, type EpisodeStep } from './episode.js';
export { touchedBlocks } from './locality.js';
export { UpdateGate, updateRound, type IndexMode, type UpdateGateConfig, type UpdateRoundHooks } from './schedule.js';
