/**
 * Spec jobshop.md acceptance test 11 (learning target): on 100 held-out random 10×10 instances
 * (the job-shop experiment's seeds 1 000 000 + i) × 30 failure seeds per shutdown probability, the
 * shipped policy's mean makespan is at most that of the best single rule of SPT, MWKR, MOR, FIFO,
 * LOR, at every p_s — here on the ISBJSSP variant (blocking with swaps). Common random numbers:
 * failure seed s gives every agent the same downtimes. The classic variant and FDD/MWKR are in the
 * README table (`npm run experiment -- jobshop-eval-gnn`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GnnPpoAgent } from '../../../agents/jobshop/gnn-ppo.js';
import { makeRule } from '../../../agents/jobshop/rules.js';
import type { JsonValue } from '../../../envs/core/json.js';
import { createRng } from '../../../envs/core/rng.js';
import { JobShopEnv } from '../../../envs/jobshop/env.js';
import { randomInstance } from '../../../envs/jobshop/generator.js';
import { runEpisode } from '../../../experiments/jobshop/evaluate.js';

const POLICY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../agents/jobshop/gnn-ppo-policy.json');
const SPEC_RULES = ['SPT', 'MWKR', 'MOR', 'FIFO', 'LOR'] as const;
const INSTANCES = 100;
const FAILURE_SEEDS = 30;

describe('spec acceptance 11: shipped policy vs the best single rule, 100 held-out 10×10 blocking-swap shops × 30 failure seeds', () => {
  const gnn = GnnPpoAgent.fromJSON(JSON.parse(readFileSync(POLICY, 'utf8')) as JsonValue);
  const instances = Array.from({ length: INSTANCES }, (_, i) => randomInstance(createRng(1_000_000 + i), 10, 10, 1, 99));

  it.each([0, 0.005, 0.01, 0.02, 0.05])('p_s = %s', (p) => {
    const seeds = p === 0 ? 1 : FAILURE_SEEDS;
    const agents = { gnn, ...Object.fromEntries(SPEC_RULES.map((r) => [r, makeRule(r)])) };
    const mean: Record<string, number> = {};
    for (const [name, agent] of Object.entries(agents)) {
      let total = 0;
      for (const instance of instances) {
        const env = new JobShopEnv({ instance, variant: 'blocking-swap', shutdownProb: p });
        for (let seed = 0; seed < seeds; seed++) total += runEpisode(env, agent, seed).makespan!;
      }
      mean[name] = total / (instances.length * seeds);
    }
    const bestRule = Math.min(...SPEC_RULES.map((r) => mean[r]));
    expect(mean.gnn).toBeLessThanOrEqual(bestRule);
  }, 600_000);
});
