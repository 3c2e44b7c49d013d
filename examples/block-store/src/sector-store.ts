/**
 * A memory-backed block device in the style of the kernel's null_blk with
 * `memory_backed=1`: 512-byte sectors grouped in 4 KiB pages that exist
 * only once written. Reading a sector never written returns zeros;
 * discarding frees pages whose every sector is discarded. Written pages are
 * tagged dirty until the next flush.
 */

export const SECTOR_SIZE = 512;
export const PAGE_SIZE = 4096;
export const SECTORS_PER_PAGE = PAGE_SIZE / SECTOR_SIZE;

/** One page of the device: its bytes and which of its 8 sectors hold data. */
export interface Page {
  readonly data: Uint8Array;
  /** Bit s is set when sector s of the page has been written. */
  present: number;
}

/** What every sector store offers; the XArray and Map versions agree on it. */
export interface SectorStore {
  /** Writes whole sectors from `sector` on. */
  write(sector: number, data: Uint8Array): void;
  /** Reads `count` sectors from `sector` on; sectors never written read as zeros. */
  read(sector: number, count: number): Uint8Array;
  /** Forgets `count` sectors from `sector` on; emptied pages are freed. */
  discard(sector: number, count: number): void;
  /** Clears the dirty tag of every page written since the last flush. @returns how many pages were dirty. */
  flush(): number;
  /** Pages allocated. */
  readonly pages: number;
}

/** A request that does not fit the device or is not made of whole sectors. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** Validates a request and returns its page span. */
export function checkRequest(
  sector: number,
  count: number,
  capacity: number,
): void {
  if (!Number.isInteger(sector) || sector < 0) {
    throw new BadRequestError(
      `sector must be a non-negative integer, got ${String(sector)}`,
    );
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new BadRequestError(
      `sector count must be a non-negative integer, got ${String(count)}`,
    );
  }
  if (sector + count > capacity) {
    throw new BadRequestError(
      `sectors ${sector}..${sector + count - 1} are beyond the device (${capacity} sectors)`,
    );
  }
}

/** The sector count of a write buffer, which must be whole sectors. */
export function sectorsOf(data: Uint8Array): number {
  if (data.length % SECTOR_SIZE !== 0) {
    throw new BadRequestError(
      `a write must be whole ${SECTOR_SIZE}-byte sectors, got ${data.length} bytes`,
    );
  }
  return data.length / SECTOR_SIZE;
}

/**
 * Walks the pages a request touches: `fn(pageIndex, firstSectorInPage,
 * sectorsInPage, offsetInRequest)`.
 */
export function forEachPage(
  sector: number,
  count: number,
  fn: (page: number, first: number, n: number, offset: number) => void,
): void {
  let done = 0;
  while (done < count) {
    const s = sector + done;
    const first = s % SECTORS_PER_PAGE;
    const n = Math.min(SECTORS_PER_PAGE - first, count - done);
    fn(Math.floor(s / SECTORS_PER_PAGE), first, n, done);
    done += n;
  }
}

/** The bitmask of sectors first..first+n-1 of a page. */
export function sectorMask(first: number, n: number): number {
  return ((1 << n) - 1) << first;
}

export function newPage(): Page {
  return { data: new Uint8Array(PAGE_SIZE), present: 0 };
}
