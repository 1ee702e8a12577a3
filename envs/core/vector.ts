/**
 * Synchronous vector environment (Gymnasium 1.x `SyncVectorEnv`): `n` copies of one env stepped
 * in lock-step in this thread, with batched results.
 *
 * Batching (design choice)
 * - Observations: when the sub-envs' observation space is a `Box`, one flat `Float64Array` of
 *   `numEnvs * size`, row `i` at `i * size` (what learners feed to networks; no per-env arrays);
 *   for any other space an array with one observation per sub-env.
 * - `rewards`: `Float64Array(numEnvs)`; `terminated` / `truncated`: `Uint8Array(numEnvs)` (0/1).
 * - `infos`: one plain object per sub-env (not Gymnasium's dict of arrays with `_key` masks).
 * Every call returns fresh arrays, so callers may keep them.
 *
 * Autoreset (`metadata.autoresetMode`, exactly Gymnasium 1.x):
 * - `next-step` (default): a step that ends sub-env i (terminated or truncated) returns its final
 *   observation as usual. On the NEXT `step`, sub-env i ignores its action and is reset instead;
 *   that step returns the reset observation and info, reward 0 and both flags 0. Learners must
 *   not store the transition from a final observation to that reset observation.
 * - `same-step`: the ending step resets sub-env i at once; the returned observation is the reset
 *   observation, the reward and flags are the ending step's, and `infos[i]` is the reset info
 *   plus `finalObs` and `finalInfo` (the ending step's observation and info).
 * - `disabled`: nothing is reset automatically; `reset({ mask })` resets the chosen sub-envs.
 *   Stepping a finished sub-env throws `EnvStateError`.
 *
 * Seeding: `reset({ seed })` seeds sub-env i with `seed + i` (or pass one seed per sub-env);
 * `reset()` without a seed continues each sub-env's own generator.
 */
import { ConfigError, EnvStateError } from './errors.js';
import type { AutoresetMode, Env, EnvMetadata, Info } from './env.js';
import { Box } from './spaces/box.js';
import type { Space } from './spaces/space.js';

/** Batched observations: flat rows for Box spaces, one entry per sub-env otherwise. */
export type BatchObs<O> = O extends Float64Array ? Float64Array : O[];

export interface VectorEnvOptions {
  /** How finished sub-episodes restart (default `next-step`). */
  autoreset?: AutoresetMode;
}

export interface VectorResetArgs {
  /** Base seed (sub-env i gets `seed + i`) or one seed per sub-env (`undefined` = continue). */
  seed?: number | readonly (number | undefined)[];
  /** Passed to every sub-env's `reset`. */
  options?: Record<string, unknown>;
  /** Only reset sub-envs whose entry is truthy (the others keep their last observation). */
  mask?: ArrayLike<number | boolean>;
}

export interface VectorResetResult<O> {
  obs: BatchObs<O>;
  infos: Info[];
}

export interface VectorStepResult<O> {
  obs: BatchObs<O>;
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos: Info[];
}

export interface VectorEnvMetadata extends EnvMetadata {
  autoresetMode: AutoresetMode;
}

export class SyncVectorEnv<O, A> {
  readonly envs: readonly Env<O, A>[];
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<O>;
  readonly singleActionSpace: Space<A>;
  readonly metadata: VectorEnvMetadata;
  readonly autoresetMode: AutoresetMode;
  /** Row length of the flat observation batch (Box spaces), else 0. */
  private readonly rowSize: number;
  /** Last observation of every sub-env. */
  private readonly lastObs: O[];
  /** Sub-env i finished on the previous step (next-step: reset it now; disabled: refuse to step). */
  private readonly done: Uint8Array;
  private started = false;

