import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * Lock libraries through their presets: async-mutex, Web Locks, async-lock,
 * await-lock, await-semaphore, mutexify, hand-written locks. Each case is
 * about the check named in `rule`; lock names are the receiver as written,
 * with the key for keyed locks (`navigator.locks["a"]`).
 */
const f = (
  check: FindingSpec['check'],
  messageId: string,
  at: string,
  more: Partial<FindingSpec> = {},
): FindingSpec => ({ check, messageId, at, ...more });

export const presets: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: early return skips the releaser',
    why: 'invalid: the return leaves the mutex held and nobody can release it',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        if (map.has(k)) return;
        map.set(k, v);
        release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'mutex.acquire()', {
        data: { lock: 'mutex', exit: 'the return', exitLine: '5' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        try {
          if (map.has(k)) return;
          map.set(k, v);
        } finally {
          release();
        }
      }
    `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: a rejected await leaves the mutex held',
    why: 'invalid: without try/finally, a rejection of the awaited write skips release()',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(db, k, v) {
        const release = await mutex.acquire();
        await db.put(k, v);
        release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'mutex.acquire()', {
        data: {
          lock: 'mutex',
          exit: 'the await, if it rejects',
          exitLine: '5',
        },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(db, k, v) {
        const release = await mutex.acquire();
        try {
          await db.put(k, v);
        } finally {
          release();
        }
      }
    `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex Semaphore tuple: early return',
    why: 'invalid: the releaser is the second element of the tuple and the return skips it',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(2);
      export async function run(job) {
        const [, release] = await slots.acquire();
        if (!job) return false;
        job();
        release();
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'slots.acquire()', {
        data: { lock: 'slots', exit: 'the return', exitLine: '5' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(2);
      export async function run(job) {
        const [, release] = await slots.acquire();
        try {
          if (!job) return false;
          job();
        } finally {
          release();
        }
        return true;
      }
    `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock: acquireAsync without release on a throw',
    why: 'invalid: the throw leaves the lock held; release() is on the lock object',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function put(map, k, v) {
        await lock.acquireAsync();
        if (v === undefined) throw new Error('no value');
        map.set(k, v);
        lock.release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'lock.acquireAsync()', {
        data: { lock: 'lock', exit: 'the throw', exitLine: '5' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function put(map, k, v) {
        await lock.acquireAsync();
        try {
          if (v === undefined) throw new Error('no value');
          map.set(k, v);
        } finally {
          lock.release();
        }
      }
    `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'mutexify: callback returns early without release',
    why: 'invalid: mutexify holds the lock until release is called, not until the callback returns',
    code: code`
      import mutexify from 'mutexify';
      const lock = mutexify();
      export function put(map, k, v) {
        lock((release) => {
          if (map.has(k)) return;
          map.set(k, v);
          release();
        });
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return;', {
        data: { lock: 'lock', exit: 'the return', exitLine: '5' },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'hand-written lock class: early return',
    why: 'invalid: a class with lock() and unlock() is a lock by shape; the return skips unlock()',
    code: code`
      class SimpleLock {
        async lock() {}
        unlock() {}
      }
      const guard = new SimpleLock();
      export async function put(map, k, v) {
        await guard.lock();
        if (map.has(k)) return;
        map.set(k, v);
        guard.unlock();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'guard.lock()', {
        data: { lock: 'guard', exit: 'the return', exitLine: '8' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
      class SimpleLock {
        async lock() {}
        unlock() {}
      }
      const guard = new SimpleLock();
      export async function put(map, k, v) {
        await guard.lock();
        try {
          if (map.has(k)) return;
          map.set(k, v);
        } finally {
          guard.unlock();
        }
      }
    `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'async-mutex: releaser called twice',
    why: 'invalid: the second call releases a mutex that another task may now hold',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        map.set(k, v);
        release();
        release();
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'release', {
        nth: 3,
        data: { call: 'release()', lock: 'mutex', releasedLine: '6' },
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'await-lock: release() twice on the lock',
    why: 'invalid: the second release() frees a lock this code no longer holds',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function put(map, k, v) {
        await lock.acquireAsync();
        map.set(k, v);
        lock.release();
        lock.release();
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'lock', {
        nth: 5,
        data: { call: 'lock.release()', lock: 'lock' },
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'mutexify promise form: releaser twice',
    why: 'invalid: mutexify/promise resolves to a releaser; calling it twice is a double release',
    code: code`
      import mutexify from 'mutexify/promise';
      const lock = mutexify();
      export async function put(map, k, v) {
        const release = await lock();
        map.set(k, v);
        release();
        release();
      }
    `,
    findings: [f('no-use-after-unlock', 'doubleUnlock', 'release', { nth: 3 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex: runExclusive inside runExclusive',
    why: 'invalid: the mutex is not re-entrant; the inner call waits for the outer forever',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export function put(map, k, v) {
        return mutex.runExclusive(() => mutex.runExclusive(() => map.set(k, v)));
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        'mutex.runExclusive(() => map.set(k, v))',
        { data: { lock: 'mutex', line: '4' } },
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex: a callee takes the held mutex',
    why: 'invalid: save() acquires the mutex that the caller holds, through a call',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      async function save(map, k, v) {
        const release = await mutex.acquire();
        try {
          map.set(k, v);
        } finally {
          release();
        }
      }
      export function put(map, k, v) {
        return mutex.runExclusive(async () => {
          await save(map, k, v);
        });
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'save(map, k, v)', {
        after: 'runExclusive',
        data: { callee: 'save', lock: 'mutex', line: '12' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex: waitForUnlock while holding',
    why: 'invalid: waiting for the mutex one holds to be free never ends',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function flush(map) {
        const release = await mutex.acquire();
        try {
          await mutex.waitForUnlock();
          map.clear();
        } finally {
          release();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'waitWhileHeld', 'mutex.waitForUnlock()', {
        data: { lock: 'mutex', method: 'waitForUnlock', line: '4' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: the same name requested inside',
    why: 'invalid: Web Locks are not re-entrant; the inner request queues behind the outer one',
    code: code`
      export async function put(map, k, v) {
        await navigator.locks.request('map', async () => {
          await navigator.locks.request('map', async () => map.set(k, v));
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        "navigator.locks.request('map', async () => map.set(k, v))",
        { data: { lock: 'navigator.locks["map"]', line: '2' } },
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: a callee requests the held name',
    why: 'invalid: record() requests "journal", which the caller holds',
    code: code`
      async function record(entry) {
        await navigator.locks.request('journal', async () => console.log(entry));
      }
      export async function both(entry) {
        await navigator.locks.request('journal', () => record(entry));
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'record(entry)', {
        after: 'both',
        data: { callee: 'record', lock: 'navigator.locks["journal"]' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-lock: the same key variable inside',
    why: 'invalid: acquiring the same key inside its own callback waits for itself',
    code: code`
      import AsyncLock from 'async-lock';
      const lock = new AsyncLock();
      export function put(map, user, v) {
        return lock.acquire(user, async () => {
          await lock.acquire(user, async () => map.set(user, v));
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        'lock.acquire(user, async () => map.set(user, v))',
        { data: { lock: 'lock[~user]' } },
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-semaphore Mutex: use inside use',
    why: 'invalid: await-semaphore Mutex.use is not re-entrant',
    code: code`
      import { Mutex } from 'await-semaphore';
      const mutex = new Mutex();
      export function put(map, k, v) {
        return mutex.use(() => mutex.use(async () => map.set(k, v)));
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'mutex.use(async () => map.set(k, v))'),
    ],
  },
  // --------------------------------------------------------------- valid
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: release in finally',
    why: 'valid: every path, rejections included, reaches release()',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(db, k, v) {
        const release = await mutex.acquire();
        try {
          await db.put(k, v);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: lockable release() in finally',
    why: 'valid: mutex.release() releases what acquire() took, even with the releaser discarded',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(db, k, v) {
        await mutex.acquire();
        try {
          await db.put(k, v);
        } finally {
          mutex.release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: releaser returned to the caller',
    why: 'valid: returning the releaser moves the obligation to release to the caller',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function getNonceLock() {
        const release = await mutex.acquire();
        return release;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: releaser handed to a continuation',
    why: 'valid: the releaser passed to finally() releases when the work settles',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(db, k, v) {
        const release = await mutex.acquire();
        db.put(k, v).finally(release);
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex: a pending acquisition is not a held lock',
    why: 'valid: an acquire() promise that is not awaited holds nothing yet',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export function later() {
        const pending = mutex.acquire();
        return pending;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex withTimeout: failure in catch is not held',
    why: 'valid: when acquire() rejects the lock is not held, so the return in catch leaks nothing',
    code: code`
      import { Mutex, withTimeout } from 'async-mutex';
      const mutex = withTimeout(new Mutex(), 50);
      export async function put(db, k, v) {
        let release;
        try {
          release = await mutex.acquire();
        } catch {
          return false;
        }
        try {
          await db.put(k, v);
          return true;
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'mutexify: release handed to a continuation',
    why: 'valid: the releaser travels into the then() callbacks, which release on both outcomes',
    code: code`
      import mutexify from 'mutexify';
      const lock = mutexify();
      export function put(db, k, v) {
        lock((release) => {
          db.put(k, v).then(() => release(), () => release());
        });
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'hand-written lock with try/finally',
    why: 'valid: the shape lock is released on every path',
    code: code`
      class SimpleLock {
        async lock() {}
        unlock() {}
      }
      const guard = new SimpleLock();
      export async function put(map, k, v) {
        await guard.lock();
        try {
          if (map.has(k)) return;
          map.set(k, v);
        } finally {
          guard.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'CommonJS async-mutex with finally',
    why: 'valid: require() finds the preset; the releaser runs in finally',
    filename: 'x.cjs',
    code: code`
      const { Mutex } = require('async-mutex');
      const mutex = new Mutex();
      exports.put = async (db, k, v) => {
        const release = await mutex.acquire();
        try {
          await db.put(k, v);
        } finally {
          release();
        }
      };
    `,
  },
  {
    rule: 'no-await-while-locked',
    name: 'async-mutex: await under a sleeping lock',
    why: 'valid: async-mutex is a sleeping lock, held across await by design',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export function put(db, k, v) {
        return mutex.runExclusive(async () => {
          await db.put(k, v);
          await db.flush();
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: different names nest',
    why: 'valid: "a" and "b" are different locks',
    code: code`
      export async function move(map) {
        await navigator.locks.request('a', async () => {
          await navigator.locks.request('b', async () => map.clear());
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-lock: different keys nest',
    why: 'valid: two different key variables are not known to be the same lock',
    code: code`
      import AsyncLock from 'async-lock';
      const lock = new AsyncLock();
      export function transfer(map, from, to) {
        return lock.acquire(from, () => lock.acquire(to, async () => map.set(from, to)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore nests',
    why: 'valid: a semaphore has several slots; taking a second one does not deadlock by itself',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(4);
      export function both(a, b) {
        return slots.runExclusive(() => slots.runExclusive(async () => a + b));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'two mutexes nest',
    why: 'valid: a and b are different mutexes',
    code: code`
      import { Mutex } from 'async-mutex';
      const a = new Mutex();
      const b = new Mutex();
      export function both(map) {
        return a.runExclusive(() => b.runExclusive(async () => map.clear()));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'callee takes the mutex after the caller released it',
    why: 'valid: the caller releases before calling save(), so nothing is held',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      async function save(map, k, v) {
        await mutex.runExclusive(async () => map.set(k, v));
      }
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        map.delete(k);
        release();
        await save(map, k, v);
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'a mutex named like a local object',
    why: 'valid: a local object with acquire() is no known lock; nothing is tracked',
    code: code`
      export async function put(pool, k, v) {
        const conn = await pool.acquire();
        conn.put(k, v);
        conn.release();
        conn.release();
      }
    `,
  },
];

// ------------------------------------------------------------------ try-locks

/** Try-locks: held only on the branch where the attempt succeeded. */
const tryLocks: CaseSpec[] = [
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: early return after success',
    why: 'invalid: the failure branch holds nothing, but the second return leaves the taken lock held',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return false;
        if (x === undefined) return false;
        list.push(x);
        lock.release();
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return false;', {
        nth: 2,
        data: {
          lock: 'lock',
          exit: 'the return',
          exitLine: '5',
          advice: 'call `lock.release()` in `finally`',
        },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              const lock = new AwaitLock();
              export function add(list, x) {
                if (!lock.tryAcquire()) return false;
                try {
                  if (x === undefined) return false;
                  list.push(x);
                } finally {
                  lock.release();
                }
                return true;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire in a positive test: never released',
    why: 'invalid: the branch that took the lock ends without release()',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (lock.tryAcquire()) {
          list.push(x);
        }
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleasedOnSomePaths', '}', {
        nth: 2,
        data: { lock: 'lock', exit: 'the end of the function' },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: a throw on the taken branch',
    why: 'invalid: the throw leaves with the lock the test just took',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return false;
        if (typeof x !== 'string') throw new TypeError('x');
        list.push(x);
        lock.release();
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', "throw new TypeError('x');", {
        data: { exit: 'the throw' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              const lock = new AwaitLock();
              export function add(list, x) {
                if (!lock.tryAcquire()) return false;
                try {
                  if (typeof x !== 'string') throw new TypeError('x');
                  list.push(x);
                } finally {
                  lock.release();
                }
                return true;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'await-lock tryAcquire: released twice',
    why: 'invalid: the second release() frees a lock this code no longer holds',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return false;
        list.push(x);
        lock.release();
        lock.release();
        return true;
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'lock', {
        after: 'lock.release();\n',
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-lock tryAcquire, then acquireAsync',
    why: 'invalid: after a successful tryAcquire the lock is held, and acquireAsync waits for it forever',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function add(list, x) {
        if (!lock.tryAcquire()) return false;
        try {
          await lock.acquireAsync();
          list.push(x);
        } finally {
          lock.release();
        }
        return true;
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'lock.acquireAsync()')],
  },
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore tryAcquire (awaited): early return',
    why: 'invalid: `if (!(await m.tryAcquire()))` takes the lock on the other branch; the early return keeps it',
    code: code`
      import { Mutex } from 'redis-semaphore';
      const m = new Mutex(redis, 'jobs');
      export async function run(job) {
        if (!(await m.tryAcquire())) return false;
        if (!job) return false;
        try {
          await job();
        } finally {
          await m.release();
        }
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return false;', {
        nth: 2,
        data: {
          lock: 'm',
          exit: 'the return',
          advice: 'call `await m.release()` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore tryAcquire in a positive test: released on one path only',
    why: 'invalid: when job is falsy the taken lock is never released',
    code: code`
      import { Mutex } from 'redis-semaphore';
      const m = new Mutex(redis, 'jobs');
      export async function run(job) {
        if (await m.tryAcquire()) {
          if (job) {
            job();
            await m.release();
          }
        }
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleasedOnSomePaths', '}', {
        after: '    }\n  }\n',
        data: { exit: 'the end of the function' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-lock tryAcquire, then a callee that takes the lock',
    why: 'invalid: record() calls lock.acquireAsync(), and the try-lock already holds it',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      async function record(x) {
        await lock.acquireAsync();
        try {
          await save(x);
        } finally {
          lock.release();
        }
      }
      export async function recordIfFree(x) {
        if (!lock.tryAcquire()) return;
        try {
          await record(x);
        } finally {
          lock.release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'record(x)', { nth: 2 })],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: else branch holds nothing, then branch leaks',
    why: 'invalid: with an else, only the then branch holds the lock, and it returns without release()',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (lock.tryAcquire()) {
          list.push(x);
          return true;
        } else {
          return false;
        }
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return true;', {
        data: { exit: 'the return' },
      }),
    ],
  },
  // valid
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: the failure branch returns',
    why: 'valid: the lock is not held on the failure branch, and released in finally on the other',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return false;
        try {
          list.push(x);
          return true;
        } finally {
          lock.release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire in a positive test, released in the branch',
    why: 'valid: taken and released inside the then branch; the else branch never held it',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (lock.tryAcquire()) {
          try {
            list.push(x);
          } finally {
            lock.release();
          }
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: a throw on the failure branch',
    why: 'valid: the throw is on the branch where the attempt failed; nothing is held there',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) throw new Error('busy');
        list.push(x);
        lock.release();
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore tryAcquire (awaited): released in finally',
    why: 'valid: held only after a successful attempt, released on every path',
    code: code`
      import { Mutex } from 'redis-semaphore';
      const m = new Mutex(redis, 'jobs');
      export async function run(job) {
        if (!(await m.tryAcquire())) return false;
        try {
          await job();
        } finally {
          await m.release();
        }
        return true;
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-lock tryAcquire, released, then acquireAsync',
    why: 'valid: the try-lock is released before the lock is waited for',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function add(list, x) {
        if (!lock.tryAcquire()) return false;
        list.push(x);
        lock.release();
        await lock.acquireAsync();
        try {
          list.push(x);
        } finally {
          lock.release();
        }
        return true;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: released before each return',
    why: 'valid: every way out of the taken branch calls release()',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return false;
        if (x === undefined) {
          lock.release();
          return false;
        }
        list.push(x);
        lock.release();
        return true;
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'await-lock tryAcquire: one release per successful attempt',
    why: 'valid: each successful attempt is released once',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function addTwo(list, a, b) {
        if (lock.tryAcquire()) {
          list.push(a);
          lock.release();
        }
        if (lock.tryAcquire()) {
          list.push(b);
          lock.release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire result kept in a variable',
    why: 'valid: not reported: a try-lock whose result is stored is not followed (no false leak)',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        const ok = lock.tryAcquire();
        if (!ok) return false;
        list.push(x);
        lock.release();
        return true;
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-lock tryAcquire failed, then acquireAsync',
    why: 'valid: on the failure branch the lock is not held by this code, so waiting for it is fine',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function add(list, x) {
        if (!lock.tryAcquire()) {
          await lock.acquireAsync();
        }
        try {
          list.push(x);
        } finally {
          lock.release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore tryAcquire in a positive test with else',
    why: 'valid: the then branch releases in finally; the else branch never held the lock',
    code: code`
      import { Mutex } from 'redis-semaphore';
      const m = new Mutex(redis, 'jobs');
      export async function run(job) {
        if (await m.tryAcquire()) {
          try {
            await job();
          } finally {
            await m.release();
          }
        } else {
          await later(job);
        }
      }
    `,
  },
];

// ------------------------------------------------------------------ capacity

/** Counting locks: a capacity of one (read from the constructor) is a mutex; more is a limiter. */
const capacity: CaseSpec[] = [
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(1): nested limit()',
    why: 'invalid: at concurrency 1 the inner call queues behind the outer one, which waits for it',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(1);
      export function record(save, entry) {
        return limit(() => limit(() => save(entry)));
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'limit(() => save(entry))', {
        data: { lock: 'limit' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue concurrency 1: add() inside a task',
    why: 'invalid: the inner task waits for the outer one to finish, which awaits the inner task',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue({ concurrency: 1 });
      export function record(save, entry) {
        return queue.add(async () => {
          await queue.add(() => save(entry));
        });
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'queue.add(() => save(entry))')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'semaphore(1): take inside take',
    why: 'invalid: one unit, held by the outer task; the inner task never runs',
    code: code`
      import createSemaphore from 'semaphore';
      const sem = createSemaphore(1);
      export function record(list, x) {
        sem.take((leave) => {
          sem.take((inner) => {
            list.push(x);
            inner();
          });
          leave();
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        'sem.take((inner) => {\n      list.push(x);\n      inner();\n    })',
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'semaphore() without a capacity: take inside take',
    why: 'invalid: the default capacity is one',
    code: code`
      import createSemaphore from 'semaphore';
      const sem = createSemaphore();
      export function record(list, x) {
        sem.take((leave) => {
          sem.take((inner) => {
            list.push(x);
            inner();
          });
          leave();
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        'sem.take((inner) => {\n      list.push(x);\n      inner();\n    })',
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore(1): acquire while holding it',
    why: 'invalid: the only unit is held; the second acquire() waits for itself',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(1);
      export async function run(job) {
        const [, release] = await slots.acquire();
        try {
          const [, again] = await slots.acquire();
          again();
          await job();
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'slots.acquire()', { nth: 2 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore(1): runExclusive inside runExclusive',
    why: 'invalid: the inner callback needs the unit the outer callback holds',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(1);
      export function run(job) {
        return slots.runExclusive(() => slots.runExclusive(() => job()));
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'slots.runExclusive(() => job())'),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-sema Sema(1): a callee that acquires',
    why: 'invalid: save() takes the single token this function holds',
    code: code`
      import { Sema } from 'async-sema';
      const sema = new Sema(1);
      async function save(x) {
        const token = await sema.acquire();
        try {
          await write(x);
        } finally {
          sema.release(token);
        }
      }
      export async function saveTwice(x) {
        const token = await sema.acquire();
        try {
          await save(x);
        } finally {
          sema.release(token);
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'save(x)', { after: 'export' }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-semaphore Semaphore(1): use() inside use()',
    why: 'invalid: capacity one, taken by the outer use()',
    code: code`
      import { Semaphore } from 'await-semaphore';
      const sem = new Semaphore(1);
      export function run(job) {
        return sem.use(() => sem.use(() => job()));
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'sem.use(() => job())')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue concurrency 1 (quoted key): nested add()',
    why: 'invalid: `{ "concurrency": 1 }` is the same option written with a string key',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue({ 'concurrency': 1, autoStart: true });
      export function record(save, entry) {
        return queue.add(() => queue.add(() => save(entry)));
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'queue.add(() => save(entry))')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(1): a callee that calls limit()',
    why: 'invalid: store() runs under the limiter the caller is inside',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(1);
      function store(save, x) {
        return limit(() => save(x));
      }
      export function storeAll(save, x) {
        return limit(() => store(save, x));
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'store(save, x)', {
        after: 'export',
      }),
    ],
  },
  // valid
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(4): nested limit()',
    why: 'valid: at concurrency 4 a nested call has a free slot',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(4);
      export function record(save, entry) {
        return limit(() => limit(() => save(entry)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-limit with an unknown concurrency',
    why: 'valid: the concurrency is not known statically, so nesting is not known to deadlock',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(Number(process.env.JOBS));
      export function record(save, entry) {
        return limit(() => limit(() => save(entry)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue concurrency 2: nested add()',
    why: 'valid: two tasks may run at once',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue({ concurrency: 2 });
      export function record(save, entry) {
        return queue.add(() => queue.add(() => save(entry)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue without options',
    why: 'valid: the default concurrency is unbounded',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue();
      export function record(save, entry) {
        return queue.add(() => queue.add(() => save(entry)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue options spread from elsewhere',
    why: 'valid: `{ ...defaults }` may set any concurrency; nothing is known',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue({ ...defaults });
      export function record(save, entry) {
        return queue.add(() => queue.add(() => save(entry)));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'semaphore(3): take inside take',
    why: 'valid: three units; the inner task gets one of the two left',
    code: code`
      import createSemaphore from 'semaphore';
      const sem = createSemaphore(3);
      export function record(list, x) {
        sem.take((leave) => {
          sem.take((inner) => {
            list.push(x);
            inner();
          });
          leave();
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore(2): acquire while holding one unit',
    why: 'valid: the second unit is free',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(2);
      export async function run(job) {
        const [, release] = await slots.acquire();
        try {
          const [, again] = await slots.acquire();
          again();
          await job();
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-sema Sema(5): a callee that acquires',
    why: 'valid: five tokens; the callee takes another one',
    code: code`
      import { Sema } from 'async-sema';
      const sema = new Sema(5);
      async function save(x) {
        const token = await sema.acquire();
        try {
          await write(x);
        } finally {
          sema.release(token);
        }
      }
      export async function saveTwice(x) {
        const token = await sema.acquire();
        try {
          await save(x);
        } finally {
          sema.release(token);
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-semaphore Semaphore(2): use() inside use()',
    why: 'valid: two holders at once are allowed',
    code: code`
      import { Semaphore } from 'await-semaphore';
      const sem = new Semaphore(2);
      export function run(job) {
        return sem.use(() => sem.use(() => job()));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(1): sequential calls',
    why: 'valid: the second call starts after the first one settled',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(1);
      export async function record(save, a, b) {
        await limit(() => save(a));
        await limit(() => save(b));
      }
    `,
  },
];

// ------------------------------------------------------------ read/write locks

/** Read/write locks: writers exclude everyone, readers share. */
const readWrite: CaseSpec[] = [
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: write inside write',
    why: 'invalid: the writer waits for itself',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        try {
          await rw.write.lock();
          map.set(k, v);
        } finally {
          rw.write.unlock();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'rw.write.lock()', {
        nth: 2,
        data: { lock: 'rw' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read inside write',
    why: 'invalid: a reader waits until the writer, this same code, is done',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        try {
          await rw.read.lock();
          rw.read.unlock();
          map.set(k, v);
        } finally {
          rw.write.unlock();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'rw.read.lock()')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: write inside read',
    why: 'invalid: the writer waits for every reader to leave, this one included',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function upgrade(map, k) {
        await rw.read.lock();
        try {
          await rw.write.lock();
          rw.write.unlock();
          map.delete(k);
        } finally {
          rw.read.unlock();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'rw.write.lock()')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: a callee that reads, under the write side',
    why: 'invalid: snapshot() takes the read side while this function holds the write side',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      async function snapshot(list) {
        await rw.read.lock();
        try {
          return [...list];
        } finally {
          rw.read.unlock();
        }
      }
      export async function append(list, x) {
        await rw.write.lock();
        try {
          list.push(x);
          return await snapshot(list);
        } finally {
          rw.write.unlock();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'snapshot(list)', {
        after: 'export',
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: a reader that returns early',
    why: 'invalid: the early return keeps the read side, so writers wait forever',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function first(list) {
        await rw.read.lock();
        if (list.length === 0) return undefined;
        const x = list[0];
        rw.read.unlock();
        return x;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'rw.read.lock()', {
        data: {
          lock: 'rw',
          exit: 'the return',
          advice: 'call `rw.read.unlock()` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: the wrong side unlocked',
    why: 'invalid: read.unlock() does not release the write side taken here',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        map.set(k, v);
        rw.read.unlock();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'rw.write.lock()', {
        data: {
          exit: 'the end of the function',
          advice: 'call `rw.write.unlock()` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'read-write-mutexify: write side unlocked twice',
    why: 'invalid: the second unlock releases a lock another writer may hold',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        map.set(k, v);
        rw.write.unlock();
        rw.write.unlock();
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'rw.write', {
        after: 'rw.write.unlock();\n',
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'read-write-mutexify: read side unlocked twice',
    why: 'invalid: the reader count drops below what is held',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function count(list) {
        await rw.read.lock();
        const n = list.length;
        rw.read.unlock();
        rw.read.unlock();
        return n;
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'rw.read', {
        after: 'rw.read.unlock();\n',
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: an exclusive request inside a shared one',
    why: 'invalid: the exclusive request waits for the shared holder, the outer callback',
    code: code`
      export function refresh(load) {
        return navigator.locks.request('cache', { mode: 'shared' }, async () => {
          await navigator.locks.request('cache', async () => load());
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        "navigator.locks.request('cache', async () => load())",
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: a shared request inside an exclusive one',
    why: 'invalid: readers wait for the exclusive holder to finish',
    code: code`
      export function refresh(load) {
        return navigator.locks.request('cache', async () => {
          await navigator.locks.request('cache', { mode: 'shared' }, async () => load());
        });
      }
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        "navigator.locks.request('cache', { mode: 'shared' }, async () => load())",
      ),
    ],
  },
  // valid
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read inside read',
    why: 'valid: readers share the lock',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function both(list) {
        await rw.read.lock();
        try {
          await rw.read.lock();
          try {
            return list.length;
          } finally {
            rw.read.unlock();
          }
        } finally {
          rw.read.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: writer released in finally',
    why: 'valid: the write side is released on every path',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        try {
          map.set(k, v);
        } finally {
          rw.write.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: reader released before each return',
    why: 'valid: both ways out release the read side',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function first(list) {
        await rw.read.lock();
        if (list.length === 0) {
          rw.read.unlock();
          return undefined;
        }
        const x = list[0];
        rw.read.unlock();
        return x;
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: write after the read side is released',
    why: 'valid: the read side is given back before the write side is taken',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function upgrade(map, k) {
        await rw.read.lock();
        const has = map.has(k);
        rw.read.unlock();
        if (!has) return;
        await rw.write.lock();
        try {
          map.delete(k);
        } finally {
          rw.write.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: a callee that reads, under the read side',
    why: 'valid: the callee takes the read side, which readers share',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      async function size(list) {
        await rw.read.lock();
        try {
          return list.length;
        } finally {
          rw.read.unlock();
        }
      }
      export async function report(list) {
        await rw.read.lock();
        try {
          return (await size(list)) + 1;
        } finally {
          rw.read.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: two locks, write inside write',
    why: 'valid: rwA and rwB are different locks',
    code: code`
      import RW from 'read-write-mutexify';
      const rwA = new RW();
      const rwB = new RW();
      export async function move(a, b, k) {
        await rwA.write.lock();
        try {
          await rwB.write.lock();
          try {
            b.set(k, a.get(k));
            a.delete(k);
          } finally {
            rwB.write.unlock();
          }
        } finally {
          rwA.write.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'read-write-mutexify: each side unlocked once',
    why: 'valid: the read and write sides are released once each, in turn',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function copy(map, k, k2) {
        await rw.read.lock();
        const v = map.get(k);
        rw.read.unlock();
        await rw.write.lock();
        map.set(k2, v);
        rw.write.unlock();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: shared inside shared',
    why: 'valid: shared requests on one name are granted together',
    code: code`
      export function refresh(load) {
        return navigator.locks.request('cache', { mode: 'shared' }, async () => {
          await navigator.locks.request('cache', { mode: 'shared' }, async () => load());
        });
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: write side in a class field',
    why: 'valid: this.rw is a read/write lock, released in finally',
    code: code`
      import RW from 'read-write-mutexify';
      export class Store {
        rw = new RW();
        async put(map, k, v) {
          await this.rw.write.lock();
          try {
            map.set(k, v);
          } finally {
            this.rw.write.unlock();
          }
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read inside read in a class',
    why: 'valid: this.rw.read taken twice is shared',
    code: code`
      import RW from 'read-write-mutexify';
      export class Store {
        rw = new RW();
        async both(list) {
          await this.rw.read.lock();
          try {
            await this.rw.read.lock();
            this.rw.read.unlock();
            return list.length;
          } finally {
            this.rw.read.unlock();
          }
        }
      }
    `,
  },
];

// ------------------------------------------------------------------ file locks

/** File locks keyed by path: module-level functions (proper-lockfile) and continuations (lockfile). */
const fileLocks: CaseSpec[] = [
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: the lock file stays when the write throws',
    why: 'invalid: without try/finally a rejected write skips release()',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        const release = await lock(file);
        await fs.appendFile(file, line);
        await release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'lock(file)', {
        data: {
          lock: 'proper-lockfile[~file]',
          exit: 'the await, if it rejects',
          advice: 'call `await release()` in `finally`',
        },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import { lock } from 'proper-lockfile';
              export async function append(fs, file, line) {
                const release = await lock(file);
                try {
                  await fs.appendFile(file, line);
                } finally {
                  await release();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: an early return',
    why: 'invalid: the return leaves the file locked until the lock goes stale',
    code: code`
      import { lockSync } from 'proper-lockfile';
      export function touch(fs, file, skip) {
        const release = lockSync(file);
        if (skip) return;
        fs.utimesSync(file, new Date(), new Date());
        release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'lockSync(file)', {
        data: { exit: 'the return', advice: 'call `release()` in `finally`' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import { lockSync } from 'proper-lockfile';
              export function touch(fs, file, skip) {
                const release = lockSync(file);
                try {
                  if (skip) return;
                  fs.utimesSync(file, new Date(), new Date());
                } finally {
                  release();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'proper-lockfile: the release function called twice',
    why: 'invalid: the second call rejects with ERELEASED',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        const release = await lock(file);
        try {
          await fs.appendFile(file, line);
        } finally {
          await release();
        }
        await release();
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'release', {
        after: 'finally {\n    await release();\n  }\n  await ',
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: the same path locked twice',
    why: 'invalid: the second lock() of a path this process holds rejects with ELOCKED',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        const release = await lock(file);
        try {
          const again = await lock(file);
          await again();
        } finally {
          await release();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'lock(file)', {
        nth: 2,
        data: { lock: 'proper-lockfile[~file]' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: a callee that locks the same path',
    why: 'invalid: write(file) locks the file the caller holds',
    code: code`
      import { lock } from 'proper-lockfile';
      async function write(fs, file, line) {
        const release = await lock(file);
        try {
          await fs.appendFile(file, line);
        } finally {
          await release();
        }
      }
      export async function writeTwice(fs, path, line) {
        const release = await lock(path);
        try {
          await write(fs, path, line);
        } finally {
          await release();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'write(fs, path, line)', {
        data: { lock: 'proper-lockfile[~path]' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile (namespace import): a literal path locked twice',
    why: 'invalid: lockfile.lock("db.json") while holding it rejects',
    code: code`
      import * as lockfile from 'proper-lockfile';
      export async function both() {
        const a = await lockfile.lock('db.json');
        try {
          const b = await lockfile.lock('db.json');
          await b();
        } finally {
          await a();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', "lockfile.lock('db.json')", {
        nth: 2,
        data: { lock: 'lockfile["db.json"]' },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: the continuation returns with the lock held',
    why: 'invalid: the callback holds the lock once error is null; the early return never unlocks',
    code: code`
      import { lock, unlock } from 'lockfile';
      export function append(fs, path, line, done) {
        lock(path, (error) => {
          if (error) return done(error);
          if (line === '') return done(null);
          fs.appendFileSync(path, line);
          unlock(path, done);
        });
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return done(null);', {
        data: {
          lock: 'lockfile[~path]',
          exit: 'the return',
          advice: 'call `unlock(path)` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: a continuation that never unlocks',
    why: 'invalid: the end of the callback keeps the lock file',
    code: code`
      import { lock } from 'lockfile';
      export function append(fs, path, line) {
        lock(path, { wait: 100 }, (err) => {
          if (err != null) return;
          fs.appendFileSync(path, line);
        });
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', '}', {
        after: 'appendFileSync(path, line);\n  ',
        data: { exit: 'the end of the function' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'lockfile: lockSync of a path held by this code',
    why: 'invalid: lockSync throws EEXIST for a lock file this process created',
    code: code`
      import { lockSync, unlockSync } from 'lockfile';
      export function appendTwice(fs, path, line) {
        lockSync(path);
        try {
          lockSync(path);
          fs.appendFileSync(path, line);
        } finally {
          unlockSync(path);
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'lockSync(path)', { nth: 2 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'lockfile: a callee that locks the same path',
    why: 'invalid: appendSync(path) locks the file the caller holds',
    code: code`
      import { lockSync, unlockSync } from 'lockfile';
      function appendSync(fs, path, line) {
        lockSync(path);
        try {
          fs.appendFileSync(path, line);
        } finally {
          unlockSync(path);
        }
      }
      export function appendNested(fs, p, line) {
        lockSync(p);
        try {
          appendSync(fs, p, line);
        } finally {
          unlockSync(p);
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'appendSync(fs, p, line)', {
        data: { lock: 'lockfile[~p]' },
      }),
    ],
  },
  // valid
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: released in finally',
    why: 'valid: the release function runs on every path',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        const release = await lock(file, { retries: 3 });
        try {
          await fs.appendFile(file, line);
        } finally {
          await release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: released by path with unlock()',
    why: 'valid: unlock(file) releases the lock taken for the same path',
    code: code`
      import { lock, unlock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        await lock(file);
        try {
          await fs.appendFile(file, line);
        } finally {
          await unlock(file);
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: two different paths',
    why: 'valid: a and b are different files (different keys)',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function copy(fs, a, b) {
        const ra = await lock(a);
        try {
          const rb = await lock(b);
          try {
            await fs.copyFile(a, b);
          } finally {
            await rb();
          }
        } finally {
          await ra();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: locked again after release',
    why: 'valid: the first lock is released before the path is locked again',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function twice(fs, file) {
        const r1 = await lock(file);
        await r1();
        const r2 = await lock(file);
        await r2();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: a callee that locks another path',
    why: 'valid: write() locks its own argument, which is not the held path',
    code: code`
      import { lock } from 'proper-lockfile';
      async function write(fs, file, line) {
        const release = await lock(file);
        try {
          await fs.appendFile(file, line);
        } finally {
          await release();
        }
      }
      export async function mirror(fs, src, dst, line) {
        const release = await lock(src);
        try {
          await write(fs, dst, line);
        } finally {
          await release();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: check() asserted, nothing taken',
    why: 'valid: check(file) only asks; this code takes no lock and owes no release',
    code: code`
      import { check } from 'proper-lockfile';
      export async function appendHeld(fs, file, line) {
        if (!(await check(file))) throw new Error('not locked');
        await fs.appendFile(file, line);
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: unlocked on both outcomes of the work',
    why: 'valid: the continuation unlocks on the error path and at the end',
    code: code`
      import { lock, unlock } from 'lockfile';
      export function append(fs, path, line, done) {
        lock(path, { wait: 100 }, (error) => {
          if (error) return done(error);
          try {
            fs.appendFileSync(path, line);
          } catch (e) {
            return unlock(path, () => done(e));
          }
          unlock(path, done);
        });
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: the failure branch of the continuation',
    why: 'valid: when error is set the lock was never taken, so returning there leaks nothing',
    code: code`
      import { lock, unlockSync } from 'lockfile';
      export function append(fs, path, line, done) {
        lock(path, (error) => {
          if (error !== null) {
            done(error);
            return;
          }
          fs.appendFileSync(path, line);
          unlockSync(path);
          done(null);
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'lockfile: sequential lockSync of one path',
    why: 'valid: each lockSync is undone by unlockSync before the next',
    code: code`
      import { lockSync, unlockSync } from 'lockfile';
      export function twice(fs, path, a, b) {
        lockSync(path);
        fs.appendFileSync(path, a);
        unlockSync(path);
        lockSync(path);
        fs.appendFileSync(path, b);
        unlockSync(path);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'lockfile: lock() inside a held lock, on another path',
    why: 'valid: the continuation takes a different file',
    code: code`
      import { lockSync, unlockSync, lock, unlock } from 'lockfile';
      export function pair(a, b, done) {
        lockSync(a);
        try {
          lock(b, (err) => {
            if (err) return done(err);
            unlock(b, done);
          });
        } finally {
          unlockSync(a);
        }
      }
    `,
  },
];

/** More try-lock, capacity, read/write and file-lock cases. */
const more: CaseSpec[] = [
  // try-locks, invalid
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore Semaphore tryAcquire: early return',
    why: 'invalid: a successful tryAcquire() holds a unit that the early return never gives back',
    code: code`
      import { Semaphore } from 'redis-semaphore';
      const slots = new Semaphore(redis, 'jobs', 3);
      export async function run(job) {
        if (!(await slots.tryAcquire())) return false;
        if (!job) return false;
        try {
          await job();
        } finally {
          await slots.release();
        }
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return false;', {
        nth: 2,
        data: { lock: 'slots', exit: 'the return' },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: a rejected await on the taken branch',
    why: 'invalid: without try/finally, a rejection of save() leaves with the lock held',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function add(save, x) {
        if (!lock.tryAcquire()) return false;
        await save(x);
        lock.release();
        return true;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'await save(x)', {
        data: { exit: 'the await, if it rejects' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              const lock = new AwaitLock();
              export async function add(save, x) {
                if (!lock.tryAcquire()) return false;
                try {
                  await save(x);
                } finally {
                  lock.release();
                }
                return true;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire on a class field: early return',
    why: 'invalid: this.lock is an AwaitLock; the taken branch returns without release()',
    code: code`
      import AwaitLock from 'await-lock';
      export class Journal {
        lock = new AwaitLock();
        add(list, x) {
          if (!this.lock.tryAcquire()) return false;
          if (x === '') return false;
          list.push(x);
          this.lock.release();
          return true;
        }
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return false;', {
        nth: 2,
        data: {
          lock: 'this.lock',
          advice: 'call `this.lock.release()` in `finally`',
        },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              export class Journal {
                lock = new AwaitLock();
                add(list, x) {
                  if (!this.lock.tryAcquire()) return false;
                  try {
                    if (x === '') return false;
                    list.push(x);
                  } finally {
                    this.lock.release();
                  }
                  return true;
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: a return nested two ifs deep',
    why: 'invalid: the inner return is on the taken branch and skips release()',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, a, b) {
        if (!lock.tryAcquire()) return;
        if (a) {
          if (b) return;
          list.push(a);
        }
        lock.release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'return;', {
        nth: 2,
        data: { exit: 'the return' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              const lock = new AwaitLock();
              export function add(list, a, b) {
                if (!lock.tryAcquire()) return;
                try {
                  if (a) {
                    if (b) return;
                    list.push(a);
                  }
                } finally {
                  lock.release();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: a throw from a switch on the taken branch',
    why: 'invalid: the default case throws while the lock is held',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function apply(list, op) {
        if (!lock.tryAcquire()) return;
        switch (op.kind) {
          case 'push':
            list.push(op.value);
            break;
          default:
            throw new Error('unknown op');
        }
        lock.release();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', "throw new Error('unknown op');", {
        data: { exit: 'the throw' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import AwaitLock from 'await-lock';
              const lock = new AwaitLock();
              export function apply(list, op) {
                if (!lock.tryAcquire()) return;
                try {
                  switch (op.kind) {
                    case 'push':
                      list.push(op.value);
                      break;
                    default:
                      throw new Error('unknown op');
                  }
                } finally {
                  lock.release();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'await-lock tryAcquire: released in finally and again after',
    why: 'invalid: finally already released the lock the try-lock took',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (!lock.tryAcquire()) return;
        try {
          list.push(x);
        } finally {
          lock.release();
        }
        lock.release();
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'lock', { after: '  }\n  ' }),
    ],
  },
  // try-locks, valid
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: the failure block logs and returns',
    why: 'valid: the block runs only when the attempt failed; nothing is held there',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x, log) {
        if (!lock.tryAcquire()) {
          log('busy');
          return false;
        }
        try {
          list.push(x);
        } finally {
          lock.release();
        }
        return true;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire (async function): awaited work in try/finally',
    why: 'valid: the awaited work runs in try, and finally releases the try-lock',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export async function add(save, x) {
        if (!lock.tryAcquire()) return false;
        try {
          await save(x);
        } finally {
          lock.release();
        }
        return true;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'redis-semaphore Semaphore tryAcquire: released in finally',
    why: 'valid: a unit is held only after a successful attempt and always given back',
    code: code`
      import { Semaphore } from 'redis-semaphore';
      const slots = new Semaphore(redis, 'jobs', 3);
      export async function run(job) {
        if (await slots.tryAcquire()) {
          try {
            await job();
          } finally {
            await slots.release();
          }
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire: released on both inner branches',
    why: 'valid: each branch under the taken lock ends with release()',
    code: code`
      import AwaitLock from 'await-lock';
      const lock = new AwaitLock();
      export function add(list, x) {
        if (lock.tryAcquire()) {
          if (x) {
            list.push(x);
            lock.release();
          } else {
            lock.release();
          }
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'await-lock tryAcquire on a class field, released in finally',
    why: 'valid: this.lock is released on every path of the taken branch',
    code: code`
      import AwaitLock from 'await-lock';
      export class Journal {
        lock = new AwaitLock();
        add(list, x) {
          if (!this.lock.tryAcquire()) return false;
          try {
            list.push(x);
            return true;
          } finally {
            this.lock.release();
          }
        }
      }
    `,
  },
  // capacity, invalid
  {
    rule: 'no-self-deadlock',
    name: 'redis-semaphore Semaphore limit 1: acquire while holding it',
    why: 'invalid: the limit (third constructor argument) is one, held by this code',
    code: code`
      import { Semaphore } from 'redis-semaphore';
      const s = new Semaphore(redis, 'jobs', 1);
      export async function run(job) {
        await s.acquire();
        try {
          await s.acquire();
          await job();
        } finally {
          await s.release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 's.acquire()', { nth: 2 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(1): limit() inside a map callback under the limiter',
    why: 'invalid: the map callback runs now, inside the only slot',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(1);
      export function saveAll(save, items) {
        return limit(() => Promise.all(items.map((i) => limit(() => save(i)))));
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'limit(() => save(i))')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'semaphore(1) from require(): take inside take',
    why: 'invalid: require("semaphore")(1) is a semaphore of one',
    code: code`
      const sem = require('semaphore')(1);
      exports.record = function record(list, x) {
        sem.take((leave) => {
          sem.take((inner) => {
            list.push(x);
            inner();
          });
          leave();
        });
      };
    `,
    findings: [
      f(
        'no-self-deadlock',
        'relock',
        'sem.take((inner) => {\n      list.push(x);\n      inner();\n    })',
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore(1): runExclusive while holding a unit',
    why: 'invalid: the acquire() above holds the only unit that runExclusive needs',
    code: code`
      import { Semaphore } from 'async-mutex';
      const slots = new Semaphore(1);
      export async function run(job) {
        const [, release] = await slots.acquire();
        try {
          await slots.runExclusive(() => job());
        } finally {
          release();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'slots.runExclusive(() => job())'),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'await-semaphore Semaphore(1): use() while holding acquire()',
    why: 'invalid: use() waits for the unit this function holds',
    code: code`
      import { Semaphore } from 'await-semaphore';
      const sem = new Semaphore(1);
      export async function run(job) {
        const release = await sem.acquire();
        try {
          await sem.use(() => job());
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'sem.use(() => job())')],
  },
  // capacity, valid
  {
    rule: 'no-self-deadlock',
    name: 'redis-semaphore Semaphore limit 3: acquire while holding one',
    why: 'valid: two more units are free',
    code: code`
      import { Semaphore } from 'redis-semaphore';
      const s = new Semaphore(redis, 'jobs', 3);
      export async function run(job) {
        await s.acquire();
        try {
          await s.acquire();
          await job();
          await s.release();
        } finally {
          await s.release();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-limit(1): a timer callback calls limit() later',
    why: 'valid: the timer callback runs after the slot is given back',
    code: code`
      import pLimit from 'p-limit';
      const limit = pLimit(1);
      export function record(save, entry) {
        return limit(() => {
          setTimeout(() => limit(() => save(entry)), 0);
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'semaphore(2) from require(): take inside take',
    why: 'valid: two units; the inner task gets the second one',
    code: code`
      const sem = require('semaphore')(2);
      exports.record = function record(list, x) {
        sem.take((leave) => {
          sem.take((inner) => {
            list.push(x);
            inner();
          });
          leave();
        });
      };
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex Semaphore with an unknown capacity',
    why: 'valid: new Semaphore(n) may admit several holders; re-entry is not known to deadlock',
    code: code`
      import { Semaphore } from 'async-mutex';
      export function make(n) {
        const slots = new Semaphore(n);
        return async (job) => {
          const [, release] = await slots.acquire();
          try {
            const [, again] = await slots.acquire();
            again();
            await job();
          } finally {
            release();
          }
        };
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'p-queue concurrency 1: tasks added one after another',
    why: 'valid: tasks added from outside the queue run in turn',
    code: code`
      import PQueue from 'p-queue';
      const queue = new PQueue({ concurrency: 1 });
      export async function saveBoth(save, a, b) {
        await queue.add(() => save(a));
        await queue.add(() => save(b));
      }
    `,
  },
  // read/write, invalid
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: a throw under the write side',
    why: 'invalid: the throw leaves the write side held; every reader and writer waits forever',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function put(map, k, v) {
        await rw.write.lock();
        if (v === undefined) throw new Error('no value');
        map.set(k, v);
        rw.write.unlock();
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'rw.write.lock()', {
        data: { exit: 'the throw' },
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import RW from 'read-write-mutexify';
              const rw = new RW();
              export async function put(map, k, v) {
                await rw.write.lock();
                try {
                  if (v === undefined) throw new Error('no value');
                  map.set(k, v);
                } finally {
                  rw.write.unlock();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read inside write on a class field',
    why: 'invalid: this.rw.read waits for the writer, which is this method',
    code: code`
      import RW from 'read-write-mutexify';
      export class Store {
        rw = new RW();
        async put(map, k, v) {
          await this.rw.write.lock();
          try {
            await this.rw.read.lock();
            this.rw.read.unlock();
            map.set(k, v);
          } finally {
            this.rw.write.unlock();
          }
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'relock', 'this.rw.read.lock()', {
        data: { lock: 'this.rw' },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: the write side unlocked for a read lock',
    why: 'invalid: write.unlock() does not give back the read side taken here',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function count(list) {
        await rw.read.lock();
        const n = list.length;
        rw.write.unlock();
        return n;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'rw.read.lock()', {
        data: {
          exit: 'the return',
          advice: 'call `rw.read.unlock()` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: a rejected await under the read side',
    why: 'invalid: a rejection of load() leaves the read side held',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function refresh(load) {
        await rw.read.lock();
        const data = await load();
        rw.read.unlock();
        return data;
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'rw.read.lock()', {
        data: { exit: 'the await, if it rejects' },
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: a callee requests the name exclusively under a shared hold',
    why: 'invalid: rebuild() requests "cache" exclusively while this callback holds it shared',
    code: code`
      function rebuild(load) {
        return navigator.locks.request('cache', () => load());
      }
      export function refresh(load) {
        return navigator.locks.request('cache', { mode: 'shared' }, () => rebuild(load));
      }
    `,
    findings: [
      f('no-self-deadlock', 'calleeLocks', 'rebuild(load)', {
        after: 'export',
      }),
    ],
  },
  // read/write, valid
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks: exclusive requests on different names',
    why: 'valid: "a" and "b" are different locks',
    code: code`
      export function both(load) {
        return navigator.locks.request('a', async () => {
          await navigator.locks.request('b', async () => load());
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read side taken after the write side is released',
    why: 'valid: the write side is given back first',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function putAndCount(map, k, v) {
        await rw.write.lock();
        map.set(k, v);
        rw.write.unlock();
        await rw.read.lock();
        const n = map.size;
        rw.read.unlock();
        return n;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'read-write-mutexify: a read lock per loop round',
    why: 'valid: each round releases the read side it took',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function sizes(maps) {
        const out = [];
        for (const m of maps) {
          await rw.read.lock();
          out.push(m.size);
          rw.read.unlock();
        }
        return out;
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'read-write-mutexify: read and write of two class fields',
    why: 'valid: this.meta and this.data are different read/write locks',
    code: code`
      import RW from 'read-write-mutexify';
      export class Store {
        meta = new RW();
        data = new RW();
        async put(map, k, v) {
          await this.meta.read.lock();
          try {
            await this.data.write.lock();
            try {
              map.set(k, v);
            } finally {
              this.data.write.unlock();
            }
          } finally {
            this.meta.read.unlock();
          }
        }
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'read-write-mutexify: two readers, two unlocks',
    why: 'valid: each read hold is given back once',
    code: code`
      import RW from 'read-write-mutexify';
      const rw = new RW();
      export async function both(a, b) {
        await rw.read.lock();
        await rw.read.lock();
        const n = a.size + b.size;
        rw.read.unlock();
        rw.read.unlock();
        return n;
      }
    `,
  },
  // file locks, invalid
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: lockSync of a path held by lockSync',
    why: 'invalid: the second lockSync of the same file throws ELOCKED',
    code: code`
      import { lockSync } from 'proper-lockfile';
      export function touch(fs, file) {
        const release = lockSync(file);
        try {
          const again = lockSync(file);
          again();
          fs.utimesSync(file, new Date(), new Date());
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'lockSync(file)', { nth: 2 })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'proper-lockfile: unlock(file) twice',
    why: 'invalid: the second unlock of the path rejects with ENOTACQUIRED',
    code: code`
      import { lock, unlock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        await lock(file);
        try {
          await fs.appendFile(file, line);
        } finally {
          await unlock(file);
        }
        await unlock(file);
      }
    `,
    findings: [
      f('no-use-after-unlock', 'doubleUnlock', 'unlock', {
        after: '  }\n  await ',
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: lockSync never undone',
    why: 'invalid: the function ends with the lock file still there',
    code: code`
      import { lockSync } from 'lockfile';
      export function append(fs, path, line) {
        lockSync(path);
        fs.appendFileSync(path, line);
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleased', 'lockSync(path)', {
        data: {
          lock: 'lockfile[~path]',
          exit: 'the end of the function',
          advice: 'call `unlockSync(path)` in `finally`',
        },
      }),
    ],
  },
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: lock with options, early return',
    why: 'invalid: options do not change that the return skips release()',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function append(fs, file, line) {
        const release = await lock(file, { stale: 5000, retries: 2 });
        if (line === '') return;
        try {
          await fs.appendFile(file, line);
        } finally {
          await release();
        }
      }
    `,
    findings: [
      f(
        'no-lock-leak',
        'notReleased',
        'lock(file, { stale: 5000, retries: 2 })',
        { data: { exit: 'the return' } },
      ),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'lockfile: lockSync of the path inside its own continuation',
    why: 'invalid: the continuation holds the lock file; lockSync of it throws EEXIST',
    code: code`
      import { lock, lockSync, unlockSync } from 'lockfile';
      export function append(fs, path, line, done) {
        lock(path, (error) => {
          if (error) return done(error);
          lockSync(path);
          fs.appendFileSync(path, line);
          unlockSync(path);
          done(null);
        });
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'lockSync(path)')],
  },
  // file locks, valid
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: lockSync and unlockSync by path',
    why: 'valid: unlockSync(file) in finally releases the lock of the same path',
    code: code`
      import { lockSync, unlockSync } from 'proper-lockfile';
      export function touch(fs, file) {
        lockSync(file);
        try {
          fs.utimesSync(file, new Date(), new Date());
        } finally {
          unlockSync(file);
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: lockSync in try/finally',
    why: 'valid: unlockSync runs on every path',
    code: code`
      import { lockSync, unlockSync } from 'lockfile';
      export function append(fs, path, line) {
        lockSync(path);
        try {
          fs.appendFileSync(path, line);
        } finally {
          unlockSync(path);
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'proper-lockfile: two literal paths',
    why: 'valid: "a.json" and "b.json" are different lock files',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function both() {
        const ra = await lock('a.json');
        try {
          const rb = await lock('b.json');
          await rb();
        } finally {
          await ra();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'proper-lockfile: the release function handed on',
    why: 'valid: whoever receives release owes the call; this function does not leak it',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function open(file, registry) {
        const release = await lock(file);
        registry.add(file, release);
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'lockfile: failure block, then unlock with a callback',
    why: 'valid: the error block holds nothing; the success path unlocks',
    code: code`
      import { lock, unlock } from 'lockfile';
      export function append(fs, path, line, done) {
        lock(path, { retries: 2 }, (err) => {
          if (err) {
            done(err);
            return;
          }
          fs.appendFileSync(path, line);
          unlock(path, done);
        });
      }
    `,
  },
];

presets.push(...tryLocks, ...capacity, ...readWrite, ...fileLocks, ...more);
