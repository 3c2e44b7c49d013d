/**
 * The part of `@lockctx/xarray` the benchmark drives, typed after the
 * package's API contract, and the package's `XArray` when it exports one.
 */
import * as xarrayModule from '@lockctx/xarray';

/** Mark 0..2 (in allocating arrays mark 0 is the free mark). */
export type Mark = 0 | 1 | 2;

/** The advanced cursor, as far as the benchmark uses it. */
export interface BenchCursor<T> {
  readonly index: number;
  find(max?: number): T | undefined;
  findMarked(max: number, mark: Mark): T | undefined;
}

/** The lock guard, as far as the benchmark uses it. */
export interface BenchGuard<T> {
  unlock(): void;
  setMark(index: number, mark: Mark): void;
  getOrder(index: number): number;
  storeOrder(index: number, order: number, entry: T | null): T | undefined;
  cursor(index?: number, order?: number): BenchCursor<T>;
}

/** The XArray, as far as the benchmark uses it. */
export interface BenchXArray<T> {
  load(index: number): T | undefined;
  store(index: number, entry: T | null): T | undefined;
  erase(index: number): T | undefined;
  alloc(entry: T | null): number | undefined;
  findIndex(start?: number, max?: number, filter?: Mark | 'present'): number;
  values(options?: {
    start?: number;
    last?: number;
    filter?: Mark | 'present';
  }): IterableIterator<T>;
  isEmpty(): boolean;
  lock(): BenchGuard<T>;
}

/** `new XArray(options)`. */
export type BenchXArrayConstructor = new <
  T extends NonNullable<unknown>,
>(options?: {
  alloc?: false | 0 | 1;
  chunkShift?: number;
}) => BenchXArray<T>;

/**
 * The package's `XArray` class, or `undefined` while the package does not
 * export one yet (the benchmark then measures the peers alone and says so).
 */
export const XArray: BenchXArrayConstructor | undefined = (
  xarrayModule as unknown as { XArray?: BenchXArrayConstructor }
).XArray;

/** The largest index (`MAX_INDEX`, 2^53-1). */
export const MAX_INDEX = Number.MAX_SAFE_INTEGER;
