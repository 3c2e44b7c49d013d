import { XArray } from '@lockctx/xarray';
import {
  SECTOR_SIZE,
  checkRequest,
  forEachPage,
  newPage,
  sectorMask,
  sectorsOf,
  type Page,
  type SectorStore,
} from './sector-store.js';

/** The dirty tag: XA_MARK_1, as null_blk tags its cache pages. */
const DIRTY = 1;

/**
 * The sector store on an XArray of pages indexed by page number, with the
 * dirty tag as a mark.
 *
 * Locking: each request takes the lock once and does all its work under
 * it; reads take no lock.
 */
export class XArraySectorStore implements SectorStore {
  readonly capacity: number;
  readonly #xa: XArray<Page>;
  #pages = 0;

  /** @param capacity - the device size in sectors. */
  constructor(capacity: number, options: { chunkShift?: number } = {}) {
    checkRequest(0, capacity, Number.MAX_SAFE_INTEGER);
    this.capacity = capacity;
    this.#xa = new XArray<Page>(options);
  }

  get pages(): number {
    return this.#pages;
  }

  write(sector: number, data: Uint8Array): void {
    const count = sectorsOf(data);
    checkRequest(sector, count, this.capacity);
    using g = this.#xa.lock();
    forEachPage(sector, count, (index, first, n, offset) => {
      let page = g.load(index);
      if (page === undefined) {
        page = newPage();
        g.store(index, page);
        this.#pages++;
      }
      page.data.set(
        data.subarray(offset * SECTOR_SIZE, (offset + n) * SECTOR_SIZE),
        first * SECTOR_SIZE,
      );
      page.present |= sectorMask(first, n);
      g.setMark(index, DIRTY);
    });
  }

  read(sector: number, count: number): Uint8Array {
    checkRequest(sector, count, this.capacity);
    const out = new Uint8Array(count * SECTOR_SIZE);
    forEachPage(sector, count, (index, first, n, offset) => {
      const page = this.#xa.load(index);
      if (page === undefined) return;
      for (let s = first; s < first + n; s++) {
        if (page.present & (1 << s)) {
          out.set(
            page.data.subarray(s * SECTOR_SIZE, (s + 1) * SECTOR_SIZE),
            (offset + s - first) * SECTOR_SIZE,
          );
        }
      }
    });
    return out;
  }

  discard(sector: number, count: number): void {
    checkRequest(sector, count, this.capacity);
    using g = this.#xa.lock();
    forEachPage(sector, count, (index, first, n) => {
      const page = g.load(index);
      if (page === undefined) return;
      page.present &= ~sectorMask(first, n);
      page.data.fill(0, first * SECTOR_SIZE, (first + n) * SECTOR_SIZE);
      if (page.present === 0) {
        g.erase(index);
        this.#pages--;
      }
    });
  }

  flush(): number {
    using g = this.#xa.lock();
    let n = 0;
    for (const index of g.keys({ filter: DIRTY })) {
      g.clearMark(index, DIRTY);
      n++;
    }
    return n;
  }
}
