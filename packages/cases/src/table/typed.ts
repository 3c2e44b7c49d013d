import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * Typed-only cases: each is a small TypeScript project (`files` beside
 * `x.ts`) whose guards, lockables, library locks or callee requirements are
 * visible only through types: an alias, an interface that extends `Guard`,
 * a return type declared in a `.d.ts`, a lock reached through an interface
 * field, a method resolved by the checker. The invalid ones are found only
 * with type information (hosts assert that the untyped analysis does not
 * report them); the valid ones are their fixed twins, clean with types.
 * Hosts type them against `@lockctx/xarray` and `async-mutex` as installed.
 */
const f = (check: FindingSpec['check'], messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check, messageId, at, ...more });

/** A package-like declaration file: only types, no bodies to read. */
const LIB = code`
  import type { Guard, XArray } from '@lockctx/xarray';
  export type Page = { id: number };
  export type PageGuard = Guard<Page>;
  export type Pages = XArray<Page>;
  export interface Held extends Guard<Page> {}
  export declare function take(xa: Pages): PageGuard;
  export declare function tag(g: PageGuard, i: number): void;
  export declare function open(): Pages;
  export declare class Marks {
    set(g: PageGuard, i: number): void;
  }
`;
/** A module whose lock is reached only through an interface field. */
const DEPS = code`
  import type { MutexInterface } from 'async-mutex';
  export interface Deps {
    mutex: MutexInterface;
    log(line: string): void;
  }
`;
/** A class with an XArray field, from another module. */
const CACHE = code`
  import type { Pages } from './lib.js';
  export class Cache {
    constructor(readonly xa: Pages) {}
  }
`;
const LIB_FILES = { 'lib.d.ts': LIB };
const DEPS_FILES = { 'deps.ts': DEPS };
const CACHE_FILES = { 'lib.d.ts': LIB, 'cache.ts': CACHE };

