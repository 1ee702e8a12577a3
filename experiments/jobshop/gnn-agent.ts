/**
 * The GNN-PPO dispatcher for the job-shop experiments: a `GnnPpoAgent` read from a policy JSON
 * file (default: the policy shipped in the repository, `agents/jobshop/gnn-ppo-policy.json`,
 * trained by `npm run experiment -- jobshop-train-gnn`). Acts greedily in `runEpisode`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GnnPpoAgent } from '../../agents/jobshop/gnn-ppo.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonValue } from '../../envs/core/json.js';

export const DEFAULT_GNN_POLICY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../agents/jobshop/gnn-ppo-policy.json');

const parsed = new Map<string, JsonValue>();

/** A GNN-PPO agent from `file` (parsed once per file); `seed` seeds its sampling generator. */
export function loadGnnAgent(seed: number, file = DEFAULT_GNN_POLICY_FILE): GnnPpoAgent {
  let json = parsed.get(file);
  if (json === undefined) {
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
    } catch (e) {
      throw new ConfigError('policy', file, `cannot read a GNN-PPO policy: ${(e as Error).message}`);
    }
    parsed.set(file, json);
  }
  return GnnPpoAgent.fromJSON(json, seed);
}
