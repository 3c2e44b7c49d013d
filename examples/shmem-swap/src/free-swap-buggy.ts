import type { XArray } from '@lockctx/xarray';
import { alignDown, type ShmemEntry, type SwapEntry } from './entries.js';
import type { Sleep } from '@lockctx/example-scheduler';
import type { SwapDevice } from './swap-device.js';

/**
 * Frees the swap behind one entry found by truncation, the way
 * `shmem_free_swap()` did before the January 2026 fix: kept here, wrong, to
 * show the race reproduced and caught.
 *
 * The entry's order is read in one lock scope (the kernel used
 * `xa_get_order()`), the entry is removed with a compare-and-exchange that
 * takes the lock again, and the slots are freed with the order read first.
 * If a swap-in split the large entry in between, the exchange still
 * succeeds (the first piece names the same slot), and the stale, larger
 * order frees the slots of every other piece while they are still mapped.
 *
 * Locking: takes and releases the mapping's lock twice; may sleep between.
 *
 * @returns pages freed (0 when the entry changed or crosses the range).
 */
export async function freeSwapBuggy(
  xa: XArray<ShmemEntry>,
  swap: SwapDevice,
  sleep: Sleep,
  index: number,
  entry: SwapEntry,
  first: number,
  last: number,
): Promise<number> {
  let order: number;
  {
    using g = xa.lock();
    order = g.getOrder(index);
  }
  const base = alignDown(index, order);
  if (base < first || base + 2 ** order - 1 > last) return 0;
  await sleep.pause('cond-resched');
  // eslint-disable-next-line lockctx/no-stale-lock-value -- the pre-2026 race, kept on purpose: the order read under the first lock sizes the free
  if (xa.cmpxchg(base, entry, null) !== entry) return 0;
  swap.free(entry.slot, 2 ** order);
  return 2 ** order;
}
