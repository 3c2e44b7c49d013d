/**
 * The part of the public XArray contract the randomised driver exercises,
 * written structurally so the driver depends on the contract, not on one
 * implementation. `XArray<number>` from `../index.js` satisfies it.
 */

/** A mark number. */
export type SubjectMark = 0 | 1 | 2;
/** A mark or the "any present entry" filter. */
export type SubjectFilter = SubjectMark | 'present';

/** `Found<T>`. */
export interface SubjectFound<T> {
  index: number;
  entry: T;
}

/** `DumpRow<T>`. */
export interface SubjectDumpRow<T> {
  index: number;
  order: number;
  entry: T | undefined;
  reserved: boolean;
  marks: number;
}

/** `AllocLimit`. */
export interface SubjectLimit {
  min: number;
  max: number;
}

/** `IterateOptions`. */
export interface SubjectIterateOptions {
  start?: number;
  last?: number;
  filter?: SubjectFilter;
}

/** The operations both `XArray` and `Guard` offer. */
export interface SubjectOps<T> {
  load(index: number): T | undefined;
  store(index: number, entry: T | null | undefined): T | undefined;
  storeRange(first: number, last: number, entry: T | null | undefined): void;
  erase(index: number): T | undefined;
  insert(index: number, entry: T | null | undefined): boolean;
  cmpxchg(
    index: number,
    old: T | null | undefined,
    entry: T | null | undefined,
  ): T | undefined;
  reserve(index: number): void;
  release(index: number): void;
  alloc(entry: T | null | undefined, limit?: SubjectLimit): number | undefined;
  allocCyclic(
    entry: T | null | undefined,
    limit?: SubjectLimit,
    next?: number,
  ): { id: number; next: number; wrapped: boolean } | undefined;
  find(
    start?: number,
    max?: number,
    filter?: SubjectFilter,
  ): SubjectFound<T> | undefined;
  findAfter(
    index: number,
    max?: number,
    filter?: SubjectFilter,
  ): SubjectFound<T> | undefined;
  findIndex(start?: number, max?: number, filter?: SubjectFilter): number;
  extract(start: number, max: number, n: number, filter?: SubjectFilter): T[];
  entries(options?: SubjectIterateOptions): IterableIterator<[number, T]>;
  keys(options?: SubjectIterateOptions): IterableIterator<number>;
  values(options?: SubjectIterateOptions): IterableIterator<T>;
  isEmpty(): boolean;
}

/** `Cursor<T>`: the parts the driver walks with. */
export interface SubjectCursor<T> {
  readonly index: number;
  set(index: number): void;
  load(): T | undefined;
  next(): T | undefined;
  prev(): T | undefined;
  isReserved(): boolean;
}

/** `Guard<T>`. */
export interface SubjectGuard<T> extends SubjectOps<T>, Disposable {
  readonly released: boolean;
  unlock(): void;
  getOrder(index: number): number;
  getMark(index: number, mark: SubjectMark): boolean;
  setMark(index: number, mark: SubjectMark): void;
  clearMark(index: number, mark: SubjectMark): void;
  marked(mark: SubjectMark): boolean;
  storeOrder(
    index: number,
    order: number,
    entry: T | null | undefined,
  ): T | undefined;
  split(index: number, order: number): void;
  cursor(index?: number, order?: number): SubjectCursor<T>;
}

/** `XArray<T>`. */
export interface SubjectXArray<T> extends SubjectOps<T> {
  readonly chunkShift: number;
  readonly allocBase: 0 | 1 | undefined;
  readonly locked: boolean;
  destroy(): void;
  dump(): SubjectDumpRow<T>[];
  lock(): SubjectGuard<T>;
  withLock<R>(fn: (guard: SubjectGuard<T>) => R): R;
  [Symbol.iterator](): IterableIterator<[number, T]>;
}

/** `XArrayOptions`. */
export interface SubjectOptions {
  alloc?: false | 0 | 1;
  chunkShift?: number;
  debug?: boolean;
}
