/**
 * W5 marked iterate: on the dense W1 structure (built untimed), set mark 0 on
 * every 8th index, then iterate only the marked entries, summing. Figures
 * are per marked entry; `total` is both phases together.
 */
import { fresh, now } from '../harness.js';
import type { Contender, Phase, Trial } from '../harness.js';
import type { Inputs } from '../inputs.js';
import { MAX_INDEX, XArray } from '../lockctx.js';
import {
  BTree,
  JS_SDSL,
  OrderedMap,
  SORTED_BTREE,
  TypedFastBitSet,
  compareNumbers,
} from '../peers.js';
import type { Workload } from '../workload.js';

/** Every MARK_STRIDE-th index is marked. */
const MARK_STRIDE = 8;

function marked(n: number): number {
  return Math.ceil(n / MARK_STRIDE);
}

/** The three phase records of a trial. */
function phases(
  n: number,
  markNs: number,
  iterateNs: number,
  sum: number,
): Phase[] {
  const m = marked(n);
  return [
    { op: 'mark', ops: m, ns: markNs, checksum: undefined },
    { op: 'iterate', ops: m, ns: iterateNs, checksum: sum },
    { op: 'total', ops: m, ns: markNs + iterateNs, checksum: sum },
  ];
}

function denseLockctx(n: number): XArray<number> {
  const xa = new XArray<number>();
  for (let i = 0; i < n; i++) xa.store(i, i);
  return xa;
}

function markLockctx(xa: XArray<number>, n: number): number {
  const start = now();
  const guard = xa.lock();
  try {
    for (let i = 0; i < n; i += MARK_STRIDE) guard.setMark(i, 0);
  } finally {
    guard.unlock();
  }
  return now() - start;
}

function markedLockctx(n: number): Trial {
  const xa = denseLockctx(n);
  const markNs = markLockctx(xa, n);
  const start = now();
  let sum = 0;
  for (const v of xa.values({ filter: 0 })) sum += v;
  return { phases: phases(n, markNs, now() - start, sum) };
}

function markedLockctxCursor(n: number): Trial {
  const xa = denseLockctx(n);
  const markNs = markLockctx(xa, n);
  const start = now();
  let sum = 0;
  const guard = xa.lock();
  try {
    guard.cursor(0).forEachMarked(
      0,
      (v) => {
        sum += v;
      },
      MAX_INDEX,
    );
  } finally {
    guard.unlock();
  }
  return { phases: phases(n, markNs, now() - start, sum) };
}

/** Array + a TypedFastBitSet of the marked indices. */
function markedArrayBitset(n: number): Trial {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a[i] = i;
  // The bitset is sized up front, untimed, like the XArray's own bitmaps.
  const marks = new TypedFastBitSet(null, new Uint32Array((n + 31) >>> 5));
  let start = now();
  for (let i = 0; i < n; i += MARK_STRIDE) marks.add(i);
  const markNs = now() - start;
  start = now();
  let sum = 0;
  marks.forEach((i) => {
    sum += a[i]!;
  });
  return { phases: phases(n, markNs, now() - start, sum) };
}

/** Map + a Set of the marked keys (insertion order is index order here). */
function markedMapSet(n: number): Trial {
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) m.set(i, i);
  let start = now();
  const marks = new Set<number>();
  for (let i = 0; i < n; i += MARK_STRIDE) marks.add(i);
  const markNs = now() - start;
  start = now();
  let sum = 0;
  for (const k of marks) sum += m.get(k)!;
  return { phases: phases(n, markNs, now() - start, sum) };
}

/** A B+ tree + a second B+ tree holding the marked keys. */
function markedBtree(n: number): Trial {
  const t = new BTree<number, number>(undefined, compareNumbers);
  for (let i = 0; i < n; i++) t.set(i, i);
  let start = now();
  const marks = new BTree<number, true>(undefined, compareNumbers);
  for (let i = 0; i < n; i += MARK_STRIDE) marks.set(i, true);
  const markNs = now() - start;
  start = now();
  let sum = 0;
  marks.forEachPair((k) => {
    sum += t.get(k)!;
  });
  return { phases: phases(n, markNs, now() - start, sum) };
}

/** An ordered map + a second ordered map holding the marked keys. */
function markedSdsl(n: number): Trial {
  const m = new OrderedMap<number, number>([], compareNumbers);
  for (let i = 0; i < n; i++) m.setElement(i, i);
  let start = now();
  const marks = new OrderedMap<number, true>([], compareNumbers);
  for (let i = 0; i < n; i += MARK_STRIDE) marks.setElement(i, true);
  const markNs = now() - start;
  start = now();
  let sum = 0;
  marks.forEach((pair) => {
    sum += m.getElementByKey(pair[0])!;
  });
  return { phases: phases(n, markNs, now() - start, sum) };
}

/** W5: mark every 8th index, then iterate the marked entries only. */
export const w5: Workload = {
  id: 'W5',
  title: 'marked iterate',
  memory: false,
  contenders({ n }: Inputs): Contender[] {
    return [
      fresh('lockctx', () => markedLockctx(n)),
      fresh('lockctx-cursor', () => markedLockctxCursor(n)),
      fresh('Map', () => markedMapSet(n)),
      fresh('Array+bitset', () => markedArrayBitset(n)),
      fresh(SORTED_BTREE, () => markedBtree(n)),
      fresh(JS_SDSL, () => markedSdsl(n)),
    ];
  },
};
