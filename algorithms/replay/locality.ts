/**
 * Hardware-free locality metric (spec §f.5): how many distinct memory blocks (64 B cache lines,
 * 4 KiB pages) a gather of `indices` touches in a field whose records are `recordBytes` long and
 * laid out contiguously from a block-aligned base address.
 */
import { checkInt } from './ring.js';

/** Number of distinct `blockBytes` blocks covered by records `indices[0..count)` of `recordBytes` bytes. */
export function touchedBlocks(indices: Int32Array, recordBytes: number, blockBytes: number, count = indices.length): number {
  checkInt('recordBytes', recordBytes, 1);
  checkInt('blockBytes', blockBytes, 1);
  const blocks = new Set<number>();
  for (let k = 0; k < count; k++) {
    const first = Math.floor((indices[k] * recordBytes) / blockBytes);
    const last = Math.floor(((indices[k] + 1) * recordBytes - 1) / blockBytes);
    for (let b = first; b <= last; b++) blocks.add(b);
  }
  return blocks.size;
}
