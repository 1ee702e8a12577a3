/**
 * Job-shop agents by name for the experiment and the user mode. Extensible: a learned policy
 * registers its factory here (`registerJobShopAgent('gnn-ppo', …)`), and every caller
 * (`--agent NAME`, the default "all agents" list) picks it up.
 */
import type { Agent } from '../../agents/agent.js';
import { DISPATCHER_NAMES, makeRule } from '../../agents/jobshop/rules.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JobShopObs } from '../../envs/jobshop/env.js';
import { loadGnnAgent } from './gnn-agent.js';

/** Builds an agent; `seed` seeds stochastic agents (the random dispatcher, sampling policies). */
export type JobShopAgentFactory = (seed: number) => Agent<JobShopObs, number> | Promise<Agent<JobShopObs, number>>;

interface Entry {
  factory: JobShopAgentFactory;
  /** Actions depend on the seed (rerun per seed even without failures). */
  stochastic: boolean;
}

const factories = new Map<string, Entry>();
for (const name of DISPATCHER_NAMES) factories.set(name, { factory: (seed) => makeRule(name, seed), stochastic: name === 'random' });

export function registerJobShopAgent(name: string, factory: JobShopAgentFactory, stochastic = false): void {
  if (factories.has(name)) throw new ConfigError('agent', name, 'already registered');
  factories.set(name, { factory, stochastic });
}

/** Every registered agent name, rules first. */
export function jobShopAgentNames(): string[] {
  return [...factories.keys()];
}

/** Whether an agent's actions depend on its seed (such agents are rerun per seed even without failures). */
export function isStochastic(name: string): boolean {
  return factories.get(name)?.stochastic ?? false;
}

export async function makeJobShopAgent(name: string, seed: number): Promise<Agent<JobShopObs, number>> {
  const e = factories.get(name);
  if (e === undefined) throw new ConfigError('agent', name, `unknown job-shop agent; known: ${jobShopAgentNames().join(', ')}`);
  return e.factory(seed);
}

// The GNN-PPO policy shipped in agents/jobshop/gnn-ppo-policy.json (trained by jobshop-train-gnn); greedy.
registerJobShopAgent('gnn-ppo', (seed) => loadGnnAgent(seed));
