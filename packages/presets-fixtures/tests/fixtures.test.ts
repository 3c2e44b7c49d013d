/**
 * The usage files in `src/` mark each finding the analysis must report with
 * a trailing `// expect: <check-id>` comment on the reported line. This test
 * reads the markers, checks their syntax and check ids, and checks that each
 * file shows exactly the bug classes listed for its library below, so that
 * the engine's preset tests can assert the markers once it reads presets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_IDS } from '@lockctx/analysis';
import { describe, expect, it } from 'vitest';
import { PRESETS } from './lockspec.js';
import { readExpectations } from './expectations.js';

/** Checks issue 6 adds; they have no implementation yet. */
const PLANNED = ['no-unawaited-in-lock', 'lock-order', 'no-lease-expiry'];
const KNOWN = new Set<string>([...CHECK_IDS, ...PLANNED]);

const SRC = join(import.meta.dirname, '..', 'src');

const leak = 'no-lock-leak';
const afterRelease = 'no-use-after-unlock';
const unawaited = 'no-unawaited-in-lock';
const reentry = 'no-self-deadlock';

/** file, the presets it exercises, the bug classes it must show, why. */
const FILES: [string, string[], string[], string][] = [
  [
    'async-mutex.ts',
    ['async-mutex.Mutex', 'async-mutex.Semaphore'],
    [leak, afterRelease, unawaited, reentry],
    'releaser, runExclusive, waitForUnlock while held',
  ],
  [
    'async-lock.ts',
    ['async-lock'],
    [unawaited, reentry],
    'callback-scoped only: nothing to leak or reuse',
  ],
  [
    'async-sema.ts',
    ['async-sema.Sema'],
    [leak, afterRelease, reentry],
    'token released twice; no callback scope',
  ],
  [
    'mutexify.ts',
    ['mutexify', 'mutexify/promise'],
    [leak, afterRelease, reentry],
    'release-parameter scope and promise form',
  ],
  [
    'read-write-mutexify.ts',
    ['read-write-mutexify'],
    [leak, afterRelease, reentry],
    'writer taking the read side deadlocks',
  ],
  [
    'await-lock.ts',
    ['await-lock'],
    [leak, afterRelease, unawaited, reentry],
    "the README's returned-promise pitfall",
  ],
  [
    'await-semaphore.ts',
    ['await-semaphore.Semaphore', 'await-semaphore.Mutex'],
    [leak, afterRelease, unawaited, reentry],
    'releaser and use()',
  ],
  [
    'livekit-mutex.ts',
    ['@livekit/mutex.Mutex', '@livekit/mutex.MultiMutex'],
    [leak, afterRelease, reentry],
    'unlock function dropped',
  ],
  [
    'lock.ts',
    ['lock'],
    [leak, afterRelease, reentry],
    'keyed; released through release(cb)()',
  ],
  [
    'semaphore.ts',
    ['semaphore'],
    [leak, afterRelease, reentry],
    'leave() on every path',
  ],
  [
    'p-limit.ts',
    ['p-limit'],
    [unawaited, reentry],
    'callback-scoped, at concurrency 1 only',
  ],
  [
    'p-queue.ts',
    ['p-queue'],
    [unawaited, reentry],
    'callback-scoped, onIdle inside a task',
  ],
  [
    'proper-lockfile.ts',
    ['proper-lockfile'],
    [leak, afterRelease, reentry],
    'file lock keyed by path',
  ],
  [
    'lockfile.ts',
    ['lockfile'],
    [leak, reentry],
    'continuation-taken file lock',
  ],
  [
    'sapphire-async-queue.ts',
    ['@sapphire/async-queue'],
    [leak, afterRelease, reentry],
    'wait/shift',
  ],
  [
    'redis-semaphore.ts',
    ['redis-semaphore.Mutex', 'redis-semaphore.Semaphore'],
    [leak, reentry],
    'keyed at construction: a second object with the key is the same lock',
  ],
  [
    'redlock.ts',
    ['redlock'],
    [leak, afterRelease, reentry, 'no-lease-expiry'],
    'a lease: long await without extend',
  ],
  [
    'web-locks.ts',
    ['web-locks'],
    [unawaited, reentry],
    'callback-scoped, named',
  ],
  [
    'xarray.ts',
    ['xarray'],
    [leak, afterRelease, reentry, 'no-await-while-locked'],
    'the only spin lock: await under it',
  ],
];

describe('expectation markers', () => {
  it.each(FILES)('%s shows its bug classes (%s)', (file, _presets, classes) => {
    const marks = readExpectations(readFileSync(join(SRC, file), 'utf8'));
    for (const m of marks) expect(KNOWN, `line ${m.line}`).toContain(m.check);
    expect([...new Set(marks.map((m) => m.check))].sort()).toEqual(
      [...classes].sort(),
    );
  });

  it('every usage file is in the table', () => {
    const files = readdirSync(SRC).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'shared.ts',
    );
    expect(files.sort()).toEqual(FILES.map(([f]) => f).sort());
  });

  it('every library preset has a usage file', () => {
    const covered = new Set(FILES.flatMap(([, presets]) => presets));
    const library = PRESETS.filter((p) => !p.id.startsWith('shape:'));
    expect(library.map((p) => p.id).filter((id) => !covered.has(id))).toEqual(
      [],
    );
  });
});

describe('readExpectations', () => {
  it.each<[string, string, { line: number; check: string }[] | RegExp]>([
    [
      'one marker',
      'a();\nb(); // expect: no-lock-leak\n',
      [{ line: 2, check: 'no-lock-leak' }],
    ],
    [
      'two on a line, comma-separated',
      'x(); // expect: no-lock-leak, no-self-deadlock',
      [
        { line: 1, check: 'no-lock-leak' },
        { line: 1, check: 'no-self-deadlock' },
      ],
    ],
    [
      'a marker alone on its line is an error',
      'f(() => {\n  // expect: no-lock-leak\n});',
      /line 2: a marker must end the reported line/,
    ],
    ['prose comments are not markers', '// we expect nothing here\nf();', []],
    [
      'a marker without ids is an error',
      'f(); // expect:',
      /line 1: 'expect:' names no check/,
    ],
    [
      'ids are kebab-case',
      'f(); // expect: NoLockLeak',
      /line 1: 'NoLockLeak' is not a check id/,
    ],
  ])('%s', (_why, text, expected) => {
    if (expected instanceof RegExp) {
      expect(() => readExpectations(text)).toThrow(expected);
    } else {
      expect(readExpectations(text)).toEqual(expected);
    }
  });
});
