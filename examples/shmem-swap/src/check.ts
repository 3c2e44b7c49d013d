import { isSwap } from './entries.js';
import type { ShmemMapping } from './shmem.js';

/**
 * Checks the mapping's invariants and returns the first violation, or
 * `undefined`. Reads without the lock: call it at a scheduler step.
 */
export function checkShmem(mapping: ShmemMapping): string | undefined {
  if (mapping.swap.errors.length > 0) return mapping.swap.errors[0];
  for (const row of mapping.xa.dump()) {
    if (!isSwap(row.entry)) continue;
    for (let i = 0; i < 2 ** row.order; i++) {
      const slot = row.entry.slot + i;
      if (!mapping.swap.isAllocated(slot)) {
        return `index ${row.index + i} maps swap slot ${slot}, which was freed: the page's data is gone`;
      }
    }
  }
  for (const index of mapping.live) {
    const entry = mapping.xa.load(index);
    if (entry === undefined) {
      return `index ${index} is empty, but nothing truncated it`;
    }
  }
  return undefined;
}
