/**
 * What a shmem mapping stores: folios in memory and swap entries for pages
 * swapped out. A swap entry names its first swap slot; its order (how many
 * pages and slots it covers) is the order of its XArray entry, as in the
 * kernel, where a large swap entry is one multi-index value entry.
 */

export interface Folio {
  readonly kind: 'folio';
  readonly id: number;
  readonly index: number;
  readonly order: number;
}

/**
 * A swap entry. Like the kernel's value entries, equal entries are the same
 * value: {@link SwapDevice.entry} returns one object per slot, so a
 * compare-and-exchange against an entry succeeds for any entry naming the
 * same slot.
 */
export interface SwapEntry {
  readonly kind: 'swap';
  readonly slot: number;
}

export type ShmemEntry = Folio | SwapEntry;

export function isSwap(entry: ShmemEntry | undefined): entry is SwapEntry {
  return entry?.kind === 'swap';
}

/** `index` rounded down to a multiple of 2^order. */
export function alignDown(index: number, order: number): number {
  const size = 2 ** order;
  return index - (index % size);
}

export function describe(entry: ShmemEntry | undefined): string {
  if (entry === undefined) return 'nothing';
  return entry.kind === 'swap'
    ? `swap slot ${entry.slot}`
    : `folio #${entry.id} (index ${entry.index}, order ${entry.order})`;
}
