import type { XArray } from '@lockctx/xarray';
import { alignDown, type ShmemEntry, type SwapEntry } from './entries.js';
import type { SwapDevice } from './swap-device.js';

/**
 * Frees the swap behind one entry found by truncation, as `shmem_free_swap()`
 * does since the January 2026 fix: the load, the order and the erase happen
 * in one lock scope, and an entry that crosses the truncated range is left
 * for the caller to split.
 *
 * Locking: takes and releases the mapping's lock once; never sleeps.
 *
 * @returns pages freed (0 when the entry changed or crosses the range).
 */
export function freeSwap(
  xa: XArray<ShmemEntry>,
  swap: SwapDevice,
  index: number,
  entry: SwapEntry,
  first: number,
  last: number,
): number {
  using g = xa.lock();
  if (g.load(index) !== entry) return 0;
  const order = g.getOrder(index);
  const base = alignDown(index, order);
  if (base < first || base + 2 ** order - 1 > last) return 0;
  g.erase(base);
  swap.free(entry.slot, 2 ** order);
  return 2 ** order;
}
