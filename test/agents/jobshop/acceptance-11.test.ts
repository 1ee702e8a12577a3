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
import { randomInstance } from '../../../envs/jobshop/generator.js';
import { meanMakespan } from '../../../experiments/jobshop/train-gnn.js';

const POLICY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../agents/jobshop/gnn-ppo-policy.json');
const SPEC_RULES = ['SPT', 'MWKR', 'MOR', 'FIFO', 'LOR'] as const;
const INSTANCES = 100;
const FAILURE_SEEDS = 30;

describe('spec acceptance 11: shipped policy vs the best single rule, 100 held-out 10×10 blocking-swap shops × 30 failure seeds', () => {
  const gnn = GnnPpoAgent.fromJSON(JSON.parse(readFileSync(POLICY, 'utf8')) as JsonValue);
  const instances = Array.from({ length: INSTANCES }, (_, i) => randomInstance(createRng(1_000_000 + i), 10, 10, 1, 99));

  it.each([0, 0.005, 0.01, 0.02, 0.05])('p_s = %s', (p) => {
    const bestRule = Math.min(...SPEC_RULES.map((r) => meanMakespan(makeRule(r), instances, 'blocking-swap', p, FAILURE_SEEDS)));
    expect(meanMakespan(gnn, instances, 'blocking-swap', p, FAILURE_SEEDS)).toBeLessThanOrEqual(bestRule);
  }, 600_000);
});
