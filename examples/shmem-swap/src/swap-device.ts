import type { SwapEntry } from './entries.js';

/**
 * Swap slots and who holds them. Freeing a slot that is not allocated is
 * recorded as an error instead of being ignored: it is the visible trace of
 * a stale order (the kernel would corrupt its swap map).
 */
export class SwapDevice {
  readonly slots: number;
  readonly #allocated: Uint8Array;
  readonly #entries = new Map<number, SwapEntry>();
  /** Frees of slots that were not allocated, in order. */
  readonly errors: string[] = [];

  constructor(slots: number) {
    this.slots = slots;
    this.#allocated = new Uint8Array(slots);
  }

  /** The swap entry for `slot`: one object per slot. */
  entry(slot: number): SwapEntry {
    let e = this.#entries.get(slot);
    if (e === undefined) {
      e = { kind: 'swap', slot };
      this.#entries.set(slot, e);
    }
    return e;
  }

  /**
   * Allocates 2^order contiguous slots aligned to their size.
   *
   * @returns the first slot, or `undefined` when no such run is free.
   */
  allocate(order: number): number | undefined {
    const n = 2 ** order;
    for (let base = 0; base + n <= this.slots; base += n) {
      if (this.#allocated.subarray(base, base + n).every((a) => a === 0)) {
        this.#allocated.fill(1, base, base + n);
        return base;
      }
    }
    return undefined;
  }

  /** Frees `n` slots from `slot` on (the kernel's `free_swap_and_cache_nr`). */
  free(slot: number, n: number): void {
    for (let s = slot; s < slot + n; s++) {
      if (this.#allocated[s] !== 1) {
        this.errors.push(`swap slot ${s} freed twice`);
      }
      this.#allocated[s] = 0;
    }
  }

  isAllocated(slot: number): boolean {
    return this.#allocated[slot] === 1;
  }
}
