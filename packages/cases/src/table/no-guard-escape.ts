import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-guard-escape';
const esc = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const guardEscape: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'guard returned from withLock (expression body)',
    why: 'invalid: the callback returns its guard, which withLock releases on return',
    code: code`
      const take = (xa) => xa.withLock((g) => g);
    `,
    findings: [esc('returned', 'g', { after: '=> ', nth: 2, data: { name: 'g', lock: 'xa', scope: 'its withLock callback' } })],
  },
  {
    rule,
    name: 'guard returned from withLock (block body)',
    why: 'invalid: return g hands out a guard whose lock ends with the callback',
    code: code`
      function f(xa) {
        return xa.withLock((g) => {
          return g;
        });
      }
    `,
    findings: [esc('returned', 'g', { after: '    return ' })],
  },
  {
    rule,
    name: 'cursor returned from withLock',
    why: 'invalid: a cursor dies with its guard, so it cannot leave the callback',
    code: code`
      function f(xa) {
        return xa.withLock((g) => g.cursor(0));
      }
    `,
    findings: [esc('returned', 'g.cursor(0)', { data: { name: 'cursor', lock: 'xa' } })],
  },
  {
    rule,
    name: 'guard stored in an outer variable',
    why: 'invalid: saved outlives the callback that owns the lock',
    code: code`
      let saved;
      function f(xa) {
        xa.withLock((g) => {
          saved = g;
        });
      }
    `,
    findings: [esc('stored', 'saved = g', { data: { name: 'g', target: 'saved', lock: 'xa' } })],
  },
  {
    rule,
    name: 'guard stored in a property',
    why: 'invalid: this.guard keeps the guard after its callback returned',
    code: code`
      class Cache {
        fill(xa) {
          xa.withLock((g) => {
            this.guard = g;
          });
        }
      }
    `,
    findings: [esc('stored', 'this.guard = g', { data: { name: 'g', target: 'this.guard', lock: 'xa' } })],
  },
  {
    rule,
    name: 'guard pushed into an array',
    why: 'invalid: the array outlives the callback',
    code: code`
      function f(xa, guards) {
        xa.withLock((g) => {
          guards.push(g);
        });
      }
    `,
    findings: [esc('collected', 'g', { after: 'push(', data: { name: 'g', method: 'push', lock: 'xa' } })],
  },
  {
    rule,
    name: 'guard put into a map',
    why: 'invalid: the map keeps the guard after the lock is released',
    code: code`
      function f(xa, byId) {
        xa.withLock((g) => {
          byId.set(1, g);
        });
      }
    `,
    findings: [esc('collected', 'g', { after: 'set(1, ' })],
  },
  {
    rule,
    name: 'guard captured by a timer',
    why: 'invalid: the timer callback runs after withLock has released the lock',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          setTimeout(() => g.setMark(1, 0), 10);
        });
      }
    `,
    findings: [esc('capturedLater', 'g', { after: '() => ', data: { name: 'g', runner: 'setTimeout()', lock: 'xa' } })],
  },
  {
    rule,
    name: 'using guard captured by a promise continuation',
    why: 'invalid: then() runs its callback later, after the using block released the lock',
    code: code`
      function f(xa, p) {
        using g = xa.lock();
        p.then(() => g.setMark(1, 0));
      }
    `,
    findings: [esc('capturedLater', 'g', { after: '() => ', data: { name: 'g', runner: 'then()', lock: 'xa' } })],
  },
  {
    rule,
    name: 'explicit guard captured by an event handler',
    why: 'invalid: the handler runs later, when the guard is released (or the spin lock held across time)',
    code: code`
      function f(xa, el) {
        const g = xa.lock();
        el.addEventListener('click', () => g.setMark(1, 0));
        g.unlock();
      }
    `,
    findings: [esc('capturedLater', 'g', { after: '() => ', data: { name: 'g', runner: 'addEventListener()', lock: 'xa' } })],
  },
  {
    rule,
    name: 'guard captured by a stored callback',
    why: 'invalid: obj.onChange may be called at any later time',
    code: code`
      function f(xa, obj) {
        xa.withLock((g) => {
          obj.onChange = () => g.setMark(1, 0);
        });
      }
    `,
    findings: [esc('capturedLater', 'g', { after: '() => ', data: { name: 'g', runner: 'stored in `obj.onChange`' } })],
  },
  {
    rule,
    name: 'guard captured by a returned function',
    why: 'invalid: the returned function runs after the using block disposed the guard',
    code: code`
      function f(xa) {
        using g = xa.lock();
        return () => g.getOrder(1);
      }
    `,
    findings: [esc('capturedLater', 'g', { after: '() => ', data: { name: 'g', runner: 'a returned function' } })],
  },
  {
    rule,
    name: 'using guard stored outside its block',
    why: 'invalid: keep outlives the block whose end disposes the guard',
    code: code`
      function f(xa) {
        let keep;
        {
          using g = xa.lock();
          keep = g;
        }
        return keep;
      }
    `,
    findings: [esc('stored', 'keep = g', { data: { name: 'g', target: 'keep', scope: 'its using block' } })],
  },
  {
    rule,
    name: 'destructured callback parameter pushed',
    why: 'invalid: setMark is a method of the callback guard and must not leave the callback',
    code: code`
      function f(xa, handlers) {
        xa.withLock(({ setMark }) => {
          handlers.push(setMark);
        });
      }
    `,
    findings: [esc('collected', 'setMark', { after: 'push(' })],
  },
  {
    rule,
    name: 'typed: guard stored in an outer typed variable',
    why: 'invalid: out is declared outside the callback',
    filename: 'x.ts',
    code: code`
      import type { Guard, XArray } from '@lockctx/xarray';
      export function keep(xa: XArray<number>): Guard<number> | undefined {
        let out: Guard<number> | undefined;
        xa.withLock((g) => {
          out = g;
        });
        return out;
      }
    `,
    findings: [esc('stored', 'out = g')],
  },
  {
    rule,
    name: 'async forEach callback capturing the guard',
    why: 'invalid: an async callback runs its body after the first await, when withLock has returned',
    code: code`
      function f(xa, ids) {
        xa.withLock((g) => {
          ids.forEach(async (i) => {
            g.setMark(i, 0);
          });
        });
      }
    `,
    findings: [esc('capturedLater', 'g', { after: 'async (i) => {\n      ', data: { runner: 'forEach()' } })],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'withLock returns a value',
    why: 'valid: only the order leaves the callback, not the guard',
    code: code`
      const order = (xa, i) => xa.withLock((g) => g.getOrder(i));
    `,
  },
  {
    rule,
    name: 'forEach inside withLock',
    why: 'valid: forEach runs its callback before withLock returns',
    code: code`
      function f(xa, ids) {
        xa.withLock((g) => {
          ids.forEach((i) => g.setMark(i, 0));
        });
      }
    `,
  },
  {
    rule,
    name: 'guard returned by a factory',
    why: 'valid: returning a held explicit guard moves the duty to release it to the caller',
    code: code`
      function take(xa) {
        return xa.lock();
      }
    `,
  },
  {
    rule,
    name: 'guard aliased inside the callback',
    why: 'valid: h is declared inside the callback',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          const h = g;
          h.setMark(1, 0);
        });
      }
    `,
  },
  {
    rule,
    name: 'immediately invoked function',
    why: 'valid: the arrow runs at once, inside the callback',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          (() => g.setMark(1, 0))();
        });
      }
    `,
  },
  {
    rule,
    name: 'map inside withLock',
    why: 'valid: the orders are computed while the lock is held',
    code: code`
      const orders = (xa, ids) => xa.withLock((g) => ids.map((i) => g.getOrder(i)));
    `,
  },
  {
    rule,
    name: 'timer that does not use the guard',
    why: 'valid: the timer callback captures nothing lock-related',
    code: code`
      function f(xa) {
        xa.withLock((g) => {
          g.setMark(1, 0);
          setTimeout(() => console.log('marked'), 10);
        });
      }
    `,
  },
  {
    rule,
    name: 'guard passed to a helper',
    why: 'valid: tag() runs now and does not keep the guard',
    code: code`
      function tag(g, i) {
        g.setMark(i, 0);
      }
      const f = (xa) => xa.withLock((g) => tag(g, 1));
    `,
  },
  {
    rule,
    name: 'using guard passed to a helper',
    why: 'valid: passing a guard to a function that runs now is not an escape',
    code: code`
      function tag(g) {
        g.setMark(1, 0);
      }
      function f(xa) {
        using g = xa.lock();
        tag(g);
      }
    `,
  },
  {
    rule,
    name: 'value read under the lock stored outside',
    why: 'valid: the order is plain data',
    code: code`
      function f(xa, cache) {
        xa.withLock((g) => {
          cache.order = g.getOrder(1);
        });
      }
    `,
  },
  {
    rule,
    name: 'values pushed, not the guard',
    why: 'valid: out receives numbers',
    code: code`
      function f(xa, out) {
        xa.withLock((g) => {
          out.push(g.getOrder(1));
        });
      }
    `,
  },
  {
    rule,
    name: 'timer that takes the lock itself',
    why: 'valid: the callback captures the XArray and locks it when it runs',
    code: code`
      function f(xa) {
        setTimeout(() => xa.withLock((g) => g.setMark(1, 0)), 10);
      }
    `,
  },
  {
    rule,
    name: 'not a guard',
    why: 'valid: g is a plain object, never a lock guard',
    code: code`
      const g = { setMark() {} };
      setTimeout(() => g.setMark(1, 0), 10);
    `,
  },
  {
    rule,
    name: 'typed withLock returning a number',
    why: 'valid: typed code returning a value read under the lock',
    filename: 'x.ts',
    code: code`
      import type { Guard, XArray } from '@lockctx/xarray';
      export function run(xa: XArray<number>): number {
        return xa.withLock((g: Guard<number>) => g.getOrder(0));
      }
    `,
  },
  {
    rule,
    name: 'released guard captured',
    why: 'valid: the guard is already released when the callback is made; reading released is allowed',
    code: code`
      function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        g.unlock();
        setTimeout(() => console.log(g.released), 10);
      }
    `,
  },
];
