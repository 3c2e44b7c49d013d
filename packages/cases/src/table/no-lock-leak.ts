import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-lock-leak';
const leak = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const lockLeak: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'early return',
    why: 'invalid: the return on line 3 leaves the lock held; using or try/finally fix it',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        if (g.getMark(i, 0)) return;
        g.setMark(i, 0);
        g.unlock();
      }
    `,
    findings: [
      leak('notReleased', 'xa.lock()', {
        data: { lock: 'xa', exit: 'the return', exitLine: '3' },
        fix: code`
          function f(xa, i) {
            using g = xa.lock();
            if (g.getMark(i, 0)) return;
            g.setMark(i, 0);
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, i) {
                const g = xa.lock();
                try {
                  if (g.getMark(i, 0)) return;
                  g.setMark(i, 0);
                } finally {
                  g.unlock();
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
    name: 'throw path',
    why: 'invalid: the throw leaves the lock held',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        if (i < 0) throw new RangeError('negative index');
        g.setMark(i, 0);
        g.unlock();
      }
    `,
    findings: [
      leak('notReleased', 'xa.lock()', {
        data: { exit: 'the throw', exitLine: '3' },
        fix: code`
          function f(xa, i) {
            using g = xa.lock();
            if (i < 0) throw new RangeError('negative index');
            g.setMark(i, 0);
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, i) {
                const g = xa.lock();
                try {
                  if (i < 0) throw new RangeError('negative index');
                  g.setMark(i, 0);
                } finally {
                  g.unlock();
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
    name: 'never released',
    why: 'invalid: nothing releases the lock',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
      }
    `,
    findings: [leak('notReleased', 'xa.lock()', { data: { exit: 'the end of the function', exitLine: '4' } })],
  },
  {
    rule,
    name: 'guard discarded',
    why: 'invalid: in a file using the XArray, the guard of xa.lock() is thrown away, so nothing can release the lock',
    code: code`
      import { XArray } from '@lockctx/xarray';
      export function f(xa) {
        xa.lock();
        xa.load(1);
      }
    `,
    findings: [leak('discarded', 'xa.lock()', { data: { lock: 'xa' } })],
  },
  {
    rule,
    name: 'break out of a loop',
    why: 'invalid: break skips the unlock of that iteration',
    code: code`
      function f(xa, ids) {
        for (const i of ids) {
          const g = xa.lock();
          if (i < 0) break;
          g.unlock();
        }
      }
    `,
    findings: [
      leak('notReleasedOnSomePaths', 'xa.lock()', {
        data: { exit: 'the end of the function' },
        fix: code`
          function f(xa, ids) {
            for (const i of ids) {
              using g = xa.lock();
              if (i < 0) break;
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
                    if (i < 0) break;
                  } finally {
                    g.unlock();
                  }
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
    name: 'labelled break',
    why: 'invalid: break outer leaves both loops with the lock held',
    code: code`
      function f(xa, rows) {
        outer: for (const row of rows) {
          const g = xa.lock();
          for (const i of row) {
            if (i < 0) break outer;
          }
          g.unlock();
        }
      }
    `,
    findings: [
      leak('notReleasedOnSomePaths', 'xa.lock()', {
        fix: code`
          function f(xa, rows) {
            outer: for (const row of rows) {
              using g = xa.lock();
              for (const i of row) {
                if (i < 0) break outer;
              }
            }
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, rows) {
                outer: for (const row of rows) {
                  const g = xa.lock();
                  try {
                    for (const i of row) {
                      if (i < 0) break outer;
                    }
                  } finally {
                    g.unlock();
                  }
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
    name: 'conditional release',
    why: 'invalid: when c is false nothing releases the lock',
    code: code`
      function f(xa, c) {
        const g = xa.lock();
        g.setMark(1, 0);
        if (c) g.unlock();
      }
    `,
    findings: [leak('notReleasedOnSomePaths', 'xa.lock()', { data: { exit: 'the end of the function' } })],
  },
  {
    rule,
    name: 'return from a switch case',
    why: 'invalid: case 0 returns with the lock held',
    code: code`
      function f(xa, k) {
        const g = xa.lock();
        switch (k) {
          case 0:
            return 0;
          default:
            g.setMark(k, 0);
        }
        g.unlock();
        return k;
      }
    `,
    findings: [
      leak('notReleased', 'xa.lock()', {
        data: { exit: 'the return', exitLine: '5' },
        fix: code`
          function f(xa, k) {
            using g = xa.lock();
            switch (k) {
              case 0:
                return 0;
              default:
                g.setMark(k, 0);
            }
            return k;
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, k) {
                const g = xa.lock();
                try {
                  switch (k) {
                    case 0:
                      return 0;
                    default:
                      g.setMark(k, 0);
                  }
                } finally {
                  g.unlock();
                }
                return k;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'exception path into catch',
    why: 'invalid: when risky() throws, catch runs with the lock held and nothing releases it',
    code: code`
      function f(xa) {
        try {
          const g = xa.lock();
          risky();
          g.unlock();
        } catch (e) {
          console.error(e);
        }
      }
    `,
    findings: [
      leak('notReleasedOnSomePaths', 'xa.lock()', {
        data: { exit: 'the end of the function' },
        fix: code`
          function f(xa) {
            try {
              using g = xa.lock();
              risky();
            } catch (e) {
              console.error(e);
            }
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa) {
                try {
                  const g = xa.lock();
                  try {
                    risky();
                  } finally {
                    g.unlock();
                  }
                } catch (e) {
                  console.error(e);
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
    name: 'module top level',
    why: 'invalid: the module ends with the lock held',
    code: code`
      import { XArray } from '@lockctx/xarray';
      const xa = new XArray();
      const g = xa.lock();
      g.setMark(1, 0);
    `,
    findings: [leak('notReleased', 'xa.lock()', { data: { exit: 'the end of the module' } })],
  },
  {
    rule,
    name: 'guard re-assigned before release',
    why: 'invalid: the first guard is lost when g is re-assigned, so xa stays locked',
    code: code`
      function f(xa, xb) {
        let g = xa.lock();
        g = xb.lock();
        g.unlock();
      }
    `,
    findings: [leak('notReleased', 'xa.lock()', { data: { lock: 'xa' } })],
  },
  {
    rule,
    name: 'callee that releases only sometimes',
    why: 'invalid: maybeRelease() unlocks only under a condition',
    code: code`
      function maybeRelease(g, c) {
        if (c) g.unlock();
      }
      function f(xa, c) {
        const g = xa.lock();
        maybeRelease(g, c);
      }
    `,
    findings: [leak('notReleasedOnSomePaths', 'xa.lock()')],
  },
  {
    rule,
    name: 'nested early return',
    why: 'invalid: the inner return leaves the lock held',
    code: code`
      function f(xa, a, b) {
        const g = xa.lock();
        if (a) {
          if (b) {
            return 1;
          }
        }
        g.unlock();
        return 0;
      }
    `,
    findings: [
      leak('notReleased', 'xa.lock()', {
        data: { exit: 'the return', exitLine: '5' },
        fix: code`
          function f(xa, a, b) {
            using g = xa.lock();
            if (a) {
              if (b) {
                return 1;
              }
            }
            return 0;
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              function f(xa, a, b) {
                const g = xa.lock();
                try {
                  if (a) {
                    if (b) {
                      return 1;
                    }
                  }
                } finally {
                  g.unlock();
                }
                return 0;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'typed early return',
    why: 'invalid: typed code returning with the lock held',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function f(xa: XArray<number>, i: number): boolean {
        const g = xa.lock();
        if (!g.getMark(i, 1)) return false;
        g.clearMark(i, 1);
        g.unlock();
        return true;
      }
    `,
    findings: [
      leak('notReleased', 'xa.lock()', {
        fix: code`
          import type { XArray } from '@lockctx/xarray';
          export function f(xa: XArray<number>, i: number): boolean {
            using g = xa.lock();
            if (!g.getMark(i, 1)) return false;
            g.clearMark(i, 1);
            return true;
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              import type { XArray } from '@lockctx/xarray';
              export function f(xa: XArray<number>, i: number): boolean {
                const g = xa.lock();
                try {
                  if (!g.getMark(i, 1)) return false;
                  g.clearMark(i, 1);
                } finally {
                  g.unlock();
                }
                return true;
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'class method',
    why: 'invalid: the method returns early with this.xa locked',
    code: code`
      class Store {
        put(i, v) {
          const g = this.xa.lock();
          if (v === undefined) return;
          g.store(i, v);
          g.unlock();
        }
      }
    `,
    findings: [
      leak('notReleased', 'this.xa.lock()', {
        data: { lock: 'this.xa' },
        fix: code`
          class Store {
            put(i, v) {
              using g = this.xa.lock();
              if (v === undefined) return;
              g.store(i, v);
            }
          }
        `,
        suggestions: [
          {
            messageId: 'wrapInTryFinally',
            output: code`
              class Store {
                put(i, v) {
                  const g = this.xa.lock();
                  try {
                    if (v === undefined) return;
                    g.store(i, v);
                  } finally {
                    g.unlock();
                  }
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
    name: 'leak in a callback that runs now',
    why: 'invalid: each forEach call takes a lock and never releases it',
    code: code`
      function f(items) {
        items.forEach((it) => {
          const g = it.xa.lock();
          g.setMark(it.i, 0);
        });
      }
    `,
    findings: [leak('notReleasedOnSomePaths', 'it.xa.lock()')],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'lock and unlock',
    why: 'valid: released on the only path',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'using',
    why: 'valid: using releases on every path',
    code: code`
      function f(xa, i) {
        using g = xa.lock();
        if (g.getMark(i, 0)) return;
        g.setMark(i, 0);
      }
    `,
  },
  {
    rule,
    name: 'withLock',
    why: 'valid: withLock releases when the callback returns or throws',
    code: code`
      function f(xa, i) {
        xa.withLock((g) => {
          if (i < 0) throw new RangeError('negative');
          g.setMark(i, 0);
        });
      }
    `,
  },
  {
    rule,
    name: 'try/finally',
    why: 'valid: finally releases on return and throw',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        try {
          if (i < 0) throw new RangeError('negative');
          if (g.getMark(i, 0)) return;
          g.setMark(i, 0);
        } finally {
          g.unlock();
        }
      }
    `,
  },
  {
    rule,
    name: 'guard returned to the caller',
    why: 'valid: the caller takes over the guard',
    code: code`
      function take(xa) {
        const g = xa.lock();
        g.setMark(0, 0);
        return g;
      }
    `,
  },
  {
    rule,
    name: 'released by a callee',
    why: 'valid: done() always unlocks its parameter',
    code: code`
      function done(g) {
        g.unlock();
      }
      function f(xa) {
        const g = xa.lock();
        done(g);
      }
    `,
  },
  {
    rule,
    name: 'released before every return',
    why: 'valid: each exit unlocks first',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        if (i < 0) {
          g.unlock();
          return -1;
        }
        const o = g.getOrder(i);
        g.unlock();
        return o;
      }
    `,
  },
  {
    rule,
    name: 'released in both branches',
    why: 'valid: if and else both unlock',
    code: code`
      function f(xa, c) {
        const g = xa.lock();
        if (c) g.unlock();
        else g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'lock per iteration',
    why: 'valid: each iteration unlocks, continue included',
    code: code`
      function f(xa, ids) {
        for (const i of ids) {
          const g = xa.lock();
          if (i < 0) {
            g.unlock();
            continue;
          }
          g.setMark(i, 0);
          g.unlock();
        }
      }
    `,
  },
  {
    rule,
    name: 'guard kept in a field',
    why: 'valid: storing the guard in this.guard hands it to the object (released by another method)',
    code: code`
      class Session {
        begin(xa) {
          this.guard = xa.lock();
        }
        end() {
          this.guard.unlock();
        }
      }
    `,
  },
  {
    rule,
    name: 'lock() with arguments',
    why: 'valid: a lock(name) call is some other API',
    code: code`
      function f(files) {
        files.lock('a.txt');
      }
    `,
  },
  {
    rule,
    name: 'awaited lock of another library',
    why: 'valid: await mutex.lock() is not the XArray lock',
    code: code`
      async function f(mutex) {
        const unlock = await mutex.lock();
        unlock();
      }
    `,
  },
  {
    rule,
    name: 'promise-returning lock of another library',
    why: 'valid: the result of lock() is awaited later and called; nothing shows it is an XArray guard',
    code: code`
      async function f(mutex) {
        const pending = mutex.lock();
        const release = await pending;
        release();
      }
    `,
  },
  {
    rule,
    name: 'hand-written mutex in a file without XArray locks',
    why: 'valid: this.lock() returns nothing to release; the file never uses the XArray API',
    code: code`
      class Queue {
        run(task) {
          this.lock();
          try {
            task();
          } finally {
            this.unlock();
          }
        }
      }
    `,
  },
  {
    rule,
    name: 'finally with labelled break',
    why: 'valid: finally releases on the labelled break too',
    code: code`
      function f(xa, rows) {
        outer: for (const row of rows) {
          const g = xa.lock();
          try {
            for (const i of row) if (i < 0) break outer;
          } finally {
            g.unlock();
          }
        }
      }
    `,
  },
  {
    rule,
    name: 'typed using',
    why: 'valid: typed code with using',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function f(xa: XArray<number>, i: number): number {
        using g = xa.lock();
        return g.getOrder(i);
      }
    `,
  },
];
