/**
 * The built-in presets as data: unique ids, schema-valid and consistent,
 * and the facts issue 6 states about each library (the runtime behaviour is
 * checked against the libraries themselves in `@lockctx/presets-fixtures`).
 */
import { describe, expect, it } from 'vitest';
import type { LockSpec } from '../../src/lockspec/index.js';
import {
  LOCKCTX_SCHEMA,
  PRESETS,
  lintLockSpec,
  presetById,
  validateSchema,
} from '../../src/lockspec/index.js';

const spec = (id: string): LockSpec => {
  const found = presetById(id);
  if (found === undefined) throw new Error(`no preset ${id}`);
  return found;
};

describe('every preset', () => {
  it('has a unique id', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(PRESETS.map((p) => [p.id, p]))(
    '%s is valid and consistent',
    (_id, p) => {
      expect(
        validateSchema(p, { $ref: '#/definitions/LockSpec' }, LOCKCTX_SCHEMA),
      ).toEqual([]);
      expect(lintLockSpec(p)).toEqual([]);
      expect(p.description).toBeTruthy();
    },
  );

  it.each(
    PRESETS.filter((p) => !p.id.startsWith('shape:')).map((p) => [p.id, p]),
  )('%s names what it was checked against', (_id, p) => {
    expect(p.checkedAgainst).toMatch(/\d+\.\d+/);
  });
});

describe('what issue 6 says about each library', () => {
  const cases: [string, string, (s: LockSpec) => unknown, unknown][] = [
    [
      'xarray',
      'a spin lock, not re-entrant',
      (s) => [s.spin, s.reentrant],
      [true, false],
    ],
    [
      'web-locks',
      'held until the callback settles',
      (s) => s.acquire[0]!.form === 'callback' && s.acquire[0]!.heldUntil,
      'settle',
    ],
    [
      'web-locks',
      'options are optional: the callback is the last argument',
      (s) => s.acquire[0]!.form === 'callback' && s.acquire[0]!.callback,
      'last',
    ],
    [
      'web-locks',
      'found through navigator.locks',
      (s) => s.sources[0],
      { from: 'global', path: ['navigator', 'locks'] },
    ],
    [
      'web-locks',
      'ifAvailable is a try-lock that passes null',
      (s) => s.acquire[0]!.attempts?.[0]?.failure,
      'null-param',
    ],
    [
      'async-mutex.Mutex',
      'acquire() resolves to a release function',
      (s) => s.acquire[0],
      {
        form: 'call',
        method: 'acquire',
        async: true,
        yields: { kind: 'releaser' },
      },
    ],
    [
      'async-mutex.Mutex',
      'runExclusive holds it until the callback settles',
      (s) => s.acquire[1],
      { form: 'callback', method: 'runExclusive', heldUntil: 'settle' },
    ],
    [
      'async-mutex.Mutex',
      'sleeping, not re-entrant',
      (s) => [s.spin, s.reentrant],
      [false, false],
    ],
    [
      'async-mutex.Mutex',
      'release() on the mutex releases',
      (s) => s.release?.[1],
      { by: 'lockable', method: 'release', passes: 'none' },
    ],
    [
      'async-mutex.Mutex',
      'waitForUnlock under the lock never returns',
      (s) => s.waitsForRelease,
      ['waitForUnlock'],
    ],
    [
      'async-mutex.Mutex',
      'withTimeout and tryAcquire wrap it',
      (s) => s.wrappers?.map((w) => w.export),
      ['withTimeout', 'tryAcquire'],
    ],
    [
      'async-mutex.Mutex',
      'isLocked() is an assertion',
      (s) => s.asserts,
      [{ member: 'isLocked', call: true }],
    ],
    [
      'async-mutex.Semaphore',
      'acquire() resolves to [value, releaser]',
      (s) => s.acquire[0]!.form === 'call' && s.acquire[0]!.yields,
      { kind: 'tuple', releaser: 1 },
    ],
    [
      'async-mutex.Semaphore',
      'a semaphore of N from the first constructor argument',
      (s) => s.capacity,
      { from: { arg: 0 } },
    ],
    [
      'async-lock',
      'acquire(key, fn): keys name locks',
      (s) => s.acquire[0]!.key,
      { arg: 0, array: true },
    ],
    [
      'async-lock',
      'fn(done) holds it until done is called',
      (s) => s.acquire[0]!.form === 'callback' && s.acquire[0]!.doneParam,
      0,
    ],
    [
      'async-lock',
      're-entrant only with domainReentrant',
      (s) => s.reentrant,
      { on: 'constructor', arg: 0, property: 'domainReentrant', equals: true },
    ],
    [
      'p-limit',
      'a lock only at concurrency 1',
      (s) => s.capacity?.lockOnlyWhenOne,
      true,
    ],
    [
      'p-queue',
      'capacity from the concurrency option',
      (s) => s.capacity?.from,
      { arg: 0, property: 'concurrency' },
    ],
    [
      'proper-lockfile',
      'lock() resolves to a release function',
      (s) => s.acquire[0]!.form === 'call' && s.acquire[0]!.yields,
      { kind: 'releaser', async: true },
    ],
    [
      'proper-lockfile',
      'keyed by file path',
      (s) => s.acquire[0]!.key,
      { arg: 0, path: true },
    ],
    [
      'redlock',
      'a lease with manual extend',
      (s) => [s.kind, s.lease?.renewal, s.lease?.extendGuard],
      ['lease', 'manual', ['extend']],
    ],
    [
      'redlock',
      'the ttl is the second argument',
      (s) => s.lease?.ttl,
      { arg: 1 },
    ],
    [
      'shape:lock-unlock',
      'a class with lock()/acquire() and unlock()/release()',
      (s) => s.sources[0],
      {
        from: 'shape',
        members: [
          ['lock', 'acquire'],
          ['unlock', 'release'],
        ],
      },
    ],
    [
      'shape:acquire-releaser',
      'an acquire() whose result is called',
      (s) => s.sources[0],
      { from: 'shape', members: [['acquire', 'lock']], resultCalled: true },
    ],
  ];
  it.each(cases)('%s: %s', (id, _why, read, expected) => {
    expect(read(spec(id))).toMatchObject(expected as object);
  });

  it('every spin lock is the XArray: all npm locks may be held across await', () => {
    expect(PRESETS.filter((p) => p.spin).map((p) => p.id)).toEqual(['xarray']);
  });

  it('every library named in issue 6 has a preset', () => {
    const packages = new Set(
      PRESETS.flatMap((p) =>
        p.sources.flatMap((s) => (s.from === 'package' ? [s.package] : [])),
      ),
    );
    for (const name of [
      '@lockctx/xarray',
      'async-mutex',
      'async-lock',
      'async-sema',
      'mutexify',
      'read-write-mutexify',
      'await-lock',
      'await-semaphore',
      '@livekit/mutex',
      'semaphore',
      'p-limit',
      'p-queue',
      'proper-lockfile',
      'redlock',
    ]) {
      expect(packages).toContain(name);
    }
  });
});
