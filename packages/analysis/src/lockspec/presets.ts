/**
 * The built-in lock presets: the XArray, Web Locks, and every lock library on
 * npm with more than a million downloads a month, each written from the
 * library's published `.d.ts` and source and checked against the library at
 * run time by `@lockctx/presets-fixtures`.
 *
 * Versions in `checkedAgainst` are the ones installed there.
 */
import { XARRAY_PRESET } from '../presets/xarray.js';
import { toLockSpec } from './compat.js';
import type { Acquisition, LockSpec, Wrapper } from './types.js';

/** async-mutex's `withTimeout` and `tryAcquire` wrap a Mutex or Semaphore. */
const ASYNC_MUTEX_WRAPPERS: Wrapper[] = [
  // `withTimeout(m, ms)`: acquire() rejects with E_TIMEOUT after `ms`.
  { export: 'withTimeout', lockArg: 0, attempt: { failure: 'reject' } },
  // `tryAcquire(m)`: acquire() rejects with E_ALREADY_LOCKED at once.
  { export: 'tryAcquire', lockArg: 0, attempt: { failure: 'reject' } },
];

/** The XArray's spin lock (built in): `lock()` → `Guard`, `withLock(g => …)`. */
export const XARRAY: LockSpec = {
  ...toLockSpec(XARRAY_PRESET),
  description:
    "The XArray's lock, a spin lock: never held across await, not re-entrant; lock-requiring operations live on its Guard.",
  checkedAgainst: '@lockctx/xarray@0.1.0',
};

/** `navigator.locks.request(name, [options], callback)`. */
export const WEB_LOCKS: LockSpec = {
  id: 'web-locks',
  kind: 'keyed-mutex',
  description:
    'Web Locks: the named lock is held until the promise returned by the callback settles; shared or exclusive.',
  checkedAgainst: 'TypeScript lib.dom LockManager (5.9)',
  sources: [
    { from: 'global', path: ['navigator', 'locks'] },
    { from: 'type', name: 'LockManager', role: 'lockable' },
    { from: 'type', name: 'Lock', role: 'handle' },
  ],
  acquire: [
    {
      form: 'callback',
      method: 'request',
      callback: 'last',
      async: true,
      heldUntil: 'settle',
      params: ['lock-info'],
      key: { arg: 0 },
      modeOption: {
        arg: 1,
        property: 'mode',
        shared: 'shared',
        default: 'exclusive',
      },
      attempts: [
        // `ifAvailable: true`: the callback runs at once with `null`.
        {
          failure: 'null-param',
          when: {
            on: 'acquire',
            arg: 1,
            property: 'ifAvailable',
            equals: true,
          },
        },
        // An aborted `signal` rejects a request that is still waiting.
        {
          failure: 'reject',
          when: { on: 'acquire', arg: 1, property: 'signal' },
        },
      ],
    },
  ],
  spin: false,
  reentrant: false,
};

/** async-mutex `Mutex`. */
export const ASYNC_MUTEX_MUTEX: LockSpec = {
  id: 'async-mutex.Mutex',
  kind: 'mutex',
  description:
    "async-mutex's Mutex: acquire() resolves to a releaser, runExclusive(cb) holds it until cb settles; sleeping, not re-entrant.",
  checkedAgainst: 'async-mutex@0.5.0',
  sources: [
    { from: 'package', package: 'async-mutex', export: 'Mutex', create: 'new' },
    { from: 'type', package: 'async-mutex', name: 'Mutex', role: 'lockable' },
    {
      from: 'type',
      package: 'async-mutex',
      name: 'MutexInterface',
      role: 'lockable',
    },
    {
      from: 'type',
      package: 'async-mutex',
      name: 'MutexInterface.Releaser',
      role: 'handle',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'acquire',
      async: true,
      yields: { kind: 'releaser' },
    },
    {
      form: 'callback',
      method: 'runExclusive',
      callback: 0,
      async: true,
      heldUntil: 'settle',
    },
  ],
  release: [
    { by: 'handle' },
    { by: 'lockable', method: 'release', passes: 'none' },
  ],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'isLocked', call: true }],
  waitsForRelease: ['waitForUnlock'],
  wrappers: ASYNC_MUTEX_WRAPPERS,
};

