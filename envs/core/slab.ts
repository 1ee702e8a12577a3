/**
 * A bump allocator for the small typed arrays of observations: views carved from shared
 * `ArrayBuffer` slabs. Allocating a fresh off-heap typed array costs microseconds in V8 (a new
 * backing store per array), a view into a live slab a few hundred nanoseconds. A slab is freed by
 * the garbage collector once no view into it is alive. Views are handed out once and never
 * written again by the allocator, so observations stay immutable.
 *
 * Caveat for callers: holding one view keeps its whole slab alive, and `structuredClone` /
 * `postMessage` of a view copy the whole slab; copy the array out (`slice()`) to ship it alone.
 *
 * @example
 * const alloc = new SlabAllocator();
 * const features = alloc.float64(12); // zero-filled, 8-byte aligned
 * const mask = alloc.uint8(4);
 */
import { ConfigError } from './errors.js';

/** Default slab size in bytes. */
export const DEFAULT_SLAB_BYTES = 1 << 16;

export class SlabAllocator {
  private slab = new ArrayBuffer(0);
  /** Next free byte of `slab`, and its size (kept as a field: cheaper than `slab.byteLength`). */
  private offset = 0;
  private end = 0;

  /** @param slabBytes size of each fresh slab (a request larger than this gets a slab of its own size). */
  constructor(readonly slabBytes: number = DEFAULT_SLAB_BYTES) {
    if (!Number.isSafeInteger(slabBytes) || slabBytes < 8) throw new ConfigError('slabBytes', slabBytes, 'must be an integer ≥ 8');
  }

  /** Byte offset of `bytes` fresh bytes, 8-aligned, in `this.slab` (a new slab when the current one is full). */
  private reserve(bytes: number): number {
    const start = (this.offset + 7) & ~7;
    if (start + bytes > this.end) {
      this.end = Math.max(this.slabBytes, bytes);
      this.slab = new ArrayBuffer(this.end);
      this.offset = bytes;
      return 0;
    }
    this.offset = start + bytes;
    return start;
  }

  /** A zero-filled Float64Array of `length` entries. */
  float64(length: number): Float64Array {
    const at = this.reserve(length * 8);
    return new Float64Array(this.slab, at, length);
  }

  /** A zero-filled Uint8Array of `length` entries. */
  uint8(length: number): Uint8Array {
    const at = this.reserve(length);
    return new Uint8Array(this.slab, at, length);
  }
}