  constructor(envFns: readonly (() => Env<O, A>)[], options: VectorEnvOptions = {}) {
    if (envFns.length === 0) throw new ConfigError('envFns', envFns.length, 'need at least one env');
    const mode = options.autoreset ?? 'next-step';
    if (mode !== 'next-step' && mode !== 'same-step' && mode !== 'disabled') {
      throw new ConfigError('autoreset', mode, 'expected "next-step", "same-step" or "disabled"');
    }
    this.autoresetMode = mode;
    this.envs = envFns.map((f) => f());
    this.numEnvs = this.envs.length;
    this.singleObservationSpace = this.envs[0].observationSpace;
    this.singleActionSpace = this.envs[0].actionSpace;
    const obsJson = JSON.stringify(this.singleObservationSpace.toJSON());
    const actJson = JSON.stringify(this.singleActionSpace.toJSON());
    this.envs.forEach((e, i) => {
      if (JSON.stringify(e.observationSpace.toJSON()) !== obsJson) {
        throw new ConfigError(`envFns[${i}]`, e.observationSpace.toString(), `observation space differs from env 0's ${this.singleObservationSpace.toString()}`);
      }
      if (JSON.stringify(e.actionSpace.toJSON()) !== actJson) {
        throw new ConfigError(`envFns[${i}]`, e.actionSpace.toString(), `action space differs from env 0's ${this.singleActionSpace.toString()}`);
      }
    });
    this.rowSize = this.singleObservationSpace instanceof Box ? this.singleObservationSpace.size : 0;
    this.lastObs = new Array<O>(this.numEnvs);
    this.done = new Uint8Array(this.numEnvs);
    this.metadata = { ...this.envs[0].metadata, autoresetMode: mode };
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    const { seed, options, mask } = args;
    if (Array.isArray(seed) && seed.length !== this.numEnvs) {
      throw new ConfigError('seed', seed, `expected ${this.numEnvs} seeds, one per sub-env`);
    }
    if (mask !== undefined && mask.length !== this.numEnvs) throw new ConfigError('mask', mask, `expected length ${this.numEnvs}`);
    if (mask !== undefined && !this.started) throw new EnvStateError('SyncVectorEnv.reset with a mask called before a full reset');
    const infos: Info[] = new Array(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask !== undefined && !mask[i]) {
        infos[i] = {};
        continue;
      }
      const s = typeof seed === 'number' ? seed + i : (seed as readonly (number | undefined)[] | undefined)?.[i];
      const r = this.envs[i].reset(s === undefined ? { options } : { seed: s, options });
      this.lastObs[i] = r.obs;
      infos[i] = r.info;
      this.done[i] = 0;
    }
    this.started = true;
    return { obs: this.batch(), infos };
  }

  /** Steps every sub-env with its action (`actions[i]` for sub-env i). */
  step(actions: readonly A[]): VectorStepResult<O> {
    if (!this.started) throw new EnvStateError('SyncVectorEnv.step called before reset; call reset() first');
    if (actions.length !== this.numEnvs) throw new ConfigError('actions', actions.length, `expected ${this.numEnvs} actions, one per sub-env`);
    const n = this.numEnvs;
    const rewards = new Float64Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const infos: Info[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const env = this.envs[i];
      if (this.done[i]) {
        if (this.autoresetMode === 'disabled') {
          throw new EnvStateError(`SyncVectorEnv: sub-env ${i} finished and autoreset is disabled; call reset({ mask }) first`);
        }
        // next-step: this step is the reset; the action is ignored.
        const r = env.reset();
        this.lastObs[i] = r.obs;
        infos[i] = r.info;
        this.done[i] = 0;
        continue;
      }
      const r = env.step(actions[i]);
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      if ((r.terminated || r.truncated) && this.autoresetMode === 'same-step') {
        const rr = env.reset();
        this.lastObs[i] = rr.obs;
        infos[i] = { ...rr.info, finalObs: r.obs, finalInfo: r.info };
      } else {
        this.lastObs[i] = r.obs;
        infos[i] = r.info;
        if (r.terminated || r.truncated) this.done[i] = 1;
      }
    }
    return { obs: this.batch(), rewards, terminated, truncated, infos };
  }

  close(): void {
    for (const e of this.envs) e.close();
  }

  private batch(): BatchObs<O> {
    if (this.rowSize > 0) {
      const out = new Float64Array(this.numEnvs * this.rowSize);
      for (let i = 0; i < this.numEnvs; i++) out.set(this.lastObs[i] as unknown as Float64Array, i * this.rowSize);
      return out as BatchObs<O>;
    }
    return this.lastObs.slice() as BatchObs<O>;
  }
}