/** async-mutex `Semaphore`. */
export const ASYNC_MUTEX_SEMAPHORE: LockSpec = {
  id: 'async-mutex.Semaphore',
  kind: 'semaphore',
  description:
    "async-mutex's Semaphore(n): acquire(weight) resolves to [value, releaser]; runExclusive(cb, weight).",
  checkedAgainst: 'async-mutex@0.5.0',
  sources: [
    {
      from: 'package',
      package: 'async-mutex',
      export: 'Semaphore',
      create: 'new',
    },
    {
      from: 'type',
      package: 'async-mutex',
      name: 'Semaphore',
      role: 'lockable',
    },
    {
      from: 'type',
      package: 'async-mutex',
      name: 'SemaphoreInterface',
      role: 'lockable',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'acquire',
      async: true,
      yields: { kind: 'tuple', releaser: 1 },
      weight: { arg: 0, default: 1 },
    },
    {
      form: 'callback',
      method: 'runExclusive',
      callback: 0,
      async: true,
      heldUntil: 'settle',
      params: ['value'],
      weight: { arg: 1, default: 1 },
    },
  ],
  release: [
    { by: 'handle' },
    {
      by: 'lockable',
      method: 'release',
      passes: 'none',
      weight: { arg: 0, default: 1 },
    },
  ],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0 } },
  asserts: [{ member: 'isLocked', call: true }],
  waitsForRelease: ['waitForUnlock'],
  wrappers: ASYNC_MUTEX_WRAPPERS,
};

/** async-lock: `lock.acquire(key, fn[, cb][, opts])`. */
export const ASYNC_LOCK: LockSpec = {
  id: 'async-lock',
  kind: 'keyed-mutex',
  description:
    "async-lock: acquire(key, fn) holds the key's lock until fn's promise settles (or fn calls done); keys are lock names.",
  checkedAgainst: 'async-lock@1.5.0 with @types/async-lock@1.4.2',
  sources: [
    {
      from: 'package',
      package: 'async-lock',
      export: 'default',
      create: 'new',
    },
    {
      from: 'type',
      package: 'async-lock',
      name: 'AsyncLock',
      role: 'lockable',
    },
  ],
  acquire: [
    {
      form: 'callback',
      method: 'acquire',
      callback: 1,
      async: true,
      heldUntil: 'settle',
      doneParam: 0,
      key: { arg: 0, array: true },
      // A timeout rejects instead of waiting. (So does a full queue, past
      // maxPending, 1000 by default: an overload, not a way to try-lock.)
      attempts: [
        {
          failure: 'reject',
          when: { on: 'constructor', arg: 0, property: 'timeout' },
        },
        {
          failure: 'reject',
          when: { on: 'acquire', arg: 'last', property: 'timeout' },
        },
      ],
    },
  ],
  spin: false,
  reentrant: {
    on: 'constructor',
    arg: 0,
    property: 'domainReentrant',
    equals: true,
  },
  asserts: [{ member: 'isBusy', call: true, key: { arg: 0 } }],
};

/** async-sema `Sema`. */
export const ASYNC_SEMA: LockSpec = {
  id: 'async-sema.Sema',
  kind: 'semaphore',
  description:
    "async-sema's Sema(n): acquire() resolves to a token handed back to release(token); tryAcquire() returns a token or undefined.",
  checkedAgainst: 'async-sema@3.1.1',
  sources: [
    { from: 'package', package: 'async-sema', export: 'Sema', create: 'new' },
    { from: 'type', package: 'async-sema', name: 'Sema', role: 'lockable' },
  ],
  acquire: [
    { form: 'call', method: 'acquire', async: true, yields: { kind: 'token' } },
    {
      form: 'call',
      method: 'tryAcquire',
      async: false,
      yields: { kind: 'token' },
      attempts: [{ failure: 'undefined' }],
    },
  ],
  release: [{ by: 'lockable', method: 'release', passes: 'handle' }],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0 } },
  // drain() takes every token: waiting for it while holding one never ends.
  waitsForRelease: ['drain'],
};