const cases: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'require-guard',
    name: 'parameter typed by an alias of Guard',
    why: 'invalid: count declares g a PageGuard (an alias of Guard<Page>), and run passes the XArray',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export function count(g: PageGuard): number {
        return g.isEmpty() ? 0 : 1;
      }
      export function run(xa: Pages): number {
        return count(xa);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'return count(', data: { callee: 'count', param: 'g', evidence: '`g` is declared a Guard at line 2' }, suggestions: [{ messageId: 'wrapInScope', replace: ['count(xa)', 'xa.withLock((g) => count(g))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'package function declared in a .d.ts',
    why: 'invalid: tag (lib.d.ts) declares a guard parameter and is given the XArray',
    files: LIB_FILES,
    code: code`
      import { tag } from './lib.js';
      import type { Pages } from './lib.js';
      export function touch(xa: Pages): void {
        tag(xa, 1);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'tag(', data: { callee: 'tag', param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['tag(xa, 1)', 'xa.withLock((g) => tag(g, 1))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'method of a declared class, resolved by the checker',
    why: 'invalid: Marks.set (lib.d.ts) needs a guard; m.set is given the XArray',
    files: LIB_FILES,
    code: code`
      import type { Marks, Pages } from './lib.js';
      export function mark(m: Marks, xa: Pages): void {
        m.set(xa, 2);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'm.set(', data: { callee: 'm.set', param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['m.set(xa, 2)', 'xa.withLock((g) => m.set(g, 2))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'method of a class of the same file called on an instance',
    why: 'invalid: Book.count declares a PageGuard parameter; b.count is given the XArray',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export class Book {
        count(g: PageGuard): number {
          return g.isEmpty() ? 0 : 1;
        }
      }
      export function total(b: Book, xa: Pages): number {
        return b.count(xa);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'b.count(', data: { param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['b.count(xa)', 'xa.withLock((g) => b.count(g))'] }] })],
  },
  {
    rule: 'require-guard',
    name: 'optional guard parameter (a union with undefined)',
    why: 'invalid: every non-nullish member of PageGuard | undefined is a guard; the XArray is passed',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export function peek(g: PageGuard | undefined): boolean {
        return g?.isEmpty() ?? true;
      }
      export function run(xa: Pages): boolean {
        return peek(xa);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'return peek(', data: { callee: 'peek', param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['peek(xa)', 'xa.withLock((g) => peek(g))'] }] })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'guard returned by a declared function, used after unlock',
    why: 'invalid: take() (lib.d.ts) returns a PageGuard; it is used after g.unlock()',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export function order(xa: Pages): number {
        const g = take(xa);
        g.unlock();
        return g.getOrder(0);
      }
    `,
    findings: [f('no-use-after-unlock', 'useAfterUnlock', 'g', { after: 'return ' })],
  },
  {
    rule: 'no-lock-leak',
    name: 'guard returned by a declared function, never released',
    why: 'invalid: the PageGuard from take() is still held at the end of the function',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export function marked(xa: Pages): boolean {
        const g = take(xa);
        return g.getMark(0, 0);
      }
    `,
    findings: [f('no-lock-leak', 'notReleased', 'take(xa)', { data: { lock: 'xa', exit: 'the return' } })],
  },
  {
    rule: 'no-await-while-locked',
    name: 'guard from a declared function held across await',
    why: 'invalid: the XArray lock (a spin lock) is held by the using guard across the await',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export async function slow(xa: Pages, load: () => Promise<void>): Promise<boolean> {
        using g = take(xa);
        await load();
        return g.isEmpty();
      }
    `,
    findings: [
      f('no-await-while-locked', 'suspendWhileLocked', 'await', {
        after: 'using g',
        data: { op: 'await', lock: 'xa' },
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              import { take } from './lib.js';
              import type { Pages } from './lib.js';
              export async function slow(xa: Pages, load: () => Promise<void>): Promise<boolean> {
                await load();
                using g = take(xa);
                return g.isEmpty();
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-guard-escape',
    name: 'guard from a declared function stored outside',
    why: 'invalid: the using guard from take() is stored in a module variable and outlives its scope',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      let saved: unknown;
      export function keep(xa: Pages): void {
        using g = take(xa);
        saved = g;
      }
    `,
    findings: [f('no-guard-escape', 'stored', 'saved = g', { data: { name: 'g', lock: 'xa', target: 'saved' } })],
  },
  {
    rule: 'no-self-deadlock',
    name: 'XArray reached through a class field of another module',
    why: 'invalid: cache.xa is an XArray (Cache.xa: Pages); storing through it while its lock is held deadlocks',
    files: CACHE_FILES,
    code: code`
      import type { Cache } from './cache.js';
      import type { Page } from './lib.js';
      export function put(cache: Cache, p: Page): void {
        const g = cache.xa.lock();
        try {
          cache.xa.store(1, p);
        } finally {
          g[Symbol.dispose]();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'writeWhileLocked', 'cache.xa.store', {
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              import type { Cache } from './cache.js';
              import type { Page } from './lib.js';
              export function put(cache: Cache, p: Page): void {
                const g = cache.xa.lock();
                try {
                  g.store(1, p);
                } finally {
                  g[Symbol.dispose]();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'XArray returned by a declared function',
    why: 'invalid: open() returns Pages; erasing through it under its own lock deadlocks',
    files: LIB_FILES,
    code: code`
      import { open } from './lib.js';
      const xa = open();
      export function drop(): void {
        const g = xa.lock();
        try {
          xa.erase(1);
        } finally {
          g[Symbol.dispose]();
        }
      }
    `,
    findings: [
      f('no-self-deadlock', 'writeWhileLocked', 'xa.erase', {
        after: 'try',
        suggestions: [
          {
            messageId: 'useGuard',
            output: code`
              import { open } from './lib.js';
              const xa = open();
              export function drop(): void {
                const g = xa.lock();
                try {
                  g.erase(1);
                } finally {
                  g[Symbol.dispose]();
                }
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex reached through an interface, taken twice',
    why: 'invalid: deps.mutex is a MutexInterface (not re-entrant); runExclusive inside runExclusive never gets it',
    files: DEPS_FILES,
    code: code`
      import type { Deps } from './deps.js';
      export async function save(deps: Deps): Promise<void> {
        await deps.mutex.runExclusive(async () => {
          await deps.mutex.runExclusive(async () => {
            deps.log('saved');
          });
        });
      }
    `,
    findings: [f('no-self-deadlock', 'relock', "deps.mutex.runExclusive(async () => {\n      deps.log('saved');\n    })", { data: { lock: 'deps.mutex' } })],
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex through an interface, acquired and never released',
    why: 'invalid: the releaser of deps.mutex.acquire() is never called',
    files: DEPS_FILES,
    code: code`
      import type { Deps } from './deps.js';
      export async function save(deps: Deps): Promise<void> {
        const release = await deps.mutex.acquire();
        deps.log('saved');
      }
    `,
    findings: [f('no-lock-leak', 'notReleased', 'deps.mutex.acquire()', { data: { lock: 'deps.mutex', exit: 'the end of the function' } })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'guard passed after unlock to a function whose parameter type is an alias',
    why: 'invalid: size declares g a G (type G = Guard<number>); f releases g, then passes it',
    code: code`
      import type { Guard } from '@lockctx/xarray';
      type G = Guard<number>;
      function size(g: G): boolean {
        return g.isEmpty();
      }
      export function f(g: G): boolean {
        g.unlock();
        return size(g);
      }
    `,
    findings: [f('no-use-after-unlock', 'passedAfterUnlock', 'g', { after: 'return size(', data: { callee: 'size', releasedLine: '7' } })],
  },
  {
    rule: 'require-guard',
    name: 'interface that extends Guard',
    why: 'invalid: check declares g a Held (an interface extending Guard<Page>); the XArray is passed',
    files: LIB_FILES,
    code: code`
      import type { Held, Pages } from './lib.js';
      function check(g: Held): boolean {
        return g.isEmpty();
      }
      export function run(xa: Pages): boolean {
        return check(xa);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa', { after: 'return check(', data: { callee: 'check', param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['check(xa)', 'xa.withLock((g) => check(g))'] }] })],
  },
  {
    rule: 'no-use-after-unlock',
    name: 'guard returned by a method declared in a .d.ts',
    why: 'invalid: Shelf.lockPages (shelf.d.ts) returns a Guard; it is used after unlock',
    files: {
      'shelf.d.ts': code`
        import type { Guard } from '@lockctx/xarray';
        export declare class Shelf {
          lockPages(): Guard<{ id: number }>;
        }
      `,
    },
    code: code`
      import type { Shelf } from './shelf.js';
      export function first(s: Shelf): number {
        const g = s.lockPages();
        g.unlock();
        return g.getOrder(0);
      }
    `,
    findings: [f('no-use-after-unlock', 'useAfterUnlock', 'g', { after: 'return ' })],
  },
  {
    rule: 'require-guard',
    name: 'generic parameter constrained to a guard',
    why: 'invalid: G extends PageGuard, so g must be a guard; the XArray is passed',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      function first<G extends PageGuard>(g: G): boolean {
        return g.isEmpty();
      }
      export function run(xa: Pages): boolean {
        return first(xa as never);
      }
    `,
    findings: [f('require-guard', 'notAGuard', 'xa as never', { data: { callee: 'first', param: 'g' }, suggestions: [{ messageId: 'wrapInScope', replace: ['first(xa as never)', 'xa.withLock((g) => first(g))'] }] })],
  },

  // --------------------------------------------------------------- valid
  {
    rule: 'require-guard',
    name: 'alias-typed parameter given a live guard',
    why: 'valid: count gets the using guard of xa',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export function count(g: PageGuard): number {
        return g.isEmpty() ? 0 : 1;
      }
      export function run(xa: Pages): number {
        using g = xa.lock();
        return count(g);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'package function given a live guard',
    why: 'valid: tag (lib.d.ts) gets the guard of a withLock callback',
    files: LIB_FILES,
    code: code`
      import { tag } from './lib.js';
      import type { Pages } from './lib.js';
      export function touch(xa: Pages): void {
        xa.withLock((g) => tag(g, 1));
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'declared method given a live guard',
    why: 'valid: m.set is Marks.set, which needs the guard (without types it looks like a Map.set storing the guard away)',
    files: LIB_FILES,
    code: code`
      import type { Marks, Pages } from './lib.js';
      export function mark(m: Marks, xa: Pages): void {
        using g = xa.lock();
        m.set(g, 2);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'same-file method given a live guard',
    why: 'valid: b.count gets the guard while it is held',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export class Book {
        count(g: PageGuard): number {
          return g.isEmpty() ? 0 : 1;
        }
      }
      export function total(b: Book, xa: Pages): number {
        using g = xa.lock();
        return b.count(g);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'optional guard parameter given a guard',
    why: 'valid: peek gets the withLock guard',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      export function peek(g: PageGuard | undefined): boolean {
        return g?.isEmpty() ?? true;
      }
      export function run(xa: Pages): boolean {
        return xa.withLock((g) => peek(g));
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'declared guard used before unlock',
    why: 'valid: the order is read while the guard from take() is held, then it is released',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export function order(xa: Pages): number {
        const g = take(xa);
        const o = g.getOrder(0);
        g.unlock();
        return o;
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'declared guard taken with using',
    why: 'valid: the PageGuard from take() is disposed at the end of its block',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export function marked(xa: Pages): boolean {
        using g = take(xa);
        return g.getMark(0, 0);
      }
    `,
  },
  {
    rule: 'no-await-while-locked',
    name: 'declared guard released before await',
    why: 'valid: the guard is released before the await',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      export async function slow(xa: Pages, load: () => Promise<void>): Promise<boolean> {
        const g = take(xa);
        const empty = g.isEmpty();
        g.unlock();
        await load();
        return empty;
      }
    `,
  },
  {
    rule: 'no-guard-escape',
    name: 'declared guard kept in its scope',
    why: 'valid: only a value read under the lock leaves the using block',
    files: LIB_FILES,
    code: code`
      import { take } from './lib.js';
      import type { Pages } from './lib.js';
      let saved = false;
      export function keep(xa: Pages): void {
        using g = take(xa);
        saved = g.isEmpty();
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'XArray field written through its guard',
    why: 'valid: the store goes through the guard, which holds the lock',
    files: CACHE_FILES,
    code: code`
      import type { Cache } from './cache.js';
      import type { Page } from './lib.js';
      export function put(cache: Cache, p: Page): void {
        const g = cache.xa.lock();
        try {
          g.store(1, p);
        } finally {
          g[Symbol.dispose]();
        }
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'XArray from a declared function written outside its lock',
    why: 'valid: the erase takes the lock itself, after the guard is released',
    files: LIB_FILES,
    code: code`
      import { open } from './lib.js';
      const xa = open();
      export function drop(): void {
        const g = xa.lock();
        g[Symbol.dispose]();
        xa.erase(1);
      }
    `,
  },
  {
    rule: 'no-self-deadlock',
    name: 'async-mutex through an interface, taken one after the other',
    why: 'valid: the second runExclusive starts after the first has settled',
    files: DEPS_FILES,
    code: code`
      import type { Deps } from './deps.js';
      export async function save(deps: Deps): Promise<void> {
        await deps.mutex.runExclusive(async () => {
          deps.log('one');
        });
        await deps.mutex.runExclusive(async () => {
          deps.log('two');
        });
      }
    `,
  },
  {
    rule: 'no-lock-leak',
    name: 'async-mutex through an interface, released in finally',
    why: 'valid: the releaser runs on every path',
    files: DEPS_FILES,
    code: code`
      import type { Deps } from './deps.js';
      export async function save(deps: Deps): Promise<void> {
        const release = await deps.mutex.acquire();
        try {
          deps.log('saved');
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'alias-typed guard passed before unlock',
    why: 'valid: size gets g while it is held',
    code: code`
      import type { Guard } from '@lockctx/xarray';
      type G = Guard<number>;
      function size(g: G): boolean {
        return g.isEmpty();
      }
      export function f(g: G): boolean {
        const empty = size(g);
        g.unlock();
        return empty;
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'interface that extends Guard given a guard',
    why: 'valid: check gets the guard of a withLock callback',
    files: LIB_FILES,
    code: code`
      import type { Held, Pages } from './lib.js';
      function check(g: Held): boolean {
        return g.isEmpty();
      }
      export function run(xa: Pages): boolean {
        return xa.withLock((g) => check(g));
      }
    `,
  },
  {
    rule: 'no-use-after-unlock',
    name: 'guard from a declared method used while held',
    why: 'valid: the order is read before unlock',
    files: {
      'shelf.d.ts': code`
        import type { Guard } from '@lockctx/xarray';
        export declare class Shelf {
          lockPages(): Guard<{ id: number }>;
        }
      `,
    },
    code: code`
      import type { Shelf } from './shelf.js';
      export function first(s: Shelf): number {
        const g = s.lockPages();
        const o = g.getOrder(0);
        g.unlock();
        return o;
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'generic guard parameter given a guard',
    why: 'valid: first gets the using guard, whose type satisfies G extends PageGuard',
    files: LIB_FILES,
    code: code`
      import type { PageGuard, Pages } from './lib.js';
      function first<G extends PageGuard>(g: G): boolean {
        return g.isEmpty();
      }
      export function run(xa: Pages): boolean {
        using g = xa.lock();
        return first(g);
      }
    `,
  },
  {
    rule: 'require-guard',
    name: 'lockable parameter given a lockable',
    why: 'valid: reindex declares an XArray parameter (Pages), and gets one',
    files: LIB_FILES,
    code: code`
      import type { Pages } from './lib.js';
      function reindex(xa: Pages): void {
        xa.erase(0);
      }
      export function run(xa: Pages): void {
        reindex(xa);
      }
    `,
  },
];

/** Every typed case, in `x.ts`. */
export const typed: CaseSpec[] = cases.map((c) => ({ ...c, filename: 'x.ts' }));
