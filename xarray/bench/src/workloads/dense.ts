/**
 * W1 dense store, W2 dense sequential load, W3 dense random load, W4 iterate,
 * W7 erase all. Every implementation has its own loops.
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
import { SAMPLE_STRIDE } from '../workload.js';
import type { Workload } from '../workload.js';

// ---- building the W1 structure (untimed where other workloads need it) ----

function buildLockctx(n: number): XArray<number> {
  const xa = new XArray<number>();
  for (let i = 0; i < n; i++) xa.store(i, i);
  return xa;
}

function buildMap(n: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) m.set(i, i);
  return m;
}

function buildArray(n: number): (number | undefined)[] {
  const a: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function buildBtree(n: number): BTree<number, number> {
  const t = new BTree<number, number>(undefined, compareNumbers);
  for (let i = 0; i < n; i++) t.set(i, i);
  return t;
}

function buildSdsl(n: number): OrderedMap<number, number> {
  const m = new OrderedMap<number, number>([], compareNumbers);
  for (let i = 0; i < n; i++) m.setElement(i, i);
  return m;
}

// ---- W1 dense store ----

function storeLockctx(n: number): Trial {
  const start = now();
  const xa = new XArray<number>();
  for (let i = 0; i < n; i++) xa.store(i, i);
  const ns = now() - start;
  let check = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE) check += xa.load(i)!;
  return {
    phases: [{ op: 'store', ops: n, ns, checksum: check }],
    keep: { structure: xa, entries: n },
  };
}

function storeMap(n: number): Trial {
  const start = now();
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) m.set(i, i);
  const ns = now() - start;
  let check = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE) check += m.get(i)!;
  return {
    phases: [{ op: 'store', ops: n, ns, checksum: check }],
    keep: { structure: m, entries: n },
  };
}

function storeArray(n: number): Trial {
  const start = now();
  const a: number[] = [];
  for (let i = 0; i < n; i++) a[i] = i;
  const ns = now() - start;
  let check = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE) check += a[i]!;
  return {
    phases: [{ op: 'store', ops: n, ns, checksum: check }],
    keep: { structure: a, entries: n },
  };
}

function storeBtree(n: number): Trial {
  const start = now();
  const t = new BTree<number, number>(undefined, compareNumbers);
  for (let i = 0; i < n; i++) t.set(i, i);
  const ns = now() - start;
  let check = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE) check += t.get(i)!;
  return {
    phases: [{ op: 'store', ops: n, ns, checksum: check }],
    keep: { structure: t, entries: n },
  };
}

function storeSdsl(n: number): Trial {
  const start = now();
  const m = new OrderedMap<number, number>([], compareNumbers);
  for (let i = 0; i < n; i++) m.setElement(i, i);
  const ns = now() - start;
  let check = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE) check += m.getElementByKey(i)!;
  return {
    phases: [{ op: 'store', ops: n, ns, checksum: check }],
    keep: { structure: m, entries: n },
  };
}

// ---- W2 dense sequential load ----

function loadSeqLockctx(xa: XArray<number>, n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xa.load(i)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadSeqMap(m: Map<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.get(i)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadSeqArray(a: (number | undefined)[], n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadSeqBtree(t: BTree<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += t.get(i)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadSeqSdsl(m: OrderedMap<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.getElementByKey(i)!;
  return { phases: [phase('load', n, start, sum)] };
}

// ---- W3 dense random load ----

function loadRandomLockctx(xa: XArray<number>, p: Uint32Array): Trial {
  const n = p.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xa.load(p[i]!)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadRandomMap(m: Map<number, number>, p: Uint32Array): Trial {
  const n = p.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.get(p[i]!)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadRandomArray(a: (number | undefined)[], p: Uint32Array): Trial {
  const n = p.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[p[i]!]!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadRandomBtree(t: BTree<number, number>, p: Uint32Array): Trial {
  const n = p.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += t.get(p[i]!)!;
  return { phases: [phase('load', n, start, sum)] };
}

function loadRandomSdsl(m: OrderedMap<number, number>, p: Uint32Array): Trial {
  const n = p.length;
  const start = now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m.getElementByKey(p[i]!)!;
  return { phases: [phase('load', n, start, sum)] };
}

// ---- W4 iterate, summing the values ----

function iterateLockctx(xa: XArray<number>, n: number): Trial {
  const start = now();
  let sum = 0;
  for (const v of xa.values()) sum += v;
  return { phases: [phase('iterate', n, start, sum)] };
}

function iterateLockctxCursor(xa: XArray<number>, n: number): Trial {
  const start = now();
  let sum = 0;
  const guard = xa.lock();
  try {
    // xas_for_each: the cursor's own loop over the entries.
    guard.cursor(0).forEach((v) => {
      sum += v;
    });
  } finally {
    guard.unlock();
  }
  return { phases: [phase('iterate', n, start, sum)] };
}

function iterateMap(m: Map<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  m.forEach((v) => {
    sum += v;
  });
  return { phases: [phase('iterate', n, start, sum)] };
}

function iterateArray(a: (number | undefined)[], n: number): Trial {
  const start = now();
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== undefined) sum += v;
  }
  return { phases: [phase('iterate', n, start, sum)] };
}

function iterateBtree(t: BTree<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  t.forEachPair((_k, v) => {
    sum += v;
  });
  return { phases: [phase('iterate', n, start, sum)] };
}

function iterateSdsl(m: OrderedMap<number, number>, n: number): Trial {
  const start = now();
  let sum = 0;
  m.forEach((pair) => {
    sum += pair[1];
  });
  return { phases: [phase('iterate', n, start, sum)] };
}

// ---- W7 erase all, in index order (the build is untimed) ----

function eraseLockctx(n: number): Trial {
  const xa = buildLockctx(n);
  const start = now();
  let erased = 0;
  for (let i = 0; i < n; i++) if (xa.erase(i) !== undefined) erased++;
  const erase = phase('erase', n, start, erased + (xa.isEmpty() ? 0 : 0.5));
  return { phases: [erase], keep: { structure: xa, entries: n } };
}

function eraseMap(n: number): Trial {
  const m = buildMap(n);
  const start = now();
  let erased = 0;
  for (let i = 0; i < n; i++) if (m.delete(i)) erased++;
  const erase = phase('erase', n, start, erased + (m.size === 0 ? 0 : 0.5));
  return { phases: [erase], keep: { structure: m, entries: n } };
}

function eraseArray(n: number): Trial {
  const a = buildArray(n);
  const start = now();
  let erased = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] !== undefined) {
      a[i] = undefined;
      erased++;
    }
  }
  const erase = phase('erase', n, start, erased);
  return { phases: [erase], keep: { structure: a, entries: n } };
}

function eraseBtree(n: number): Trial {
  const t = buildBtree(n);
  const start = now();
  let erased = 0;
  for (let i = 0; i < n; i++) if (t.delete(i)) erased++;
  const erase = phase('erase', n, start, erased + (t.size === 0 ? 0 : 0.5));
  return { phases: [erase], keep: { structure: t, entries: n } };
}

function eraseSdsl(n: number): Trial {
  const m = buildSdsl(n);
  const start = now();
  let erased = 0;
  for (let i = 0; i < n; i++) if (m.eraseElementByKey(i)) erased++;
  const erase = phase('erase', n, start, erased + (m.empty() ? 0 : 0.5));
  return { phases: [erase], keep: { structure: m, entries: n } };
}

// ---- the workloads ----

/** W1: store i -> i for i in 0..N-1 into an empty structure. */
export const w1: Workload = {
  id: 'W1',
  title: 'dense store',
  memory: true,
  contenders({ n }: Inputs): Contender[] {
    return [
      fresh('lockctx', () => storeLockctx(n)),
      fresh('Map', () => storeMap(n)),
      fresh('Array', () => storeArray(n)),
      fresh(SORTED_BTREE, () => storeBtree(n)),
      fresh(JS_SDSL, () => storeSdsl(n)),
    ];
  },
};

