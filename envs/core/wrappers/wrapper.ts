import type { Env, EnvMetadata, Frame, ResetArgs, ResetResult, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';

/**
 * Base wrapper: forwards everything to the inner env. Subclasses override what they change
 * (Gymnasium's `Wrapper`). Type parameters: inner obs/action, then outer obs/action.
 */
export class Wrapper<O, A, WO = O, WA = A> implements Env<WO, WA> {
  constructor(readonly env: Env<O, A>) {}

  get observationSpace(): Space<WO> {
    return this.env.observationSpace as unknown as Space<WO>;
  }

  get actionSpace(): Space<WA> {
    return this.env.actionSpace as unknown as Space<WA>;
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  /** The innermost environment. */
  get unwrapped(): Env {
    let e: Env = this.env as Env;
    while (e instanceof Wrapper) e = e.env as Env;
    return e;
  }

  reset(args?: ResetArgs): ResetResult<WO> {
    return this.env.reset(args) as unknown as ResetResult<WO>;
  }

  step(action: WA): StepResult<WO> {
    return this.env.step(action as unknown as A) as unknown as StepResult<WO>;
  }

  renderFrame(): Frame {
    return this.env.renderFrame();
  }

  close(): void {
    this.env.close();
  }
}
