/**
 * DQN (double DQN, Huber loss, target network, ε schedule, gradient clipping, n-step returns,
 * uniform or neighbour replay sampling) as a general discrete-action learner; see dqn.ts.
 * targets.ts holds the reusable pieces (ε schedule, n-step accumulator, TD targets).
 */
export { Dqn, DQN_CHECKPOINT_FORMAT, DQN_DEFAULTS, dqnDims, featuresOf, qNetwork, resolveDqnConfig, type DqnConfig, type DqnDims } from './dqn.js';
export { linearEpsilon, NStepAccumulator, tdTargets, type NStepTransition, type TdTargetInput } from './targets.js';