/** mutexify (callback form): `lock(release => … release())`. */
export const MUTEXIFY: LockSpec = {
  id: 'mutexify',
  kind: 'mutex',
  description:
    'mutexify: lock(cb) calls cb(release) once the lock is free; held until release is called, not when cb returns.',
  checkedAgainst: 'mutexify@1.4.0 with @types/mutexify@1.2.4',
  sources: [
    { from: 'package', package: 'mutexify', export: 'default', create: 'call' },
  ],
  acquire: [
    {
      form: 'callback',
      method: null,
      callback: 0,
      async: false,
      heldUntil: 'release-param',
      params: ['releaser'],
    },
  ],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'locked', call: false }],
};

/** mutexify/promise: `const release = await lock()`. */
export const MUTEXIFY_PROMISE: LockSpec = {
  id: 'mutexify/promise',
  kind: 'mutex',
  description: 'mutexify/promise: calling the lock resolves to a releaser.',
  checkedAgainst: 'mutexify@1.4.0 with @types/mutexify@1.2.4',
  sources: [
    {
      from: 'package',
      package: 'mutexify/promise',
      export: 'default',
      create: 'call',
    },
    // The spelling Node.js ESM needs: the package has no `exports` map.
    {
      from: 'package',
      package: 'mutexify/promise.js',
      export: 'default',
      create: 'call',
    },
  ],
  acquire: [
    { form: 'call', method: null, async: true, yields: { kind: 'releaser' } },
  ],
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
  // A getter at run time; @types/mutexify's promise.d.ts does not declare it.
  asserts: [{ member: 'locked', call: false }],
};

/** read-write-mutexify: `await rw.write.lock()` … `rw.write.unlock()`. */
export const READ_WRITE_MUTEXIFY: LockSpec = {
  id: 'read-write-mutexify',
  kind: 'rwlock',
  description:
    'read-write-mutexify: rw.write.lock() takes it exclusively, rw.read.lock() shared; each side has its own unlock().',
  checkedAgainst: 'read-write-mutexify@2.1.0 (ships no types)',
  sources: [
    {
      from: 'package',
      package: 'read-write-mutexify',
      export: 'default',
      create: 'new',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'lock',
      via: ['write'],
      mode: 'exclusive',
      async: true,
      yields: { kind: 'none' },
    },
    {
      form: 'call',
      method: 'lock',
      via: ['read'],
      mode: 'shared',
      async: true,
      yields: { kind: 'none' },
    },
  ],
  release: [
    { by: 'lockable', method: 'unlock', via: ['write'], passes: 'none' },
    { by: 'lockable', method: 'unlock', via: ['read'], passes: 'none' },
  ],
  spin: false,
  reentrant: false,
  // `write.locked` is true while a writer or any reader holds it.
  asserts: [{ member: 'locked', call: false, via: ['write'] }],
};

/** await-lock: `await lock.acquireAsync()` … `lock.release()`. */
export const AWAIT_LOCK: LockSpec = {
  id: 'await-lock',
  kind: 'mutex',
  description:
    'await-lock: acquireAsync() resolves once held, tryAcquire() returns whether it took it; release() on the lock.',
  checkedAgainst: 'await-lock@3.0.0',
  sources: [
    {
      from: 'package',
      package: 'await-lock',
      export: 'default',
      create: 'new',
    },
    {
      from: 'type',
      package: 'await-lock',
      name: 'AwaitLock',
      role: 'lockable',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'acquireAsync',
      async: true,
      yields: { kind: 'none' },
      attempts: [
        {
          failure: 'reject',
          when: { on: 'acquire', arg: 0, property: 'timeout' },
        },
      ],
    },
    {
      form: 'call',
      method: 'tryAcquire',
      async: false,
      yields: { kind: 'none' },
      attempts: [{ failure: 'false' }],
    },
  ],
  release: [{ by: 'lockable', method: 'release', passes: 'none' }],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'acquired', call: false }],
};

/** The acquisitions shared by await-semaphore's Semaphore and Mutex. */
const AWAIT_SEMAPHORE_ACQUIRE: Acquisition[] = [
  {
    form: 'call',
    method: 'acquire',
    async: true,
    yields: { kind: 'releaser' },
  },
  {
    form: 'callback',
    method: 'use',
    callback: 0,
    async: true,
    heldUntil: 'settle',
  },
];

