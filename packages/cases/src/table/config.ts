import type { LockSpec } from '@lockctx/analysis';
import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * Custom locks declared in `lockctx.json` (or ESLint or editor settings):
 * the project's own lock classes, locks of a package no preset knows,
 * callback-scoped locks, spin and sleeping locks, re-entrant ones, global
 * locks, and `presets` that leave built-in presets out. Every case carries
 * its settings; without them, the invalid cases report nothing (the names
 * used here match no preset and no lock shape).
 */
const f = (check: FindingSpec['check'], messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check, messageId, at, ...more });

/** The project's own ticket lock, known by its class name: `await t.enter()` … `t.leave()`. */
const TICKET: LockSpec = {
  id: 'acme.TicketLock',
  kind: 'mutex',
  spin: false,
  reentrant: false,
  sources: [{ from: 'type', name: 'TicketLock', role: 'lockable' }],
  acquire: [{ form: 'call', method: 'enter', async: true, yields: { kind: 'none' } }],
  release: [{ by: 'lockable', method: 'leave', passes: 'none' }],
};

/** The same ticket lock, re-entrant: its holder may enter again. */
const REENTRANT_TICKET: LockSpec = { ...TICKET, id: 'acme.ReentrantTicket', reentrant: true };

/** A spin lock of a package: `using g = spin.hold()`, released by `g.drop()` or the block end. */
const SPIN: LockSpec = {
  id: '@acme/locks.SpinLock',
  kind: 'spinlock',
  spin: true,
  reentrant: false,
  sources: [{ from: 'package', package: '@acme/locks', export: 'SpinLock', create: 'new' }],
  acquire: [{ form: 'call', method: 'hold', async: false, yields: { kind: 'guard', release: ['drop'], disposable: 'sync' } }],
  release: [{ by: 'handle' }],
};

/** A sleeping lock of a package whose `take()` resolves to a release function. */
const SLEEPY: LockSpec = {
  id: '@acme/locks.Latch',
  kind: 'mutex',
  spin: false,
  reentrant: false,
  sources: [{ from: 'package', package: '@acme/locks', export: 'Latch', create: 'new' }],
  acquire: [{ form: 'call', method: 'take', async: true, yields: { kind: 'releaser' } }],
  release: [{ by: 'handle' }],
  waitsForRelease: ['idle'],
};

/** A callback-scoped lock: `gate.pass(async () => …)` holds it until the callback's promise settles. */
const GATE: LockSpec = {
  id: '@acme/locks.Gate',
  kind: 'mutex',
  spin: false,
  reentrant: false,
  sources: [{ from: 'package', package: '@acme/locks', export: 'Gate', create: 'call' }],
  acquire: [{ form: 'callback', method: 'pass', callback: 0, async: true, heldUntil: 'settle' }],
};

/** A global, keyed, callback-scoped lock: `app.locks.guard('name', cb)`. */
const GLOBAL: LockSpec = {
  id: 'app.locks',
  kind: 'keyed-mutex',
  spin: false,
  reentrant: false,
  sources: [{ from: 'global', path: ['app', 'locks'] }],
  acquire: [{ form: 'callback', method: 'guard', callback: 1, async: true, heldUntil: 'settle', key: { arg: 0 } }],
};

const IMPORT = `import { SpinLock, Latch, Gate } from '@acme/locks';\n`;

/**
 * no-lock-leak's suggestion: the statements after the acquisition (up to
 * the release `release`, which moves to `finally`) wrapped in try/finally,
 * as the whole text after the edit. `indent` is the statements' indentation.
 */
function wrapped(text: string, after: string, release: string, indent = '  '): string {
  const start = text.indexOf(after) + after.length + 1;
  const end = text.indexOf(`${indent}${release}\n`, start);
  const body = text
    .slice(start, end)
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
  return `${text.slice(0, start)}${indent}try {\n${body}${indent}} finally {\n${indent}  ${release}\n${indent}}\n${text.slice(end + indent.length + release.length + 1)}`;
}

/** A no-lock-leak finding with its try/finally suggestion. */
function leak(text: string, at: string, data: Record<string, string>, release: string, indent?: string): FindingSpec {
  return f('no-lock-leak', 'notReleased', at, {
    data,
    suggestions: [{ messageId: 'wrapInTryFinally', output: wrapped(text, `${at};`, release, indent) }],
  });
}

