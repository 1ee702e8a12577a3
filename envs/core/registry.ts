/**
 * Environment registry (Gymnasium's `register` / `make`).
 *
 * `register(id, factory, defaults, extras)` records how to build an env; `make(id, options)`
 * validates `options` against `defaults` (unknown keys and wrong types are `ConfigError`s that
 * list what exists), builds the env and applies `TimeLimit` when the spec has
 * `maxEpisodeSteps` (overridable through the `maxEpisodeSteps` option).
 */
import { ConfigError } from './errors.js';
import { isParallelEnv, type Env, type ParallelEnv } from './env.js';
import type { JsonValue } from './json.js';
import { TimeLimit } from './wrappers/time-limit.js';

export type EnvOptions = Record<string, JsonValue>;

export interface EnvSpec {
  id: string;
  kind: 'single' | 'parallel';
  defaults: EnvOptions;
  maxEpisodeSteps?: number;
  description: string;
  factory: (options: EnvOptions) => Env | ParallelEnv;
}

export interface RegisterExtras {
  /** Wrap single-agent envs in `TimeLimit(maxEpisodeSteps)`. */
  maxEpisodeSteps?: number;
  /** One line shown by `listEnvs()` and the README table. */
  description?: string;
}

const ID_PATTERN = /^[A-Za-z][\w.-]*-v\d+$/;
const registry = new Map<string, EnvSpec>();

/**
 * Records how to build `id`. `defaults` lists every option the factory accepts (values are
 * JSON, so run configs can record them); `make` passes the defaults overridden by the caller's options.
 */
export function register<Opts extends object>(
  id: string,
  factory: (options: Opts) => Env | ParallelEnv,
  defaults: Opts,
  extras: RegisterExtras & { kind?: 'single' | 'parallel' } = {},
): void {
  if (!ID_PATTERN.test(id)) throw new ConfigError('id', id, 'env ids look like "Name-v0"');
  if (registry.has(id)) throw new ConfigError('id', id, 'already registered');
  registry.set(id, {
    id,
    kind: extras.kind ?? 'single',
    defaults: { ...(defaults as EnvOptions) },
    maxEpisodeSteps: extras.maxEpisodeSteps,
    description: extras.description ?? '',
    factory: factory as (options: EnvOptions) => Env | ParallelEnv,
  });
}

/** Every registered spec, sorted by id. */
export function listEnvs(): EnvSpec[] {
  return [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function envSpec(id: string): EnvSpec {
  const spec = registry.get(id);
  if (spec === undefined) {
    const ids = [...registry.keys()].sort();
    const base = id.replace(/-v\d+$/, '');
    const sameName = ids.filter((k) => k.replace(/-v\d+$/, '') === base);
    const hint = sameName.length > 0 ? ` (did you mean ${sameName.join(' or ')}?)` : '';
    throw new ConfigError('id', id, `no such environment${hint}; registered: ${ids.join(', ') || '(none)'}`);
  }
  return spec;
}

/** Resolves `options` against the spec's defaults, failing on unknown keys or wrong types. */
export function resolveOptions(spec: EnvSpec, options: Record<string, unknown>): EnvOptions {
  const resolved: EnvOptions = { ...spec.defaults };
  for (const [key, value] of Object.entries(options)) {
    if (key === 'maxEpisodeSteps' && spec.kind === 'single') continue; // TimeLimit, applied by `make`
    if (!Object.hasOwn(spec.defaults, key)) {
      const known = Object.keys(spec.defaults);
      throw new ConfigError(key, value, `unknown option for ${spec.id}; options: ${known.join(', ') || '(none)'}${spec.kind === 'single' ? ', maxEpisodeSteps' : ''}`);
    }
    const def = spec.defaults[key];
    if (def !== null && value !== null && typeof def !== typeof value) {
      throw new ConfigError(key, value, `expected a ${typeof def} for ${spec.id} (default ${JSON.stringify(def)})`);
    }
    resolved[key] = value as JsonValue;
  }
  return resolved;
}

/** Builds a single-agent env. */
export function make<O = unknown, A = unknown>(id: string, options: Record<string, unknown> = {}): Env<O, A> {
  const spec = envSpec(id);
  if (spec.kind !== 'single') throw new ConfigError('id', id, 'is a parallel multi-agent env; use makeParallel');
  const env = spec.factory(resolveOptions(spec, options)) as Env<O, A>;
  env.metadata.id = id;
  // `maxEpisodeSteps: null` removes the spec's limit; leaving it out keeps it.
  const limit = options.maxEpisodeSteps !== undefined ? options.maxEpisodeSteps : spec.maxEpisodeSteps;
  if (limit === undefined || limit === null) return env;
  if (typeof limit !== 'number') throw new ConfigError('maxEpisodeSteps', limit, 'expected a positive integer');
  return new TimeLimit(env, limit);
}

/** Builds a parallel multi-agent env. */
export function makeParallel<O = unknown, A = unknown, S = Float64Array>(id: string, options: Record<string, unknown> = {}): ParallelEnv<O, A, S> {
  const spec = envSpec(id);
  if (spec.kind !== 'parallel') throw new ConfigError('id', id, 'is a single-agent env; use make');
  const env = spec.factory(resolveOptions(spec, options));
  if (!isParallelEnv(env)) throw new ConfigError('id', id, 'factory did not return a ParallelEnv');
  env.metadata.id = id;
  return env as ParallelEnv<O, A, S>;
}
