/**
 * Seeded randomness. Every random draw in library code goes through an `Rng` made here
 * (seedrandom's Alea: fast, passes BigCrush, state can be saved and restored).
 */
import seedrandom from 'seedrandom';
import { ConfigError } from './errors.js';

/** A uniform [0, 1) generator whose state can be saved. */
export interface Rng {
  (): number;
  /** Opaque, JSON-serialisable generator state. */
  state(): RngState;
}

export type RngState = { c: number; s0: number; s1: number; s2: number };
export type Seed = number | string;

/** A generator seeded deterministically from `seed`. */
export function createRng(seed: Seed): Rng {
  return seedrandom.alea(String(seed), { state: true }) as unknown as Rng;
}

/**
 * A generator that continues exactly where the saved `state` left off. A malformed state (e.g. a
 * corrupted checkpoint) is a `ConfigError`; seedrandom would otherwise return NaN forever.
 */
export function rngFromState(state: RngState): Rng {
  const s = state as Partial<Record<keyof RngState, unknown>> | null;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (typeof s !== 'object' || s === null || !finite(s.c) || !finite(s.s0) || !finite(s.s1) || !finite(s.s2)) {
    throw new ConfigError('rngState', state, 'expected {c, s0, s1, s2} numbers from Rng.state()');
  }
  return seedrandom.alea('', { state }) as unknown as Rng;
}

/**
 * A fresh 32-bit seed from the platform's entropy source (Web Crypto, in Node and browsers).
 * Used only when the caller gives no seed, as Gymnasium does.
 */
export function entropySeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0];
}

/**
 * The generator after `reset({ seed })`, Gymnasium's rule: a seed restarts the stream; without one,
 * the first reset (`current` null) draws an entropy seed and later resets continue `current`.
 */
export function resetRng(current: Rng | null, seed: Seed | undefined): Rng {
  if (seed !== undefined) return createRng(seed);
  return current ?? createRng(entropySeed());
}

/** Integer uniform on {0, …, n-1}. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Index of an entry drawn uniformly among the allowed ones of `mask` (nonzero = allowed), with one
 * `rng()` draw, or -1 without drawing when nothing is allowed: callers decide what an empty mask
 * means (error or fallback).
 */
export function sampleMasked(rng: Rng, mask: ArrayLike<number>): number {
  let allowed = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) allowed++;
  if (allowed === 0) return -1;
  let pick = randomInt(rng, allowed);
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0 && pick-- === 0) return i;
  throw new Error('unreachable');
}

/** Uniform on [low, high). */
export function randomUniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** Standard normal via Box–Muller (one draw per call; two uniforms consumed). */
export function randomNormal(rng: Rng): number {
  let u = rng();
  while (u <= Number.MIN_VALUE) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A 32-bit seed drawn from `rng`, to seed a child generator (sub-environments, spaces). */
export function childSeed(rng: Rng): number {
  return Math.floor(rng() * 0x1_0000_0000);
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