const GATE_UNAWAITED = code`
  ${IMPORT}
  const gate = Gate();
  async function save(db, k, v) {
    await db.put(k, v);
  }
  export function put(db, k, v) {
    return gate.pass(async () => {
      save(db, k, v);
    });
  }
`;

const GLOBAL_UNAWAITED = code`
  async function write(store, doc) {
    await store.put(doc.id, doc);
  }
  export function save(store, doc) {
    return app.locks.guard('docs', async () => {
      write(store, doc);
    });
  }
`;

/** A ticket lock class and one instance, indented to sit in a `code` template at six spaces. */
const TICKET_CLASS = `class TicketLock {\n  async enter() {}\n  leave() {}\n}\nconst tickets = new TicketLock();`.replace(/\n/g, '\n      ');

const LEAK_CLASS = code`
  class TicketLock {
    async enter() {}
    leave() {}
  }
  const tickets = new TicketLock();
  export async function put(map, k, v) {
    await tickets.enter();
    if (map.has(k)) return;
    map.set(k, v);
    tickets.leave();
  }
`;

const LEAK_IMPORTED = code`
  import { TicketLock } from './ticket-lock.js';
  const tickets = new TicketLock();
  export async function put(map, k, v) {
    await tickets.enter();
    if (v === undefined) throw new Error('no value');
    map.set(k, v);
    tickets.leave();
  }
`;

const LEAK_PARAM = code`
  import type { TicketLock } from './ticket-lock.js';
  export async function put(tickets: TicketLock, map: Map<string, number>, k: string) {
    await tickets.enter();
    if (map.has(k)) return;
    map.set(k, 1);
    tickets.leave();
  }
`;

const LEAK_FIELD = code`
  import type { TicketLock } from './ticket-lock.js';
  export class Store {
    private tickets: TicketLock;
    constructor(t: TicketLock) {
      this.tickets = t;
    }
    async put(map: Map<string, number>, k: string) {
      await this.tickets.enter();
      if (map.has(k)) return;
      map.set(k, 1);
      this.tickets.leave();
    }
  }
`;

const LEAK_RELEASER = code`
  ${IMPORT}
  const latch = new Latch();
  export async function put(map, k, v) {
    const release = await latch.take();
    if (map.has(k)) return;
    map.set(k, v);
    release();
  }
`;

const LEAK_PRESET = code`
  import { Mutex } from 'async-mutex';
  const mutex = new Mutex();
  export async function put(map, k, v) {
    const release = await mutex.acquire();
    if (map.has(k)) return;
    map.set(k, v);
    release();
  }
`;

const SPIN_AWAIT = code`
  ${IMPORT}
  const spin = new SpinLock();
  export async function put(db, k, v) {
    using g = spin.hold();
    await db.put(k, v);
  }
`;

