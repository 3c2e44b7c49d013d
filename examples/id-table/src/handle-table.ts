import { XArray, type AllocLimit } from '@lockctx/xarray';

/** How handles are chosen. */
export type HandlePolicy =
  /** The lowest free handle, like file descriptors (`idr_alloc`). */
  | 'lowest'
  /** The next handle after the last one given, wrapping at the limit, like PIDs (`idr_alloc_cyclic`). */
  | 'cyclic';

export interface HandleTableOptions {
  policy?: HandlePolicy;
  /** The smallest and largest handle (u32, inclusive); default 1..2^31-1. */
  limit?: AllocLimit;
}

/** A handle that is not an integer in the table's range. */
export class InvalidHandleError extends Error {
  override readonly name = 'InvalidHandleError';
}

/**
 * Objects behind small integer handles, on an allocating XArray (the
 * kernel's IDR use case: file descriptors, PIDs, device minors). Handle 0
 * is never given out (`XA_FLAGS_ALLOC1`), so 0 can mean "no handle".
 *
 * Handles can be reserved before their object exists and published later,
 * the way a driver reserves an id, initialises the object that records it,
 * then makes it visible: between the two, lookups see nothing.
 *
 * Locking: every method takes and releases the XArray's lock itself.
 */
export class HandleTable<T extends NonNullable<unknown>> {
  readonly policy: HandlePolicy;
  readonly limit: AllocLimit;
  readonly #xa = new XArray<T>({ alloc: 1 });
  #size = 0;
  #wraps = 0;

  constructor(options: HandleTableOptions = {}) {
    this.policy = options.policy ?? 'lowest';
    this.limit = options.limit ?? { min: 1, max: 0x7fffffff };
    const { min, max } = this.limit;
    if (
      !Number.isInteger(min) ||
      !Number.isInteger(max) ||
      min < 1 ||
      max > 0xffffffff ||
      min > max
    ) {
      throw new RangeError(
        `handle limit must satisfy 1 <= min <= max <= 2^32-1, got ${min}..${max}`,
      );
    }
  }

  /** Handles in use, reserved ones included. */
  get size(): number {
    return this.#size;
  }

  /** How many times cyclic allocation has wrapped around. */
  get wraps(): number {
    return this.#wraps;
  }

  /**
   * Gives `object` a handle.
   *
   * @returns the handle, or `undefined` when every handle in the limit is
   *   taken (the kernel's `-EBUSY`).
   */
  open(object: T): number | undefined {
    return this.#allocate(object);
  }

  /**
   * Reserves a handle with no object yet: `get` returns `undefined` for it
   * until {@link publish}; {@link close} gives it back.
   */
  reserve(): number | undefined {
    return this.#allocate(null);
  }

  /**
   * Makes `object` visible at a handle from {@link reserve}.
   *
   * @returns false when the handle is not reserved (unknown, closed, or
   *   already published).
   */
  publish(handle: number, object: T): boolean {
    this.#check(handle);
    using g = this.#xa.lock();
    const c = g.cursor(handle);
    if (c.load() !== undefined || !c.isReserved()) return false;
    c.store(object);
    return true;
  }

  /** The object behind `handle`, if published. Takes no lock. */
  get(handle: number): T | undefined {
    this.#check(handle);
    return this.#xa.load(handle);
  }

  /**
   * Frees a handle, reserved or published, so it can be given out again.
   *
   * @returns whether the handle was in use.
   */
  close(handle: number): boolean {
    this.#check(handle);
    using g = this.#xa.lock();
    const c = g.cursor(handle);
    if (c.load() === undefined && !c.isReserved()) return false;
    g.erase(handle);
    this.#size--;
    return true;
  }

  /** The published handles and objects, in handle order. */
  *entries(): IterableIterator<[number, T]> {
    yield* this.#xa.entries();
  }

  #allocate(entry: T | null): number | undefined {
    if (this.policy === 'lowest') {
      const id = this.#xa.alloc(entry, this.limit);
      if (id !== undefined) this.#size++;
      return id;
    }
    const result = this.#xa.allocCyclic(entry, this.limit);
    if (result === undefined) return undefined;
    if (result.wrapped) this.#wraps++;
    this.#size++;
    return result.id;
  }

  #check(handle: number): void {
    if (
      !Number.isInteger(handle) ||
      handle < this.limit.min ||
      handle > this.limit.max
    ) {
      throw new InvalidHandleError(
        `handle ${String(handle)} is not an integer in ${this.limit.min}..${this.limit.max}`,
      );
    }
  }
}
