/**
 * Ring bookkeeping shared by every buffer, plus the row copy kernels and input checks.
 *
 * Slots `[0, size)` hold data; `head` is the slot written next. Before the ring is full,
 * `size === head`; afterwards `size === capacity` and `head` is the oldest slot (the one the next
 * push overwrites). Samplers work on these physical slot indices, exactly as MADDPG's list
 * indices: index `t` is the same environment step in every agent's storage.
 */
import { ConfigError, EnvStateError, InvalidActionError } from '../../envs/core/errors.js';

/** Called after a buffer writes a slot; prioritised samplers use it to give new slots max priority. */
export interface InsertObserver {
  onInsert(slot: number): void;
}

export class Ring {
  /** Slot written by the next push. */
  head = 0;
  /** Number of valid slots, `min(pushes, capacity)`. */
  size = 0;
  /** Total number of pushes so far; also the step id of the next push. */
  pushes = 0;
  /** Step id (push count at write time, mod 2³²) of the record in each slot. */
  readonly stepIds: Uint32Array;
  private readonly observers: InsertObserver[] = [];

  constructor(readonly capacity: number) {
    this.stepIds = new Uint32Array(capacity);
  }

  /** The slot to write next; call `commit` after writing it. */
  next(): number {
    return this.head;
  }

  /** Marks the slot returned by `next` as written, overwriting the oldest record when full. */
  commit(): number {
    const slot = this.head;
    this.stepIds[slot] = this.pushes >>> 0;
    this.head = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.size < this.capacity) this.size++;
    this.pushes++;
    for (const o of this.observers) o.onInsert(slot);
    return slot;
  }

  /** Slot of the `age`-th oldest record (0 = oldest, size−1 = newest). */
  slotOfAge(age: number): number {
    const start = this.size < this.capacity ? 0 : this.head;
    const s = start + age;
    return s >= this.capacity ? s - this.capacity : s;
  }

  subscribe(observer: InsertObserver): void {
    this.observers.push(observer);
  }

  /** Throws unless every `indices[0..count)` is a valid slot. */
  checkIndices(indices: Int32Array, count: number): void {
    if (this.size === 0) throw new EnvStateError('cannot gather from an empty replay buffer');
    if (!Number.isInteger(count) || count < 0 || count > indices.length) {
      throw new ConfigError('count', count, `must be an integer in [0, ${indices.length}]`);
    }
    for (let k = 0; k < count; k++) {
      const i = indices[k];
      if (i < 0 || i >= this.size) {
        throw new ConfigError(`indices[${k}]`, i, `is outside the buffer's valid slots [0, ${this.size})`);
      }
    }
  }
}

/** Throws ConfigError unless `value` is an integer ≥ `min`. */
export function checkInt(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new ConfigError(field, value, `must be an integer ≥ ${min}`);
  return value;
}

/** Throws ConfigError unless `row` is an array (or typed array) of exactly `width` entries. */
export function checkRow<T>(field: string, row: ArrayLike<T> | undefined | null, width: number): ArrayLike<T> {
  if (row == null || typeof row !== 'object' || row.length !== width) {
    throw new ConfigError(field, row, `must be an array of length ${width}`);
  }
  return row;
}

/** Any typed array a buffer field uses. */
export type FieldArray = Float64Array | Int32Array | Uint8Array | Uint32Array;

/**
 * `dst[k·width + c] = src[indices[k]·stride + offset + c]` for k < count, c < width.
 * Float64 only, so V8 keeps this hot kernel monomorphic (observations, states). The row copy is
 * unrolled by 8: 1.9× faster than a plain loop on cached rows here and as fast as
 * `dst.set(src.subarray(…))`, without allocating a view per row.
 */
export function gatherF64(
  src: Float64Array,
  stride: number,
  offset: number,
  width: number,
  indices: Int32Array,
  count: number,
  dst: Float64Array,
): void {
  for (let k = 0; k < count; k++) copyRowF64(src, indices[k] * stride + offset, dst, k * width, width);
}

/** `dst[d..d+width) = src[s..s+width)`, unrolled by 8. */
function copyRowF64(src: Float64Array, s: number, dst: Float64Array, d: number, width: number): void {
  const end = s + width;
  while (s + 8 <= end) {
    dst[d] = src[s];
    dst[d + 1] = src[s + 1];
    dst[d + 2] = src[s + 2];
    dst[d + 3] = src[s + 3];
    dst[d + 4] = src[s + 4];
    dst[d + 5] = src[s + 5];
    dst[d + 6] = src[s + 6];
    dst[d + 7] = src[s + 7];
    d += 8;
    s += 8;
  }
  while (s < end) dst[d++] = src[s++];
}

/** Same as `gatherF64` for the small fields (actions, rewards, flags, masks, step ids). */
export function gatherAny(
  src: FieldArray,
  stride: number,
  offset: number,
  width: number,
  indices: Int32Array,
  count: number,
  dst: FieldArray,
): void {
  let d = 0;
  for (let k = 0; k < count; k++) {
    let s = indices[k] * stride + offset;
    const end = s + width;
    while (s < end) dst[d++] = src[s++];
  }
}

/**
 * Agent-interleaved gather: `src` is `[capacity, nAgents, width]`; for each index the joint record
 * (one contiguous span) is read once and split into the per-agent outputs `dsts[a]` (`[B, width]`).
 */
export function gatherInterleavedF64(
  src: Float64Array,
  nAgents: number,
  width: number,
  indices: Int32Array,
  count: number,
  dsts: Float64Array[],
): void {
  const stride = nAgents * width;
  for (let k = 0; k < count; k++) {
    const s = indices[k] * stride;
    for (let a = 0; a < nAgents; a++) copyRowF64(src, s + a * width, dsts[a], k * width, width);
  }
}

/** Copies `row` (validated length `width`) into `dst` at `start`. */
export function writeRow(dst: FieldArray, start: number, row: ArrayLike<number>): void {
  for (let c = 0; c < row.length; c++) dst[start + c] = row[c];
}

/** Copies boolean-or-0/1 flags as 0/1 bytes. */
export function flag(value: boolean | number): number {
  return value ? 1 : 0;
}

/** Returns `a` if it is an integer (in [0, nActions) when nActions > 0), else throws InvalidActionError. */
export function checkAction(a: number, nActions: number): number {
  if (!Number.isInteger(a) || (nActions > 0 && (a < 0 || a >= nActions))) {
    throw new InvalidActionError(nActions > 0 ? `Discrete(${nActions})` : 'int32 actions', a);
  }
  return a;
}
