import { DIRTY, WRITEBACK, describe, isFolio, lastIndex } from './folio.js';
import type { PageCache } from './page-cache.js';

/**
 * Checks the page cache's invariants (see {@link PageCache}) and returns a
 * description of the first violation, or `undefined` when all hold.
 *
 * Locking: reads without the lock (as `xa_load` does under RCU); call it
 * where no task is half-way through an update, as the scheduler's step
 * check is.
 */
export function checkPageCache(cache: PageCache): string | undefined {
  for (const row of cache.xa.dump()) {
    const entry = row.entry;
    if (isFolio(entry)) {
      if (row.index !== entry.index || row.order !== entry.order) {
        const last = row.index + 2 ** row.order - 1;
        return `indices ${row.index}..${last} hold ${describe(entry)}: a folio at the wrong index`;
      }
    } else if (
      entry !== undefined &&
      row.marks & ((1 << DIRTY) | (1 << WRITEBACK))
    ) {
      return `index ${row.index} holds ${describe(entry)} tagged dirty or writeback`;
    }
  }
  for (const folio of cache.resident) {
    for (let i = folio.index; i <= lastIndex(folio); i++) {
      const found = cache.xa.load(i);
      if (found !== folio) {
        return `lookup(${i}) returns ${describe(found)}, but ${describe(folio)} was added there and never evicted`;
      }
    }
  }
  return undefined;
}
