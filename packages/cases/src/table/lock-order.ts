import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * `lock-order`: two locks taken in opposite orders on different paths. A
 * cycle is reported at every acquisition (or call) that closes it, naming
 * the other place. Module-level locks are one lock per module, fields
 * (`this.a`) one per class, parameters and local variables one per function.
 */
const rule = 'lock-order';
const lo = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

const XA = `import { XArray } from '@lockctx/xarray';
const xa = new XArray();
const xb = new XArray();
`;

export const lockOrder: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'XArray: nested withLock in opposite orders',
    why: 'invalid: one path holds xa and waits for xb, the other holds xb and waits for xa',
    code: XA + code`
      export function one() {
        xa.withLock(() => {
          xb.withLock((g) => g.setMark(1, 0));
        });
      }
      export function two() {
        xb.withLock(() => {
          xa.withLock((g) => g.setMark(1, 0));
        });
      }
    `,
    findings: [
      lo('inversion', 'xb.withLock', { data: { lock: 'xb', held: 'xa', otherHeld: 'xb', where: 'line 11', cycle: 'xa → xb → xa' } }),
      lo('inversion', 'xa.withLock', { nth: 2, data: { lock: 'xa', held: 'xb', where: 'line 6', cycle: 'xb → xa → xb' } }),
    ],
  },
  {
    rule,
    name: 'XArray: explicit lock() in opposite orders',
    why: 'invalid: lock() … unlock() pairs nest xa then xb in one function and xb then xa in the other',
    code: XA + code`
      export function one() {
        const g = xa.lock();
        const h = xb.lock();
        h.unlock();
        g.unlock();
      }
      export function two() {
        const h = xb.lock();
        const g = xa.lock();
        g.unlock();
        h.unlock();
      }
    `,
    findings: [
      lo('inversion', 'xb.lock()', { data: { lock: 'xb', held: 'xa', where: 'line 12' } }),
      lo('inversion', 'xa.lock()', { nth: 2, data: { lock: 'xa', held: 'xb', where: 'line 6' } }),
    ],
  },
  {
    rule,
    name: 'XArray: using guards in opposite orders',
    why: 'invalid: a using guard holds its lock to the end of the block, across the second lock()',
    filename: 'x.ts',
    code: XA + code`
      export function one(): void {
        using g = xa.lock();
        using h = xb.lock();
        h.setMark(1, 0);
      }
      export function two(): void {
        using h = xb.lock();
        using g = xa.lock();
        g.setMark(1, 0);
      }
    `,
    findings: [lo('inversion', 'xb.lock()'), lo('inversion', 'xa.lock()', { nth: 2 })],
  },
  {
    rule,
    name: 'XArray: a write through the XArray while holding the other',
    why: 'invalid: xa.store() takes the lock on xa while xb is held, and one() takes xb while holding xa',
    code: XA + code`
      export function one() {
        xa.withLock(() => {
          xb.withLock((g) => g.setMark(1, 0));
        });
      }
      export function two(v) {
        xb.withLock(() => {
          xa.store(1, v);
        });
      }
    `,
    findings: [lo('inversion', 'xb.withLock'), lo('inversion', 'xa.store', { data: { lock: 'xa', held: 'xb', where: 'line 6' } })],
  },
  {
    rule,
    name: 'async-mutex: nested runExclusive in opposite orders',
    why: 'invalid: the two sleeping mutexes are awaited in opposite orders; both tasks can wait forever',
    code: code`
      import { Mutex } from 'async-mutex';
      const accounts = new Mutex();
      const audit = new Mutex();
      export async function pay() {
        await accounts.runExclusive(async () => {
          await audit.runExclusive(async () => {});
        });
      }
      export async function report() {
        await audit.runExclusive(async () => {
          await accounts.runExclusive(async () => {});
        });
      }
    `,
    findings: [
      lo('inversion', 'audit.runExclusive', { data: { lock: 'audit', held: 'accounts', where: 'line 11', cycle: 'accounts → audit → accounts' } }),
      lo('inversion', 'accounts.runExclusive', { nth: 2, data: { lock: 'accounts', held: 'audit', where: 'line 6' } }),
    ],
  },
  {
    rule,
    name: 'async-mutex: acquire() with try/finally against runExclusive',
    why: 'invalid: the releaser is called in finally, after the other mutex was awaited inside the try',
    code: code`
      import { Mutex } from 'async-mutex';
      const a = new Mutex();
      const b = new Mutex();
      export async function one() {
        const release = await a.acquire();
        try {
          await b.runExclusive(async () => {});
        } finally {
          release();
        }
      }
      export async function two() {
        const release = await b.acquire();
        try {
          const inner = await a.acquire();
          inner();
        } finally {
          release();
        }
      }
    `,
    findings: [
      lo('inversion', 'b.runExclusive', { data: { lock: 'b', held: 'a', where: 'line 15' } }),
      lo('inversion', 'a.acquire()', { nth: 2, data: { lock: 'a', held: 'b', where: 'line 7' } }),
    ],
  },
  {
    rule,
    name: 'Web Locks: named locks requested in opposite orders',
    why: 'invalid: both requests are exclusive; each callback holds one name and waits for the other',
    code: code`
      export async function one() {
        await navigator.locks.request('db', async () => {
          await navigator.locks.request('cache', async () => {});
        });
      }
      export async function two() {
        await navigator.locks.request('cache', async () => {
          await navigator.locks.request('db', async () => {});
        });
      }
    `,
    findings: [
      lo('inversion', 'navigator.locks.request', { nth: 2, data: { lock: 'navigator.locks["cache"]', held: 'navigator.locks["db"]' } }),
      lo('inversion', 'navigator.locks.request', { nth: 4, data: { lock: 'navigator.locks["db"]', held: 'navigator.locks["cache"]' } }),
    ],
  },
  {
    rule,
    name: 'Web Locks: a shared holder against an exclusive waiter',
    why: 'invalid: db is held shared but cache is taken exclusive on both sides, and the exclusive request for db waits for the shared holder',
    code: code`
      export async function one() {
        await navigator.locks.request('db', { mode: 'shared' }, async () => {
          await navigator.locks.request('cache', async () => {});
        });
      }
      export async function two() {
        await navigator.locks.request('cache', async () => {
          await navigator.locks.request('db', async () => {});
        });
      }
    `,
    findings: [lo('inversion', 'navigator.locks.request', { nth: 2 }), lo('inversion', 'navigator.locks.request', { nth: 4 })],
  },
  {
    rule,
    name: 'async-lock: keys taken in opposite orders',
    why: 'invalid: the literal keys name two locks of one AsyncLock, nested both ways',
    code: code`
      import AsyncLock from 'async-lock';
      const lock = new AsyncLock();
      export function one(done) {
        lock.acquire('users', () => lock.acquire('groups', () => {}), done);
      }
      export function two(done) {
        lock.acquire('groups', () => lock.acquire('users', () => {}), done);
      }
    `,
    findings: [
      lo('inversion', 'lock.acquire', { nth: 2, data: { lock: 'lock["groups"]', held: 'lock["users"]', where: 'line 7' } }),
      lo('inversion', 'lock.acquire', { nth: 4, data: { lock: 'lock["users"]', held: 'lock["groups"]', where: 'line 4' } }),
    ],
  },
  {
    rule,
    name: 'through a callee: the helper takes the other lock',
    why: 'invalid: flush() takes xb (its summary says so) while one() holds xa; two() takes xa while holding xb',
    code: XA + code`
      function flush() {
        xb.withLock((g) => g.setMark(1, 0));
      }
      export function one() {
        xa.withLock(() => {
          flush();
        });
      }
      export function two() {
        xb.withLock(() => {
          xa.withLock((g) => g.setMark(2, 0));
        });
      }
    `,
    findings: [
      lo('calleeInversion', 'flush()', { after: 'one()', data: { callee: 'flush', lock: 'xb', held: 'xa', where: 'line 14', evidence: 'it calls `xb.withLock()` at line 5' } }),
      lo('inversion', 'xa.withLock', { nth: 2, data: { lock: 'xa', held: 'xb', where: 'line 9' } }),
    ],
  },
  {
    rule,
    name: 'through recursion',
    why: 'invalid: walk() holds xa and calls visit(), which takes xb and calls walk() again, which takes xa while xb is held',
    code: XA + code`
      export function walk(n) {
        xa.withLock(() => {
          if (n > 0) visit(n - 1);
        });
      }
      function visit(n) {
        xb.withLock(() => {
          walk(n);
        });
      }
    `,
    findings: [
      lo('calleeInversion', 'visit(n - 1)', { data: { callee: 'visit', lock: 'xb', held: 'xa', where: 'line 11' } }),
      { check: 'no-self-deadlock', messageId: 'calleeLocks', at: 'visit(n - 1)', data: { callee: 'visit', lock: 'xa' } },
      lo('calleeInversion', 'walk(n)', { nth: 2, data: { callee: 'walk', lock: 'xa', held: 'xb', where: 'line 6' } }),
      { check: 'no-self-deadlock', messageId: 'calleeLocks', at: 'walk(n)', nth: 2, data: { callee: 'walk', lock: 'xb' } },
    ],
  },
  {
    rule,
    name: 'on a conditional path',
    why: 'invalid: only when full is true does one() take xb inside xa, but that path and two() deadlock together',
    code: XA + code`
      export function one(full) {
        xa.withLock(() => {
          if (full) {
            xb.withLock((g) => g.setMark(1, 0));
          }
        });
      }
      export function two() {
        xb.withLock(() => {
          xa.withLock((g) => g.setMark(1, 0));
        });
      }
    `,
    findings: [lo('inversion', 'xb.withLock', { data: { where: 'line 13' } }), lo('inversion', 'xa.withLock', { nth: 2, data: { where: 'line 7' } })],
  },
  {
    rule,
    name: 'held on some paths only',
    why: 'invalid on some paths: xa is held at the second lock() only when c is true, and two() takes the locks the other way (the release under `if (g)` is not followed, hence the leak on some paths)',
    code: XA + code`
      export function one(c) {
        let g = null;
        if (c) g = xa.lock();
        const h = xb.lock();
        h.unlock();
        if (g) g.unlock();
      }
      export function two() {
        xb.withLock(() => {
          xa.withLock((x) => x.setMark(1, 0));
        });
      }
    `,
    findings: [
      { check: 'no-lock-leak', messageId: 'notReleasedOnSomePaths', at: 'xa.lock()' },
      lo('inversionOnSomePaths', 'xb.lock()', { data: { lock: 'xb', held: 'xa', where: 'line 13' } }),
      lo('inversion', 'xa.withLock', { data: { lock: 'xa', held: 'xb', where: 'line 7' } }),
    ],
  },
  {
    rule,
    name: 'fields of one class in opposite orders',
    why: 'invalid: this.pages and this.index are the same two locks in every method of Cache',
    code: code`
      import { XArray } from '@lockctx/xarray';
      export class Cache {
        pages = new XArray();
        index = new XArray();
        add() {
          this.pages.withLock(() => {
            this.index.withLock((g) => g.setMark(1, 0));
          });
        }
        drop() {
          this.index.withLock(() => {
            this.pages.withLock((g) => g.setMark(1, 0));
          });
        }
      }
    `,
    findings: [
      lo('inversion', 'this.index.withLock', { data: { lock: 'this.index', held: 'this.pages', where: 'line 12' } }),
      lo('inversion', 'this.pages.withLock', { nth: 2, data: { lock: 'this.pages', held: 'this.index', where: 'line 7' } }),
    ],
  },
  {
    rule,
    name: 'a cycle through three locks',
    why: 'invalid: xa → xb, xb → xc and xc → xa make a cycle even though no two functions invert a pair',
    code: XA + code`
      const xc = new XArray();
      export function ab() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function bc() {
        xb.withLock(() => xc.withLock((g) => g.setMark(1, 0)));
      }
      export function ca() {
        xc.withLock(() => xa.withLock((g) => g.setMark(1, 0)));
      }
    `,
    findings: [
      lo('inversion', 'xb.withLock', { nth: 1, data: { lock: 'xb', held: 'xa', otherHeld: 'xc', where: 'line 12', cycle: 'xa → xb → xc → xa' } }),
      lo('inversion', 'xc.withLock', { nth: 1, data: { cycle: 'xb → xc → xa → xb' } }),
      lo('inversion', 'xa.withLock', { nth: 2, data: { cycle: 'xc → xa → xb → xc' } }),
    ],
  },
  {
    rule,
    name: 'parameters of one function on two branches',
    why: 'invalid: within one function, p and q are the same two locks on both branches, taken in opposite orders',
    code: code`
      export function move(p, q, forward) {
        if (forward) {
          p.withLock(() => q.withLock((g) => g.setMark(1, 0)));
        } else {
          q.withLock(() => p.withLock((g) => g.setMark(1, 0)));
        }
      }
    `,
    findings: [lo('inversion', 'q.withLock', { nth: 1, data: { lock: 'q', held: 'p' } }), lo('inversion', 'p.withLock', { nth: 2, data: { lock: 'p', held: 'q' } })],
  },

  {
    rule,
    name: 'a helper that takes its parameters in order',
    why: 'invalid: nest(p, q) takes q inside p, so nest(xa, xb) orders xa before xb; two() takes them the other way',
    code: XA + code`
      function nest(p, q) {
        p.withLock(() => {
          q.withLock((g) => g.setMark(1, 0));
        });
      }
      export function one() {
        nest(xa, xb);
      }
      export function two() {
        xb.withLock(() => {
          xa.withLock((g) => g.setMark(1, 0));
        });
      }
    `,
    findings: [
      lo('calleeOrder', 'nest(xa, xb)', { data: { callee: 'nest', lock: 'xb', held: 'xa', where: 'line 14', evidence: 'it takes `q` while holding `p` at line 6' } }),
      lo('inversion', 'xa.withLock', { data: { lock: 'xa', held: 'xb', where: 'line 10' } }),
    ],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'the same order everywhere',
    why: 'valid: every path takes xa before xb',
    code: XA + code`
      export function one() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function two() {
        const g = xa.lock();
        const h = xb.lock();
        h.unlock();
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'released before the other is taken',
    why: 'valid: two() releases xb before it takes xa, so it never holds xb while waiting',
    code: XA + code`
      export function one() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function two() {
        xb.withLock((g) => g.setMark(1, 0));
        xa.withLock((g) => g.setMark(1, 0));
      }
    `,
  },
  {
    rule,
    name: 'explicit unlock before the other lock()',
    why: 'valid: h.unlock() ends the hold on xb before xa.lock()',
    code: XA + code`
      export function one() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function two() {
        const h = xb.lock();
        h.unlock();
        const g = xa.lock();
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'a using block ends before the other lock',
    why: 'valid: the using guard on xb is disposed at the end of its block, before xa is taken',
    filename: 'x.ts',
    code: XA + code`
      export function one(): void {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function two(): void {
        {
          using h = xb.lock();
          h.setMark(1, 0);
        }
        using g = xa.lock();
        g.setMark(2, 0);
      }
    `,
  },
  {
    rule,
    name: 'try/finally releases before the other mutex',
    why: 'valid: the releaser runs in finally, before the second mutex is awaited',
    code: code`
      import { Mutex } from 'async-mutex';
      const a = new Mutex();
      const b = new Mutex();
      export async function one() {
        await a.runExclusive(() => b.runExclusive(() => 1));
      }
      export async function two(work) {
        const release = await b.acquire();
        try {
          await work();
        } finally {
          release();
        }
        await a.runExclusive(() => 2);
      }
    `,
  },
  {
    rule,
    name: 'taking the same lock twice is not an order',
    why: 'valid for lock-order: one lock taken twice is no-self-deadlock’s finding, not an inversion',
    code: XA + code`
      export function f() {
        xa.withLock(() => {
          xa.withLock((g) => g.setMark(1, 0));
        });
      }
    `,
    findings: [{ check: 'no-self-deadlock', messageId: 'relock', at: 'xa.withLock((g) => g.setMark(1, 0))' }],
  },
  {
    rule,
    name: 'parameters of different functions',
    why: 'valid: p and q of one() and of two() are not known to be the same locks (callers decide)',
    code: code`
      export function one(p, q) {
        p.withLock(() => q.withLock((g) => g.setMark(1, 0)));
      }
      export function two(p, q) {
        q.withLock(() => p.withLock((g) => g.setMark(1, 0)));
      }
    `,
  },
  {
    rule,
    name: 'Web Locks: both sides shared',
    why: 'valid: shared holders never block shared requests, so reading both names in either order cannot deadlock',
    code: code`
      export async function one() {
        await navigator.locks.request('db', { mode: 'shared' }, async () => {
          await navigator.locks.request('cache', { mode: 'shared' }, async () => {});
        });
      }
      export async function two() {
        await navigator.locks.request('cache', { mode: 'shared' }, async () => {
          await navigator.locks.request('db', { mode: 'shared' }, async () => {});
        });
      }
    `,
  },
  {
    rule,
    name: 'Web Locks: ifAvailable never waits',
    why: 'valid: a request with ifAvailable runs at once with null instead of waiting, so it cannot close a cycle',
    code: code`
      export async function one() {
        await navigator.locks.request('db', async () => {
          await navigator.locks.request('cache', async () => {});
        });
      }
      export async function two() {
        await navigator.locks.request('cache', async () => {
          await navigator.locks.request('db', { ifAvailable: true }, async (l) => l);
        });
      }
    `,
  },
  {
    rule,
    name: 'counting semaphores are not ordered',
    why: 'valid: a Semaphore of 2 admits two holders; lock order is about exclusive locks',
    code: code`
      import { Semaphore } from 'async-mutex';
      const s1 = new Semaphore(2);
      const s2 = new Semaphore(2);
      export async function one() {
        await s1.runExclusive(() => s2.runExclusive(() => 1));
      }
      export async function two() {
        await s2.runExclusive(() => s1.runExclusive(() => 2));
      }
    `,
  },
  {
    rule,
    name: 'async-lock: a key that is a variable',
    why: 'valid: a variable key names a different lock at each call; no order can be told',
    code: code`
      import AsyncLock from 'async-lock';
      const lock = new AsyncLock();
      export function one(user, done) {
        lock.acquire('all', () => lock.acquire(user, () => {}), done);
      }
      export function two(user, done) {
        lock.acquire(user, () => lock.acquire('all', () => {}), done);
      }
    `,
  },
  {
    rule,
    name: 'a callee called after the lock is released',
    why: 'valid: flush() takes xb only after one() has left xa',
    code: XA + code`
      function flush() {
        xb.withLock((g) => g.setMark(1, 0));
      }
      export function one() {
        xa.withLock((g) => g.setMark(2, 0));
        flush();
      }
      export function two() {
        xb.withLock(() => xa.withLock((g) => g.setMark(1, 0)));
      }
    `,
  },
  {
    rule,
    name: 'fields of different classes',
    why: 'valid: this.pages of Cache and this.pages of Index are different locks',
    code: code`
      import { XArray } from '@lockctx/xarray';
      export class Cache {
        pages = new XArray();
        index = new XArray();
        add() {
          this.pages.withLock(() => this.index.withLock((g) => g.setMark(1, 0)));
        }
      }
      export class Index {
        pages = new XArray();
        index = new XArray();
        drop() {
          this.index.withLock(() => this.pages.withLock((g) => g.setMark(1, 0)));
        }
      }
    `,
  },
  {
    rule,
    name: 'a callback that runs later',
    why: 'valid: the timer callback runs after withLock has released xa, so it does not take xb under xa',
    code: XA + code`
      export function one() {
        xa.withLock(() => {
          setTimeout(() => xb.withLock((g) => g.setMark(1, 0)), 0);
        });
      }
      export function two() {
        xb.withLock(() => xa.withLock((g) => g.setMark(1, 0)));
      }
    `,
  },
  {
    rule,
    name: 'three locks in one global order',
    why: 'valid: xa → xb, xb → xc and xa → xc respect one order; the graph has no cycle',
    code: XA + code`
      const xc = new XArray();
      export function ab() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
      export function bc() {
        xb.withLock(() => xc.withLock((g) => g.setMark(1, 0)));
      }
      export function ac() {
        xa.withLock(() => xc.withLock((g) => g.setMark(1, 0)));
      }
    `,
  },
  {
    rule,
    name: 'recursion in one order',
    why: 'valid: walk() and visit() call each other, but xb is always taken inside xa and never the reverse',
    code: XA + code`
      export function walk(n) {
        xa.withLock(() => {
          if (n > 0) visit(n - 1);
        });
      }
      function visit(n) {
        xb.withLock((g) => g.setMark(n, 0));
      }
    `,
  },
  {
    rule,
    name: 'a helper called with its arguments in one order',
    why: 'valid: nest(xa, xb) and the direct nesting both take xa before xb',
    code: XA + code`
      function nest(p, q) {
        p.withLock(() => q.withLock((g) => g.setMark(1, 0)));
      }
      export function one() {
        nest(xa, xb);
      }
      export function two() {
        xa.withLock(() => xb.withLock((g) => g.setMark(1, 0)));
      }
    `,
  },
];

