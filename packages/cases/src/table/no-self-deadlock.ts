import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-self-deadlock';
const dl = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const selfDeadlock: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'lock twice',
    why: 'invalid: the second lock() waits for the first forever',
    code: code`
      function f(xa) {
        const g = xa.lock();
        const h = xa.lock();
        h.unlock();
        g.unlock();
      }
    `,
    findings: [dl('relock', 'xa.lock()', { nth: 2, data: { lock: 'xa', line: '2' } })],
  },
  {
    rule,
    name: 'withLock inside withLock',
    why: 'invalid: the inner withLock takes the lock the outer one holds',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          xa.withLock((h) => h.setMark(1, 0));
        });
      }
    `,
    findings: [dl('relock', 'xa.withLock((h) => h.setMark(1, 0))')],
  },
  {
    rule,
    name: 'write through the XArray inside its lock',
    why: 'invalid: xa.store() takes the lock that the callback holds; the guard can write instead',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          xa.store(1, 'a');
        });
      }
    `,
    findings: [
      dl('writeWhileLocked', 'xa.store', {
        data: { lock: 'xa', method: 'store', line: '2' },
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              function f(xa) {
                xa.withLock((g) => {
                  g.store(1, 'a');
                });
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'erase while an explicit guard is held',
    why: 'invalid: xa.erase() needs the lock that g holds',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        if (g.getMark(i, 0)) xa.erase(i);
        g.unlock();
      }
    `,
    findings: [
      dl('writeWhileLocked', 'xa.erase', {
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              function f(xa, i) {
                const g = xa.lock();
                if (g.getMark(i, 0)) g.erase(i);
                g.unlock();
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'callee that takes the lock',
    why: 'invalid: put() writes through xa, whose lock the callback holds',
    code: code`
      function put(xa, i, v) {
        xa.store(i, v);
      }
      function f(xa) {
        xa.withLock((g) => {
          put(xa, 1, 'a');
        });
      }
    `,
    findings: [dl('calleeLocks', "put(xa, 1, 'a')", { data: { callee: 'put', lock: 'xa', evidence: 'it calls `xa.store()` at line 2', line: '5' } })],
  },
  {
    rule,
    name: 'callee chain that takes the lock',
    why: 'invalid: a() calls b(), which locks its parameter',
    code: code`
      function b(xa) {
        using g = xa.lock();
        g.setMark(0, 0);
      }
      function a(xa) {
        b(xa);
      }
      function f(xa) {
        const g = xa.lock();
        a(xa);
        g.unlock();
      }
    `,
    findings: [dl('calleeLocks', 'a(xa)', { after: 'const g = xa.lock();\n  ', data: { callee: 'a', evidence: 'it calls `b`, which takes it at line 6' } })],
  },
  {
    rule,
    name: 'recursive callee that takes the lock',
    why: 'invalid: walk() locks xa at every level, and is called with it held',
    code: code`
      function walk(xa, n) {
        if (n > 0) walk(xa, n - 1);
        xa.withLock((g) => g.setMark(n, 0));
      }
      function f(xa) {
        xa.withLock((g) => {
          walk(xa, 3);
        });
      }
    `,
    findings: [dl('calleeLocks', 'walk(xa, 3)')],
  },
  {
    rule,
    name: 'lock that may still be held',
    why: 'invalid: when c is false the first guard is still held at the second lock()',
    code: code`
      function f(xa, c) {
        const g = xa.lock();
        if (c) g.unlock();
        using h = xa.lock();
        h.setMark(1, 0);
      }
    `,
    findings: [
      dl('relockOnSomePaths', 'xa.lock()', { nth: 2 }),
      { check: 'no-lock-leak', messageId: 'notReleasedOnSomePaths', at: 'xa.lock()' },
    ],
  },
  {
    rule,
    name: 'write through the guard\'s XArray',
    why: 'invalid: g.xarray is the locked XArray itself',
    code: code`
      const f = (xa) =>
        xa.withLock((g) => {
          g.xarray.store(1, 'a');
        });
    `,
    findings: [
      dl('writeWhileLocked', 'g.xarray.store', {
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              const f = (xa) =>
                xa.withLock((g) => {
                  g.store(1, 'a');
                });
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'write through this.xa inside its lock',
    why: 'invalid: the method writes through the XArray it has locked',
    code: code`
      class Table {
        add(i, v) {
          this.xa.withLock((g) => {
            this.xa.insert(i, v);
          });
        }
      }
    `,
    findings: [
      dl('writeWhileLocked', 'this.xa.insert', {
        data: { lock: 'this.xa', method: 'insert' },
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              class Table {
                add(i, v) {
                  this.xa.withLock((g) => {
                    g.insert(i, v);
                  });
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'write through an alias of the XArray',
    why: 'invalid: a is the same XArray as xa',
    code: code`
      function f(xa) {
        const a = xa;
        xa.withLock((g) => {
          a.erase(1);
        });
      }
    `,
    findings: [
      dl('writeWhileLocked', 'a.erase', {
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              function f(xa) {
                const a = xa;
                xa.withLock((g) => {
                  g.erase(1);
                });
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'typed: store inside withLock',
    why: 'invalid: typed code writing through the locked XArray',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function f(xa: XArray<string>): void {
        xa.withLock(() => {
          xa.store(0, 'x');
        });
      }
    `,
    findings: [dl('writeWhileLocked', 'xa.store')],
  },
  {
    rule,
    name: 'withLock inside a using scope',
    why: 'invalid: the using guard holds the lock withLock asks for',
    code: code`
      function f(xa) {
        using g = xa.lock();
        xa.withLock((h) => h.setMark(1, 0));
      }
    `,
    findings: [dl('relock', 'xa.withLock((h) => h.setMark(1, 0))')],
  },
  {
    rule,
    name: 'lock left held by continue',
    why: 'invalid: continue skips the unlock, so the next iteration locks again while held',
    code: code`
      function f(xa, ids) {
        for (const i of ids) {
          const g = xa.lock();
          if (i < 0) continue;
          g.unlock();
        }
      }
    `,
    findings: [
      dl('relockOnSomePaths', 'xa.lock()'),
      {
        check: 'no-lock-leak',
        messageId: 'notReleasedOnSomePaths',
        at: 'xa.lock()',
        fix: code`
          function f(xa, ids) {
            for (const i of ids) {
              using g = xa.lock();
              if (i < 0) continue;
            }
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, ids) {
                for (const i of ids) {
                  const g = xa.lock();
                  try {
                    if (i < 0) continue;
                  } finally {
                    g.unlock();
                  }
                }
              }
            `,
          },
        ],
      },
    ],
  },
  {
    rule,
    name: 'destroy inside the lock',
    why: 'invalid: destroy() takes the lock itself',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          if (g.marked(0)) xa.destroy();
        });
      }
    `,
    findings: [
      dl('writeWhileLocked', 'xa.destroy', {
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              function f(xa) {
                xa.withLock((g) => {
                  if (g.marked(0)) g.destroy();
                });
              }
            `,
          },
        ],
      }),
    ],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'sequential locks',
    why: 'valid: the first lock is released before the second',
    code: code`
      function f(xa) {
        xa.withLock((g) => g.setMark(1, 0));
        xa.withLock((g) => g.setMark(2, 0));
      }
    `,
  },
  {
    rule,
    name: 'plain reads inside the lock',
    why: 'valid: load, find and entries do not need the lock',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          const v = xa.load(1);
          const hit = xa.find(0);
          for (const [i] of xa.entries()) g.setMark(i, 0);
          return [v, hit];
        });
      }
    `,
  },
  {
    rule,
    name: 'writes through the guard',
    why: 'valid: the guard writes without re-locking',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          g.store(1, 'a');
          g.erase(2);
        });
      }
    `,
  },
  {
    rule,
    name: 'two different XArrays',
    why: 'valid: xa and xb have different locks',
    code: code`
      function f(xa, xb) {
        xa.withLock(() => {
          xb.store(1, 'a');
          xb.withLock((h) => h.setMark(1, 0));
        });
      }
    `,
  },
  {
    rule,
    name: 'callee that does not lock',
    why: 'valid: describe() only reads',
    code: code`
      function describe(xa, i) {
        return String(xa.load(i));
      }
      function f(xa) {
        xa.withLock(() => describe(xa, 1));
      }
    `,
  },
  {
    rule,
    name: 'callee that locks, called outside the lock',
    why: 'valid: put() runs after the callback released the lock',
    code: code`
      function put(xa, i, v) {
        xa.store(i, v);
      }
      function f(xa) {
        const o = xa.withLock((g) => g.getOrder(1));
        put(xa, o, 'a');
      }
    `,
  },
  {
    rule,
    name: 'unlock then lock',
    why: 'valid: the lock is free again after unlock()',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        const h = xa.lock();
        h.unlock();
      }
    `,
  },
  {
    rule,
    name: 'using block ended',
    why: 'valid: the using block released the lock',
    code: code`
      function f(xa) {
        {
          using g = xa.lock();
          g.setMark(1, 0);
        }
        xa.store(1, 'a');
      }
    `,
  },
  {
    rule,
    name: 'lock in a timer callback',
    why: 'valid: the timer runs after the callback has returned',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          g.setMark(1, 0);
          setTimeout(() => xa.store(1, 'a'), 0);
        });
      }
    `,
  },
  {
    rule,
    name: 'typed: write through the guard',
    why: 'valid: typed code writing through the guard',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function f(xa: XArray<string>): void {
        xa.withLock((g) => {
          g.store(0, 'x');
        });
      }
    `,
  },
  {
    rule,
    name: 'store on a different object',
    why: 'valid: cache.store is not the locked XArray',
    code: code`
      function f(xa, cache) {
        xa.withLock((g) => {
          cache.store(1, g.getOrder(1));
        });
      }
    `,
  },
  {
    rule,
    name: 'release in finally, then lock again',
    why: 'valid: finally released the first lock',
    code: code`
      function f(xa) {
        const g = xa.lock();
        try {
          g.setMark(1, 0);
        } finally {
          g.unlock();
        }
        xa.withLock((h) => h.clearMark(1, 0));
      }
    `,
  },
  {
    rule,
    name: 'recursion that releases before recursing',
    why: 'valid: walk() releases its lock before the recursive call',
    code: code`
      function walk(xa, n) {
        xa.withLock((g) => g.setMark(n, 0));
        if (n > 0) walk(xa, n - 1);
      }
    `,
  },
  {
    rule,
    name: 'lock per iteration',
    why: 'valid: every iteration releases before the next takes the lock',
    code: code`
      function f(xa, ids) {
        for (const i of ids) {
          using g = xa.lock();
          g.setMark(i, 0);
        }
      }
    `,
  },
  {
    rule,
    name: 'lock released by a callee, then taken again',
    why: 'valid: done() released the first guard',
    code: code`
      function done(g) {
        g.unlock();
      }
      function f(xa) {
        const g = xa.lock();
        done(g);
        xa.store(1, 'a');
      }
    `,
  },
];
