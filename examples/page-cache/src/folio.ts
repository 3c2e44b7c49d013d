/**
 * What a page cache stores: folios (runs of 2^order pages in memory) and
 * shadows (what a folio leaves behind when it is evicted, as the kernel's
 * workingset value entries do). A folio of order n is stored as one
 * multi-index entry covering 2^n aligned indices.
 */

/** A folio: 2^order pages of one file, starting at an aligned index. */
export interface Folio {
  readonly kind: 'folio';
  /** Unique per cache, for messages. */
  readonly id: number;
  /** The first page index; a multiple of 2^order. */
  readonly index: number;
  readonly order: number;
  /** Set once the read into the folio has completed. */
  uptodate: boolean;
}

/** The trace of an evicted folio, covering the indices the folio covered. */
export interface Shadow {
  readonly kind: 'shadow';
  /** The id of the folio it replaced. */
  readonly of: number;
  readonly order: number;
}

export type CacheEntry = Folio | Shadow;

/** Page-cache tags, as `PAGECACHE_TAG_*` are XArray marks. */
export const DIRTY = 0;
export const WRITEBACK = 1;

/** The largest folio order the examples create (16 pages). */
export const MAX_FOLIO_ORDER = 4;

/** `index` rounded down to a multiple of 2^order. */
export function alignDown(index: number, order: number): number {
  const size = 2 ** order;
  return index - (index % size);
}

/** The last index a folio covers. */
export function lastIndex(folio: Folio): number {
  return folio.index + 2 ** folio.order - 1;
}

/** Whether the folio covers `index` (the kernel's `folio_contains`). */
export function folioContains(folio: Folio, index: number): boolean {
  return index >= folio.index && index <= lastIndex(folio);
}

export function isFolio(entry: CacheEntry | undefined): entry is Folio {
  return entry?.kind === 'folio';
}

export function isShadow(entry: CacheEntry | undefined): entry is Shadow {
  return entry?.kind === 'shadow';
}

/** `folio #3 (index 16, order 2)`, for messages. */
export function describe(entry: CacheEntry | undefined): string {
  if (entry === undefined) return 'nothing';
  if (entry.kind === 'folio') {
    return `folio #${entry.id} (index ${entry.index}, order ${entry.order})`;
  }
  return `the shadow of folio #${entry.of} (order ${entry.order})`;
}
