import type { Guard } from '@lockctx/xarray';

/**
 * Splits the multi-index entry that holds `index` until the piece holding
 * `index` has order `order`, halving one order at a time; the other halves
 * keep their larger orders. This is the kernel's `xas_try_split()` loop
 * (`__filemap_add_folio` since 6.15): each step crosses at most one level
 * of XArray nodes, whatever the node size.
 *
 * Locking: requires the guard of the array being split.
 */
export function splitTo<T extends NonNullable<unknown>>(
  g: Guard<T>,
  index: number,
  order: number,
): void {
  for (let o = g.getOrder(index); o > order; o--) {
    g.split(index, o - 1);
  }
}
