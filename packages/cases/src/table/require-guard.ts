import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'require-guard';
const rg = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

const TAG = `function tag(g, i) {
  g.setMark(i, 0);
}
`;

export const requireGuard: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'the XArray instead of its guard',
    why: 'invalid: tag() calls setMark on its parameter, and xa is the XArray itself',
    code: code`
      function tag(g, i) {
        g.setMark(i, 0);
      }
      function f(xa) {
        xa.withLock(() => tag(xa, 1));
      }
    `,
    findings: [rg('notAGuard', 'xa', { after: '=> tag(', data: { callee: 'tag', param: 'g', evidence: 'it calls `g.setMark()` at line 2', arg: 'xa' } })],
  },
  {
    rule,
    name: 'a literal',
    why: 'invalid: 0 is not a guard',
    code: `${TAG}tag(0, 1);\n`,
    findings: [rg('notAGuard', '0', { after: '\ntag(', data: { what: 'a literal, not a guard' } })],
  },
  {
    rule,
    name: 'missing argument',
    why: 'invalid: tag() is called without its guard',
    code: `${TAG}tag();\n`,
    findings: [rg('missingGuard', 'tag()', { data: { callee: 'tag', param: 'g' } })],
  },
  {
    rule,
    name: 'a plain object',
    why: 'invalid: an object literal is not a guard',
    code: `${TAG}tag({ setMark() {} }, 1);\n`,
    findings: [rg('notAGuard', '{ setMark() {} }', { data: { what: 'a plain object, not a guard' } })],
  },
  {
    rule,
    name: 'a cursor',
    why: 'invalid: a cursor is not a guard',
    code: code`
      function tag(g, i) {
        g.setMark(i, 0);
      }
      function f(xa) {
        xa.withLock((g) => {
          const c = g.cursor(0);
          tag(c, 1);
        });
      }
    `,
    findings: [rg('notAGuard', 'c', { after: '    tag(', data: { what: 'a cursor, not a guard' } })],
  },
  {
    rule,
    name: 'typed: declared Guard parameter given the XArray',
    why: 'invalid: the parameter is declared Guard and xa is declared XArray',
    filename: 'x.ts',
    code: code`
      import type { Guard, XArray } from '@lockctx/xarray';
      function touch(g: Guard<number>, i: number): void {
        void g;
        void i;
      }
      export function f(xa: XArray<number>): void {
        touch(xa, 1);
      }
    `,
    findings: [rg('notAGuard', 'xa', { after: '  touch(', data: { evidence: '`g` is declared a Guard at line 2' }, suggestions: [{ messageId: 'wrapInScope', replace: ['touch(xa, 1)', 'xa.withLock((g) => touch(g, 1))'] }] })],
  },
  {
    rule,
    name: 'requirement through a call chain',
    why: 'invalid: outer() passes its parameter to inner(), which uses it as a guard',
    code: code`
      function inner(g) {
        g.setMark(1, 0);
      }
      function outer(g) {
        inner(g);
      }
      outer(null);
    `,
    findings: [rg('notAGuard', 'null', { data: { callee: 'outer', evidence: 'it passes `g` to `inner` at line 5' } })],
  },
  {
    rule,
    name: 'undefined',
    why: 'invalid: undefined is not a guard',
    code: `${TAG}tag(undefined, 1);\n`,
    findings: [rg('notAGuard', 'undefined', { data: { what: 'undefined, not a guard' } })],
  },
  {
    rule,
    name: 'a function',
    why: 'invalid: a callback is not a guard',
    code: `${TAG}tag(() => {}, 1);\n`,
    findings: [rg('notAGuard', '() => {}', { data: { what: 'a function, not a guard' } })],
  },
  {
    rule,
    name: 'a new XArray',
    why: 'invalid: a new XArray is not a guard',
    code: code`
      import { XArray } from '@lockctx/xarray';
      function tag(g, i) {
        g.setMark(i, 0);
      }
      tag(new XArray(), 1);
    `,
    findings: [rg('notAGuard', 'new XArray()')],
  },
  {
    rule,
    name: 'an array',
    why: 'invalid: an array is not a guard',
    code: `${TAG}tag([], 1);\n`,
    findings: [rg('notAGuard', '[]', { data: { what: 'an array, not a guard' } })],
  },
  {
    rule,
    name: 'a template string',
    why: 'invalid: a string is not a guard',
    code: `${TAG}tag(\`g\`, 1);\n`,
    findings: [rg('notAGuard', '`g`')],
  },
  {
    rule,
    name: 'method called through this',
    why: 'invalid: mark() needs a guard and this.mark(this.xa) passes the XArray',
    code: code`
      class Marks {
        mark(g) {
          g.setMark(1, 0);
        }
        run() {
          this.xa.withLock(() => this.mark(this.xa));
        }
      }
    `,
    findings: [rg('notAGuard', 'this.xa', { after: 'this.mark(', data: { callee: 'Marks.prototype.mark' } })],
  },
  {
    rule,
    name: 'an XArray alias',
    why: 'invalid: a is a new XArray held in a variable',
    code: code`
      import { XArray } from '@lockctx/xarray';
      function tag(g, i) {
        g.setMark(i, 0);
      }
      const a = new XArray();
      tag(a, 1);
    `,
    findings: [rg('notAGuard', 'a', { after: '\ntag(', suggestions: [{ messageId: 'wrapInScope', replace: ['tag(a, 1)', 'a.withLock((g) => tag(g, 1))'] }] })],
  },
  {
    rule,
    name: 'untyped TypeScript: cast XArray',
    why: 'invalid: xa as any is still the XArray locked in this function',
    filename: 'x.ts',
    code: code`
      function tag(g: any, i: number): void {
        g.setMark(i, 0);
      }
      export function f(xa: any): void {
        xa.withLock(() => tag(xa as any, 1));
      }
    `,
    findings: [rg('notAGuard', 'xa as any')],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'explicit guard',
    why: 'valid: g is a live guard',
    code: `${TAG}function f(xa) {\n  const g = xa.lock();\n  tag(g, 1);\n  g.unlock();\n}\n`,
  },
  {
    rule,
    name: 'withLock guard',
    why: 'valid: the callback guard is live',
    code: `${TAG}const f = (xa) => xa.withLock((g) => tag(g, 1));\n`,
  },
  {
    rule,
    name: 'using guard',
    why: 'valid: the using guard is live',
    code: `${TAG}function f(xa) {\n  using g = xa.lock();\n  tag(g, 1);\n}\n`,
  },
  {
    rule,
    name: 'requirement forwarded',
    why: 'valid: mark() needs a guard too, so the requirement moves to its callers',
    code: `${TAG}function mark(g) {\n  tag(g, 2);\n}\n`,
  },
  {
    rule,
    name: 'unknown argument',
    why: 'valid: nothing is known about x, so nothing is reported',
    code: `${TAG}function f(x) {\n  tag(x.guard, 1);\n}\n`,
  },
  {
    rule,
    name: 'function without requirements',
    why: 'valid: show() does not use its parameter as a guard',
    code: code`
      function show(x) {
        return String(x);
      }
      const f = (xa) => xa.withLock(() => show(xa));
    `,
  },
  {
    rule,
    name: 'typed guard',
    why: 'valid: typed code passing the callback guard',
    filename: 'x.ts',
    code: code`
      import type { Guard, XArray } from '@lockctx/xarray';
      function touch(g: Guard<number>): number {
        return g.getOrder(0);
      }
      export const f = (xa: XArray<number>): number => xa.withLock((g) => touch(g));
    `,
  },
  {
    rule,
    name: 'guard alias',
    why: 'valid: h is the live guard g',
    code: `${TAG}function f(xa) {\n  using g = xa.lock();\n  const h = g;\n  tag(h, 1);\n}\n`,
  },
  {
    rule,
    name: 'guard from a factory',
    why: 'valid: take() returns a held guard',
    code: code`
      function tag(g, i) {
        g.setMark(i, 0);
      }
      function take(xa) {
        return xa.lock();
      }
      function f(xa) {
        const g = take(xa);
        tag(g, 1);
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'cursor parameter',
    why: 'valid: walk() uses a cursor, not a guard',
    code: code`
      function walk(c) {
        return c.load();
      }
      const f = (xa) => xa.withLock((g) => walk(g.cursor(0)));
    `,
  },
  {
    rule,
    name: 'method with a guard through this',
    why: 'valid: this.mark() gets the callback guard',
    code: code`
      class Marks {
        mark(g) {
          g.setMark(1, 0);
        }
        run() {
          this.xa.withLock((g) => this.mark(g));
        }
      }
    `,
  },
  {
    rule,
    name: 'member expression argument',
    why: 'valid: this.g may well be a guard',
    code: `${TAG}class C {\n  run() {\n    tag(this.g, 1);\n  }\n}\n`,
  },
  {
    rule,
    name: 'parameter named g but no guard use',
    why: 'valid: f() calls foo() on g, which is no guard method',
    code: code`
      function f(g) {
        return g.foo();
      }
      f(1);
    `,
  },
  {
    rule,
    name: 'recursion with a guard parameter',
    why: 'valid: rec() forwards its live guard to itself',
    code: code`
      function rec(g, n) {
        if (n > 0) rec(g, n - 1);
        g.setMark(n, 0);
      }
      const f = (xa) => xa.withLock((g) => rec(g, 3));
    `,
  },
  {
    rule,
    name: 'guard in a callback that runs now',
    why: 'valid: forEach passes the guard while it is held',
    code: `${TAG}const f = (xa, ids) => xa.withLock((g) => ids.forEach((i) => tag(g, i)));\n`,
  },
];
