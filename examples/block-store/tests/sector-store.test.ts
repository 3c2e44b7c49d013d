import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  MapSectorStore,
  SECTOR_SIZE,
  SECTORS_PER_PAGE,
  XArraySectorStore,
  type SectorStore,
} from '../src/index.js';

const CAPACITY = 4096; // sectors: 512 pages

/** Sectors filled with one byte value each, for easy comparison. */
function sectors(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * SECTOR_SIZE);
  values.forEach((v, i) => out.fill(v, i * SECTOR_SIZE, (i + 1) * SECTOR_SIZE));
  return out;
}

/** The first byte of each sector: what `sectors()` wrote. */
function firstBytes(data: Uint8Array): number[] {
  return Array.from(
    { length: data.length / SECTOR_SIZE },
    (_, i) => data[i * SECTOR_SIZE]!,
  );
}

/** The first byte offset where two buffers differ, or -1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  if (Buffer.compare(a, b) === 0) return -1;
  return a.findIndex((byte, i) => byte !== b[i]);
}

/** The naive model: the whole device as one array, and the dirty pages. */
class ModelStore implements SectorStore {
  readonly disk = new Uint8Array(CAPACITY * SECTOR_SIZE);
  readonly written = new Set<number>();
  readonly dirty = new Set<number>();
  write(sector: number, data: Uint8Array): void {
    this.disk.set(data, sector * SECTOR_SIZE);
    for (let s = sector; s < sector + data.length / SECTOR_SIZE; s++) {
      this.written.add(s);
      this.dirty.add(Math.floor(s / SECTORS_PER_PAGE));
    }
  }
  read(sector: number, count: number): Uint8Array {
    return this.disk.slice(
      sector * SECTOR_SIZE,
      (sector + count) * SECTOR_SIZE,
    );
  }
  discard(sector: number, count: number): void {
    this.disk.fill(0, sector * SECTOR_SIZE, (sector + count) * SECTOR_SIZE);
    for (let s = sector; s < sector + count; s++) this.written.delete(s);
    for (const page of [...this.dirty]) {
      if (!this.pageUsed(page)) this.dirty.delete(page);
    }
  }
  flush(): number {
    const n = this.dirty.size;
    this.dirty.clear();
    return n;
  }
  pageUsed(page: number): boolean {
    for (
      let s = page * SECTORS_PER_PAGE;
      s < (page + 1) * SECTORS_PER_PAGE;
      s++
    ) {
      if (this.written.has(s)) return true;
    }
    return false;
  }
  get pages(): number {
    return new Set(
      [...this.written].map((s) => Math.floor(s / SECTORS_PER_PAGE)),
    ).size;
  }
}

const STORES = [
  { name: 'XArray', make: () => new XArraySectorStore(CAPACITY) },
  {
    name: 'XArray, 4-slot nodes',
    make: () => new XArraySectorStore(CAPACITY, { chunkShift: 2 }),
  },
  { name: 'Map', make: () => new MapSectorStore(CAPACITY) },
];

describe.each(STORES)('$name sector store', ({ make }) => {
  it.each([
    {
      why: 'a write spanning two pages reads back, and never-written sectors read as zeros',
      run: (s: SectorStore) => {
        s.write(6, sectors(1, 2, 3, 4));
        return { data: firstBytes(s.read(5, 6)), pages: s.pages };
      },
      expected: { data: [0, 1, 2, 3, 4, 0], pages: 2 },
    },
    {
      why: 'overwriting one sector keeps its neighbours',
      run: (s: SectorStore) => {
        s.write(0, sectors(1, 1, 1));
        s.write(1, sectors(9));
        return { data: firstBytes(s.read(0, 3)), pages: s.pages };
      },
      expected: { data: [1, 9, 1], pages: 1 },
    },
    {
      why: 'discarding part of a page zeroes it and keeps the page',
      run: (s: SectorStore) => {
        s.write(8, sectors(5, 6, 7));
        s.discard(9, 1);
        return { data: firstBytes(s.read(8, 3)), pages: s.pages };
      },
      expected: { data: [5, 0, 7], pages: 1 },
    },
    {
      why: 'discarding every written sector of a page frees it',
      run: (s: SectorStore) => {
        s.write(16, sectors(5, 6));
        s.write(100, sectors(1));
        s.discard(16, 2);
        return { data: firstBytes(s.read(16, 2)), pages: s.pages };
      },
      expected: { data: [0, 0], pages: 1 },
    },
  ])('$why', ({ run, expected }) => {
    expect(run(make())).toEqual(expected);
  });

  it.each([
    {
      why: 'flush counts pages written since the last flush',
      ops: (s: SectorStore) => (
        s.write(0, sectors(1)),
        s.write(8, sectors(1, 2)),
        s.write(3, sectors(1)),
        s.flush()
      ),
      expected: 2,
    },
    {
      why: 'a second flush finds nothing dirty',
      ops: (s: SectorStore) => (s.write(0, sectors(1)), s.flush(), s.flush()),
      expected: 0,
    },
    {
      why: 'a freed page is no longer dirty',
      ops: (s: SectorStore) => (
        s.write(0, sectors(1)),
        s.write(8, sectors(1)),
        s.discard(0, 8),
        s.flush()
      ),
      expected: 1,
    },
  ])('$why', ({ ops, expected }) => {
    expect(ops(make())).toBe(expected);
  });

  it.each([
    {
      why: 'a partial sector',
      op: (s: SectorStore) => s.write(0, new Uint8Array(100)),
      message: /whole 512-byte sectors/,
    },
    {
      why: 'past the end',
      op: (s: SectorStore) => s.read(CAPACITY - 1, 2),
      message: /beyond the device/,
    },
    {
      why: 'a negative sector',
      op: (s: SectorStore) => s.discard(-1, 1),
      message: /non-negative integer/,
    },
    {
      why: 'a fractional count',
      op: (s: SectorStore) => s.read(0, 1.5),
      message: /non-negative integer/,
    },
  ])('rejects $why', ({ op, message }) => {
    const s = make();
    expect(() => op(s)).toThrow(BadRequestError);
    expect(() => op(s)).toThrow(message);
  });

  it('agrees with the naive model over 3,000 seeded random requests', () => {
    let state = 12345;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const s = make();
    const model = new ModelStore();
    for (let step = 0; step < 3000; step++) {
      const sector = rand(CAPACITY - 40);
      const count = 1 + rand(24);
      const op = rand(10);
      if (op < 5) {
        const data = sectors(
          ...Array.from({ length: count }, () => 1 + rand(250)),
        );
        s.write(sector, data);
        model.write(sector, data);
      } else if (op < 8) {
        expect(
          firstDifference(s.read(sector, count), model.read(sector, count)),
          `read(${sector}, ${count}) at step ${step}`,
        ).toBe(-1);
      } else if (op < 9) {
        s.discard(sector, count);
        model.discard(sector, count);
      } else {
        expect(s.flush()).toBe(model.flush());
      }
      if (step % 25 === 0) {
        expect(s.pages, `pages after step ${step}`).toBe(model.pages);
      }
    }
    expect(firstDifference(s.read(0, CAPACITY), model.read(0, CAPACITY))).toBe(
      -1,
    );
  });
});
