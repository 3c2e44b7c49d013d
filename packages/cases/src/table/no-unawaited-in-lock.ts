import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-unawaited-in-lock';
const un = (at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId: 'unawaited', at, after: 'export', ...more });

/** The head of most cases: an async-mutex Mutex and an async function. */
const MUTEX_TEXT = `import { Mutex } from 'async-mutex';\n\nconst mutex = new Mutex();\n\nasync function save(entry) {\n  await fetch('/journal', { method: 'POST', body: entry });\n}\n`;
/** {@link MUTEX_TEXT} indented to sit in a `code` template at six spaces. */
const MUTEX = MUTEX_TEXT.replace(/\n(?=.)/g, '\n      ');

/** Cases whose callback is not `async`: no suggestion to await there. */
const SYNC_CALLBACK = new Set([
  'runExclusive: void promise in a sync callback',
  'Web Locks with options: then() chain not returned',
  'async-lock via require',
]);

/** The finding with its suggestion: `await` inserted before the dropped call (replacing `void `). */
function withAwait(text: string, f: FindingSpec): FindingSpec {
  const from = text.indexOf(f.at, text.indexOf(f.after ?? ''));
  const start = text.slice(from - 5, from) === 'void ' ? from - 5 : from;
  const output = `${text.slice(0, start)}await ${text.slice(from)}`;
  return { ...f, suggestions: [{ messageId: 'addAwait', output }] };
}

