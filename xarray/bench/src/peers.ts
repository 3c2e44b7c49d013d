/**
 * The npm peers, imported once here so that each workload file sees plain
 * classes whatever module format a package ships.
 */
import sortedBtree from 'sorted-btree';
import { OrderedMap } from '@js-sdsl/ordered-map';
import { TypedFastBitSet } from 'typedfastbitset';
import FlatQueue from 'flatqueue';

/** `sorted-btree`'s B+ tree class. */
export const BTree = sortedBtree.default;
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
export { OrderedMap, TypedFastBitSet, FlatQueue };

/** Package names, as reported. */
export const SORTED_BTREE = 'sorted-btree';
export const JS_SDSL = '@js-sdsl/ordered-map';

/** The ordered maps measured: the best of them is the ordered-map figure. */
export const ORDERED_MAPS: readonly string[] = [SORTED_BTREE, JS_SDSL];

/** Numeric comparison, given to every ordered map. */
export function compareNumbers(a: number, b: number): number {
  return a - b;
}