const DB = code`
  import { Mutex } from 'async-mutex';
  export const accounts = new Mutex();
  export const audit = new Mutex();
  export async function transfer() {
    await accounts.runExclusive(async () => {
      await audit.runExclusive(async () => {});
    });
  }
  export async function log() {
    await audit.runExclusive(async () => {});
  }
`;
const TREES = code`
  import { XArray } from '@lockctx/xarray';
  export const xa = new XArray();
  export const xb = new XArray();
  export function moveAll() {
    xa.withLock(() => {
      xb.withLock((g) => g.setMark(1, 0));
    });
  }
`;
const PRIVATE = code`
  import { Mutex } from 'async-mutex';
  const a = new Mutex();
  const b = new Mutex();
  export async function sync() {
    await a.runExclusive(() => b.runExclusive(() => 1));
  }
`;

/** Lock order across modules: each case is a small project (`files` beside `x.js`). */
export const lockOrderMultiFile: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'lock-order: an imported function takes the locks the other way',
    why: 'invalid: transfer() in db.js takes audit while holding accounts; here audit is held while accounts is taken',
    files: { 'db.js': DB },
    code: code`
      import { accounts, audit, transfer } from './db.js';
      export async function report() {
        await audit.runExclusive(async () => {
          await accounts.runExclusive(async () => {});
        });
      }
      export async function pay() {
        await transfer();
      }
    `,
    findings: [
      lo('inversion', 'accounts.runExclusive', { data: { lock: 'accounts', held: 'audit', where: 'line 8' } }),
      lo('calleeOrder', 'transfer()', { data: { callee: 'transfer', lock: 'audit', held: 'accounts', where: 'line 4', evidence: 'it takes `audit` while holding `accounts` in db.js at line 6' } }),
    ],
  },
  {
    rule,
    name: 'lock-order: an imported function takes a lock held here',
    why: 'invalid: log() in db.js takes audit while this module holds accounts, and report() takes accounts while holding audit',
    files: { 'db.js': DB },
    code: code`
      import { accounts, audit, log } from './db.js';
      export async function pay() {
        await accounts.runExclusive(async () => {
          await log();
        });
      }
      export async function report() {
        await audit.runExclusive(async () => {
          await accounts.runExclusive(async () => {});
        });
      }
    `,
    findings: [
      lo('calleeInversion', 'log()', { data: { callee: 'log', lock: 'audit', held: 'accounts', where: 'line 9' } }),
      lo('inversion', 'accounts.runExclusive', { nth: 2, data: { lock: 'accounts', held: 'audit', where: 'line 4' } }),
    ],
  },
  {
    rule,
    name: 'lock-order: XArrays of another module',
    why: 'invalid: moveAll() in trees.js nests xb in xa; this module nests xa in xb',
    files: { 'trees.js': TREES },
    code: code`
      import { xa, xb, moveAll } from './trees.js';
      export function back() {
        xb.withLock(() => {
          xa.withLock((g) => g.setMark(1, 0));
        });
      }
      export function forth() {
        moveAll();
      }
    `,
    findings: [lo('inversion', 'xa.withLock', { data: { where: 'line 8' } }), lo('calleeOrder', 'moveAll()', { data: { callee: 'moveAll', where: 'line 4' } })],
  },

  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'lock-order: an imported function in the same order',
    why: 'valid: transfer() in db.js and pay() here both take accounts before audit',
    files: { 'db.js': DB },
    code: code`
      import { accounts, audit, transfer } from './db.js';
      export async function pay() {
        await accounts.runExclusive(async () => {
          await audit.runExclusive(async () => {});
        });
        await transfer();
      }
    `,
  },
  {
    rule,
    name: 'lock-order: an imported function called with nothing held',
    why: 'valid: log() takes audit, but no lock is held around the call',
    files: { 'db.js': DB },
    code: code`
      import { accounts, audit, log } from './db.js';
      export async function report() {
        await log();
        await accounts.runExclusive(async () => {});
        await audit.runExclusive(async () => {});
      }
    `,
  },
  {
    rule,
    name: 'lock-order: private locks of another module',
    why: 'valid: a and b of sync.js are not the a and b of this module',
    files: { 'sync.js': PRIVATE },
    code: code`
      import { Mutex } from 'async-mutex';
      import { sync } from './sync.js';
      const a = new Mutex();
      const b = new Mutex();
      export async function other() {
        await b.runExclusive(() => a.runExclusive(() => 1));
        await sync();
      }
    `,
  },
];
