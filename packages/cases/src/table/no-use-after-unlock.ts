import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-use-after-unlock';
const use = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const useAfterUnlock: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'use after unlock',
    why: 'invalid: the guard is read after unlock() released it',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        g.unlock();
        return g.getMark(1, 0);
      }
    `,
    findings: [use('useAfterUnlock', 'g', { after: 'return ', data: { name: 'g', lock: 'xa', how: 'by unlock()', releasedLine: '4' } })],
  },
  {
    rule,
    name: 'double unlock',
    why: 'invalid: the second unlock() releases a guard that is already released',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        g.unlock();
      }
    `,
    findings: [use('doubleUnlock', 'g', { after: 'g.unlock();\n' })],
  },
  {
    rule,
    name: 'cursor after using block',
    why: 'invalid: the cursor belongs to a guard disposed at the end of its using block',
    code: code`
      function f(xa) {
        let c;
        {
          using g = xa.lock();
          c = g.cursor(0);
        }
        return c.load();
      }
    `,
    findings: [
      { check: 'no-guard-escape', messageId: 'stored', at: 'c = g.cursor(0)' },
      use('useAfterUnlock', 'c', { after: 'return ', data: { name: 'c', lock: 'xa', how: 'at the end of its using block', releasedLine: '6' } }),
    ],
  },
  {
    rule,
    name: 'guard after withLock returned',
    why: 'invalid: the guard escapes its withLock callback and is used after the callback released the lock',
    code: code`
      function f(xa) {
        let saved;
        xa.withLock((g) => {
          saved = g;
        });
        saved.setMark(1, 0);
      }
    `,
    findings: [
      { check: 'no-guard-escape', messageId: 'stored', at: 'saved = g' },
      use('useAfterUnlock', 'saved', { after: '});', data: { name: 'saved', lock: 'xa', how: 'when its withLock callback returned', releasedLine: '5' } }),
    ],
  },
  {
    rule,
    name: 'conditional unlock',
    why: 'invalid: on the path where c is true the guard was released before this use',
    code: code`
      function f(xa, c) {
        const g = xa.lock();
        if (c) g.unlock();
        g.setMark(1, 0);
        g.unlock();
      }
    `,
    findings: [
      use('useAfterUnlockOnSomePaths', 'g', { after: 'if (c) g.unlock();\n' }),
      use('doubleUnlockOnSomePaths', 'g', { after: 'g.setMark(1, 0);\n' }),
    ],
  },
  {
    rule,
    name: 'unlock in a callee',
    why: 'invalid: release() unlocks its parameter, so the guard is dead after the call',
    code: code`
      function release(g) {
        g.unlock();
      }
      function f(xa) {
        const g = xa.lock();
        release(g);
        g.setMark(1, 0);
      }
    `,
    findings: [use('useAfterUnlock', 'g', { after: 'release(g);\n', data: { name: 'g', lock: 'xa', how: 'by release()', releasedLine: '6' } })],
  },
  {
    rule,
    name: 'released guard passed to a function that needs one',
    why: 'invalid: tag() calls setMark on its parameter, and the guard given to it was released',
    code: code`
      function tag(g, i) {
        g.setMark(i, 0);
      }
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        tag(g, 1);
      }
    `,
    findings: [use('passedAfterUnlock', 'g', { after: 'g.unlock();\n  tag(' })],
  },
  {
    rule,
    name: 'cursor after unlock',
    why: 'invalid: a cursor dies with the guard it was created from',
    code: code`
      function f(xa) {
        const g = xa.lock();
        const c = g.cursor(4);
        g.unlock();
        return c.load();
      }
    `,
    findings: [use('useAfterUnlock', 'c', { after: 'return ' })],
  },
  {
    rule,
    name: 'guard aliased through a variable',
    why: 'invalid: h is the same guard as g, released by g.unlock()',
    code: code`
      function f(xa) {
        const g = xa.lock();
        const h = g;
        g.unlock();
        return h.getOrder(1);
      }
    `,
    findings: [use('useAfterUnlock', 'h', { after: 'return ' })],
  },
  {
    rule,
    name: 'guard re-assigned',
    why: 'invalid: the second guard held in the same variable is also released before the use',
    code: code`
      function f(xa, xb) {
        let g = xa.lock();
        g.unlock();
        g = xb.lock();
        g.unlock();
        g.setMark(1, 0);
      }
    `,
    findings: [use('useAfterUnlock', 'g', { after: 'g = xb.lock();\n  g.unlock();\n', data: { name: 'g', lock: 'xb', how: 'by unlock()', releasedLine: '5' } })],
  },
  {
    rule,
    name: 'unlock inside a loop',
    why: 'invalid: from the second iteration on, the guard was released by the previous one',
    code: code`
      function f(xa, ids) {
        const g = xa.lock();
        for (const i of ids) {
          g.setMark(i, 0);
          g.unlock();
        }
      }
    `,
    findings: [
      use('useAfterUnlockOnSomePaths', 'g', { after: '{\n    ' }),
      use('doubleUnlockOnSomePaths', 'g', { after: 'g.setMark(i, 0);\n' }),
      { check: 'no-lock-leak', messageId: 'notReleasedOnSomePaths', at: 'xa.lock()' },
    ],
  },
  {
    rule,
    name: 'labelled break after unlock',
    why: 'invalid: break outer leaves both loops with the guard released on that path',
    code: code`
      function f(xa, rows) {
        const g = xa.lock();
        outer: for (const row of rows) {
          for (const i of row) {
            if (i < 0) {
              g.unlock();
              break outer;
            }
          }
        }
        g.setMark(0, 0);
        g.unlock();
      }
    `,
    findings: [
      use('useAfterUnlockOnSomePaths', 'g', { after: '}\n  }\n  ' }),
      use('doubleUnlockOnSomePaths', 'g', { after: 'g.setMark(0, 0);\n' }),
    ],
  },
  {
    rule,
    name: 'optional call of unlock',
    why: 'invalid: after g.unlock?.() the guard is released whenever unlock exists, so this use may follow a release',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock?.();
        g.setMark(1, 0);
      }
    `,
    findings: [
      use('useAfterUnlockOnSomePaths', 'g', { after: 'g.unlock?.();\n' }),
      { check: 'no-lock-leak', messageId: 'notReleasedOnSomePaths', at: 'xa.lock()' },
    ],
  },
  {
    rule,
    name: 'destructured callback parameter used after the callback',
    why: 'invalid: getOrder was taken from the withLock guard and is called after the lock was released',
    code: code`
      function f(xa) {
        let read;
        xa.withLock(({ getOrder }) => {
          read = getOrder;
        });
        return read(1);
      }
    `,
    findings: [
      { check: 'no-guard-escape', messageId: 'stored', at: 'read = getOrder' },
      use('useAfterUnlock', 'read', { after: 'return ' }),
    ],
  },
  {
    rule,
    name: 'typed guard parameter used after unlock',
    why: 'invalid: a parameter typed Guard is a guard; unlocking it ends it',
    filename: 'x.ts',
    code: code`
      import type { Guard } from '@lockctx/xarray';
      export function finish(g: Guard<number>): void {
        g.unlock();
        g.setMark(1, 0);
      }
    `,
    findings: [use('useAfterUnlock', 'g', { after: 'g.unlock();\n', data: { name: 'g', lock: 'g.xarray', how: 'by unlock()', releasedLine: '3' } })],
  },
  {
    rule,
    name: 'untyped TypeScript: non-null assertion on a released guard',
    why: 'invalid: g! is still the released guard',
    filename: 'x.ts',
    code: code`
      export function f(xa: any): number {
        const g = xa.lock();
        g.unlock();
        return g!.getOrder(1);
      }
    `,
    findings: [use('useAfterUnlock', 'g', { after: 'return ' })],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'lock, use, unlock',
    why: 'valid: every use is between lock() and unlock()',
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
    name: 'using block',
    why: 'valid: the guard is used only inside its using block',
    code: code`
      function f(xa) {
        using g = xa.lock();
        return g.getOrder(1);
      }
    `,
  },
  {
    rule,
    name: 'withLock callback',
    why: 'valid: the guard is used only inside the callback',
    code: code`
      const order = (xa, i) => xa.withLock((g) => g.getOrder(i));
    `,
  },
  {
    rule,
    name: 'released is safe to read',
    why: 'valid: g.released may be read after unlock',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        return g.released;
      }
    `,
  },
  {
    rule,
    name: 'guard re-assigned to a fresh lock',
    why: 'valid: after re-assignment g is a new, held guard',
    code: code`
      function f(xa) {
        let g = xa.lock();
        g.unlock();
        g = xa.lock();
        g.setMark(1, 0);
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'conditional unlock with early return',
    why: 'valid: the path that unlocks returns at once',
    code: code`
      function f(xa, c) {
        const g = xa.lock();
        if (c) {
          g.unlock();
          return;
        }
        g.setMark(1, 0);
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'try/finally',
    why: 'valid: the use is in try, the release in finally',
    code: code`
      function f(xa) {
        const g = xa.lock();
        try {
          g.setMark(1, 0);
        } finally {
          g.unlock();
        }
      }
    `,
  },
  {
    rule,
    name: 'unlock in a callee as the last step',
    why: 'valid: done() releases the guard after its last use',
    code: code`
      function done(g) {
        g.unlock();
      }
      function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        done(g);
      }
    `,
  },
  {
    rule,
    name: 'cursor used while held',
    why: 'valid: the cursor is used before its guard is released',
    code: code`
      function f(xa) {
        const g = xa.lock();
        const c = g.cursor(0);
        const v = c.next();
        g.unlock();
        return v;
      }
    `,
  },
  {
    rule,
    name: 'using in a loop',
    why: 'valid: each iteration takes and uses its own guard',
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
    name: 'labelled continue after unlock',
    why: 'valid: the guard is released right before continuing, and re-taken each iteration',
    code: code`
      function f(xa, rows) {
        outer: for (const row of rows) {
          const g = xa.lock();
          for (const i of row) {
            if (i < 0) {
              g.unlock();
              continue outer;
            }
          }
          g.setMark(0, 0);
          g.unlock();
        }
      }
    `,
  },
  {
    rule,
    name: 'dispose after unlock',
    why: 'valid: disposing a released guard is allowed and does nothing',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        g[Symbol.dispose]();
      }
    `,
  },
  {
    rule,
    name: 'typed helper given the callback guard',
    why: 'valid: tag() needs a live guard and gets the withLock one',
    filename: 'x.ts',
    code: code`
      import type { Guard, XArray } from '@lockctx/xarray';
      function tag(g: Guard<number>, i: number): void {
        g.setMark(i, 0);
      }
      export function run(xa: XArray<number>): void {
        xa.withLock((g) => tag(g, 1));
      }
    `,
  },
  {
    rule,
    name: 'destructured callback parameter used inside',
    why: 'valid: the destructured methods are called while the lock is held',
    code: code`
      function f(xa) {
        xa.withLock(({ getOrder, setMark }) => {
          if (getOrder(1) === 0) setMark(1, 0);
        });
      }
    `,
  },
  {
    rule,
    name: 'shadowing parameter',
    why: 'valid: the g of other() is not the released guard',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.unlock();
        function other(g) {
          return g.getOrder(1);
        }
        return other;
      }
    `,
  },
  {
    rule,
    name: 'optional use of a guard held on some paths',
    why: 'valid: g?.setMark runs only where g was taken, and g?.unlock() releases it there',
    code: code`
      function f(xa, c) {
        let g;
        if (c) g = xa.lock();
        g?.setMark(1, 0);
        g?.unlock();
      }
    `,
    todo: 'optional chaining is not correlated with the path where the guard exists, so a leak on some paths is reported',
  },
];
