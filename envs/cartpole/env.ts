/**
 * CartPole-v1: a port of Gymnasium's `CartPoleEnv` (classic_control/cartpole.py, Barto,
 * Sutton & Anderson 1983), same equations, constants and limits.
 *
 * Description: a pole hinged on a cart moving along a frictionless track; push the cart left or
 *   right to keep the pole upright and the cart on the track.
 * Observation: Box(4) = [cart position (m), cart velocity (m/s), pole angle (rad),
 *   pole angular velocity (rad/s)]; bounds ±4.8, ±∞, ±0.4189 (24°), ±∞.
 * Action: Discrete(2); 0 pushes the cart left, 1 right, with 10 N.
 * Reward: +1 for every step, including the step that terminates.
 * Termination vs truncation: terminated when |x| > 2.4 m or |θ| > 12° (0.2095 rad); truncated at
 *   500 steps (TimeLimit in `make`).
 * Reset: every state variable uniform in [-0.05, 0.05) (reset options `low`/`high` change the range;
 *   option `state`, a 4-number array, sets the exact start state, for tests).
 * Arguments: `kinematicsIntegrator`: "euler" (default, explicit Euler with τ = 0.02 s) or
 *   "semi-implicit" (the other Gymnasium choice).
 * Difference from Gymnasium: observations are float64 (Gymnasium casts to float32).
 *
 * @example
 * const env = make('CartPole-v1');
 * let { obs } = env.reset({ seed: 42 });
 * const { reward, terminated } = env.step(1);
 */
import { BaseEnv, type Frame, type ResetResult, type StepResult } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';

export const GRAVITY = 9.8; // m/s²
export const MASS_CART = 1.0; // kg
export const MASS_POLE = 0.1; // kg
export const TOTAL_MASS = MASS_CART + MASS_POLE;
export const POLE_HALF_LENGTH = 0.5; // m (half the pole's length)
export const POLE_MASS_LENGTH = MASS_POLE * POLE_HALF_LENGTH;
export const FORCE_MAG = 10.0; // N
export const TAU = 0.02; // s between state updates
export const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360; // rad
export const X_THRESHOLD = 2.4; // m

export interface CartPoleOptions {
  kinematicsIntegrator: 'euler' | 'semi-implicit';
  [key: string]: string;
}

export class CartPoleEnv extends BaseEnv<Float64Array, number> {
  readonly observationSpace = new Box(
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity].map((v) => -v),
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity],
  );
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderFps: 50 };

  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private steps = 0;
  private readonly semiImplicit: boolean;

  constructor(options: Partial<CartPoleOptions> = {}) {
    super();
    const integrator = options.kinematicsIntegrator ?? 'euler';
    if (integrator !== 'euler' && integrator !== 'semi-implicit') {
      throw new ConfigError('kinematicsIntegrator', integrator, 'expected "euler" or "semi-implicit"');
    }
    this.semiImplicit = integrator === 'semi-implicit';
  }

  protected resetState(options: Record<string, unknown>): ResetResult<Float64Array> {
    const start = options.state;
    if (start !== undefined) {
      if (!Array.isArray(start) || start.length !== 4 || !start.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new ConfigError('options.state', start, 'expected 4 finite numbers [x, xDot, theta, thetaDot]');
      }
      [this.x, this.xDot, this.theta, this.thetaDot] = start as number[];
    } else {
      const low = options.low ?? -0.05;
      const high = options.high ?? 0.05;
      if (typeof low !== 'number' || !Number.isFinite(low)) throw new ConfigError('options.low', low, 'expected a finite number');
      if (typeof high !== 'number' || !Number.isFinite(high) || high < low) throw new ConfigError('options.high', high, `expected a finite number ≥ options.low (${low})`);
      const span = high - low;
      this.x = low + span * this.rng();
      this.xDot = low + span * this.rng();
      this.theta = low + span * this.rng();
      this.thetaDot = low + span * this.rng();
    }
    this.steps = 0;
    return { obs: this.observe(), info: {} };
  }

  protected stepState(action: number): StepResult<Float64Array> {
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const cosTheta = Math.cos(this.theta);
    const sinTheta = Math.sin(this.theta);
    const temp = (force + POLE_MASS_LENGTH * this.thetaDot * this.thetaDot * sinTheta) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sinTheta - cosTheta * temp) /
      (POLE_HALF_LENGTH * (4.0 / 3.0 - (MASS_POLE * cosTheta * cosTheta) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cosTheta) / TOTAL_MASS;

    if (this.semiImplicit) {
      this.xDot += TAU * xAcc;
      this.x += TAU * this.xDot;
      this.thetaDot += TAU * thetaAcc;
      this.theta += TAU * this.thetaDot;
    } else {
      this.x += TAU * this.xDot;
      this.xDot += TAU * xAcc;
      this.theta += TAU * this.thetaDot;
      this.thetaDot += TAU * thetaAcc;
    }
    this.steps++;

    const terminated =
      this.x < -X_THRESHOLD || this.x > X_THRESHOLD || this.theta < -THETA_THRESHOLD || this.theta > THETA_THRESHOLD;
    return { obs: this.observe(), reward: 1, terminated, truncated: false, info: {} };
  }

  renderFrame(): Frame {
    return {
      env: 'CartPole',
      step: this.steps,
      x: this.x,
      theta: this.theta,
      xThreshold: X_THRESHOLD,
      poleLength: 2 * POLE_HALF_LENGTH,
    };
  }

  private observe(): Float64Array {
    const obs = new Float64Array(4);
    obs[0] = this.x;
    obs[1] = this.xDot;
    obs[2] = this.theta;
    obs[3] = this.thetaDot;
    return obs;
  }
}
