import type { XArray } from '@lockctx/xarray';
import type { AddResult } from './add-folio-buggy.js';
import { isFolio, lastIndex, type CacheEntry, type Folio } from './folio.js';
import type { Sleep } from '@lockctx/example-scheduler';
import { splitTo } from './split.js';

/**
 * Adds a folio to the cache with the protocol of Linux 6.10's
 * `__filemap_add_folio()`.
 *
 * Under the lock it finds the entry the folio replaces and that entry's
 * order. If the entry must be split and the split has not been prepared,
 * it remembers what it saw, drops the lock to prepare (which may sleep),
 * and starts again; on the next pass it splits only if the entry and its
 * order, re-read under the lock, are still the ones it prepared for.
 * Nothing read before an unlock decides anything after it.
 *
 * Locking: takes and releases the cache's lock; sleeps only with it
 * released.
 *
 * @returns `{ added: false }` when a folio already covers part of the range
 *   (the kernel's `-EEXIST`); the caller looks that folio up instead.
 */
export async function addFolio(
  xa: XArray<CacheEntry>,
  sleep: Sleep,
  folio: Folio,
): Promise<AddResult> {
  const index = folio.index;
  // What the last allocation was made for: an entry and its order.
  let prepared: { entry: CacheEntry; order: number } | undefined;
  for (;;) {
    {
      using g = xa.lock();
      let old: CacheEntry | undefined;
      for (let i = index; i <= lastIndex(folio); i++) {
        const entry = g.load(i);
        if (isFolio(entry))
          return { added: false, reason: 'exists', by: entry };
        if (entry !== undefined) old = entry;
      }
      const order = old === undefined ? 0 : g.getOrder(index);
      if (old === undefined || order <= folio.order) {
        g.storeOrder(index, folio.order, folio);
        return { added: true, shadow: old };
      }
      // Split only what was prepared for: the same entry, the same order.
      if (prepared?.entry === old && prepared.order === order) {
        splitTo(g, index, folio.order);
        g.storeOrder(index, folio.order, folio);
        return { added: true, shadow: old };
      }
      prepared = { entry: old, order };
    }
    // xas_split_alloc() with the lock dropped: may sleep; then start again.
    await sleep.pause('split-alloc');
  }
}
