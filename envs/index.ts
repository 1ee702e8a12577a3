/**
 * Every built-in environment, registered on import. Add a domain by adding one `register`
 * call here (ids, defaults and descriptions feed `listEnvs()` and the README table).
 */
import { CartPoleEnv, type CartPoleOptions } from './cartpole/env.js';
import { register } from './core/registry.js';
import { PAIRS_DEFAULTS, PairsTradingEnv, type PairsTradingOptions } from './hft/env.js';
import { JobShopEnv, JOBSHOP_DEFAULTS, type JobShopOptions } from './jobshop/env.js';
import { JumanjiJobShopEnv, JUMANJI_DEFAULTS, type JumanjiJobShopOptions } from './jobshop/jumanji.js';
import { LBF_DEFAULTS, LbfEnv } from './lbf/env.js';
import { EPYMARL_LBF_TASKS, foragingOptions } from './lbf/tasks.js';
import type { LbfOptions } from './lbf/types.js';
import { PAGING_DEFAULTS, PagingEnv, type PagingOptions } from './paging/env.js';
import { CASCADING_REC_DEFAULTS, CascadingRecEnv, type CascadingRecOptions } from './recsys/env.js';

register('CartPole-v1', (o: CartPoleOptions) => new CartPoleEnv(o), { kinematicsIntegrator: 'euler' }, {
  maxEpisodeSteps: 500,
  description: "Gymnasium's cart-pole balancing task (reference env for smoke tests)",
});

register('CascadingRec-v0', (o: CascadingRecOptions) => new CascadingRecEnv(o), CASCADING_REC_DEFAULTS, {
  description: 'Cascading-MDP recommendation: ordered item lists, cascade clicks, user-state transitions (Du et al. 2024)',
});

register('Paging-v0', (o: PagingOptions) => new PagingEnv(o), PAGING_DEFAULTS, {
  description: 'Online paging with one-bit (discard/phase) predictions; evict on full-cache faults, reward = -faults',
});

register('JobShop-v0', (o: Partial<JobShopOptions>) => new JobShopEnv(o), JOBSHOP_DEFAULTS, {
  description: 'Job-shop dispatching: classic, blocking, blocking with swaps, random machine shutdowns (ISBJSSP)',
});
register('JobShopJumanji-v0', (o: Partial<JumanjiJobShopOptions>) => new JumanjiJobShopEnv(o), JUMANJI_DEFAULTS, {
  description: "Classic job shop with InstaDeep Jumanji's JobShop conventions (unit time steps, job or no-op per machine)",
});

register('PairsTrading-v0', (o: Partial<PairsTradingOptions>) => new PairsTradingEnv(o), PAIRS_DEFAULTS, {
  description: 'Pairs (statistical-arbitrage) trading of a cointegrated spread: walk-forward windows, OLS/Kalman hedge, costs, latency',
});

register('LBF-v0', (o: LbfOptions) => new LbfEnv(o), LBF_DEFAULTS, {
  kind: 'parallel',
  description: 'Level-Based Foraging (lb-foraging v3 rules): n levelled players collect levelled food by loading together; parallel API',
});
for (const task of EPYMARL_LBF_TASKS) {
  register(task, (o: LbfOptions) => new LbfEnv(o), foragingOptions(task), {
    kind: 'parallel',
    description: `Level-Based Foraging, EPyMARL benchmark task ${task.replace(/-v3$/, '')} (lb-foraging v3)`,
  });
}

export * from './core/index.js';