export const config: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'no-lock-leak',
    name: 'custom lock class: early return skips leave()',
    why: 'invalid: TicketLock is declared a lock in lockctx.json; the return leaves it held',
    settings: { locks: [TICKET] },
    code: LEAK_CLASS,
    findings: [leak(LEAK_CLASS, 'tickets.enter()', { lock: 'tickets', exit: 'the return', exitLine: '8' }, 'tickets.leave();')],
  },
  {
    rule: 'no-lock-leak',
    name: 'custom lock class imported from another module',
    why: 'invalid: a type source names the class wherever it comes from; the throw skips leave()',
    settings: { locks: [TICKET] },
    code: LEAK_IMPORTED,
    findings: [leak(LEAK_IMPORTED, 'tickets.enter()', { lock: 'tickets', exit: 'the throw', exitLine: '5' }, 'tickets.leave();')],
  },
  {
    rule: 'no-lock-leak',
    name: 'custom lock as a typed parameter',
    why: 'invalid: the parameter is annotated TicketLock, so enter() takes the lock; the return skips leave()',
    filename: 'x.ts',
    settings: { locks: [TICKET] },
    code: LEAK_PARAM,
    findings: [leak(LEAK_PARAM, 'tickets.enter()', { lock: 'tickets', exit: 'the return', exitLine: '4' }, 'tickets.leave();')],
  },
  {
    rule: 'no-lock-leak',
    name: 'custom lock as a typed class field',
    why: 'invalid: the field is declared TicketLock; the early return leaves this.tickets held',
    filename: 'x.ts',
    settings: { locks: [TICKET] },
    code: LEAK_FIELD,
    findings: [leak(LEAK_FIELD, 'this.tickets.enter()', { lock: 'this.tickets', exit: 'the return', exitLine: '9' }, 'this.tickets.leave();', '    ')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom non-re-entrant lock taken twice',
    why: 'invalid: reentrant is false, so entering again while holding it waits for ever',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      export async function put(map, k, v) {
        await tickets.enter();
        try {
          await tickets.enter();
          map.set(k, v);
        } finally {
          tickets.leave();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'tickets.enter()', { nth: 2 })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom callback lock nested in itself',
    why: 'invalid: the gate is not re-entrant; passing it again inside its own callback never runs',
    settings: { locks: [GATE] },
    code: code`
      ${IMPORT}
      const gate = Gate();
      export function put(map, k, v) {
        return gate.pass(async () => {
          await gate.pass(async () => map.set(k, v));
        });
      }
    `,
    findings: [f('no-self-deadlock', 'relock', 'gate.pass(async () => map.set(k, v))')],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom lock: waiting for it to be free while holding it',
    why: 'invalid: idle() is declared in waitsForRelease; called by the holder it never resolves',
    settings: { locks: [SLEEPY] },
    code: code`
      ${IMPORT}
      const latch = new Latch();
      export async function flush(queue) {
        const release = await latch.take();
        try {
          await latch.idle();
          queue.length = 0;
        } finally {
          release();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'waitWhileHeld', 'latch.idle()')],
  },
  {
    rule: 'no-await-while-locked',
    name: 'custom spin lock held across await',
    why: 'invalid: the package lock is declared spin: true, so it must not be held across a suspension',
    settings: { locks: [SPIN] },
    code: SPIN_AWAIT,
    findings: [
      f('no-await-while-locked', 'suspendWhileLocked', 'await', {
        data: { op: 'await', lock: 'spin', line: '5' },
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: SPIN_AWAIT.replace('  using g = spin.hold();\n  await db.put(k, v);\n', '  await db.put(k, v);\n  using g = spin.hold();\n'),
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'custom guard used after drop()',
    why: 'invalid: drop() is the guard release declared in the spec; the guard is dead after it',
    settings: { locks: [SPIN] },
    code: code`
      ${IMPORT}
      const spin = new SpinLock();
      export function put(map, k, v) {
        const g = spin.hold();
        map.set(k, v);
        g.drop();
        g.drop();
      }
    `,
    findings: [f('no-use-after-unlock', 'doubleUnlock', 'g', { nth: 3 })],
  },
  {
    rule: 'no-lock-leak',
    name: 'custom releaser never called on one path',
    why: 'invalid: take() resolves to a release function; the early return leaves the latch taken',
    settings: { locks: [SLEEPY] },
    code: LEAK_RELEASER,
    findings: [leak(LEAK_RELEASER, 'latch.take()', { lock: 'latch', exit: 'the return', exitLine: '6' }, 'release();')],
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'custom callback lock: promise escapes the scope',
    why: 'invalid: the gate is held until the callback settles; the unawaited write runs after release',
    settings: { locks: [GATE] },
    code: GATE_UNAWAITED,
    findings: [
      f('no-unawaited-in-lock', 'unawaited', 'save(db, k, v)', {
        nth: 2,
        suggestions: [{ messageId: 'addAwait', output: GATE_UNAWAITED.replace('  save(db', '  await save(db') }],
      }),
    ],
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'custom global keyed lock: promise escapes the scope',
    why: 'invalid: app.locks.guard is declared a global callback lock; the save is not awaited',
    settings: { locks: [GLOBAL] },
    code: GLOBAL_UNAWAITED,
    findings: [
      f('no-unawaited-in-lock', 'unawaited', 'write(store, doc)', {
        nth: 2,
        suggestions: [{ messageId: 'addAwait', output: GLOBAL_UNAWAITED.replace('  write(store', '  await write(store') }],
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom global keyed lock: same key nested',
    why: 'invalid: the same key names the same lock, which is not re-entrant',
    settings: { locks: [GLOBAL] },
    code: code`
      export function save(store, doc) {
        return app.locks.guard('docs', async () => {
          await app.locks.guard('docs', async () => store.write(doc));
        });
      }
    `,
    findings: [f('no-self-deadlock', 'relock', "app.locks.guard('docs', async () => store.write(doc))")],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom lock: a callee that excludes it is called under it',
    why: 'invalid: the JSDoc tag says flush must not be called with tickets held',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      /** @lockctx-excludes tickets */
      function flush(map) {
        map.clear();
      }
      export async function reset(map) {
        await tickets.enter();
        try {
          flush(map);
        } finally {
          tickets.leave();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'flush(map)', { after: 'enter();' })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom lock: a callee takes it again',
    why: 'invalid: refill enters the ticket lock itself (inferred), and put calls it while holding it',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      async function refill(map) {
        await tickets.enter();
        try {
          map.set('n', 0);
        } finally {
          tickets.leave();
        }
      }
      export async function put(map) {
        await tickets.enter();
        try {
          await refill(map);
        } finally {
          tickets.leave();
        }
      }
    `,
    findings: [f('no-self-deadlock', 'calleeLocks', 'refill(map)', { nth: 2 })],
  },
  {
    rule: 'no-lock-leak',
    name: 'presets limit the built-ins but keep async-mutex',
    why: 'invalid: presets lists async-mutex.Mutex, so its leak is still reported',
    settings: { presets: ['xarray', 'async-mutex.Mutex'] },
    code: LEAK_PRESET,
    findings: [leak(LEAK_PRESET, 'mutex.acquire()', { lock: 'mutex', exit: 'the return', exitLine: '5' }, 'release();')],
  },

  {
    rule: 'require-guard',
    name: 'custom lock: a function that requires it is called without it',
    why: 'invalid: the JSDoc tag says bump needs tickets held; put calls it unlocked',
    settings: { locks: [TICKET] },
    code: code`
      ${TICKET_CLASS}
      /** @lockctx-requires tickets */
      function bump(map) {
        map.set('n', (map.get('n') ?? 0) + 1);
      }
      export function put(map) {
        bump(map);
      }
    `,
    findings: [f('require-guard', 'lockNotHeld', 'bump(map)', { nth: 2, data: { callee: 'bump', lock: 'tickets', evidence: 'it is annotated `@lockctx-requires tickets` at line 6' }, suggestions: [{ messageId: 'addRequires', replace: ['export function put(map) {', '/** @lockctx-requires tickets */\nexport function put(map) {'] }] })],
  },

  // --------------------------------------------------------------- valid
  {
    rule: 'require-guard',
    name: 'custom lock: a function that requires it is called under it',
    why: 'valid: put holds tickets when it calls bump',
    settings: { locks: [TICKET] },
    code: code`
      ${TICKET_CLASS}
      /** @lockctx-requires tickets */
      function bump(map) {
        map.set('n', (map.get('n') ?? 0) + 1);
      }
      export async function put(map) {
        await tickets.enter();
        try {
          bump(map);
        } finally {
          tickets.leave();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'custom lock class released in finally',
    why: 'valid: leave() runs on every path',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      export async function put(map, k, v) {
        await tickets.enter();
        try {
          if (map.has(k)) return;
          map.set(k, v);
        } finally {
          tickets.leave();
        }
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'custom typed parameter released on every path',
    why: 'valid: the annotated lock is released before each exit',
    filename: 'x.ts',
    settings: { locks: [TICKET] },
    code: code`
      import type { TicketLock } from './ticket-lock.js';
      export async function put(tickets: TicketLock, map: Map<string, number>, k: string) {
        await tickets.enter();
        if (map.has(k)) {
          tickets.leave();
          return;
        }
        map.set(k, 1);
        tickets.leave();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom re-entrant lock taken twice',
    why: 'valid: the spec says reentrant: true, so the holder may enter again',
    settings: { locks: [REENTRANT_TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      export async function put(map, k, v) {
        await tickets.enter();
        try {
          await tickets.enter();
          try {
            map.set(k, v);
          } finally {
            tickets.leave();
          }
        } finally {
          tickets.leave();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom re-entrant lock: a callee takes it again',
    why: 'valid: re-entrant, so a callee that enters it under the caller is fine',
    settings: { locks: [REENTRANT_TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      async function refill(map) {
        await tickets.enter();
        try {
          map.set('n', 0);
        } finally {
          tickets.leave();
        }
      }
      export async function put(map) {
        await tickets.enter();
        try {
          await refill(map);
        } finally {
          tickets.leave();
        }
      }
    `,
  },
  {
    rule: 'no-await-while-locked',
    name: 'custom sleeping lock held across await',
    why: 'valid: the latch is declared spin: false, so it may be held across await',
    settings: { locks: [SLEEPY] },
    code: code`
      ${IMPORT}
      const latch = new Latch();
      export async function put(db, k, v) {
        const release = await latch.take();
        try {
          await db.put(k, v);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-await-while-locked',
    name: 'custom spin lock released before await',
    why: 'valid: the using block ends before the await',
    settings: { locks: [SPIN] },
    code: code`
      ${IMPORT}
      const spin = new SpinLock();
      export async function put(db, map, k) {
        let v;
        {
          using g = spin.hold();
          v = map.get(k);
        }
        await db.put(k, v);
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'custom guard dropped once',
    why: 'valid: the guard is used while held and dropped once',
    settings: { locks: [SPIN] },
    code: code`
      ${IMPORT}
      const spin = new SpinLock();
      export function put(map, k, v) {
        const g = spin.hold();
        try {
          map.set(k, v);
        } finally {
          g.drop();
        }
      }
    `,
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'custom callback lock: every promise awaited',
    why: 'valid: the write finishes before the callback settles',
    settings: { locks: [GATE] },
    code: code`
      ${IMPORT}
      const gate = Gate();
      export function put(db, k, v) {
        return gate.pass(async () => {
          await db.put(k, v);
        });
      }
    `,
  },
  {
    rule: 'no-unawaited-in-lock',
    name: 'custom global keyed lock: the promise is returned',
    why: 'valid: the callback returns the write, so the lock is held until it settles',
    settings: { locks: [GLOBAL] },
    code: code`
      export function save(store, doc) {
        return app.locks.guard('docs', () => store.write(doc));
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom global keyed lock: different keys nested',
    why: 'valid: two keys name two locks',
    settings: { locks: [GLOBAL] },
    code: code`
      export function move(store, doc) {
        return app.locks.guard('docs', async () => {
          await app.locks.guard('index', async () => store.write(doc));
        });
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom lock: a callee that excludes it is called after release',
    why: 'valid: flush runs once tickets is released',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      const tickets = new TicketLock();
      /** @lockctx-excludes tickets */
      function flush(map) {
        map.clear();
      }
      export async function reset(map) {
        await tickets.enter();
        try {
          map.set('n', 0);
        } finally {
          tickets.leave();
        }
        flush(map);
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'presets leave async-mutex out',
    why: 'valid: presets does not list async-mutex.Mutex, so the project has opted out of its checks',
    settings: { presets: ['xarray'] },
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function put(map, k, v) {
        const release = await mutex.acquire();
        if (map.has(k)) return;
        map.set(k, v);
        release();
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'a custom lock replaces a left-out preset id',
    why: 'valid: async-lock is left out of presets and redeclared with node-style acquire; the callback form leaks nothing',
    settings: {
      presets: ['xarray'],
      locks: [
        {
          id: 'async-lock',
          kind: 'keyed-mutex',
          spin: false,
          reentrant: false,
          sources: [{ from: 'package', package: 'async-lock', export: 'default', create: 'new' }],
          acquire: [{ form: 'callback', method: 'acquire', callback: 1, async: true, heldUntil: 'settle', key: { arg: 0 } }],
        },
      ],
    },
    code: code`
      import AsyncLock from 'async-lock';
      const lock = new AsyncLock();
      export function put(db, k, v) {
        return lock.acquire(k, async () => {
          await db.put(k, v);
        });
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'a method name of a custom lock on an unrelated object',
    why: 'valid: enter() on an object that is not a TicketLock takes no lock',
    settings: { locks: [TICKET] },
    code: code`
      class TicketLock {
        async enter() {}
        leave() {}
      }
      export async function visit(room, map) {
        await room.enter();
        if (map.size === 0) return;
        map.clear();
      }
    `,
  },
  {
    rule: 'no-await-while-locked',
    name: 'custom spin lock of another package',
    why: 'valid: SpinLock from a package the spec does not name is not that lock',
    settings: { locks: [SPIN] },
    code: code`
      import { SpinLock } from 'other-locks';
      const spin = new SpinLock();
      export async function put(db, k, v) {
        using g = spin.hold();
        await db.put(k, v);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'custom lock: waiting for it to be free before taking it',
    why: 'valid: idle() is called while the latch is not held',
    settings: { locks: [SLEEPY] },
    code: code`
      ${IMPORT}
      const latch = new Latch();
      export async function flush(queue) {
        await latch.idle();
        const release = await latch.take();
        try {
          queue.length = 0;
        } finally {
          release();
        }
      }
    `,
  },
];
