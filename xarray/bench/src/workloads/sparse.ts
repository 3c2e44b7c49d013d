/**
 * W6 sparse store / load (keys uniform in [0, 2^40)) and W10 find next present
 * index in the W6 structure. Every implementation has its own loops.
 */
import { fresh, now, phase, prepared } from '../harness.js';
import type { Contender, Trial } from '../harness.js';
import type { Inputs } from '../inputs.js';
import { XArray } from '../lockctx.js';
import {
  BTree,
  JS_SDSL,
  OrderedMap,
  SORTED_BTREE,
  compareNumbers,
} from '../peers.js';
import type { Workload } from '../workload.js';

// ---- W6: store every key (value: its position), then load in another order ----

function sparseLockctx(
  keys: Float64Array,
  order: Uint32Array,
  entries: number,
): Trial {
  const n = keys.length;
  let start = now();
  const xa = new XArray<number>();
  for (let i = 0; i < n; i++) xa.store(keys[i]!, i);
  const store = phase('store', n, start, undefined);
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xa.load(keys[order[i]!]!)!;
  const load = phase('load', n, start, sum);
  return { phases: [store, load], keep: { structure: xa, entries } };
}

function sparseMap(
  keys: Float64Array,
  order: Uint32Array,
  entries: number,
): Trial {
  const n = keys.length;
  let start = now();
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) m.set(keys[i]!, i);
  const store = phase('store', n, start, undefined);
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.get(keys[order[i]!]!)!;
  const load = phase('load', n, start, sum);
  return { phases: [store, load], keep: { structure: m, entries } };
}

function sparseBtree(
  keys: Float64Array,
  order: Uint32Array,
  entries: number,
): Trial {
  const n = keys.length;
  let start = now();
  const t = new BTree<number, number>(undefined, compareNumbers);
  for (let i = 0; i < n; i++) t.set(keys[i]!, i);
  const store = phase('store', n, start, undefined);
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += t.get(keys[order[i]!]!)!;
  const load = phase('load', n, start, sum);
  return { phases: [store, load], keep: { structure: t, entries } };
}

function sparseSdsl(
  keys: Float64Array,
  order: Uint32Array,
  entries: number,
): Trial {
  const n = keys.length;
  let start = now();
  const m = new OrderedMap<number, number>([], compareNumbers);
  for (let i = 0; i < n; i++) m.setElement(keys[i]!, i);
  const store = phase('store', n, start, undefined);
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.getElementByKey(keys[order[i]!]!)!;
  const load = phase('load', n, start, sum);
  return { phases: [store, load], keep: { structure: m, entries } };
}

// ---- W10: N finds of the next present index at or after a random start ----

function buildSparseLockctx(keys: Float64Array): XArray<number> {
  const xa = new XArray<number>();
  for (let i = 0; i < keys.length; i++) xa.store(keys[i]!, i);
  return xa;
}

function findLockctx(xa: XArray<number>, starts: Float64Array): Trial {
  const n = starts.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xa.findIndex(starts[i]!);
  return { phases: [phase('find', n, start, sum)] };
}

/** Lower-bound binary search in a static sorted Float64Array. */
function findSorted(sorted: Float64Array, starts: Float64Array): Trial {
  const n = starts.length;
  const length = sorted.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = starts[i]!;
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    sum += lo < length ? sorted[lo]! : -1;
  }
  return { phases: [phase('find', n, start, sum)] };
}

function buildSparseBtree(keys: Float64Array): BTree<number, number> {
  const t = new BTree<number, number>(undefined, compareNumbers);
  for (let i = 0; i < keys.length; i++) t.set(keys[i]!, i);
  return t;
}

function findBtree(t: BTree<number, number>, starts: Float64Array): Trial {
  const n = starts.length;
  const reused: [number, number] = [0, 0];
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const pair = t.getPairOrNextHigher(starts[i]!, reused);
    sum += pair === undefined ? -1 : pair[0];
  }
  return { phases: [phase('find', n, start, sum)] };
}

function buildSparseSdsl(keys: Float64Array): OrderedMap<number, number> {
  const m = new OrderedMap<number, number>([], compareNumbers);
  for (let i = 0; i < keys.length; i++) m.setElement(keys[i]!, i);
  return m;
}

function findSdsl(m: OrderedMap<number, number>, starts: Float64Array): Trial {
  const n = starts.length;
  const end = m.end();
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const it = m.lowerBound(starts[i]!);
    sum += it.equals(end) ? -1 : it.pointer[0];
  }
  return { phases: [phase('find', n, start, sum)] };
}

/** W6: store N keys uniform in [0, 2^40), then load them in another order. */
export const w6: Workload = {
  id: 'W6',
  title: 'sparse store / load',
  memory: true,
  contenders(inputs: Inputs): Contender[] {
    const keys = inputs.sparseKeys;
    const order = inputs.sparseLoadOrder;
    const entries = inputs.sortedSparseKeys.length;
    return [
      fresh('lockctx', () => sparseLockctx(keys, order, entries)),
      fresh('Map', () => sparseMap(keys, order, entries)),
      fresh(SORTED_BTREE, () => sparseBtree(keys, order, entries)),
      fresh(JS_SDSL, () => sparseSdsl(keys, order, entries)),
    ];
  },
};

/** W10: in the W6 structure, N finds from random starts. */
export const w10: Workload = {
  id: 'W10',
  title: 'find next present index',
  memory: false,
  contenders(inputs: Inputs): Contender[] {
    const keys = inputs.sparseKeys;
    const starts = inputs.findStarts;
    return [
      prepared(
        'lockctx',
        () => buildSparseLockctx(keys),
        (xa) => findLockctx(xa, starts),
      ),
      prepared(
        'Float64Array',
        () => inputs.sortedSparseKeys,
        (sorted) => findSorted(sorted, starts),
      ),
      prepared(
        SORTED_BTREE,
        () => buildSparseBtree(keys),
        (t) => findBtree(t, starts),
      ),
      prepared(
        JS_SDSL,
        () => buildSparseSdsl(keys),
        (m) => findSdsl(m, starts),
      ),
    ];
  },
};
