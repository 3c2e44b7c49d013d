/**
 * W8 alloc: N allocations of the lowest free id; erase every other id; N/2
 * allocations again (which must reuse the freed ids, lowest first). Peers
 * keep their free ids in a min-heap (`flatqueue`), the usual way to hand out
 * the lowest free id from a Map, an Array or an ordered map.
 */
import { fresh, now, phase } from '../harness.js';
import type { Contender, Phase, Trial } from '../harness.js';
import type { Inputs } from '../inputs.js';
import { XArray } from '../lockctx.js';
import {
  BTree,
  FlatQueue,
  JS_SDSL,
  OrderedMap,
  SORTED_BTREE,
  compareNumbers,
} from '../peers.js';
import type { Workload } from '../workload.js';

/** Adds the `total` phase: all three phases per operation. */
function withTotal(alloc: Phase, erase: Phase, again: Phase): Phase[] {
  const total: Phase = {
    op: 'total',
    ops: alloc.ops + erase.ops + again.ops,
    ns: alloc.ns + erase.ns + again.ns,
    checksum: again.checksum,
  };
  return [alloc, erase, again, total];
}

function allocLockctx(n: number): Trial {
  const xa = new XArray<number>({ alloc: 0 });
  let start = now();
  let ids = 0;
  for (let i = 0; i < n; i++) ids += xa.alloc(i)!;
  const alloc = phase('alloc', n, start, ids);
  start = now();
  let erased = 0;
  for (let id = 0; id < n; id += 2) if (xa.erase(id) !== undefined) erased++;
  const erase = phase('erase', erased, start, erased);
  const half = n >>> 1;
  start = now();
  ids = 0;
  for (let i = 0; i < half; i++) ids += xa.alloc(i)!;
  const again = phase('alloc-again', half, start, ids);
  return { phases: withTotal(alloc, erase, again) };
}

function allocArrayHeap(n: number): Trial {
  const a: (number | undefined)[] = [];
  const free = new FlatQueue<number>();
  let start = now();
  let ids = 0;
  for (let i = 0; i < n; i++) {
    const id = free.length > 0 ? free.pop()! : a.length;
    a[id] = i;
    ids += id;
  }
  const alloc = phase('alloc', n, start, ids);
  start = now();
  let erased = 0;
  for (let id = 0; id < n; id += 2) {
    if (a[id] !== undefined) {
      a[id] = undefined;
      free.push(id, id);
      erased++;
    }
  }
  const erase = phase('erase', erased, start, erased);
  const half = n >>> 1;
  start = now();
  ids = 0;
  for (let i = 0; i < half; i++) {
    const id = free.length > 0 ? free.pop()! : a.length;
    a[id] = i;
    ids += id;
  }
  const again = phase('alloc-again', half, start, ids);
  return { phases: withTotal(alloc, erase, again) };
}

function allocMapHeap(n: number): Trial {
  const m = new Map<number, number>();
  const free = new FlatQueue<number>();
  let next = 0;
  let start = now();
  let ids = 0;
  for (let i = 0; i < n; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    m.set(id, i);
    ids += id;
  }
  const alloc = phase('alloc', n, start, ids);
  start = now();
  let erased = 0;
  for (let id = 0; id < n; id += 2) {
    if (m.delete(id)) {
      free.push(id, id);
      erased++;
    }
  }
  const erase = phase('erase', erased, start, erased);
  const half = n >>> 1;
  start = now();
  ids = 0;
  for (let i = 0; i < half; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    m.set(id, i);
    ids += id;
  }
  const again = phase('alloc-again', half, start, ids);
  return { phases: withTotal(alloc, erase, again) };
}

function allocBtreeHeap(n: number): Trial {
  const t = new BTree<number, number>(undefined, compareNumbers);
  const free = new FlatQueue<number>();
  let next = 0;
  let start = now();
  let ids = 0;
  for (let i = 0; i < n; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    t.set(id, i);
    ids += id;
  }
  const alloc = phase('alloc', n, start, ids);
  start = now();
  let erased = 0;
  for (let id = 0; id < n; id += 2) {
    if (t.delete(id)) {
      free.push(id, id);
      erased++;
    }
  }
  const erase = phase('erase', erased, start, erased);
  const half = n >>> 1;
  start = now();
  ids = 0;
  for (let i = 0; i < half; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    t.set(id, i);
    ids += id;
  }
  const again = phase('alloc-again', half, start, ids);
  return { phases: withTotal(alloc, erase, again) };
}

function allocSdslHeap(n: number): Trial {
  const m = new OrderedMap<number, number>([], compareNumbers);
  const free = new FlatQueue<number>();
  let next = 0;
  let start = now();
  let ids = 0;
  for (let i = 0; i < n; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    m.setElement(id, i);
    ids += id;
  }
  const alloc = phase('alloc', n, start, ids);
  start = now();
  let erased = 0;
  for (let id = 0; id < n; id += 2) {
    if (m.eraseElementByKey(id)) {
      free.push(id, id);
      erased++;
    }
  }
  const erase = phase('erase', erased, start, erased);
  const half = n >>> 1;
  start = now();
  ids = 0;
  for (let i = 0; i < half; i++) {
    const id = free.length > 0 ? free.pop()! : next++;
    m.setElement(id, i);
    ids += id;
  }
  const again = phase('alloc-again', half, start, ids);
  return { phases: withTotal(alloc, erase, again) };
}

/** W8: N allocations; erase every other id; N/2 allocations again. */
export const w8: Workload = {
  id: 'W8',
  title: 'alloc',
  memory: false,
  contenders({ n }: Inputs): Contender[] {
    return [
      fresh('lockctx', () => allocLockctx(n)),
      fresh('Map', () => allocMapHeap(n)),
      fresh('Array+heap', () => allocArrayHeap(n)),
      fresh(SORTED_BTREE, () => allocBtreeHeap(n)),
      fresh(JS_SDSL, () => allocSdslHeap(n)),
    ];
  },
};