/** await-semaphore `Semaphore`. */
export const AWAIT_SEMAPHORE_SEMAPHORE: LockSpec = {
  id: 'await-semaphore.Semaphore',
  kind: 'semaphore',
  description:
    "await-semaphore's Semaphore(n): acquire() resolves to a releaser; use(fn) holds it until fn's promise settles.",
  checkedAgainst: 'await-semaphore@0.1.3 (types from its index.ts)',
  sources: [
    {
      from: 'package',
      package: 'await-semaphore',
      export: 'Semaphore',
      create: 'new',
    },
  ],
  acquire: AWAIT_SEMAPHORE_ACQUIRE,
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0 } },
};

/** await-semaphore `Mutex` (a Semaphore of 1). */
export const AWAIT_SEMAPHORE_MUTEX: LockSpec = {
  id: 'await-semaphore.Mutex',
  kind: 'mutex',
  description:
    "await-semaphore's Mutex: acquire() resolves to a releaser; use(fn) holds it until fn's promise settles.",
  checkedAgainst: 'await-semaphore@0.1.3 (types from its index.ts)',
  sources: [
    {
      from: 'package',
      package: 'await-semaphore',
      export: 'Mutex',
      create: 'new',
    },
  ],
  acquire: AWAIT_SEMAPHORE_ACQUIRE,
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
};

/** @livekit/mutex `Mutex`. */
export const LIVEKIT_MUTEX: LockSpec = {
  id: '@livekit/mutex.Mutex',
  kind: 'mutex',
  description: "@livekit/mutex's Mutex: lock() resolves to an unlock function.",
  checkedAgainst: '@livekit/mutex@1.1.1',
  sources: [
    {
      from: 'package',
      package: '@livekit/mutex',
      export: 'Mutex',
      create: 'new',
    },
    {
      from: 'type',
      package: '@livekit/mutex',
      name: 'Mutex',
      role: 'lockable',
    },
  ],
  acquire: [
    { form: 'call', method: 'lock', async: true, yields: { kind: 'releaser' } },
  ],
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'isLocked', call: true }],
};

/** @livekit/mutex `MultiMutex` (a semaphore). */
export const LIVEKIT_MULTI_MUTEX: LockSpec = {
  id: '@livekit/mutex.MultiMutex',
  kind: 'semaphore',
  description:
    "@livekit/mutex's MultiMutex(limit): lock() resolves to an unlock function; up to limit holders.",
  checkedAgainst: '@livekit/mutex@1.1.1',
  sources: [
    {
      from: 'package',
      package: '@livekit/mutex',
      export: 'MultiMutex',
      create: 'new',
    },
    {
      from: 'type',
      package: '@livekit/mutex',
      name: 'MultiMutex',
      role: 'lockable',
    },
  ],
  acquire: [
    { form: 'call', method: 'lock', async: true, yields: { kind: 'releaser' } },
  ],
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0 } },
  asserts: [{ member: 'isLocked', call: true }],
};

/** semaphore: `sem.take([n,] leave => … leave())`. */
export const SEMAPHORE: LockSpec = {
  id: 'semaphore',
  kind: 'semaphore',
  description:
    'semaphore: take([n,] task) calls task(leave) once n units are free; held until leave() (or sem.leave()) is called.',
  checkedAgainst: 'semaphore@1.1.0 with @types/semaphore@1.1.5',
  sources: [
    {
      from: 'package',
      package: 'semaphore',
      export: 'default',
      create: 'call',
    },
    {
      from: 'type',
      package: 'semaphore',
      name: 'semaphore.Semaphore',
      role: 'lockable',
    },
  ],
  acquire: [
    {
      form: 'callback',
      method: 'take',
      callback: 'last',
      async: false,
      heldUntil: 'release-param',
      params: ['releaser'],
      weight: { arg: 0, default: 1 },
    },
  ],
  release: [
    {
      by: 'lockable',
      method: 'leave',
      passes: 'none',
      weight: { arg: 0, default: 1 },
    },
  ],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0, default: 1 } },
};

/** lock: `lock(key, release => … release(cb)())`. */
export const LOCK: LockSpec = {
  id: 'lock',
  kind: 'keyed-mutex',
  description:
    'lock: lock(key, exec) calls exec(release) once the key is free; held until the function release(cb) returns is called.',
  checkedAgainst: 'lock@1.1.0',
  sources: [
    { from: 'package', package: 'lock', export: 'Lock', create: 'call' },
  ],
  acquire: [
    {
      form: 'callback',
      method: null,
      callback: 1,
      async: false,
      heldUntil: 'release-param',
      params: ['releaser-factory'],
      key: { arg: 0, array: true },
    },
  ],
  spin: false,
  reentrant: false,
  // index.js takes the key; index.d.ts declares isLocked() without it.
  asserts: [{ member: 'isLocked', call: true, key: { arg: 0 } }],
};

