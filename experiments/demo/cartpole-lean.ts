import type { Agent } from '../../agents/agent.js';

/**
 * CartPole heuristic: push the cart towards the side the pole leans to (action 1 = right when
 * the angle θ = obs[2] > 0). Deterministic; a baseline that beats random play by a wide margin.
 */
export class LeanAgent implements Agent<Float64Array, number> {
  readonly name = 'lean';

  act(obs: Float64Array): number {
    return obs[2] > 0 ? 1 : 0;
  }
}
