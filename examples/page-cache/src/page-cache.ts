import { XArray } from '@lockctx/xarray';
import { addFolio } from './add-folio.js';
import { addFolioBuggy, type AddResult } from './add-folio-buggy.js';
import {
  DIRTY,
  MAX_FOLIO_ORDER,
  WRITEBACK,
  alignDown,
  folioContains,
  isFolio,
  lastIndex,
  type CacheEntry,
  type Folio,
} from './folio.js';
import type { Sleep } from '@lockctx/example-scheduler';

/** Which `addFolio` the cache uses. */
export type Protocol = 'fixed' | 'pre-6.10';

export interface PageCacheOptions {
  /** Pages in the file; indices are 0..pages-1. */
  pages: number;
  /** Defaults to `fixed`. */
  protocol?: Protocol;
  /** XArray node size (2^chunkShift slots); small nodes exercise more tree shapes. */
  chunkShift?: number;
}

/**
 * The page cache of one file: an XArray of folios and shadows indexed by
 * page, with the dirty and writeback tags as marks. Reads fill the cache
 * with large folios; `dontNeed` evicts clean folios and leaves shadows;
 * writes tag folios dirty and writeback cleans them.
 *
 * Invariants (checked by {@link checkPageCache}):
 * - an index holds a folio only if the folio covers that index, as one
 *   entry of the folio's order at the folio's first index;
 * - every folio the cache has added and not evicted is found at every index
 *   it covers;
 * - only folios carry the dirty and writeback tags.
 *
 * Locking: every method takes and releases the XArray's lock itself and
 * never holds it across a sleep.
 */
export class PageCache {
  readonly xa: XArray<CacheEntry>;
  readonly pages: number;
  readonly protocol: Protocol;
  /** Folios added and not evicted: what lookups must find. */
  readonly resident = new Set<Folio>();
  #nextId = 1;

  constructor(options: PageCacheOptions) {
    if (!Number.isInteger(options.pages) || options.pages < 1) {
      throw new RangeError(
        `PageCache needs a positive integer page count, got ${String(options.pages)}`,
      );
    }
    this.pages = options.pages;
    this.protocol = options.protocol ?? 'fixed';
    this.xa = new XArray<CacheEntry>(
      options.chunkShift === undefined
        ? {}
        : { chunkShift: options.chunkShift },
    );
  }

  /**
   * The folio that holds `index`, or `undefined` (the kernel's
   * `filemap_get_folio`). Reads need no lock.
   */
  lookup(index: number): Folio | undefined {
    const entry = this.xa.load(index);
    return isFolio(entry) ? entry : undefined;
  }

  /**
   * Makes page `index` resident and returns its folio: a cache hit, or a
   * new folio of up to 2^order pages read from the backing store (the read
   * sleeps). The folio is aligned to its size and clipped to the file.
   */
  async read(sleep: Sleep, index: number, order: number): Promise<Folio> {
    this.#checkIndex(index);
    let o = Math.min(order, MAX_FOLIO_ORDER);
    for (;;) {
      const hit = this.lookup(index);
      if (hit !== undefined) return hit;
      while (o > 0 && alignDown(index, o) + 2 ** o > this.pages) o--;
      const folio: Folio = {
        kind: 'folio',
        id: this.#nextId++,
        index: alignDown(index, o),
        order: o,
        uptodate: false,
      };
      // Allocating the folio may sleep (reclaim).
      await sleep.pause('folio-alloc');
      const result = await this.add(sleep, folio);
      if (!result.added) {
        // Another folio is in the range: fall back to a smaller folio (at
        // order 0 the range is the page itself, so the lookup hits).
        o = Math.max(0, o - 1);
        continue;
      }
      await sleep.pause('read-io');
      folio.uptodate = true;
      return folio;
    }
  }

  /** Adds a folio with the cache's protocol and records it as resident. */
  async add(sleep: Sleep, folio: Folio): Promise<AddResult> {
    const result =
      this.protocol === 'fixed'
        ? await addFolio(this.xa, sleep, folio)
        : await addFolioBuggy(this.xa, sleep, folio);
    // Adding replaces shadows only (a folio in the way is `exists`), so no
    // resident folio leaves the cache here.
    if (result.added) this.resident.add(folio);
    return result;
  }

  /**
   * Tags the folio holding `index` dirty, reading it first if needed.
   */
  async write(sleep: Sleep, index: number, order: number): Promise<void> {
    for (;;) {
      const folio = await this.read(sleep, index, order);
      {
        using g = this.xa.lock();
        if (g.load(folio.index) === folio) {
          g.setMark(folio.index, DIRTY);
          return;
        }
      }
      // Evicted between the read and the tag: read it again.
      await sleep.pause('retry');
    }
  }

  /**
   * Writes back every dirty folio: tags it writeback and clears dirty under
   * the lock, writes (sleeps), then clears writeback.
   *
   * @returns the number of folios written.
   */
  async writeback(sleep: Sleep): Promise<number> {
    const batch: Folio[] = [];
    {
      using g = this.xa.lock();
      for (const [index, entry] of g.entries({ filter: DIRTY })) {
        if (!isFolio(entry)) continue;
        g.setMark(index, WRITEBACK);
        g.clearMark(index, DIRTY);
        batch.push(entry);
      }
    }
    for (const folio of batch) {
      await sleep.pause('writeback-io');
      using g = this.xa.lock();
      if (g.load(folio.index) === folio) g.clearMark(folio.index, WRITEBACK);
    }
    return batch.length;
  }

  /**
   * Evicts the clean folios that start in `first..last`, leaving a shadow
   * of each (the kernel's `POSIX_FADV_DONTNEED`). Dirty and writeback
   * folios stay. Sleeps between folios.
   *
   * @returns the number of folios evicted.
   */
  async dontNeed(sleep: Sleep, first: number, last: number): Promise<number> {
    let evicted = 0;
    let index = first;
    while (index <= last) {
      const found = this.xa.find(index, last);
      if (found === undefined) break;
      const entry = found.entry;
      index = Math.max(
        found.index + 1,
        isFolio(entry) ? lastIndex(entry) + 1 : 0,
      );
      if (!isFolio(entry) || !folioContains(entry, found.index)) continue;
      {
        using g = this.xa.lock();
        if (g.load(entry.index) !== entry) continue;
        if (
          g.getMark(entry.index, DIRTY) ||
          g.getMark(entry.index, WRITEBACK)
        ) {
          continue;
        }
        g.storeOrder(entry.index, entry.order, {
          kind: 'shadow',
          of: entry.id,
          order: entry.order,
        });
        this.resident.delete(entry);
        evicted++;
      }
      await sleep.pause('cond-resched');
    }
    return evicted;
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pages) {
      throw new RangeError(
        `page index ${String(index)} is outside the file (0..${this.pages - 1})`,
      );
    }
  }
}