/** p-limit used as a mutex: `const limit = pLimit(1); await limit(fn)`. */
export const P_LIMIT: LockSpec = {
  id: 'p-limit',
  kind: 'semaphore',
  description:
    'p-limit: limit(fn) runs fn when fewer than concurrency calls run; at concurrency 1 it is a mutex held until fn settles.',
  checkedAgainst: 'p-limit@7.3.3',
  sources: [
    { from: 'package', package: 'p-limit', export: 'default', create: 'call' },
  ],
  acquire: [
    {
      form: 'callback',
      method: null,
      callback: 0,
      async: true,
      heldUntil: 'settle',
    },
  ],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 0 }, lockOnlyWhenOne: true },
};

/** p-queue used as a mutex: `new PQueue({ concurrency: 1 }).add(fn)`. */
export const P_QUEUE: LockSpec = {
  id: 'p-queue',
  kind: 'semaphore',
  description:
    'p-queue: add(fn) runs fn within the concurrency limit; at concurrency 1 it is a mutex held until fn settles.',
  checkedAgainst: 'p-queue@9.3.5',
  sources: [
    { from: 'package', package: 'p-queue', export: 'default', create: 'new' },
    { from: 'type', package: 'p-queue', name: 'PQueue', role: 'lockable' },
  ],
  acquire: [
    {
      form: 'callback',
      method: 'add',
      callback: 0,
      async: true,
      heldUntil: 'settle',
    },
  ],
  spin: false,
  reentrant: false,
  capacity: {
    from: { arg: 0, property: 'concurrency' },
    lockOnlyWhenOne: true,
  },
  // A task awaiting the queue's idleness waits for itself.
  waitsForRelease: ['onIdle', 'onPendingZero'],
};

/** proper-lockfile: `const release = await lock(file)`. */
export const PROPER_LOCKFILE: LockSpec = {
  id: 'proper-lockfile',
  kind: 'file-lock',
  description:
    "proper-lockfile: lock(file) resolves to an async release function (or rejects with ELOCKED); the library renews the lock's mtime and calls onCompromised if it goes stale.",
  checkedAgainst: 'proper-lockfile@4.1.2 with @types/proper-lockfile@4.1.4',
  sources: [
    {
      from: 'package',
      package: 'proper-lockfile',
      export: '*',
      create: 'self',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'lock',
      async: true,
      yields: { kind: 'releaser', async: true },
      key: { arg: 0, path: true },
      attempts: [{ failure: 'reject' }],
    },
    {
      form: 'call',
      method: 'lockSync',
      async: false,
      yields: { kind: 'releaser' },
      key: { arg: 0, path: true },
      attempts: [{ failure: 'reject' }],
    },
  ],
  release: [
    { by: 'handle' },
    { by: 'lockable', method: 'unlock', passes: 'key', async: true },
    { by: 'lockable', method: 'unlockSync', passes: 'key' },
  ],
  spin: false,
  reentrant: false,
  lease: {
    ttl: { arg: 1, property: 'stale', default: 10000 },
    renewal: 'automatic',
  },
  asserts: [
    { member: 'check', call: true, key: { arg: 0, path: true }, async: true },
    { member: 'checkSync', call: true, key: { arg: 0, path: true } },
  ],
};

/** lockfile: `lockfile.lock(path, opts, err => …)` … `unlock(path, cb)`. */
export const LOCKFILE: LockSpec = {
  id: 'lockfile',
  kind: 'file-lock',
  description:
    'lockfile: lock(path, [opts,] cb) calls cb(null) once the lock file is created; held until unlock(path) or unlockSync(path).',
  checkedAgainst: 'lockfile@1.0.4 with @types/lockfile@1.0.4',
  sources: [
    { from: 'package', package: 'lockfile', export: '*', create: 'self' },
  ],
  acquire: [
    {
      form: 'continuation',
      method: 'lock',
      callback: 'last',
      errorFirst: true,
      key: { arg: 0, path: true },
    },
    {
      form: 'call',
      method: 'lockSync',
      async: false,
      yields: { kind: 'none' },
      key: { arg: 0, path: true },
      attempts: [{ failure: 'reject' }],
    },
  ],
  release: [
    { by: 'lockable', method: 'unlock', passes: 'key', callback: true },
    { by: 'lockable', method: 'unlockSync', passes: 'key' },
  ],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'checkSync', call: true, key: { arg: 0, path: true } }],
};

