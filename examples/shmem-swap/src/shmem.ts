import { XArray } from '@lockctx/xarray';
import { alignDown, isSwap, type Folio, type ShmemEntry } from './entries.js';
import { freeSwap } from './free-swap.js';
import { freeSwapBuggy } from './free-swap-buggy.js';
import type { Sleep } from '@lockctx/example-scheduler';
import { SwapDevice } from './swap-device.js';

/** Which `shmem_free_swap` truncation uses. */
export type Protocol = 'fixed' | 'pre-2026';

export interface ShmemOptions {
  pages: number;
  protocol?: Protocol;
  chunkShift?: number;
}

/**
 * A tmpfs file's mapping: an XArray of folios and swap entries, with a swap
 * device. Large folios are swapped out as large (multi-index) swap entries;
 * swapping one page in first splits the large entry down to that page
 * (the kernel's `shmem_split_large_entry`); truncation frees the swap
 * of the entries inside the truncated range.
 *
 * Invariants (checked by {@link checkShmem}): every swap slot a mapped
 * entry names is allocated; no slot is freed twice; truncation removes
 * nothing outside its range.
 *
 * Locking: every method takes and releases the XArray's lock itself and
 * never holds it across a sleep.
 */
export class ShmemMapping {
  readonly xa: XArray<ShmemEntry>;
  readonly swap: SwapDevice;
  readonly pages: number;
  readonly protocol: Protocol;
  /** Indices whose data nothing has removed on purpose. */
  readonly live = new Set<number>();
  #nextId = 1;

  constructor(options: ShmemOptions) {
    if (!Number.isInteger(options.pages) || options.pages < 1) {
      throw new RangeError(
        `ShmemMapping needs a positive integer page count, got ${String(options.pages)}`,
      );
    }
    this.pages = options.pages;
    this.protocol = options.protocol ?? 'fixed';
    this.swap = new SwapDevice(options.pages * 2);
    this.xa = new XArray<ShmemEntry>(
      options.chunkShift === undefined
        ? {}
        : { chunkShift: options.chunkShift },
    );
  }

  /**
   * Fills the file with pages swapped out in large entries of `order`.
   *
   * @throws Error when the swap device is full (it is sized for this).
   */
  swapOutAll(order: number): void {
    using g = this.xa.lock();
    for (let base = 0; base < this.pages; base += 2 ** order) {
      const slot = this.swap.allocate(order);
      if (slot === undefined) throw new Error('swap device full');
      g.storeOrder(base, order, this.swap.entry(slot));
      for (let i = base; i < base + 2 ** order; i++) this.live.add(i);
    }
  }

  /**
   * Brings page `index` back into memory: splits a large swap entry into
   * per-page entries, reads the page (sleeps), then replaces its swap entry
   * with a folio and frees its slot, if the entry is still there.
   *
   * @returns the folio, or `undefined` if the page was truncated meanwhile.
   */
  async swapIn(sleep: Sleep, index: number): Promise<Folio | undefined> {
    for (;;) {
      let entry: ShmemEntry | undefined;
      {
        using g = this.xa.lock();
        entry = g.load(index);
        if (!isSwap(entry)) return entry;
        const order = g.getOrder(index);
        if (order > 0) {
          // Halve one order at a time (a split crosses at most one level of
          // nodes); each half names the first slot of its own pages.
          const base = alignDown(index, order);
          const slot = entry.slot;
          for (let o = order; o > 0; o--) {
            g.split(index, o - 1);
            const lo = alignDown(index, o);
            for (const half of [lo, lo + 2 ** (o - 1)]) {
              g.storeOrder(half, o - 1, this.swap.entry(slot + half - base));
            }
          }
          entry = g.load(index);
        }
      }
      await sleep.pause('swap-read');
      using g = this.xa.lock();
      if (!isSwap(entry) || g.load(index) !== entry) continue;
      const folio: Folio = {
        kind: 'folio',
        id: this.#nextId++,
        index,
        order: 0,
      };
      g.store(index, folio);
      this.swap.free(entry.slot, 1);
      return folio;
    }
  }

  /**
   * Punches a hole: drops the folios and frees the swap of the entries that
   * lie wholly inside `first..last`, sleeping between entries.
   *
   * @returns pages freed from swap.
   */
  async truncate(sleep: Sleep, first: number, last: number): Promise<number> {
    for (let i = first; i <= last; i++) this.live.delete(i);
    let freed = 0;
    let index = first;
    while (index <= last) {
      const found = this.xa.find(index, last);
      if (found === undefined) break;
      index = found.index + 1;
      const entry = found.entry;
      if (isSwap(entry)) {
        freed +=
          this.protocol === 'fixed'
            ? freeSwap(this.xa, this.swap, found.index, entry, first, last)
            : await freeSwapBuggy(
                this.xa,
                this.swap,
                sleep,
                found.index,
                entry,
                first,
                last,
              );
      } else if (
        entry.index >= first &&
        entry.index + 2 ** entry.order - 1 <= last
      ) {
        this.xa.cmpxchg(entry.index, entry, null);
      }
      await sleep.pause('cond-resched');
    }
    return freed;
  }
}
