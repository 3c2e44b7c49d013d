/**
 * A file's findings depend on the modules it imports: `analyzeSource`
 * caches by file name, text and settings, and also by the stamps of every
 * module it read, so editing a callee in another file (the caller's text
 * unchanged) gives a new analysis. Real files in a temporary project.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'lockctx-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CALLER = [
  "import { flush, mutex } from './store.js';",
  'export async function put(map) {',
  '  const release = await mutex.acquire();',
  '  try {',
  '    await flush(map);',
  '  } finally {',
  '    release();',
  '  }',
  '}',
  '',
].join('\n');

/** The module of the mutex and of `flush`, which takes the mutex or not. */
const takes = (yes: boolean): string =>
  [
    "import { Mutex } from 'async-mutex';",
    'export const mutex = new Mutex();',
    'export async function flush(map) {',
    yes
      ? '  await mutex.runExclusive(async () => map.clear());'
      : '  map.clear();',
    '}',
    '',
  ].join('\n');

/** Writes `text` to `path` with a modification time `t` seconds into a fixed day. */
function write(path: string, text: string, t: number): void {
  writeFileSync(path, text);
  const when = new Date(1_700_000_000_000 + t * 1000);
  utimesSync(path, when, when);
}

const deadlocks = (dir: string) =>
  analyzeSource(CALLER, { filename: join(dir, 'caller.js') }).findings.filter(
    (f) => f.check === 'no-self-deadlock',
  ).length;

describe('analyzeSource cache and imported modules', () => {
  it.each<
    [string, (dir: string) => void, (dir: string) => void, number, number]
  >([
    [
      'editing the callee to take the lock reports the deadlock',
      (d) => write(join(d, 'store.js'), takes(false), 1),
      (d) => write(join(d, 'store.js'), takes(true), 2),
      0,
      1,
    ],
    [
      'editing the callee to stop taking it clears the finding',
      (d) => write(join(d, 'store.js'), takes(true), 1),
      (d) => write(join(d, 'store.js'), takes(false), 2),
      1,
      0,
    ],
    [
      'a change two imports away (a re-export) is seen',
      (d) => {
        write(
          join(d, 'store.js'),
          "export { flush, mutex } from './impl.js';\n",
          1,
        );
        write(join(d, 'impl.js'), takes(false), 1);
      },
      (d) => write(join(d, 'impl.js'), takes(true), 2),
      0,
      1,
    ],
    [
      'creating the missing callee module is seen',
      () => undefined,
      (d) => write(join(d, 'store.js'), takes(true), 2),
      0,
      1,
    ],
    [
      'deleting the callee drops what it said',
      (d) => write(join(d, 'store.js'), takes(true), 1),
      (d) => rmSync(join(d, 'store.js')),
      1,
      0,
    ],
  ])('%s', (_why, before, after, n0, n1) => {
    const dir = mkdtempSync(join(root, 'p-'));
    before(dir);
    expect(deadlocks(dir)).toBe(n0);
    // The same text again, nothing changed: the cached result.
    expect(deadlocks(dir)).toBe(n0);
    after(dir);
    // The caller's text is the same; its import changed.
    expect(deadlocks(dir)).toBe(n1);
  });
});