/** The acquisitions shared by redis-semaphore's Mutex and Semaphore. */
const REDIS_SEMAPHORE_ACQUIRE: Acquisition[] = [
  {
    form: 'call',
    method: 'acquire',
    async: true,
    yields: { kind: 'none' },
    key: { on: 'constructor', arg: 1 },
    // Rejects with TimeoutError after acquireTimeout (10 s by default).
    attempts: [{ failure: 'reject' }],
  },
  {
    form: 'call',
    method: 'tryAcquire',
    async: true,
    yields: { kind: 'none' },
    key: { on: 'constructor', arg: 1 },
    attempts: [{ failure: 'false' }],
  },
];

/** redis-semaphore `Mutex`: `new Mutex(redis, key)`, `await m.acquire()` … `await m.release()`. */
export const REDIS_SEMAPHORE_MUTEX: LockSpec = {
  id: 'redis-semaphore.Mutex',
  kind: 'mutex',
  description:
    "redis-semaphore's Mutex: a Redis lock named by the constructor's key; the library refreshes it while held and calls onLockLost if it expires.",
  checkedAgainst: 'redis-semaphore@5.8.0',
  sources: [
    {
      from: 'package',
      package: 'redis-semaphore',
      export: 'Mutex',
      create: 'new',
    },
  ],
  acquire: REDIS_SEMAPHORE_ACQUIRE,
  release: [{ by: 'lockable', method: 'release', passes: 'none', async: true }],
  spin: false,
  reentrant: false,
  lease: {
    ttl: { arg: 2, property: 'lockTimeout', default: 10000 },
    renewal: 'automatic',
  },
  asserts: [{ member: 'isAcquired', call: false }],
};

/** redis-semaphore `Semaphore`: `new Semaphore(redis, key, limit)`. */
export const REDIS_SEMAPHORE_SEMAPHORE: LockSpec = {
  id: 'redis-semaphore.Semaphore',
  kind: 'semaphore',
  description:
    "redis-semaphore's Semaphore: up to limit holders of the constructor's key across processes; refreshed while held.",
  checkedAgainst: 'redis-semaphore@5.8.0',
  sources: [
    {
      from: 'package',
      package: 'redis-semaphore',
      export: 'Semaphore',
      create: 'new',
    },
  ],
  acquire: REDIS_SEMAPHORE_ACQUIRE,
  release: [{ by: 'lockable', method: 'release', passes: 'none', async: true }],
  spin: false,
  reentrant: false,
  capacity: { from: { arg: 2 } },
  lease: {
    ttl: { arg: 3, property: 'lockTimeout', default: 10000 },
    renewal: 'automatic',
  },
  asserts: [{ member: 'isAcquired', call: false }],
};

/** @sapphire/async-queue: `await queue.wait()` … `queue.shift()`. */
export const SAPPHIRE_ASYNC_QUEUE: LockSpec = {
  id: '@sapphire/async-queue',
  kind: 'mutex',
  description:
    "@sapphire/async-queue: wait() resolves when it is the caller's turn; shift() hands the turn on.",
  checkedAgainst: '@sapphire/async-queue@1.5.5',
  sources: [
    {
      from: 'package',
      package: '@sapphire/async-queue',
      export: 'AsyncQueue',
      create: 'new',
    },
    {
      from: 'type',
      package: '@sapphire/async-queue',
      name: 'AsyncQueue',
      role: 'lockable',
    },
  ],
  acquire: [
    {
      form: 'call',
      method: 'wait',
      async: true,
      yields: { kind: 'none' },
      attempts: [
        {
          failure: 'reject',
          when: { on: 'acquire', arg: 0, property: 'signal' },
        },
      ],
    },
  ],
  release: [{ by: 'lockable', method: 'shift', passes: 'none' }],
  spin: false,
  reentrant: false,
};

