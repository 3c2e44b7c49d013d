import type { XArray } from '@lockctx/xarray';
import {
  alignDown,
  isFolio,
  lastIndex,
  type CacheEntry,
  type Folio,
} from './folio.js';
import type { Sleep } from '@lockctx/example-scheduler';
import { splitTo } from './split.js';

/** The outcome of adding a folio to the cache. */
export type AddResult =
  | { added: true; shadow: CacheEntry | undefined }
  | { added: false; reason: 'exists'; by: Folio };

/**
 * Adds a folio the way `__filemap_add_folio()` did before Linux 6.10: it is
 * kept here, wrong, to show the bug being reproduced and caught.
 *
 * The order and the entry are read in one lock scope (the kernel read them
 * with `xa_get_order()` and `xa_load()` under RCU only). When the folio is
 * smaller than the entry it replaces, the nodes of the split are allocated
 * outside the lock (an allocation may sleep) and prefilled with that entry,
 * in the pattern of that order. The second lock scope then links those
 * nodes in: it acts on the order and entry of the first scope, which another
 * task may have changed while this one slept. The result is a folio visible
 * at indices it does not cover, or another folio's pages silently replaced.
 *
 * Locking: takes and releases the cache's lock twice; sleeps in between.
 * Kept to reproduce the 2024 race; use {@link addFolio}.
 */
export async function addFolioBuggy(
  xa: XArray<CacheEntry>,
  sleep: Sleep,
  folio: Folio,
): Promise<AddResult> {
  const index = folio.index;
  for (;;) {
    let order: number;
    let prefill: CacheEntry | undefined;
    {
      using peek = xa.lock();
      order = peek.getOrder(index);
      prefill = peek.load(index);
    }
    if (order > folio.order) {
      // xas_split_alloc(): may sleep.
      await sleep.pause('split-alloc');
    }

    using g = xa.lock();
    let old: CacheEntry | undefined;
    for (let i = index; i <= lastIndex(folio); i++) {
      const entry = g.load(i);
      if (isFolio(entry)) return { added: false, reason: 'exists', by: entry };
      if (entry !== undefined) old = entry;
    }
    if (old !== undefined && g.getOrder(index) > folio.order) {
      // Nothing was preallocated: allocate and go round (xas_nomem()).
      if (order <= folio.order) continue;
      // xas_split(): link in the nodes prefilled before the lock was taken,
      // holding `prefill` in the pattern of `order`.
      splitTo(g, index, folio.order);
      const base = alignDown(index, order);
      const step = 2 ** folio.order;
      for (let i = base; i < base + 2 ** order; i += step) {
        // eslint-disable-next-line lockctx/no-stale-lock-value -- the pre-6.10 race, kept on purpose: the order read before sleeping shapes the split
        g.storeOrder(i, folio.order, prefill);
      }
    }
    // eslint-disable-next-line lockctx/no-stale-lock-value -- the same race: the order read before sleeping decided whether to reach this store
    g.storeOrder(index, folio.order, folio);
    return { added: true, shadow: old };
  }
}
