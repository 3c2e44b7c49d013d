import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * Requirements that travel across modules: each case is a small project
 * (`files` beside `x.js`), analysed from disk. Imports (ESM, CommonJS,
 * re-exports) are read and summarised, never run.
 */
const f = (check: FindingSpec['check'], messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check, messageId, at, ...more });

const MARKS = code`
  export function tagDirty(g, i) {
    g.setMark(i, 0);
  }
`;
const DB = code`
  import { Mutex } from 'async-mutex';
  export const mutex = new Mutex();
  export async function save(map, k, v) {
    const release = await mutex.acquire();
    try {
      map.set(k, v);
    } finally {
      release();
    }
  }
`;
const CJS_MARKS = code`
  function tagDirty(g, i) {
    g.setMark(i, 0);
  }
  module.exports = { tagDirty };
`;

export const multiFile: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'no-await-while-locked',
    name: 'imported async function passed to withLock by name',
    why: 'invalid: refill (refill.js) is async, so the withLock callback returns at its first await',
    files: {
      'refill.js': code`
        export async function refill(g) {
          g.setMark(1, 0);
          await fetch('/more');
        }
      `,
    },
    code: code`
      import { refill } from './refill.js';
      export function f(xa) {
        return xa.withLock(refill);
      }
    `,
    findings: [f('no-await-while-locked', 'asyncCallback', 'refill', { after: 'withLock(', data: { lock: 'xa', what: 'async' } })],
  },
  {
    rule: 'require-guard',
    name: 'imported helper given the XArray',
    why: 'invalid: tagDirty in marks.js needs a guard; the XArray itself is passed',
    files: { 'marks.js': MARKS },
    code: code`
      import { tagDirty } from './marks.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, data: { callee: 'tagDirty', param: 'g', evidence: 'it calls `g.setMark()` in marks.js at line 2' }, suggestions: [{ messageId: 'wrapInScope', replace: ['tagDirty(xa, i)', 'xa.withLock((g) => tagDirty(g, i))'] }] })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'imported helper given a released guard',
    why: 'invalid: the guard was released at line 4 and tagDirty (marks.js) uses it',
    files: { 'marks.js': MARKS },
    code: code`
      import { tagDirty } from './marks.js';
      export function touch(xa, i) {
        const g = xa.lock();
        g.unlock();
        tagDirty(g, i);
      }
    `,
    findings: [f('no-use-after-unlock', 'passedAfterUnlock', 'g', { after: 'tagDirty(', data: { callee: 'tagDirty', evidence: 'it calls `g.setMark()` in marks.js at line 2', releasedLine: '4' } })],
  },
  {
    rule: 'require-guard',
    name: 'helper imported under another name',
    why: 'invalid: the alias mark is tagDirty; the requirement follows it',
    files: { 'marks.js': MARKS },
    code: code`
      import { tagDirty as mark } from './marks.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        mark(undefined, i);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'undefined', { data: { callee: 'mark' } })],
  },
  {
    rule: 'require-guard',
    name: 'helper re-exported by an index',
    why: 'invalid: index.js re-exports tagDirty from marks.js; the requirement travels through',
    files: { 'marks.js': MARKS, 'index.js': "export { tagDirty } from './marks.js';\n" },
    code: code`
      import { tagDirty } from './index.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, suggestions: [{ messageId: 'wrapInScope', replace: ['tagDirty(xa, i)', 'xa.withLock((g) => tagDirty(g, i))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'helper re-exported with export star',
    why: 'invalid: export * passes tagDirty on with its requirement',
    files: { 'marks.js': MARKS, 'index.js': "export * from './marks.js';\n" },
    code: code`
      import { tagDirty } from './index.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, suggestions: [{ messageId: 'wrapInScope', replace: ['tagDirty(xa, i)', 'xa.withLock((g) => tagDirty(g, i))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'CommonJS helper',
    why: 'invalid: module.exports = { tagDirty } and a destructured require carry the requirement',
    filename: 'x.cjs',
    files: { 'marks.cjs': CJS_MARKS },
    code: code`
      const { tagDirty } = require('./marks.cjs');
      exports.touch = function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      };
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, suggestions: [{ messageId: 'wrapInScope', replace: ['tagDirty(xa, i)', 'xa.withLock((g) => tagDirty(g, i))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'requirement two modules deep',
    why: 'invalid: tag.js passes its parameter to tagDirty (marks.js), so it requires a guard too',
    files: { 'marks.js': MARKS, 'tag.js': "import { tagDirty } from './marks.js';\nexport function tag(g) {\n  tagDirty(g, 0);\n}\n" },
    code: code`
      import { tag } from './tag.js';
      export function touch(xa) {
        xa.withLock(() => {});
        tag(xa);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, data: { callee: 'tag' }, suggestions: [{ messageId: 'wrapInScope', replace: ['tag(xa)', 'xa.withLock((g) => tag(g))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'TypeScript helper imported from a .js specifier',
    why: 'invalid: ./marks.js resolves to marks.ts as TypeScript does; its Guard parameter is a requirement',
    filename: 'x.ts',
    files: { 'marks.ts': "import type { Guard } from '@lockctx/xarray';\nexport function tagDirty(g: Guard<string>, i: number): void {\n  g.setMark(i, 0);\n}\n" },
    code: code`
      import type { XArray } from '@lockctx/xarray';
      import { tagDirty } from './marks.js';
      export function touch(xa: XArray<string>, i: number): void {
        tagDirty(xa, i);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'tagDirty(', suggestions: [{ messageId: 'wrapInScope', replace: ['tagDirty(xa, i)', 'xa.withLock((g) => tagDirty(g, i))'] }] })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported function takes the imported mutex',
    why: 'invalid: save (db.js) acquires mutex, which the caller holds through runExclusive',
    files: { 'db.js': DB },
    code: code`
      import { mutex, save } from './db.js';
      export function put(map, k, v) {
        return mutex.runExclusive(async () => {
          await save(map, k, v);
        });
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'save(map, k, v)', { data: { callee: 'save', lock: 'mutex', evidence: 'it calls `mutex.acquire()` in db.js at line 4', line: '3' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported mutex under another name',
    why: 'invalid: m is db.js mutex; save takes it while it is held',
    files: { 'db.js': DB },
    code: code`
      import { mutex as m, save } from './db.js';
      export async function put(map, k, v) {
        const release = await m.acquire();
        try {
          await save(map, k, v);
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'save(map, k, v)', { data: { lock: 'm' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'function and mutex through different modules',
    why: 'invalid: store is save re-exported by api.js; mutex comes straight from db.js: one lock',
    files: { 'db.js': DB, 'api.js': "export { save as store } from './db.js';\n" },
    code: code`
      import { mutex } from './db.js';
      import { store } from './api.js';
      export function put(map, k, v) {
        return mutex.runExclusive(() => store(map, k, v));
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'store(map, k, v)', { data: { callee: 'store', lock: 'mutex' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported function takes the lock of a parameter',
    why: 'invalid: fill (fill.js) calls xa.withLock on its parameter, which the caller holds',
    files: { 'fill.js': 'export function fill(xa) {\n  xa.withLock((g) => g.setMark(0, 0));\n}\n' },
    code: code`
      import { fill } from './fill.js';
      export function touch(xa) {
        xa.withLock((g) => {
          fill(xa);
        });
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'fill(xa)', { data: { callee: 'fill', lock: 'xa' } })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'imported function releases the guard',
    why: 'invalid: finish (done.js) unlocks its parameter; the guard is used after',
    files: { 'done.js': 'export function finish(g) {\n  g.unlock();\n}\n' },
    code: code`
      import { finish } from './done.js';
      export function touch(xa) {
        const g = xa.lock();
        finish(g);
        g.setMark(0, 0);
      }
    `,
    findings: [f('no-use-after-unlock', 'useAfterUnlock', 'g', { after: 'finish(g);' })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks name taken in an imported function',
    why: 'invalid: log.js requests "journal", which the caller holds',
    files: { 'log.js': "export async function log(entry) {\n  await navigator.locks.request('journal', async () => console.log(entry));\n}\n" },
    code: code`
      import { log } from './log.js';
      export async function both(entry) {
        await navigator.locks.request('journal', () => log(entry));
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'log(entry)', { data: { lock: 'navigator.locks["journal"]' } })],
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'imported async function dropped in a lock callback',
    why: 'invalid: save is async in db.js; dropping its promise lets it outlive the lock',
    files: { 'db.js': DB },
    code: code`
      import { Mutex } from 'async-mutex';
      import { save } from './db.js';
      const local = new Mutex();
      export function put(map, k, v) {
        return local.runExclusive(() => {
          void save(map, k, v);
        });
      }
    `,
    findings: [f('no-unawaited-in-lock', 'unawaited', 'save(map, k, v)')],
  },
  // --------------------------------------------------------------- valid
  {
    rule: 'require-guard',
    name: 'imported helper given the live guard',
    why: 'valid: the guard of withLock is passed to tagDirty',
    files: { 'marks.js': MARKS },
    code: code`
      import { tagDirty } from './marks.js';
      export function touch(xa, i) {
        xa.withLock((g) => tagDirty(g, i));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'imported helper with no requirement',
    why: 'valid: plain.js uses its parameter as a string, not a guard',
    files: { 'plain.js': 'export function shout(s) {\n  return s.split(\'\').join(\'!\');\n}\n' },
    code: code`
      import { shout } from './plain.js';
      export function touch(xa) {
        xa.withLock(() => {});
        return shout('abc');
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'missing module',
    why: 'valid: an import that does not resolve gives no summary and no report',
    code: code`
      import { tagDirty } from './nowhere.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'unparsable module',
    why: 'valid: a module that does not parse contributes nothing, and nothing crashes',
    files: { 'broken.js': 'export function tagDirty(g, i) {\n  g.setMark(i, 0\n' },
    code: code`
      import { tagDirty } from './broken.js';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'package import is not followed',
    why: 'valid: only relative imports are read; a bare specifier is a package',
    code: code`
      import { tagDirty } from 'marks';
      export function touch(xa, i) {
        xa.withLock(() => {});
        tagDirty(xa, i);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'type-only import',
    why: 'valid: import type brings no function to call',
    filename: 'x.ts',
    files: { 'marks.ts': 'export type Tag = (g: unknown, i: number) => void;\nexport function tagDirty(g: any, i: number): void {\n  g.setMark(i, 0);\n}\n' },
    code: code`
      import type { Tag } from './marks.js';
      export function run(tag: Tag, xa: object): void {
        tag(xa, 0);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'import cycle',
    why: 'valid: a.js and x.js import each other; the cycle is cut and the guard is live',
    files: { 'a.js': "import { touch } from './x.js';\nexport function tagDirty(g, i) {\n  g.setMark(i, 0);\n}\nexport const again = touch;\n" },
    code: code`
      import { tagDirty } from './a.js';
      export function touch(xa, i) {
        xa.withLock((g) => tagDirty(g, i));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported function takes its own module mutex',
    why: 'valid: save takes db.js mutex, a different lock from the caller mutex',
    files: { 'db.js': DB },
    code: code`
      import { Mutex } from 'async-mutex';
      import { save } from './db.js';
      const mutex = new Mutex();
      export function put(map, k, v) {
        return mutex.runExclusive(() => save(map, k, v));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported function called with the lock released',
    why: 'valid: the releaser runs before save takes the mutex',
    files: { 'db.js': DB },
    code: code`
      import { mutex, save } from './db.js';
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        map.delete(k);
        release();
        await save(map, k, v);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'imported parameter lock on another XArray',
    why: 'valid: fill takes the lock of its argument, b, while a is held',
    files: { 'fill.js': 'export function fill(xa) {\n  xa.withLock((g) => g.setMark(0, 0));\n}\n' },
    code: code`
      import { fill } from './fill.js';
      export function touch(a, b) {
        a.withLock((g) => {
          fill(b);
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'Web Locks different name in an imported function',
    why: 'valid: log.js requests "log"; the caller holds "journal"',
    files: { 'log.js': "export async function log(entry) {\n  await navigator.locks.request('log', async () => console.log(entry));\n}\n" },
    code: code`
      import { log } from './log.js';
      export async function both(entry) {
        await navigator.locks.request('journal', () => log(entry));
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'imported function that only reads the guard',
    why: 'valid: peek.js uses the guard and does not release it; the caller unlocks after',
    files: { 'peek.js': 'export function peek(g) {\n  return g.getMark(0, 0);\n}\n' },
    code: code`
      import { peek } from './peek.js';
      export function touch(xa) {
        const g = xa.lock();
        const m = peek(g);
        g.unlock();
        return m;
      }
    `,
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'imported sync function in a lock callback',
    why: 'valid: append in journal.js is synchronous; nothing outlives the lock',
    files: { 'journal.js': 'export const entries = [];\nexport function append(e) {\n  entries.push(e);\n}\n' },
    code: code`
      import { Mutex } from 'async-mutex';
      import { append } from './journal.js';
      const mutex = new Mutex();
      export function put(e) {
        return mutex.runExclusive(() => {
          append(e);
        });
      }
    `,
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'imported async function awaited in a lock callback',
    why: 'valid: the callback awaits save from db.js',
    files: { 'db.js': DB },
    code: code`
      import { Mutex } from 'async-mutex';
      import { save } from './db.js';
      const local = new Mutex();
      export function put(map, k, v) {
        return local.runExclusive(async () => {
          await save(map, k, v);
        });
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'CommonJS helper given the guard',
    why: 'valid: the withLock guard is passed to the required tagDirty',
    filename: 'x.cjs',
    files: { 'marks.cjs': CJS_MARKS },
    code: code`
      const { tagDirty } = require('./marks.cjs');
      exports.touch = function touch(xa, i) {
        xa.withLock((g) => tagDirty(g, i));
      };
    `,
  },
  {
    rule: 'require-guard',
    name: 'default export helper given the guard',
    why: 'valid: the default export is summarised too and the guard is live',
    files: { 'marks.js': 'export default function tagDirty(g, i) {\n  g.setMark(i, 0);\n}\n' },
    code: code`
      import tag from './marks.js';
      export function touch(xa, i) {
        xa.withLock((g) => tag(g, i));
      }
    `,
  },
];
