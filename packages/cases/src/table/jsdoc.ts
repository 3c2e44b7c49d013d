import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/** JSDoc lock tags (`@lockctx-requires/acquires/excludes/releases/returns-held`) override inference. */
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
    findings: [f('require-guard', 'notAGuard', 'xa', { nth: 3, data: { evidence: 'it is annotated `@lockctx-requires g` at line 1' } })],
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
];
