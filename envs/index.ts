/**
 * Every built-in environment, registered on import. Add a domain by adding one `register`
 * call here (ids, defaults and descriptions feed `listEnvs()` and the README table).
 */
import { CartPoleEnv, type CartPoleOptions } from './cartpole/env.js';
import { register } from './core/registry.js';

register('CartPole-v1', (o: CartPoleOptions) => new CartPoleEnv(o), { kinematicsIntegrator: 'euler' }, {
  maxEpisodeSteps: 500,
  description: "Gymnasium's cart-pole balancing task (reference env for smoke tests)",
});

export * from './core/index.js';
