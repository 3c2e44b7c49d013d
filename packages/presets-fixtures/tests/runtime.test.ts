/**
 * Each preset against its library, at run time: the driver below reads only
 * the preset (where the lock comes from, how it is acquired, what the
 * acquisition yields, how it is released, how long a callback holds it,
 * its capacity, its assertions, its wrappers) and checks every claim by
 * calling the real library. "Held" is observed from outside: while the lock
 * is held a contending acquisition must stay pending (or fail, for the
 * libraries whose acquisition fails instead of waiting), and once it is
 * released the contender gets it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RedisMock from 'ioredis-mock';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  Acquisition,
  ArgumentValue,
  CallAcquisition,
  CallbackAcquisition,
  LockSpec,
  LockableRelease,
  PackageSource,
  Release,
} from './lockspec.js';
import { PRESETS } from './lockspec.js';

type Fn = (...args: unknown[]) => unknown;
type Obj = Record<string, unknown>;

/** How the driver exercises one preset. */
interface Harness {
  id: string;
  why: string;
  /** Creation arguments (given the key, for locks keyed at creation), before the driver sets the capacity. */
  args?: (key: string | undefined) => unknown[];
  /** A fresh key for keyed locks. */
  key?: () => string;
  /** Where the lock object comes from when it is not a package (a global). */
  global?: () => unknown;
  /** Why this preset cannot run here (never for a library we install). */
  skip?: string;
  /** A contender on a held lock throws synchronously (a spin lock's bug check). */
  contendThrows?: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'lockctx-presets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
/** A new file that exists (proper-lockfile locks existing files). */
const existingFile = (): string => {
  const file = join(dir, `file-${++serial}`);
  writeFileSync(file, '');
  return file;
};

/**
 * redlock needs Redis servers. There is none in the test environment, so
 * the clients are ioredis-mock instances: an in-memory Redis that runs
 * redlock's own Lua scripts (through fengari), so expiry and extension are
 * Redis's, not ours.
 */
const redisClients = (): unknown[] => [new RedisMock()];

const HARNESSES: Harness[] = [
  {
    id: 'xarray',
    why: 'the built-in XArray: sync guard, sync withLock',
    contendThrows: true,
  },
  {
    id: 'web-locks',
    why: 'navigator.locks.request, from the runtime',
    global: () =>
      (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks,
    key: () => `name-${++serial}`,
    skip:
      (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks ===
      undefined
        ? `Node.js ${process.version} has no navigator.locks (it arrived in Node.js 22); the fixture is type-checked against lib.dom`
        : undefined,
  },
  { id: 'async-mutex.Mutex', why: 'releaser, runExclusive, lockable release' },
  { id: 'async-mutex.Semaphore', why: 'tuple releaser, weighted' },
  {
    id: 'async-lock',
    why: 'keyed callback scope',
    key: () => `key-${++serial}`,
  },
  { id: 'async-sema.Sema', why: 'token handed back; tryAcquire' },
  {
    id: 'mutexify',
    why: 'callback held until its release parameter is called',
  },
  { id: 'mutexify/promise', why: 'calling the lock resolves to a releaser' },
  { id: 'read-write-mutexify', why: 'exclusive and shared sides' },
  { id: 'await-lock', why: 'void acquisition, boolean try-lock' },
  { id: 'await-semaphore.Semaphore', why: 'releaser and use()' },
  { id: 'await-semaphore.Mutex', why: 'releaser and use()' },
  { id: '@livekit/mutex.Mutex', why: 'lock() resolves to unlock' },
  { id: '@livekit/mutex.MultiMutex', why: 'counting lock() → unlock' },
  { id: 'semaphore', why: 'take(task) held until leave()' },
  {
    id: 'lock',
    why: 'keyed; held until release(cb)() is called',
    key: () => `key-${++serial}`,
  },
  { id: 'p-limit', why: 'limit(fn) at concurrency 1' },
  { id: 'p-queue', why: 'add(fn) at concurrency 1', args: () => [{}] },
  { id: 'proper-lockfile', why: 'file lock keyed by path', key: existingFile },
  {
    id: 'lockfile',
    why: 'continuation-taken file lock',
    key: () => join(dir, `lock-${++serial}.lock`),
  },
  { id: '@sapphire/async-queue', why: 'wait() … shift()' },
  {
    id: 'redis-semaphore.Mutex',
    why: 'a Redis mutex keyed at construction, on an in-memory Redis',
    args: (key) => [
      new RedisMock(),
      key,
      { acquireTimeout: 100, retryInterval: 10 },
    ],
    key: () => `rs-${++serial}`,
  },
  {
    id: 'redis-semaphore.Semaphore',
    why: 'a Redis semaphore keyed at construction',
    args: (key) => [
      new RedisMock(),
      key,
      1,
      { acquireTimeout: 100, retryInterval: 10 },
    ],
    key: () => `rs-${++serial}`,
  },
  {
    id: 'redlock',
    why: 'a lease on an in-memory Redis',
    args: () => [redisClients(), { retryCount: 0 }],
    key: () => `resource-${++serial}`,
  },
];

/** Lets timers, I/O callbacks and promise jobs run. */
const settle = (ms = 25): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

function spec(id: string): LockSpec {
  const found = PRESETS.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no preset '${id}'`);
  return found;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Puts `value` at the position an ArgumentValue names. */
function place(args: unknown[], at: ArgumentValue, value: number): void {
  if (at.property === undefined) {
    args[at.arg] = value;
  } else {
    const options = (args[at.arg] ?? {}) as Obj;
    args[at.arg] = { ...options, [at.property]: value };
  }
}

/** Imports the package a preset names, trying each spelling it lists. */
async function loadExport(lockSpec: LockSpec): Promise<{
  source: PackageSource;
  value: unknown;
}> {
  const errors: string[] = [];
  for (const source of lockSpec.sources) {
    if (source.from !== 'package') continue;
    try {
      const mod = (await import(source.package)) as Obj;
      const value =
        source.export === '*'
          ? mod
          : source.export === 'default'
            ? (mod.default ?? mod)
            : (mod[source.export] ??
              (mod.default as Obj | undefined)?.[source.export]);
      if (value === undefined) {
        throw new Error(`no export '${source.export}'`);
      }
      return { source, value };
    } catch (error) {
      errors.push(`${source.package}: ${(error as Error).message}`);
    }
  }
  throw new Error(`cannot load ${lockSpec.id}: ${errors.join('; ')}`);
}

/** A new lock object as the preset says it is made, with `capacity` units. */
async function makeLock(
  lockSpec: LockSpec,
  harness: Harness,
  capacity = 1,
  key?: string,
): Promise<unknown> {
  if (harness.global) return harness.global();
  const { source, value } = await loadExport(lockSpec);
  const args = harness.args?.(key) ?? [];
  const from = lockSpec.capacity?.from;
  if (from !== undefined && 'arg' in from) place(args, from, capacity);
  if (source.create === 'self') return value;
  if (source.create === 'call') return (value as Fn)(...args);
  return new (value as new (...a: unknown[]) => unknown)(...args);
}

/** The receiver of an acquisition or release (`rw.write` for `via: ['write']`). */
function receiver(lock: unknown, via: readonly string[] | undefined): Obj {
  let target = lock as Obj;
  for (const step of via ?? []) target = target[step] as Obj;
  return target;
}

function member(
  lock: unknown,
  a: { method: string | null; via?: string[] },
): Fn {
  const target = receiver(lock, a.via);
  const fn = a.method === null ? target : target[a.method];
  expect(typeof fn, `${a.method ?? '(the lock itself)'} is a function`).toBe(
    'function',
  );
  return a.method === null ? (fn as unknown as Fn) : (fn as Fn).bind(target);
}

/** Leading arguments of a call: the key, and the lease's time to live. */
function leadingArgs(
  lockSpec: LockSpec,
  a: Acquisition,
  key: string | undefined,
): unknown[] {
  const args: unknown[] = [];
  if (a.key !== undefined && a.key.on !== 'constructor') args[a.key.arg] = key;
  if (lockSpec.lease !== undefined && a.form === 'call') {
    place(args, lockSpec.lease.ttl, 1000);
  }
  return args;
}

/** A held acquisition, with the way to let it go. */
interface Held {
  /** What the call yielded (or the callback's parameters). */
  value: unknown;
  release: (how?: Release) => Promise<void>;
}

/** Whether an unconditional attempt of this failure kind applies. */
function failsWith(a: Acquisition, failure: string): boolean {
  return (a.attempts ?? []).some(
    (t) => t.failure === failure && t.when === undefined,
  );
}

/** Releases through `how` what a call acquisition took. */
async function releaseCall(
  lock: unknown,
  a: CallAcquisition,
  value: unknown,
  key: string | undefined,
  how: Release,
): Promise<void> {
  if (how.by === 'handle') {
    const y = a.yields;
    let out: unknown;
    if (y.kind === 'releaser') out = (value as Fn)();
    else if (y.kind === 'tuple')
      out = ((value as unknown[])[y.releaser] as Fn)();
    else if (y.kind === 'guard')
      out = ((value as Obj)[y.release[0]!] as Fn).call(value);
    else throw new Error(`handle release of a '${y.kind}' handle`);
    if (y.kind === 'releaser' || y.kind === 'guard') {
      expect(isThenable(out), 'the release returns a promise').toBe(
        y.async === true,
      );
    }
    await out;
    return;
  }
  await lockableRelease(lock, how, value, key);
}

async function lockableRelease(
  lock: unknown,
  how: LockableRelease,
  value: unknown,
  key: string | undefined,
): Promise<void> {
  const fn = member(lock, how);
  const args =
    how.passes === 'handle' ? [value] : how.passes === 'key' ? [key] : [];
  if (how.callback) {
    await new Promise<void>((resolve, reject) =>
      fn(...args, (e: Error | null) => (e ? reject(e) : resolve())),
    );
    return;
  }
  const out = fn(...args);
  expect(isThenable(out), `${how.method} returns a promise`).toBe(
    how.async === true,
  );
  await out;
}

/** The release ways that fit an acquisition. */
function releasesFor(lockSpec: LockSpec, a: Acquisition): Release[] {
  return (lockSpec.release ?? []).filter((r) => {
    if (r.by === 'handle') {
      return a.form === 'call' && !['none', 'token'].includes(a.yields.kind);
    }
    return (r.via ?? []).join('.') === (a.via ?? []).join('.');
  });
}

/** Takes the lock through `a` and returns once it is held. */
async function acquire(
  lockSpec: LockSpec,
  lock: unknown,
  a: Acquisition,
  key: string | undefined,
): Promise<Held> {
  const fn = member(lock, a);
  const args = leadingArgs(lockSpec, a, key);
  if (a.form === 'call') {
    const out = fn(...args);
    expect(isThenable(out), `${a.method} returns a promise`).toBe(
      a.async === true,
    );
    const value = await out;
    checkYield(a, value);
    return {
      value,
      release: (how = releasesFor(lockSpec, a)[0]!) =>
        releaseCall(lock, a, value, key, how),
    };
  }
  if (a.form === 'continuation') {
    await new Promise<void>((resolve, reject) => {
      const cb = (e: Error | null) => (e ? reject(e) : resolve());
      if (a.callback === 'last') fn(...args, cb);
      else {
        args[a.callback] = cb;
        fn(...args);
      }
    });
    return {
      value: undefined,
      release: (how = releasesFor(lockSpec, a)[0]!) =>
        lockableRelease(lock, how as LockableRelease, undefined, key),
    };
  }
  return acquireScoped(lockSpec, lock, a, key, fn, args);
}

/**
 * Runs a callback acquisition whose callback keeps the lock until the test
 * lets it go, and checks that the call's promise settles with the
 * callback's result only after that.
 */
async function acquireScoped(
  lockSpec: LockSpec,
  lock: unknown,
  a: CallbackAcquisition,
  key: string | undefined,
  fn: Fn,
  args: unknown[],
): Promise<Held> {
  let params: unknown[] | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const callback = (...p: unknown[]): unknown => {
    params = p;
    if (a.heldUntil === 'settle') return done.then(() => 'result');
    if (a.heldUntil === 'release-param') {
      const kinds = a.params ?? [];
      const i = kinds.findIndex(
        (k) => k === 'releaser' || k === 'releaser-factory',
      );
      void done.then(() =>
        kinds[i] === 'releaser-factory'
          ? ((p[i] as Fn)() as Fn)()
          : (p[i] as Fn)(),
      );
    }
    return undefined;
  };
  if (a.callback === 'last') args.push(callback);
  else args[a.callback] = callback;
  if (a.heldUntil === 'return') {
    // A sync scope: observe it from inside the callback.
    throw new Error('sync scopes are driven by checkSyncScope');
  }
  const out = fn(...args);
  expect(isThenable(out), `${a.method ?? 'the lock'} returns a promise`).toBe(
    a.async,
  );
  for (let i = 0; i < 20 && params === undefined; i++) await settle(5);
  expect(params, 'the callback ran').toBeDefined();
  (a.params ?? []).forEach((kind, i) => {
    if (kind === 'releaser' || kind === 'releaser-factory') {
      expect(typeof params![i]).toBe('function');
    }
    if (kind === 'lock-info') expect(typeof params![i]).toBe('object');
    if (kind === 'value') expect(typeof params![i]).toBe('number');
  });
  return {
    value: params,
    release: async () => {
      finish();
      if (a.async && a.heldUntil === 'settle') {
        await expect(out).resolves.toBe('result');
      }
      await settle();
    },
  };
}

function checkYield(a: CallAcquisition, value: unknown): void {
  const y = a.yields;
  if (y.kind === 'releaser') expect(typeof value).toBe('function');
  if (y.kind === 'tuple') {
    expect(Array.isArray(value)).toBe(true);
    expect(typeof (value as unknown[])[y.releaser]).toBe('function');
  }
  if (y.kind === 'token') expect(value).not.toBe(undefined);
  if (y.kind === 'none') {
    expect(value === undefined || value === true).toBe(true);
  }
  if (y.kind === 'guard') {
    for (const m of y.release)
      expect(typeof (value as Obj)[m]).toBe('function');
  }
}

/**
 * The object another holder uses: the same lock object, or, for locks keyed
 * at construction, a new object made with the same key (that is the same
 * lock, and a second holder would not use the first one's object).
 */
async function peer(
  lockSpec: LockSpec,
  harness: Harness,
  lock: unknown,
  key: string | undefined,
  capacity = 1,
): Promise<unknown> {
  const byConstructor = lockSpec.acquire.some(
    (a) => a.key?.on === 'constructor',
  );
  return byConstructor ? makeLock(lockSpec, harness, capacity, key) : lock;
}

/** What a contending acquisition did. */
interface Contender {
  state: () => 'pending' | 'acquired' | 'failed';
  release: () => Promise<void>;
}

/**
 * Starts a contending acquisition of the same lock (exclusive side, same
 * key) and reports whether it got it.
 */
function contend(
  lockSpec: LockSpec,
  lock: unknown,
  key: string | undefined,
  throws: boolean,
): Contender {
  const a =
    lockSpec.acquire.find(
      (x) =>
        x.mode !== 'shared' &&
        x.form !== 'continuation' &&
        !x.attempts?.some(
          (t) => t.failure === 'false' || t.failure === 'undefined',
        ),
    ) ?? lockSpec.acquire[0]!;
  let state: 'pending' | 'acquired' | 'failed' = 'pending';
  let held: Held | undefined;
  if (throws) {
    let value: unknown;
    try {
      value = acquireSyncCall(lockSpec, lock, a as CallAcquisition, key);
      state = 'acquired';
    } catch {
      state = 'failed';
    }
    return {
      state: () => state,
      release: async () => {
        if (state !== 'acquired') return;
        const how = releasesFor(lockSpec, a)[0]!;
        await releaseCall(lock, a as CallAcquisition, value, key, how);
      },
    };
  }
  const started = acquire(lockSpec, lock, a, key).then(
    (h) => {
      held = h;
      state = 'acquired';
    },
    () => {
      state = 'failed';
    },
  );
  return {
    state: () => state,
    release: async () => {
      await started;
      await held?.release();
    },
  };
}

function acquireSyncCall(
  lockSpec: LockSpec,
  lock: unknown,
  a: CallAcquisition,
  key: string | undefined,
): unknown {
  return member(lock, a)(...leadingArgs(lockSpec, a, key));
}

/** How a held lock answers a contender: wait, or fail (soon) instead of waiting. */
async function expectHeld(
  lockSpec: LockSpec,
  harness: Harness,
  c: Contender,
): Promise<void> {
  const failing =
    harness.contendThrows === true ||
    lockSpec.acquire.some((a) => failsWith(a, 'reject'));
  // A failing contender may need a few round trips (redlock's scripts).
  for (let i = 0; failing && i < 100 && c.state() === 'pending'; i++) {
    await settle(10);
  }
  expect(c.state()).toBe(failing ? 'failed' : 'pending');
}

/** Evaluates every assertion of the preset. */
async function asserted(
  lockSpec: LockSpec,
  lock: unknown,
  key: string | undefined,
): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const a of lockSpec.asserts ?? []) {
    const target = receiver(lock, a.via);
    let value: unknown;
    if (a.call) {
      expect(typeof target[a.member], `${a.member} is a method`).toBe(
        'function',
      );
      value = (target[a.member] as Fn).call(target, ...(a.key ? [key] : []));
      expect(isThenable(value), `${a.member} returns a promise`).toBe(
        a.async === true,
      );
      value = await value;
    } else {
      value = target[a.member];
    }
    expect(typeof value, `${a.member} is a boolean`).toBe('boolean');
    out.push(value as boolean);
  }
  return out;
}

const cases = HARNESSES.map((h) => [h.id, h] as const);

describe('every preset has a runtime harness', () => {
  it.each(PRESETS.filter((p) => !p.id.startsWith('shape:')).map((p) => [p.id]))(
    '%s',
    (id) => {
      // Hand-written shapes have no library; every other preset must be driven.
      expect(HARNESSES.map((h) => h.id)).toContain(id);
    },
  );
});

describe.each(cases)('%s', (id, harness) => {
  const lockSpec = spec(id);
  const run = harness.skip === undefined ? it : it.skip;
  const acquisitions = lockSpec.acquire.map(
    (a, i) =>
      [
        `${a.form} ${[...(a.via ?? []), a.method ?? '(call)'].join('.')} #${i}`,
        a,
      ] as const,
  );

  run.each(acquisitions)(
    'acquire %s: yields what the preset says, is held until released, every release way works',
    async (_name, a) => {
      if (a.form === 'callback' && a.heldUntil === 'return') {
        await checkSyncScope(lockSpec, harness, a);
        return;
      }
      const releases =
        a.form === 'callback' ? [undefined] : releasesFor(lockSpec, a);
      expect(releases.length, 'a way to release it').toBeGreaterThan(0);
      for (const how of releases) {
        const key = harness.key?.();
        const lock = await makeLock(lockSpec, harness, 1, key);
        expect(await asserted(lockSpec, lock, key)).toEqual(
          (lockSpec.asserts ?? []).map(() => false),
        );
        const held = await acquire(lockSpec, lock, a, key);
        if (a.form === 'call' && failsWith(a, 'false')) {
          expect(held.value).toBe(true);
        }
        expect(await asserted(lockSpec, lock, key)).toEqual(
          (lockSpec.asserts ?? []).map(() => true),
        );
        if (a.mode === 'shared') {
          // A second shared holder gets in at once.
          const again = await acquire(lockSpec, lock, a, key);
          await again.release();
        }
        const c = contend(
          lockSpec,
          await peer(lockSpec, harness, lock, key),
          key,
          harness.contendThrows === true,
        );
        await settle();
        await expectHeld(lockSpec, harness, c);
        await settle();
        await expectHeld(lockSpec, harness, c);
        await held.release(how);
        await settle();
        if (c.state() === 'pending') {
          // The waiting contender gets the lock once it is released.
          await settle(50);
          expect(c.state()).toBe('acquired');
        }
        await c.release();
        await settle();
        expect(await asserted(lockSpec, lock, key)).toEqual(
          (lockSpec.asserts ?? []).map(() => false),
        );
      }
    },
  );

  run.each(
    lockSpec.acquire
      .filter(
        (a): a is CallAcquisition =>
          a.form === 'call' &&
          (failsWith(a, 'false') || failsWith(a, 'undefined')),
      )
      .map((a) => [a.method, a] as const),
  )('try-lock %s fails without the lock while it is held', async (_m, a) => {
    const key = harness.key?.();
    const lock = await makeLock(lockSpec, harness, 1, key);
    const main = lockSpec.acquire.find((x) => x !== a)!;
    const held = await acquire(lockSpec, lock, main, key);
    const call = acquireSyncCall(lockSpec, lock, a, key);
    expect(isThenable(call)).toBe(a.async === true);
    const out = await call;
    expect(out).toBe(failsWith(a, 'false') ? false : undefined);
    await held.release();
  });

  if (lockSpec.capacity !== undefined && 'arg' in lockSpec.capacity.from) {
    run(
      'capacity: a lock of 2 admits two holders and makes a third wait',
      async () => {
        const key = harness.key?.();
        const lock = await makeLock(lockSpec, harness, 2, key);
        const a = lockSpec.acquire[0]!;
        const first = await acquire(lockSpec, lock, a, key);
        const second = await acquire(
          lockSpec,
          await peer(lockSpec, harness, lock, key, 2),
          a,
          key,
        );
        const c = contend(
          lockSpec,
          await peer(lockSpec, harness, lock, key, 2),
          key,
          false,
        );
        await settle();
        expect(c.state()).toBe('pending');
        await first.release();
        await settle(50);
        expect(c.state()).toBe('acquired');
        await second.release();
        await c.release();
      },
    );
  }

  if (lockSpec.lease !== undefined && lockSpec.lease.renewal === 'manual') {
    run('lease: the lock expires after its ttl unless extended', async () => {
      const key = harness.key?.();
      const lock = await makeLock(lockSpec, harness, 1, key);
      const a = lockSpec.acquire[0] as CallAcquisition;
      const args = leadingArgs(lockSpec, a, key);
      place(args, lockSpec.lease!.ttl, 300);
      const lease = (await member(lock, a)(...args)) as Obj;
      for (const m of lockSpec.lease!.extendGuard ?? []) {
        const extended = (await (lease[m] as Fn).call(lease, 2000)) as Obj;
        // A new handle, or the same one updated, as the preset says.
        expect(extended === lease).toBe(
          lockSpec.lease!.extendYieldsHandle !== true,
        );
        const release = (a.yields as { release: string[] }).release[0]!;
        expect(typeof extended[release]).toBe('function');
      }
      for (const m of lockSpec.lease!.extendLockable ?? []) {
        expect(typeof (lock as Obj)[m]).toBe('function');
      }
      // Extended to 2 s: still held at 500 ms.
      await settle(500);
      await expect(
        member(lock, a)(...leadingArgs(lockSpec, a, key)),
      ).rejects.toThrow();
      // A lease of 50 ms that nobody extends is gone after 150 ms.
      const shortKey = harness.key?.();
      const shortArgs = leadingArgs(lockSpec, a, shortKey);
      place(shortArgs, lockSpec.lease!.ttl, 50);
      await member(lock, a)(...shortArgs);
      await settle(150);
      const again = (await member(
        lock,
        a,
      )(...leadingArgs(lockSpec, a, shortKey))) as Obj;
      await (again.unlock as Fn).call(again);
    });
  }

  if ((lockSpec.waitsForRelease ?? []).length > 0) {
    run.each((lockSpec.waitsForRelease ?? []).map((m) => [m]))(
      '%s waits while the lock is held, so a holder calling it never returns',
      async (m) => {
        const key = harness.key?.();
        const lock = await makeLock(lockSpec, harness, 1, key);
        const held = await acquire(lockSpec, lock, lockSpec.acquire[0]!, key);
        let done = false;
        const waiting = (
          member(lock, { method: m })() as Promise<unknown>
        ).then(() => (done = true));
        await settle();
        expect(done).toBe(false);
        await held.release();
        await waiting;
        expect(done).toBe(true);
      },
    );
  }

  if ((lockSpec.wrappers ?? []).length > 0) {
    run.each((lockSpec.wrappers ?? []).map((w) => [w.export, w] as const))(
      'wrapper %s returns the same lock, whose acquisitions fail while it is held',
      async (_name, w) => {
        const mod = (await import(
          (lockSpec.sources[0] as PackageSource).package
        )) as Obj;
        const lock = await makeLock(lockSpec, harness);
        const wrapped = (mod[w.export] as Fn)(
          ...[lock, 30].slice(0, w.lockArg + 2),
        );
        const a = lockSpec.acquire[0]!;
        const held = await acquire(lockSpec, lock, a, undefined);
        await expect(
          acquire(lockSpec, wrapped, a, undefined),
        ).rejects.toThrow();
        await held.release();
        const through = await acquire(lockSpec, wrapped, a, undefined);
        // The wrapper holds the original lock.
        const c = contend(lockSpec, lock, undefined, false);
        await settle();
        expect(c.state()).toBe('pending');
        await through.release();
        await c.release();
      },
    );
  }
});

/** A sync scope (`withLock`): held inside the callback, free after it returns. */
async function checkSyncScope(
  lockSpec: LockSpec,
  harness: Harness,
  a: CallbackAcquisition,
): Promise<void> {
  const lock = await makeLock(lockSpec, harness);
  const fn = member(lock, a);
  let inside: 'pending' | 'acquired' | 'failed' | undefined;
  const result = fn((...params: unknown[]) => {
    if (a.params?.[0] === 'guard') expect(typeof params[0]).toBe('object');
    inside = contend(lockSpec, lock, undefined, true).state();
    return 'result';
  });
  expect(result).toBe('result');
  expect(inside).toBe('failed');
  const after = contend(lockSpec, lock, undefined, true);
  expect(after.state()).toBe('acquired');
  await after.release();
  if (a.rejectsAsyncCallback) {
    expect(() => fn(async () => undefined)).toThrow(/async/);
  }
}