/** W2: load i for i in 0..N-1. */
export const w2: Workload = {
  id: 'W2',
  title: 'dense load, sequential',
  memory: false,
  contenders({ n }: Inputs): Contender[] {
    return [
      prepared(
        'lockctx',
        () => buildLockctx(n),
        (xa) => loadSeqLockctx(xa, n),
      ),
      prepared(
        'Map',
        () => buildMap(n),
        (m) => loadSeqMap(m, n),
      ),
      prepared(
        'Array',
        () => buildArray(n),
        (a) => loadSeqArray(a, n),
      ),
      prepared(
        SORTED_BTREE,
        () => buildBtree(n),
        (t) => loadSeqBtree(t, n),
      ),
      prepared(
        JS_SDSL,
        () => buildSdsl(n),
        (m) => loadSeqSdsl(m, n),
      ),
    ];
  },
};

/** W3: load p[i] for a fixed random permutation p of 0..N-1. */
export const w3: Workload = {
  id: 'W3',
  title: 'dense load, random',
  memory: false,
  contenders(inputs: Inputs): Contender[] {
    const { n } = inputs;
    const p = inputs.permutation;
    return [
      prepared(
        'lockctx',
        () => buildLockctx(n),
        (xa) => loadRandomLockctx(xa, p),
      ),
      prepared(
        'Map',
        () => buildMap(n),
        (m) => loadRandomMap(m, p),
      ),
      prepared(
        'Array',
        () => buildArray(n),
        (a) => loadRandomArray(a, p),
      ),
      prepared(
        SORTED_BTREE,
        () => buildBtree(n),
        (t) => loadRandomBtree(t, p),
      ),
      prepared(
        JS_SDSL,
        () => buildSdsl(n),
        (m) => loadRandomSdsl(m, p),
      ),
    ];
  },
};

/** W4: iterate every entry in index order, summing the values. */
export const w4: Workload = {
  id: 'W4',
  title: 'iterate',
  memory: false,
  contenders({ n }: Inputs): Contender[] {
    return [
      prepared(
        'lockctx',
        () => buildLockctx(n),
        (xa) => iterateLockctx(xa, n),
      ),
      prepared(
        'lockctx-cursor',
        () => buildLockctx(n),
        (xa) => iterateLockctxCursor(xa, n),
      ),
      prepared(
        'Map',
        () => buildMap(n),
        (m) => iterateMap(m, n),
      ),
      prepared(
        'Array',
        () => buildArray(n),
        (a) => iterateArray(a, n),
      ),
      prepared(
        SORTED_BTREE,
        () => buildBtree(n),
        (t) => iterateBtree(t, n),
      ),
      prepared(
        JS_SDSL,
        () => buildSdsl(n),
        (m) => iterateSdsl(m, n),
      ),
    ];
  },
};

/**
 * W7: erase every entry of the W1 structure, in index order. Its heap figure
 * is what the emptied structure still holds, per entry erased.
 */
export const w7: Workload = {
  id: 'W7',
  title: 'erase all',
  memory: true,
  contenders({ n }: Inputs): Contender[] {
    return [
      fresh('lockctx', () => eraseLockctx(n)),
      fresh('Map', () => eraseMap(n)),
      fresh('Array', () => eraseArray(n)),
      fresh(SORTED_BTREE, () => eraseBtree(n)),
      fresh(JS_SDSL, () => eraseSdsl(n)),
    ];
  },
};
