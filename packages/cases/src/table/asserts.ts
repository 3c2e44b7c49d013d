import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * Runtime assertions are facts (the kernel's `lockdep_assert_held()`): an
 * assertion that a lock is held (`assert(m.isLocked())`, `if (!m.isLocked())
 * throw …`, `console.assert`, `invariant`, a helper that does only that, or a
 * function tagged `@lockctx-asserts`) makes the lock held from there on, and
 * a function that begins with one requires its callers to hold the lock.
 */
const f = (check: FindingSpec['check'], messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check, messageId, at, ...more });

const MUTEX = `import { Mutex } from 'async-mutex';
import assert from 'node:assert';
const mutex = new Mutex();
`;

export const asserts: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'require-guard',
    name: 'assert(isLocked()) makes a requirement',
    why: 'invalid: bump asserts that mutex is held, and put calls it without the mutex',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', data: { callee: 'bump', lock: 'mutex', evidence: 'it asserts that `mutex` is held at line 5' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'if (!isLocked()) throw makes a requirement',
    why: 'invalid: bump throws unless mutex is held, and put calls it without the mutex',
    code: MUTEX + code`
      function bump(state) {
        if (!mutex.isLocked()) throw new Error('mutex must be held');
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', data: { lock: 'mutex' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'if (!isLocked()) with a thrown block',
    why: 'invalid: the block ends with a throw, so bump requires the mutex; put does not hold it',
    code: MUTEX + code`
      function bump(state) {
        if (!mutex.isLocked()) {
          const error = new Error('mutex must be held');
          throw error;
        }
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'console.assert makes a requirement',
    why: 'invalid: console.assert states the precondition; put breaks it',
    code: MUTEX + code`
      function bump(state) {
        console.assert(mutex.isLocked(), 'mutex must be held');
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'invariant makes a requirement',
    why: 'invalid: invariant(mutex.isLocked(), …) throws when the mutex is free, as it is in put',
    code: MUTEX + code`
      import invariant from 'tiny-invariant';
      function bump(state) {
        invariant(mutex.isLocked(), 'mutex must be held');
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'assert.ok makes a requirement',
    why: 'invalid: assert.ok is assert; put calls bump without the mutex',
    code: MUTEX + code`
      function bump(state) {
        assert.ok(mutex.isLocked());
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'an assertion helper moves the requirement up',
    why: 'invalid: bump begins with assertLocked(), so it requires the mutex; put calls bump without it',
    code: MUTEX + code`
      function assertLocked() {
        if (!mutex.isLocked()) throw new Error('mutex must be held');
      }
      function bump(state) {
        assertLocked();
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', data: { callee: 'bump', lock: 'mutex', evidence: 'it calls `assertLocked`, which asserts that `mutex` is held at line 8' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'a private assertion method of a class',
    why: 'invalid: #bump begins with #assertLocked() (the MetaMask pattern), and put calls it without the mutex',
    code: code`
      import { Mutex } from 'async-mutex';
      export class Store {
        #mutex = new Mutex();
        #assertLocked() {
          if (!this.#mutex.isLocked()) throw new Error('mutex must be held');
        }
        #bump(state) {
          this.#assertLocked();
          state.n += 1;
        }
        put(state) {
          this.#bump(state);
        }
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'this.#bump(state)', { data: { lock: 'this.#mutex' }, suggestions: [{ messageId: 'addRequires', replace: ['  put(state) {', '  /** @lockctx-requires this.#mutex */\n  put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'a helper tagged @lockctx-asserts',
    why: 'invalid: checkHeld is declared to assert mutex; bump begins with it, so bump requires the mutex',
    code: MUTEX + code`
      /** @lockctx-asserts mutex */
      function checkHeld() {}
      function bump(state) {
        checkHeld();
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires mutex */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'the requirement after the lock was released',
    why: 'invalid: the releaser ran before bump, so the mutex bump asserts is free again',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      export async function put(state) {
        const release = await mutex.acquire();
        release();
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'release();' })],
  },
  {
    rule: 'require-guard',
    name: 'held on some paths only',
    why: 'invalid on some paths: the mutex is taken only when fast is false (the release under `if (release)` is not followed, hence the leak on some paths)',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      export async function put(state, fast) {
        let release = null;
        if (!fast) release = await mutex.acquire();
        try {
          bump(state);
        } finally {
          if (release) release();
        }
      }
    `,
    findings: [
      f('no-lock-leak', 'notReleasedOnSomePaths', 'mutex.acquire()'),
      f('require-guard', 'lockNotHeldOnSomePaths', 'bump(state)', { after: 'try {' }),
    ],
  },
  {
    rule: 'require-guard',
    name: 'await-lock: the acquired property asserted',
    why: 'invalid: assert(lock.acquired) makes bump require the lock; put calls it without it',
    code: code`
      import AwaitLock from 'await-lock';
      import assert from 'node:assert';
      const lock = new AwaitLock();
      function bump(state) {
        assert(lock.acquired);
        state.n += 1;
      }
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', data: { lock: 'lock' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(state) {', '/** @lockctx-requires lock */\nexport function put(state) {'] }] })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'taking the asserted lock again',
    why: 'invalid: after assert(mutex.isLocked()) the mutex is held here, so runExclusive waits for itself',
    code: MUTEX + code`
      export async function flush(state) {
        assert(mutex.isLocked());
        await mutex.runExclusive(() => state.save());
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'mutex.runExclusive(() => state.save())', { data: { lock: 'mutex' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'waiting for the asserted lock',
    why: 'invalid: the mutex is asserted held, so waitForUnlock() never returns',
    code: MUTEX + code`
      export async function flush() {
        if (!mutex.isLocked()) throw new Error('mutex must be held');
        await mutex.waitForUnlock();
      }
    `,
    findings: [f('no-self-deadlock', 'waitWhileHeld', 'mutex.waitForUnlock()')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'a callee that takes the asserted lock',
    why: 'invalid: flush asserts the mutex, then calls save, which takes it',
    code: MUTEX + code`
      async function save(state) {
        await mutex.runExclusive(() => state.write());
      }
      export async function flush(state) {
        assert(mutex.isLocked());
        await save(state);
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'save(state)', { after: 'isLocked());', data: { callee: 'save', lock: 'mutex' } })],
  },

  {
    rule: 'require-guard',
    name: 'the requirement moves into an existing doc comment',
    why: 'invalid: put calls bump, which asserts mutex, without holding it; the suggestion adds the tag to the doc comment put already has',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      /**
       * Counts one more.
       * @param state the counter
       */
      export function put(state) {
        bump(state);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(state)', { after: 'put(state)', suggestions: [{ messageId: 'addRequires', replace: [' */\nexport function put', ' * @lockctx-requires mutex\n */\nexport function put'] }] })],
  },
  // --------------------------------------------------------------- valid
  {
    rule: 'require-guard',
    name: 'called under runExclusive',
    why: 'valid: put calls bump inside runExclusive, where the asserted mutex is held',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      export async function put(state) {
        await mutex.runExclusive(() => bump(state));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'called between acquire and release',
    why: 'valid: the releaser runs in finally, after bump',
    code: MUTEX + code`
      function bump(state) {
        if (!mutex.isLocked()) throw new Error('mutex must be held');
        state.n += 1;
      }
      export async function put(state) {
        const release = await mutex.acquire();
        try {
          bump(state);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'a requirement met by the caller’s own assertion',
    why: 'valid: put asserts the mutex first, so it holds it when it calls bump (put requires it in turn)',
    code: MUTEX + code`
      function bump(state) {
        assert(mutex.isLocked());
        state.n += 1;
      }
      export function put(state) {
        assert(mutex.isLocked());
        bump(state);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'a helper called inside the lock',
    why: 'valid: #bump begins with #assertLocked(), and put calls it inside runExclusive',
    code: code`
      import { Mutex } from 'async-mutex';
      export class Store {
        #mutex = new Mutex();
        #assertLocked() {
          if (!this.#mutex.isLocked()) throw new Error('mutex must be held');
        }
        #bump(state) {
          this.#assertLocked();
          state.n += 1;
        }
        async put(state) {
          await this.#mutex.runExclusive(() => this.#bump(state));
        }
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'isLocked() as a plain test is not an assertion',
    why: 'valid: skip() only looks whether someone holds the mutex; it does not require it',
    code: MUTEX + code`
      function skip(state) {
        if (mutex.isLocked()) return;
        state.n += 1;
      }
      export function put(state) {
        skip(state);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'a negated test that does not throw',
    why: 'valid: when the mutex is free, tryBump returns instead of throwing; no requirement',
    code: MUTEX + code`
      function tryBump(state) {
        if (!mutex.isLocked()) return false;
        state.n += 1;
        return true;
      }
      export function put(state) {
        tryBump(state);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'an assertion after the function took the lock itself',
    why: 'valid: the assertion is not leading; bump takes the mutex before it asserts it',
    code: MUTEX + code`
      async function bump(state) {
        const release = await mutex.acquire();
        assert(mutex.isLocked());
        state.n += 1;
        release();
      }
      export async function put(state) {
        await bump(state);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'a requirement one level up only',
    why: 'valid: bump requires the mutex (it calls the helper first); top holds it when it calls bump',
    code: MUTEX + code`
      function assertLocked() {
        assert(mutex.isLocked());
      }
      function bump(state) {
        assertLocked();
        state.n += 1;
      }
      export async function top(state) {
        await mutex.runExclusive(() => bump(state));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'an assertion on another object',
    why: 'valid: ready.isLocked() is not a lock of this file; nothing is required',
    code: code`
      import assert from 'node:assert';
      function bump(state, ready) {
        assert(ready.isLocked());
        state.n += 1;
      }
      export function put(state, ready) {
        bump(state, ready);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'asserting one mutex, calling under another lock too',
    why: 'valid: put holds both a and b; bump needs only a',
    code: code`
      import { Mutex } from 'async-mutex';
      import assert from 'node:assert';
      const a = new Mutex();
      const b = new Mutex();
      function bump(state) {
        assert(a.isLocked());
        state.n += 1;
      }
      export async function put(state) {
        await a.runExclusive(() => b.runExclusive(() => bump(state)));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'a helper tagged @lockctx-asserts, called under the lock',
    why: 'valid: bump requires the mutex through checkHeld, and put holds it',
    code: MUTEX + code`
      /** @lockctx-asserts mutex */
      function checkHeld() {}
      function bump(state) {
        checkHeld();
        state.n += 1;
      }
      export async function put(state) {
        await mutex.runExclusive(() => bump(state));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'an assertion and no second acquisition',
    why: 'valid: flush only uses the state the asserted mutex protects',
    code: MUTEX + code`
      export function flush(state) {
        assert(mutex.isLocked());
        state.save();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'isLocked() tested before waiting',
    why: 'valid: waiting for the unlock when someone else holds the mutex is the point of the test',
    code: MUTEX + code`
      export async function settle() {
        if (mutex.isLocked()) await mutex.waitForUnlock();
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'held across an await before the call',
    why: 'valid: async-mutex may be held across await; bump runs before the releaser in finally',
    code: MUTEX + code`
      function bump(state) {
        assert.ok(mutex.isLocked());
        state.n += 1;
      }
      export async function put(state, db) {
        const release = await mutex.acquire();
        try {
          await db.load(state);
          bump(state);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'await-lock: called with the lock acquired',
    why: 'valid: put takes the lock with acquireAsync and releases it after bump',
    code: code`
      import AwaitLock from 'await-lock';
      import assert from 'node:assert';
      const lock = new AwaitLock();
      function bump(state) {
        assert(lock.acquired);
        state.n += 1;
      }
      export async function put(state) {
        await lock.acquireAsync();
        try {
          bump(state);
        } finally {
          lock.release();
        }
      }
    `,
  },
];
