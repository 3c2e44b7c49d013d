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

/**
 * The same sector store on a `Map` of pages and a `Set` of dirty page
 * numbers: the baseline of the benchmark.
 */
export class MapSectorStore implements SectorStore {
  readonly capacity: number;
  readonly #pages = new Map<number, Page>();
  readonly #dirty = new Set<number>();

  constructor(capacity: number) {
    checkRequest(0, capacity, Number.MAX_SAFE_INTEGER);
    this.capacity = capacity;
  }

  get pages(): number {
    return this.#pages.size;
  }

  write(sector: number, data: Uint8Array): void {
    const count = sectorsOf(data);
    checkRequest(sector, count, this.capacity);
    forEachPage(sector, count, (index, first, n, offset) => {
      let page = this.#pages.get(index);
      if (page === undefined) {
        page = newPage();
        this.#pages.set(index, page);
      }
      page.data.set(
        data.subarray(offset * SECTOR_SIZE, (offset + n) * SECTOR_SIZE),
        first * SECTOR_SIZE,
      );
      page.present |= sectorMask(first, n);
      this.#dirty.add(index);
    });
  }

  read(sector: number, count: number): Uint8Array {
    checkRequest(sector, count, this.capacity);
    const out = new Uint8Array(count * SECTOR_SIZE);
    forEachPage(sector, count, (index, first, n, offset) => {
      const page = this.#pages.get(index);
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
    forEachPage(sector, count, (index, first, n) => {
      const page = this.#pages.get(index);
      if (page === undefined) return;
      page.present &= ~sectorMask(first, n);
      page.data.fill(0, first * SECTOR_SIZE, (first + n) * SECTOR_SIZE);
      if (page.present === 0) {
        this.#pages.delete(index);
        this.#dirty.delete(index);
      }
    });
  }

  flush(): number {
    const n = this.#dirty.size;
    this.#dirty.clear();
    return n;
  }
}
