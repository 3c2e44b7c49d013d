/**
 * The invariant walker: checks every structural invariant of an XArray's
 * tree (documented on `XNode` in node.ts) and throws an `Error` naming the
 * first one broken. The randomised tests call it after every step.
 */
import { FREE_MARK, MARK_COUNT, anyMark, getMark } from './marks.js';
import {
  Internal,
  PACKED_MAX,
  POW2,
  SIBLING,
  Single,
  XNode,
  ZERO,
  isSibling,
  slotAt,
} from './node.js';
import type { Tree } from './tree.js';
import type { XArray } from './xarray.js';

/** Throws an Error describing the first broken invariant of `xa`'s tree. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkInvariants(xa: XArray<any>): void {
  const tree = xa._tree;
  const head = tree.head;
  if (head instanceof Internal && head !== ZERO)
    fail('the head holds a sibling entry');
  if (tree.root !== (head instanceof XNode ? head : null))
    fail('the root field is not the head node');
  if (!(head instanceof XNode)) {
    if (head === undefined) {
      for (let m = 0; m < MARK_COUNT; m++) {
        if (tree.trackFree && m === FREE_MARK) continue;
        if ((tree.markFlags & (1 << m)) !== 0)
          fail(`empty array with the summary of mark ${m} set`);
      }
    }
    return;
  }
  if (head.parent !== null) fail('the root has a parent');
  walk(tree, head, 0);
  for (let m = 0; m < MARK_COUNT; m++) {
    const summary = (tree.markFlags & (1 << m)) !== 0;
    if (summary !== anyMark(head, m)) {
      fail(
        `summary of mark ${m} is ${summary} but the root ${summary ? 'has no' : 'has a'} slot marked`,
      );
    }
  }
  // The root is shrunk only when a deletion leaves it holding slot 0 alone,
  // as in the kernel; a store over a lone slot 0 (say, over a reserved
  // index 0) legitimately leaves a one-slot root, so that is not checked.
}

/** The present bits that slots `from` .. `to` - 1 of `node` call for. */
function present(node: XNode, from: number, to: number): number {
  let bits = 0;
  for (let i = from; i < to; i++)
    if (slotAt(node, i) !== undefined) bits |= 1 << (i - from);
  return bits;
}

/** Set bits of a 32-bit word, one at a time. */
function bitCount(x: number): number {
  let n = 0;
  for (let b = 0; b < 32; b++) n += (x >>> b) & 1;
  return n;
}

function fail(what: string, node?: XNode, off?: number): never {
  const where =
    node === undefined
      ? ''
      : ` (node shift ${node.shift}, offset ${node.offset}${off === undefined ? '' : `, slot ${off}`})`;
  throw new Error(`XArray invariant broken: ${what}${where}`);
}

/** Checks `node`, whose slot 0 starts at index `base`, and its subtree. */
function walk(tree: Tree, node: XNode, base: number): void {
  const size = tree.size;
  if (node.tpl === null) {
    if (node.slots.length !== size)
      fail(`node has ${node.slots.length} slots, not ${size}`, node);
  } else {
    // Packed: exactly the present slots, in order, none of them empty.
    const n = node.slots.length;
    if (size <= 16) fail(`a node of ${size} slots is packed`, node);
    if (n > PACKED_MAX) fail(`packed node holds ${n} slots`, node);
    if (n !== bitCount(node.present0) + bitCount(node.present1))
      fail(
        `packed node holds ${n} slots, its present bitmap says otherwise`,
        node,
      );
    for (let k = 0; k < n; k++)
      if (node.slots[k] === undefined) fail(`packed slot ${k} is empty`, node);
  }
  if (node.shift % tree.cs !== 0 || node.shift < 0)
    fail('shift is not a multiple of the chunk shift', node);
  let count = 0;
  for (let i = 0; i < size; i++) {
    const e = slotAt(node, i);
    if (e === undefined) {
      for (let m = 0; m < MARK_COUNT; m++) {
        const want = tree.trackFree && m === FREE_MARK;
        if (getMark(node, i, m) !== want)
          fail(
            `empty slot ${want ? 'not free' : `carries mark ${m}`}`,
            node,
            i,
          );
      }
      continue;
    }
    count++;
    if (e instanceof XNode) {
      if (node.shift === 0) fail('a leaf holds a node', node, i);
      if (e.parent !== node) fail('child parent link broken', node, i);
      if (e.offset !== i)
        fail(`child offset ${e.offset} differs from its slot`, node, i);
      if (e.shift !== node.shift - tree.cs)
        fail(`child shift ${e.shift} is not ${node.shift - tree.cs}`, node, i);
      if (e.count === 0) fail('an empty non-root node', e);
      walk(tree, e, base + i * POW2[node.shift]!);
      for (let m = 0; m < MARK_COUNT; m++) {
        if (getMark(node, i, m) !== anyMark(e, m)) {
          fail(
            `mark ${m} of a child slot disagrees with the child's bitmap`,
            node,
            i,
          );
        }
      }
      continue;
    }
    if (e instanceof Single) {
      if (node.shift === 0) fail('a leaf holds a lone entry', node, i);
      if (tree.trackFree)
        fail('an allocating array holds a lone entry', node, i);
      const lo = base + i * POW2[node.shift]!;
      if (!(e.index >= lo && e.index - lo < POW2[node.shift]!)) {
        fail(
          `lone entry of index ${e.index} outside its slot's range`,
          node,
          i,
        );
      }
      const v = e.entry;
      if (
        v === undefined ||
        v instanceof Internal ||
        v instanceof XNode ||
        v instanceof Single
      ) {
        fail('a lone entry holds no user entry', node, i);
      }
      continue;
    }
    if (e instanceof Internal && e.kind === SIBLING) {
      const c = e.sib;
      if (c >= i) fail(`sibling points at slot ${c}, not below it`, node, i);
      const canon = slotAt(node, c);
      if (canon === undefined || canon instanceof XNode || isSibling(canon)) {
        fail(`sibling points at slot ${c}, which is not an entry`, node, i);
      }
      for (let j = c + 1; j < i; j++) {
        const s = slotAt(node, j);
        if (!(s instanceof Internal && s.kind === SIBLING && s.sib === c)) {
          fail(
            `slot ${j} between a sibling and its canonical slot ${c} is not its sibling`,
            node,
            i,
          );
        }
      }
      for (let m = 0; m < MARK_COUNT; m++) {
        if (getMark(node, i, m))
          fail(`sibling slot carries mark ${m}`, node, i);
      }
      continue;
    }
    if (tree.trackFree && getMark(node, i, FREE_MARK))
      fail('an occupied slot is marked free', node, i);
  }
  const want0 = present(node, 0, Math.min(size, 32));
  const want1 = size > 32 ? present(node, 32, size) : 0;
  if (node.present0 !== want0 || node.present1 !== want1)
    fail('the present bitmap disagrees with the occupied slots', node);
  if (count !== node.count)
    fail(`count is ${node.count} but ${count} slots are occupied`, node);
  if (node.marks !== null && size < 64) {
    const extra = size === 32 ? 0 : -1 << size;
    for (let m = 0; m < MARK_COUNT; m++) {
      if ((node.marks[m * 2]! & extra) !== 0 || node.marks[m * 2 + 1] !== 0) {
        fail(`mark ${m} has bits beyond the node's ${size} slots`, node);
      }
    }
  }
}
