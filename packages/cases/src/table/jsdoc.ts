import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * JSDoc lock tags (`@lockctx-requires/acquires/excludes/releases/asserts/returns-held`)
 * override inference; `@lockctx-requires L` of a lock (not a guard parameter)
 * is a requirement on callers, and the body starts with `L` held.
 */
const f = (check: FindingSpec['check'], messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check, messageId, at, ...more });

const HEAD = `import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();\n`;
/** {@link HEAD} indented to sit in a `code` template at six spaces. */
const H = HEAD.replace(/\n(?=.)/g, '\n      ');

export const jsdoc: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'require-guard',
    name: 'jsdoc requires a guard parameter',
    why: 'invalid: the tag declares g a guard although the body shows no guard method',
    code: code`
      /** @lockctx-requires g */
      function tag(g, i) {
        g.touch(i);
      }
      export function put(xa) {
        xa.withLock(() => {});
        tag(xa, 1);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, data: { evidence: 'it is annotated `@lockctx-requires g` at line 1' }, suggestions: [{ messageId: 'wrapInScope', replace: ['tag(xa, 1)', 'xa.withLock((g) => tag(g, 1))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires by index',
    why: 'invalid: #0 names the first parameter; no argument is given',
    code: code`
      /** @lockctx-requires #0 */
      function tag(g) {
        g.touch();
      }
      export function put(xa) {
        xa.withLock(() => {});
        tag();
      }
    `,
    findings: [f('require-guard', 'missingGuard', 'tag()', { nth: 1 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes a held mutex',
    why: 'invalid: flush declares it must not be called with mutex held',
    code: code`
      ${H}
      /**
       * Flushes.
       * @lockctx-excludes mutex
       */
      function flush(map) {
        map.clear();
      }
      export function put(map) {
        return mutex.runExclusive(async () => {
          flush(map);
        });
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'flush(map)', { after: 'runExclusive', data: { callee: 'flush', lock: 'mutex', evidence: 'it is annotated `@lockctx-excludes mutex` at line 6' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc acquires a held mutex',
    why: 'invalid: acquires says the callee takes mutex, which the caller holds',
    code: code`
      ${H}
      /** @lockctx-acquires mutex */
      export function enter() {}
      export async function put() {
        const release = await mutex.acquire();
        try {
          enter();
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'enter()', { after: 'try {' })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc negative requirement',
    why: 'invalid: requires !mutex means callers must not hold mutex',
    code: code`
      ${H}
      /** @lockctx-requires !mutex */
      function reload(map) {
        map.clear();
      }
      export function put(map) {
        return mutex.runExclusive(() => reload(map));
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'reload(map)', { after: 'runExclusive' })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes on an exported arrow',
    why: 'invalid: the tag above a const arrow function applies to it',
    code: code`
      ${H}
      /** @lockctx-excludes mutex */
      export const reset = (map) => map.clear();
      export function put(map) {
        return mutex.runExclusive(() => reset(map));
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'reset(map)', { after: 'runExclusive' })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes a parameter lock',
    why: 'invalid: excludes xa names the parameter; the caller holds the lock of its argument',
    code: code`
      /** @lockctx-excludes xa */
      function refill(xa) {
        return xa;
      }
      export function put(pages) {
        pages.withLock((g) => {
          refill(pages);
        });
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'refill(pages)', { data: { lock: 'pages' } })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'jsdoc releases a guard parameter',
    why: 'invalid: done declares it releases g; the caller uses g afterwards',
    code: code`
      /** @lockctx-releases g */
      function done(g) {
        g.finish();
      }
      export function put(xa) {
        const g = xa.lock();
        done(g);
        g.setMark(0, 0);
      }
    `,
    findings: [f('no-use-after-unlock', 'useAfterUnlock', 'g', { after: 'done(g);' })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires a held mutex, called without it',
    why: 'invalid: bump declares that its callers hold mutex; put calls it unlocked',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', (map.get('n') ?? 0) + 1);
      }
      export function put(map) {
        bump(map);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(map)', { nth: 2, data: { callee: 'bump', lock: 'mutex', evidence: 'it is annotated `@lockctx-requires mutex` at line 4' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(map) {', '/** @lockctx-requires mutex */\nexport function put(map) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires a held mutex, held on one path',
    why: 'invalid: on the path where fast is true the mutex is not taken before bump',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', 1);
      }
      export async function put(map, fast) {
        let release;
        if (!fast) release = await mutex.acquire();
        bump(map);
        release?.();
      }
    `,
    findings: [f('require-guard', 'lockNotHeldOnSomePaths', 'bump(map)', { nth: 2 })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires a held mutex, released too early',
    why: 'invalid: the releaser runs before bump, which needs the mutex held',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', 1);
      }
      export async function put(map) {
        const release = await mutex.acquire();
        release();
        bump(map);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(map)', { nth: 2 })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires the XArray lock, called outside withLock',
    why: 'invalid: tagAll needs cache locked; the second call is after the callback returned',
    code: code`
      import { XArray } from '@lockctx/xarray';
      const cache = new XArray();
      /** @lockctx-requires cache */
      function tagAll(marks) {
        marks.add(cache);
      }
      export function put(marks) {
        cache.withLock(() => tagAll(marks));
        tagAll(marks);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'tagAll(marks)', { nth: 3, suggestions: [{ messageId: 'wrapInScope', replace: ['  tagAll(marks);\n}', '  cache.withLock(() => tagAll(marks));\n}'] }] })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc requires a mutex, then takes it again',
    why: 'invalid: the body starts with mutex held (its callers hold it), so acquiring it again waits for ever',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      export async function refill(map) {
        const release = await mutex.acquire();
        map.clear();
        release();
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'mutex.acquire()', { nth: 1 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc asserts a mutex, then takes it',
    why: 'invalid: after checkHeld() the mutex is known held; taking it again deadlocks',
    code: code`
      ${H}
      /** @lockctx-asserts mutex */
      function checkHeld() {
        if (!mutex.isLocked()) throw new Error('mutex not held');
      }
      export async function put(map) {
        checkHeld();
        const release = await mutex.acquire();
        map.clear();
        release();
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'mutex.acquire()')],
  },
  {
    rule: 'no-lock-leak',
    name: 'jsdoc returns-held, never released by the caller',
    why: 'invalid: lockFor hands the held lock to its caller, which returns without releasing it',
    code: code`
      /** @lockctx-returns-held xa */
      function lockFor(xa) {
        return xa.lock();
      }
      export function put(xa, i) {
        const g = lockFor(xa);
        g.setMark(i, 0);
      }
    `,
    findings: [f('no-lock-leak', 'notReleased', 'lockFor(xa)', { nth: 2, data: { lock: 'xa', exit: 'the end of the function' } })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires, through an unannotated caller',
    why: 'invalid: outer is not annotated, so it must hold mutex itself when it calls the annotated inner',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function inner(map) {
        map.clear();
      }
      /** Clears the map. */
      export function outer(map) {
        inner(map);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'inner(map)', { nth: 2, suggestions: [{ messageId: 'addRequires', replace: ['/** Clears the map. */', '/**\n * Clears the map.\n * @lockctx-requires mutex\n */'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires the XArray lock, a caller that never takes it',
    why: 'invalid: put calls tagAll without cache locked; it can take the lock around the call or require it of its own callers',
    code: code`
      import { XArray } from '@lockctx/xarray';
      const cache = new XArray();
      /** @lockctx-requires cache */
      function tagAll(marks) {
        marks.add(cache);
      }
      export function put(marks) {
        tagAll(marks);
      }
    `,
    findings: [
      f('require-guard', 'lockNotHeld', 'tagAll(marks)', {
        nth: 2,
        suggestions: [
          { messageId: 'wrapInScope', replace: ['  tagAll(marks);', '  cache.withLock(() => tagAll(marks));'] },
          { messageId: 'addRequires', replace: ['export function put', '/** @lockctx-requires cache */\nexport function put'] },
        ],
      }),
    ],
  },
  // --------------------------------------------------------------- valid
  {
    rule: 'require-guard',
    name: 'jsdoc requires met by the live guard',
    why: 'valid: the guard of withLock is passed',
    code: code`
      /** @lockctx-requires g */
      function tag(g, i) {
        g.touch(i);
      }
      export function put(xa) {
        xa.withLock((g) => tag(g, 1));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc without lockctx tags',
    why: 'valid: ordinary JSDoc declares nothing; g is no guard by use',
    code: code`
      /** @param g the thing to touch */
      function tag(g, i) {
        g.touch(i);
      }
      export function put(xa) {
        xa.withLock(() => {});
        tag(xa, 1);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc separated from the function',
    why: 'valid: a tag comment followed by other code does not annotate a later function',
    code: code`
      /** @lockctx-requires g */
      const unrelated = 1;
      function tag(g, i) {
        g.touch(i + unrelated);
      }
      export function put(xa) {
        xa.withLock(() => {});
        tag(xa, 1);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes a mutex that is not held',
    why: 'valid: flush is called after the mutex was released',
    code: code`
      ${H}
      /** @lockctx-excludes mutex */
      function flush(map) {
        map.clear();
      }
      export async function put(map) {
        await mutex.runExclusive(async () => map.set(1, 1));
        flush(map);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes another mutex',
    why: 'valid: flush excludes other, while mutex is held',
    code: code`
      ${H}
      const other = new Mutex();
      /** @lockctx-excludes other */
      function flush(map) {
        map.clear();
      }
      export function put(map) {
        return mutex.runExclusive(async () => flush(map));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc positive requires of a held mutex',
    why: 'valid: requires mutex asks callers to hold it, and this one does',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', (map.get('n') ?? 0) + 1);
      }
      export function put(map) {
        return mutex.runExclusive(async () => bump(map));
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'jsdoc releases, guard not used after',
    why: 'valid: after done(g) the guard is not touched again',
    code: code`
      /** @lockctx-releases g */
      function done(g) {
        g.finish();
      }
      export function put(xa) {
        const g = xa.lock();
        g.setMark(0, 0);
        done(g);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc excludes a parameter, another lock held',
    why: 'valid: refill takes the lock of its argument b while a is held',
    code: code`
      /** @lockctx-excludes xa */
      function refill(xa) {
        return xa;
      }
      export function put(a, b) {
        a.withLock(() => {
          refill(b);
        });
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires a held mutex, acquired with try/finally',
    why: 'valid: the mutex is held on every path that reaches bump',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', 1);
      }
      export async function put(map) {
        const release = await mutex.acquire();
        try {
          bump(map);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires a held mutex, caller annotated too',
    why: 'valid: outer also requires mutex, so its callers hold it when it calls inner (the requirement moved up)',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      function inner(map) {
        map.clear();
      }
      /** @lockctx-requires mutex */
      export function outer(map) {
        inner(map);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc asserts, then a function that requires it',
    why: 'valid: checkHeld() asserts mutex held, as lockdep_assert_held() does, so bump may be called',
    code: code`
      ${H}
      /** @lockctx-asserts mutex */
      function checkHeld() {
        if (!mutex.isLocked()) throw new Error('mutex not held');
      }
      /** @lockctx-requires mutex */
      function bump(map) {
        map.set('n', 1);
      }
      export function put(map) {
        checkHeld();
        bump(map);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'jsdoc requires the XArray lock, called inside withLock',
    why: 'valid: the callback runs with cache locked',
    code: code`
      import { XArray } from '@lockctx/xarray';
      const cache = new XArray();
      /** @lockctx-requires cache */
      function tagAll(marks) {
        marks.add(cache);
      }
      export function put(marks) {
        cache.withLock(() => tagAll(marks));
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'jsdoc returns-held, released by the caller',
    why: 'valid: the caller owns the lock lockFor returns and unlocks it in finally',
    code: code`
      /** @lockctx-returns-held xa */
      function lockFor(xa) {
        return xa.lock();
      }
      export function put(xa, i) {
        const g = lockFor(xa);
        try {
          g.setMark(i, 0);
        } finally {
          g.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc acquires, called with nothing held',
    why: 'valid: enter takes mutex itself, and put holds nothing when it calls it',
    code: code`
      ${H}
      /** @lockctx-acquires mutex */
      export function enter() {}
      export function put() {
        enter();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'jsdoc requires a mutex, body uses it without taking it',
    why: 'valid: the body relies on the caller holding mutex and never takes it',
    code: code`
      ${H}
      /** @lockctx-requires mutex */
      export function drain(queue) {
        queue.length = 0;
      }
    `,
  },
];
