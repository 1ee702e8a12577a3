/**
 * A bump allocator for the small typed arrays of observations: views carved from shared 64 KiB
 * `ArrayBuffer` slabs. Allocating a fresh off-heap typed array costs microseconds in V8 (a new
 * backing store per array), a view into a live slab a few hundred nanoseconds. A slab is freed by
 * the garbage collector once no view into it is alive. Views are handed out once and never
 * written again by the allocator, so observations stay immutable.
 */
const SLAB_BYTES = 1 << 16;

export class SlabAllocator {
  private slab = new ArrayBuffer(SLAB_BYTES);
  private offset = 0;

  private reserve(bytes: number): number {
    const start = (this.offset + 7) & ~7;
    if (start + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(SLAB_BYTES, bytes));
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
