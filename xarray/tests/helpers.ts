// Helpers shared by the ports of lib/test_xarray.c. The kernel's value
// entries `xa_mk_index(i)` become the number `i` itself, ULONG_MAX becomes
// MAX_INDEX (2^53 - 1) and BITS_PER_LONG-sized loops stop at 2^53.
import { expect } from 'vitest';
import { MAX_INDEX, type Mark, type XArray } from '../src/index.js';

/** Node sizes the size-sensitive ports run at: the kernel's 64 slots and the userspace harness's 8. */
export const SHIFTS = [6, 3] as const;

/** The largest order whose entries fit below 2^53 when placed at 2^order (the kernel's order_limit analogue). */
export const ORDER_LIMIT = 53;

/** The kernel test's `xa_store_order`: a multi-index store under the lock. */
export function storeOrder(
  xa: XArray<number>,
  index: number,
  order: number,
  entry: number | null,
): number | undefined {
  return xa.withLock((g) => g.storeOrder(index, order, entry));
}

/** `xa_get_order` (needs the lock in this API). */
export function getOrder(xa: XArray<number>, index: number): number {
  return xa.withLock((g) => g.getOrder(index));
}

/** `xa_get_mark`. */
export function getMark(
  xa: XArray<number>,
  index: number,
  mark: Mark,
): boolean {
  return xa.withLock((g) => g.getMark(index, mark));
}

/** `xa_set_mark`. */
export function setMark(xa: XArray<number>, index: number, mark: Mark): void {
  xa.withLock((g) => g.setMark(index, mark));
}

/** `xa_clear_mark`. */
export function clearMark(xa: XArray<number>, index: number, mark: Mark): void {
  xa.withLock((g) => g.clearMark(index, mark));
}

/** `xa_store_index`: stores `index` at `index`, returns the old entry. */
export function storeIndex(
  xa: XArray<number>,
  index: number,
): number | undefined {
  return xa.store(index, index);
}

/** `xa_insert_index`: the insert must succeed. */
export function insertIndex(xa: XArray<number>, index: number): void {
  expect(xa.insert(index, index), `insert at ${index}`).toBe(true);
}

/** `xa_erase_index`: erase returns the index's value and the index then reads empty. */
export function eraseIndex(xa: XArray<number>, index: number): void {
  expect(xa.erase(index), `erase at ${index}`).toBe(index);
  expect(xa.load(index), `load at ${index} after erase`).toBeUndefined();
}

/** `xa_alloc_index`: alloc of `index` in the 32-bit limit must give id `index`. */
export function allocIndex(xa: XArray<number>, index: number): void {
  expect(
    xa.alloc(index, { min: 0, max: 0xffffffff }),
    `alloc of ${index}`,
  ).toBe(index);
}

/** `index - 1` with the kernel's unsigned wrap at 0. */
export function before(index: number): number {
  return index === 0 ? MAX_INDEX : index - 1;
}

/** `index + 1` with the kernel's unsigned wrap at the top. */
export function after(index: number): number {
  return index === MAX_INDEX ? 0 : index + 1;
}