/** redlock: a Redis lease, `await redlock.lock(resource, ttl)`. */
export const REDLOCK: LockSpec = {
  id: 'redlock',
  kind: 'lease',
  description:
    'redlock: lock(resource, ttl) resolves to a Lock that expires after ttl ms unless extended; a long await without extend() may outlive it.',
  checkedAgainst: 'redlock@4.2.0 with @types/redlock@4.0.8',
  sources: [
    { from: 'package', package: 'redlock', export: 'default', create: 'new' },
    { from: 'type', package: 'redlock', name: 'Redlock', role: 'lockable' },
    { from: 'type', package: 'redlock', name: 'Redlock.Lock', role: 'handle' },
  ],
  acquire: ['lock', 'acquire'].map((method): Acquisition => ({
    form: 'call',
    method,
    async: true,
    yields: { kind: 'guard', release: ['unlock'], async: true },
    key: { arg: 0, array: true },
    // Rejects with LockError once retryCount attempts failed.
    attempts: [{ failure: 'reject' }],
  })),
  release: [
    { by: 'handle' },
    { by: 'lockable', method: 'unlock', passes: 'handle', async: true },
    { by: 'lockable', method: 'release', passes: 'handle', async: true },
  ],
  spin: false,
  reentrant: false,
  lease: {
    ttl: { arg: 1 },
    renewal: 'manual',
    extendGuard: ['extend'],
    extendLockable: ['extend'],
    // redlock 4 updates and returns the same Lock object.
    extendYieldsHandle: false,
  },
};

/** Hand-written locks: a class with lock()/acquire() and unlock()/release(). */
export const SHAPE_LOCK_UNLOCK: LockSpec = {
  id: 'shape:lock-unlock',
  kind: 'mutex',
  description:
    'A hand-written lock: an object with lock() or acquire() and unlock() or release().',
  sources: [
    {
      from: 'shape',
      members: [
        ['lock', 'acquire'],
        ['unlock', 'release'],
      ],
    },
  ],
  acquire: ['lock', 'acquire'].map((method): Acquisition => ({
    form: 'call',
    method,
    async: 'either',
    yields: { kind: 'none' },
  })),
  release: [
    { by: 'lockable', method: 'unlock', passes: 'none' },
    { by: 'lockable', method: 'release', passes: 'none' },
  ],
  spin: false,
  reentrant: false,
  asserts: [{ member: 'isLocked', call: true }],
};

/** Hand-written locks whose acquire() resolves to a release function. */
export const SHAPE_ACQUIRE_RELEASER: LockSpec = {
  id: 'shape:acquire-releaser',
  kind: 'mutex',
  description:
    'A hand-written lock whose acquire() or lock() returns (or resolves to) the function that releases it.',
  sources: [
    { from: 'shape', members: [['acquire', 'lock']], resultCalled: true },
  ],
  acquire: ['acquire', 'lock'].map((method): Acquisition => ({
    form: 'call',
    method,
    async: 'either',
    yields: { kind: 'releaser' },
  })),
  release: [{ by: 'handle' }],
  spin: false,
  reentrant: false,
};

/** Every built-in preset, by id. */
export const PRESETS: readonly LockSpec[] = [
  XARRAY,
  WEB_LOCKS,
  ASYNC_MUTEX_MUTEX,
  ASYNC_MUTEX_SEMAPHORE,
  ASYNC_LOCK,
  ASYNC_SEMA,
  MUTEXIFY,
  MUTEXIFY_PROMISE,
  READ_WRITE_MUTEXIFY,
  AWAIT_LOCK,
  AWAIT_SEMAPHORE_SEMAPHORE,
  AWAIT_SEMAPHORE_MUTEX,
  LIVEKIT_MUTEX,
  LIVEKIT_MULTI_MUTEX,
  SEMAPHORE,
  LOCK,
  P_LIMIT,
  P_QUEUE,
  PROPER_LOCKFILE,
  LOCKFILE,
  SAPPHIRE_ASYNC_QUEUE,
  REDLOCK,
  REDIS_SEMAPHORE_MUTEX,
  REDIS_SEMAPHORE_SEMAPHORE,
  SHAPE_LOCK_UNLOCK,
  SHAPE_ACQUIRE_RELEASER,
];

/** The preset with this id, or undefined. */
export function presetById(id: string): LockSpec | undefined {
  return PRESETS.find((p) => p.id === id);
}