const table: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'runExclusive: async function called, not awaited',
    why: 'invalid: the mutex is released when the callback settles, before save() ends',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(async () => {
          save(entry);
        });
      }
    `,
    findings: [
      un('save(entry)', {
        data: { call: 'save()', lock: 'mutex', line: '10' },
        suggestions: [{ messageId: 'addAwait', output: `${MUTEX_TEXT}\nexport function record(entry) {\n  return mutex.runExclusive(async () => {\n    await save(entry);\n  });\n}\n` }],
      }),
    ],
  },
  {
    rule,
    name: 'runExclusive: void promise in a sync callback',
    why: 'invalid: void drops the promise; the callback returns undefined and the lock ends at once',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(() => {
          void save(entry);
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  {
    rule,
    name: 'Web Locks: fetch started and dropped',
    why: 'invalid: the named lock is released when the async callback settles, before fetch ends',
    code: code`
      export async function record(entry) {
        await navigator.locks.request('journal', async () => {
          fetch('/journal', { method: 'POST', body: entry });
        });
      }
    `,
    findings: [un("fetch('/journal', { method: 'POST', body: entry })", { data: { call: 'fetch()', lock: 'navigator.locks["journal"]', line: '2' } , suggestions: [{ messageId: 'addAwait', output: code`
      export async function record(entry) {
        await navigator.locks.request('journal', async () => {
          await fetch('/journal', { method: 'POST', body: entry });
        });
      }
    ` }] })],
  },
  {
    rule,
    name: 'Web Locks with options: then() chain not returned',
    why: 'invalid: a then() chain is a promise; the shared lock ends before it runs',
    code: code`
      export async function count(load) {
        await navigator.locks.request('journal', { mode: 'shared' }, (lock) => {
          load().then((n) => console.log(n));
        });
      }
    `,
    findings: [un('load().then((n) => console.log(n))')],
  },
  {
    rule,
    name: 'async-lock: second write not awaited',
    why: 'invalid: the key is released when the callback settles, after the first save only',
    code: code`
      import AsyncLock from 'async-lock';

      const lock = new AsyncLock();
      const save = async (entry) => {
        await fetch('/save', { method: 'POST', body: entry });
      };

      export function record(user, a, b) {
        return lock.acquire(user, async () => {
          await save(a);
          save(b);
        });
      }
    `,
    findings: [un('save(b)', { data: { call: 'save()', lock: 'lock[~user]', line: '9' } })],
  },
  {
    rule,
    name: 'async-lock via require',
    why: 'invalid: CommonJS require finds the same preset; the write escapes the key lock',
    filename: 'x.cjs',
    code: code`
      const AsyncLock = require('async-lock');

      const lock = new AsyncLock();
      async function write(key, value) {
        await fetch('/kv/' + key, { method: 'PUT', body: value });
      }

      exports.put = (key, value) =>
        lock.acquire(key, () => {
          void write(key, value);
        });
    `,
    findings: [un('write(key, value)')],
  },
  {
    rule,
    name: 'unawaited inside an if of the callback',
    why: 'invalid: statements in nested blocks of the callback are still under the lock',
    code: code`
      ${MUTEX}
      export function record(entry, urgent) {
        return mutex.runExclusive(async () => {
          if (urgent) {
            save(entry);
          }
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  {
    rule,
    name: 'unawaited inside a loop of the callback',
    why: 'invalid: every save of the loop outlives the lock',
    code: code`
      ${MUTEX}
      export function recordAll(entries) {
        return mutex.runExclusive(async () => {
          for (const e of entries) save(e);
        });
      }
    `,
    findings: [un('save(e)')],
  },
  {
    rule,
    name: 'unawaited inside try of the callback',
    why: 'invalid: try does not wait for a promise that is not awaited',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(async () => {
          try {
            save(entry);
          } catch (e) {
            console.error(e);
          }
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  {
    rule,
    name: 'class field mutex',
    why: 'invalid: a Mutex in a class field is the same preset; this.flush() is async',
    code: code`
      import { Mutex } from 'async-mutex';

      export class Journal {
        mutex = new Mutex();
        async flush() {
          await fetch('/flush');
        }
        record() {
          return this.mutex.runExclusive(async () => {
            void this.flush();
          });
        }
      }
    `,
    findings: [un('this.flush()', { data: { call: 'this.flush()', lock: 'this.mutex', line: '9' } })],
  },
  {
    rule,
    name: 'another lock request started and dropped',
    why: 'invalid: the inner request is a promise; the outer lock ends before it is granted',
    code: code`
      export async function move(entry) {
        await navigator.locks.request('journal', async () => {
          navigator.locks.request('index', async () => entry);
        });
      }
    `,
    findings: [un("navigator.locks.request('index', async () => entry)")],
  },
  {
    rule,
    name: 'new Promise dropped',
    why: 'invalid: the timer resolves after the lock is released',
    code: code`
      ${MUTEX}
      export function later(entry) {
        return mutex.runExclusive(async () => {
          new Promise((resolve) => setTimeout(resolve, 10)).then(() => save(entry));
        });
      }
    `,
    findings: [un('new Promise((resolve) => setTimeout(resolve, 10)).then(() => save(entry))')],
  },
  {
    rule,
    name: 'Promise.all not awaited',
    why: 'invalid: Promise.all is a promise; its writes run without the lock',
    code: code`
      ${MUTEX}
      export function recordBoth(a, b) {
        return mutex.runExclusive(async () => {
          Promise.all([save(a), save(b)]);
        });
      }
    `,
    findings: [un('Promise.all([save(a), save(b)])')],
  },
  {
    rule,
    name: 'withTimeout mutex',
    why: 'invalid: withTimeout wraps the same Mutex; the callback still ends before save()',
    code: code`
      import { Mutex, withTimeout } from 'async-mutex';

      const mutex = withTimeout(new Mutex(), 100);
      async function save(entry) {
        await fetch('/journal', { method: 'POST', body: entry });
      }

      export function record(entry) {
        return mutex.runExclusive(async () => {
          save(entry);
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  {
    rule,
    name: 'function declared to return a Promise',
    why: 'invalid: a Promise return type marks save as asynchronous even without async',
    filename: 'x.ts',
    code: code`
      import { Mutex } from 'async-mutex';

      const mutex = new Mutex();
      declare function save(entry: string): Promise<void>;

      export function record(entry: string): Promise<void> {
        return mutex.runExclusive(async () => {
          save(entry);
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  {
    rule,
    name: 'Semaphore runExclusive',
    why: 'invalid: a Semaphore slot is held only until the callback settles too',
    code: code`
      import { Semaphore } from 'async-mutex';

      const slots = new Semaphore(2);
      async function save(entry) {
        await fetch('/journal', { method: 'POST', body: entry });
      }

      export function record(entry) {
        return slots.runExclusive(async () => {
          save(entry);
        });
      }
    `,
    findings: [un('save(entry)')],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'awaited save',
    why: 'valid: the callback settles only after save() does',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(async () => {
          await save(entry);
        });
      }
    `,
  },
  {
    rule,
    name: 'promise returned from an expression body',
    why: 'valid: the callback returns the promise, so the lock covers it',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(() => save(entry));
      }
    `,
  },
  {
    rule,
    name: 'promise returned from a block body',
    why: 'valid: return hands the promise to the lock',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(() => {
          return save(entry);
        });
      }
    `,
  },
  {
    rule,
    name: 'sync function called',
    why: 'valid: a function not known to return a promise finishes under the lock',
    code: code`
      import { Mutex } from 'async-mutex';

      const mutex = new Mutex();
      const journal = [];
      function append(entry) {
        journal.push(entry);
      }

      export function record(entry) {
        return mutex.runExclusive(() => {
          append(entry);
        });
      }
    `,
  },
  {
    rule,
    name: 'unknown function called',
    why: 'valid: nothing says log() returns a promise; no guessing',
    code: code`
      import { Mutex } from 'async-mutex';

      const mutex = new Mutex();
      export function record(entry, log) {
        return mutex.runExclusive(() => {
          log(entry);
        });
      }
    `,
  },
  {
    rule,
    name: 'promise started in a nested function',
    why: 'valid: the nested function runs later and is not part of the callback statement list',
    code: code`
      ${MUTEX}
      export function record(entry, button) {
        return mutex.runExclusive(() => {
          button.onclick = () => {
            save(entry);
          };
        });
      }
    `,
  },
  {
    rule,
    name: 'Web Locks awaited',
    why: 'valid: the lock is held until fetch ends',
    code: code`
      export async function record(entry) {
        await navigator.locks.request('journal', async () => {
          await fetch('/journal', { method: 'POST', body: entry });
        });
      }
    `,
  },
  {
    rule,
    name: 'Web Locks returning the promise',
    why: 'valid: the promise returned by the callback keeps the lock',
    code: code`
      export function record(entry) {
        return navigator.locks.request('journal', () => fetch('/journal', { method: 'POST', body: entry }));
      }
    `,
  },
  {
    rule,
    name: 'async-lock node-style done',
    why: 'valid: with a done parameter the lock is held until done is called, not until the callback returns',
    code: code`
      import AsyncLock from 'async-lock';

      const lock = new AsyncLock();
      async function save(entry) {
        await fetch('/journal', { method: 'POST', body: entry });
      }

      export function record(user, entry, cb) {
        lock.acquire(user, (done) => {
          save(entry).then(() => done(), done);
        }, cb);
      }
    `,
  },
  {
    rule,
    name: 'Promise.all awaited',
    why: 'valid: both writes finish before the callback settles',
    code: code`
      ${MUTEX}
      export function recordBoth(a, b) {
        return mutex.runExclusive(async () => {
          await Promise.all([save(a), save(b)]);
        });
      }
    `,
  },
  {
    rule,
    name: 'promise kept and awaited later',
    why: 'valid: the promise is bound and awaited before the callback ends',
    code: code`
      ${MUTEX}
      export function record(entry) {
        return mutex.runExclusive(async () => {
          const pending = save(entry);
          await pending;
        });
      }
    `,
  },
  {
    rule,
    name: 'not a lock: a local object with runExclusive',
    why: 'valid: runExclusive on an object that is not a known lock is not a lock scope',
    code: code`
      async function save(entry) {
        await fetch('/journal', { method: 'POST', body: entry });
      }
      export function record(queue, entry) {
        return queue.runExclusive(async () => {
          save(entry);
        });
      }
    `,
  },
  {
    rule,
    name: 'acquire and release around the call',
    why: 'valid: an explicit acquire is not a callback scope; the lock lasts until release()',
    code: code`
      ${MUTEX}
      export async function record(entry) {
        const release = await mutex.acquire();
        try {
          await save(entry);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule,
    name: 'unawaited save outside the lock',
    why: 'valid: the promise is dropped after the lock scope, which this rule does not judge',
    code: code`
      ${MUTEX}
      export async function record(entry) {
        await mutex.runExclusive(() => save('start'));
        save(entry);
      }
    `,
  },
  {
    rule,
    name: 'XArray withLock with a sync call',
    why: 'valid: the XArray lock is a synchronous scope; nothing to await',
    code: code`
      function tag(g, index) {
        g.setMark(index, 0);
      }
      export function record(xa, index) {
        xa.withLock((g) => {
          tag(g, index);
        });
      }
    `,
  },
];

/** The cases of `no-unawaited-in-lock`; async callbacks get the suggestion to await. */
export const unawaitedInLock: CaseSpec[] = table.map((c) => ({
  ...c,
  findings: c.findings?.map((f) =>
    f.check === rule && !f.suggestions && !SYNC_CALLBACK.has(c.name) ? withAwait(c.code, f) : f,
  ),
}));
