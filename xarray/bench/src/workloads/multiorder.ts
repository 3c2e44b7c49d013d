/**
 * W9 multi-order: store order-9 entries at every multiple of 512 in
 * [0, 2^24); then N loads at random indices in that range, and N order
 * queries at random indices. A Map keyed by the aligned base works only
 * because every entry has the same order; the ordered maps find the entry
 * covering an index by a floor lookup, which supports mixed orders.
 */
import { fresh, now, phase } from '../harness.js';
import type { Contender, Trial } from '../harness.js';
import { MULTI_BITS, MULTI_ORDER } from '../inputs.js';
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

/** The size of one entry: 512 indices. */
const SIZE = 2 ** MULTI_ORDER;
/** One past the last index covered. */
const END = 2 ** MULTI_BITS;
/** Entries stored. */
const ENTRIES = END / SIZE;
/** `index & ALIGN` is the first index of the entry covering it. */
const ALIGN = -SIZE;

/** What an ordered map holds per multi-index entry. */
interface Span {
  readonly entry: number;
  readonly order: number;
  readonly size: number;
}

function multiLockctx(loads: Uint32Array, orders: Uint32Array): Trial {
  const xa = new XArray<number>();
  let start = now();
  let guard = xa.lock();
  try {
    for (let base = 0; base < END; base += SIZE) {
      guard.storeOrder(base, MULTI_ORDER, base / SIZE);
    }
  } finally {
    guard.unlock();
  }
  const store = phase('store', ENTRIES, start, undefined);
  const n = loads.length;
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = xa.load(loads[i]!);
    sum += v === undefined ? -1 : v;
  }
  const load = phase('load', n, start, sum);
  start = now();
  sum = 0;
  guard = xa.lock();
  try {
    for (let i = 0; i < n; i++) sum += guard.getOrder(orders[i]!);
  } finally {
    guard.unlock();
  }
  const getOrder = phase('getOrder', n, start, sum);
  return { phases: [store, load, getOrder] };
}

function multiMap(loads: Uint32Array, orders: Uint32Array): Trial {
  const m = new Map<number, number>();
  let start = now();
  for (let base = 0; base < END; base += SIZE) m.set(base, base / SIZE);
  const store = phase('store', ENTRIES, start, undefined);
  const n = loads.length;
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = m.get(loads[i]! & ALIGN);
    sum += v === undefined ? -1 : v;
  }
  const load = phase('load', n, start, sum);
  start = now();
  sum = 0;
  for (let i = 0; i < n; i++) {
    sum += m.has(orders[i]! & ALIGN) ? MULTI_ORDER : 0;
  }
  const getOrder = phase('getOrder', n, start, sum);
  return { phases: [store, load, getOrder] };
}

function multiBtree(loads: Uint32Array, orders: Uint32Array): Trial {
  const t = new BTree<number, Span>(undefined, compareNumbers);
  let start = now();
  for (let base = 0; base < END; base += SIZE) {
    t.set(base, { entry: base / SIZE, order: MULTI_ORDER, size: SIZE });
  }
  const store = phase('store', ENTRIES, start, undefined);
  const n = loads.length;
  const reused: [number, Span] = [0, { entry: 0, order: 0, size: 0 }];
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const index = loads[i]!;
    const pair = t.getPairOrNextLower(index, reused);
    sum +=
      pair !== undefined && index - pair[0] < pair[1].size ? pair[1].entry : -1;
  }
  const load = phase('load', n, start, sum);
  start = now();
  sum = 0;
  for (let i = 0; i < n; i++) {
    const index = orders[i]!;
    const pair = t.getPairOrNextLower(index, reused);
    sum +=
      pair !== undefined && index - pair[0] < pair[1].size ? pair[1].order : 0;
  }
  const getOrder = phase('getOrder', n, start, sum);
  return { phases: [store, load, getOrder] };
}

function multiSdsl(loads: Uint32Array, orders: Uint32Array): Trial {
  const m = new OrderedMap<number, Span>([], compareNumbers);
  let start = now();
  for (let base = 0; base < END; base += SIZE) {
    m.setElement(base, { entry: base / SIZE, order: MULTI_ORDER, size: SIZE });
  }
  const store = phase('store', ENTRIES, start, undefined);
  const n = loads.length;
  const rend = m.rEnd();
  start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const index = loads[i]!;
    const it = m.reverseLowerBound(index);
    if (it.equals(rend)) {
      sum += -1;
    } else {
      const pair = it.pointer;
      sum += index - pair[0] < pair[1].size ? pair[1].entry : -1;
    }
  }
  const load = phase('load', n, start, sum);
  start = now();
  sum = 0;
  for (let i = 0; i < n; i++) {
    const index = orders[i]!;
    const it = m.reverseLowerBound(index);
    if (!it.equals(rend)) {
      const pair = it.pointer;
      if (index - pair[0] < pair[1].size) sum += pair[1].order;
    }
  }
  const getOrder = phase('getOrder', n, start, sum);
  return { phases: [store, load, getOrder] };
}

/** W9: order-9 entries over [0, 2^24); N loads and N order queries. */
export const w9: Workload = {
  id: 'W9',
  title: 'multi-order store / load / getOrder',
  memory: false,
  contenders(inputs: Inputs): Contender[] {
    const loads = inputs.multiLoads;
    const orders = inputs.multiOrders;
    return [
      fresh('lockctx', () => multiLockctx(loads, orders)),
      fresh('Map', () => multiMap(loads, orders)),
      fresh(SORTED_BTREE, () => multiBtree(loads, orders)),
      fresh(JS_SDSL, () => multiSdsl(loads, orders)),
    ];
  },
};
