import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-await-while-locked';
const sus = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const awaitWhileLocked: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'await in a using scope',
    why: 'invalid: the spin lock is held across the await',
    code: code`
      async function f(xa, id) {
        using g = xa.lock();
        const v = await fetchValue(id);
        g.setMark(v, 0);
      }
    `,
    findings: [
      sus('suspendWhileLocked', 'await', {
        data: { op: 'await', lock: 'xa', line: '2' },
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              async function f(xa, id) {
                const v = await fetchValue(id);
                using g = xa.lock();
                g.setMark(v, 0);
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'await between lock and unlock',
    why: 'invalid: other code runs while the lock is held; the suggestion moves the await before the lock',
    code: code`
      async function f(xa, url) {
        const g = xa.lock();
        await fetch(url);
        g.setMark(1, 0);
        g.unlock();
      }
    `,
    findings: [
      sus('suspendWhileLocked', 'await', {
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              async function f(xa, url) {
                await fetch(url);
                const g = xa.lock();
                g.setMark(1, 0);
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
    name: 'yield while locked',
    why: 'invalid: a generator suspends at yield with the lock held',
    code: code`
      function* marks(xa, ids) {
        const g = xa.lock();
        for (const i of ids) yield g.getMark(i, 0);
        g.unlock();
      }
    `,
    findings: [sus('suspendWhileLocked', 'yield', { data: { op: 'yield', lock: 'xa', line: '2' } })],
  },
  {
    rule,
    name: 'for await while locked',
    why: 'invalid: each iteration of for await suspends',
    code: code`
      async function f(xa, stream) {
        using g = xa.lock();
        for await (const i of stream) g.setMark(i, 0);
      }
    `,
    findings: [sus('suspendWhileLocked', 'for await', { data: { op: 'for await' } })],
  },
  {
    rule,
    name: 'async withLock callback',
    why: 'invalid: withLock rejects async callbacks; the lock would be held only until the first await',
    code: code`
      function f(xa) {
        return xa.withLock(async (g) => {
          g.setMark(1, 0);
        });
      }
    `,
    findings: [sus('asyncCallback', 'async', { data: { lock: 'xa', what: 'async' } })],
  },
  {
    rule,
    name: 'generator withLock callback',
    why: 'invalid: a generator callback suspends with the lock held',
    code: code`
      function f(xa) {
        return xa.withLock(function* (g) {
          yield g.getOrder(1);
        });
      }
    `,
    findings: [sus('asyncCallback', 'function*', { data: { what: 'generator' } })],
  },
  {
    rule,
    name: 'async function passed to withLock by name',
    why: 'invalid: refill is declared async, so the callback returns at its first await with the lock released under it',
    code: code`
      async function refill(g) {
        g.setMark(1, 0);
        await fetch('/more');
      }
      export function f(xa) {
        return xa.withLock(refill);
      }
    `,
    findings: [sus('asyncCallback', 'refill', { after: 'withLock(', data: { lock: 'xa', what: 'async' } })],
  },
  {
    rule,
    name: 'generator function passed to withLock by name',
    why: 'invalid: walk is a generator: it suspends at each yield with the lock held',
    code: code`
      function* walk(g) {
        yield g.getOrder(1);
      }
      export function f(xa) {
        return xa.withLock(walk);
      }
    `,
    findings: [sus('asyncCallback', 'walk', { after: 'withLock(', data: { lock: 'xa', what: 'generator' } })],
  },
  {
    rule,
    name: 'a plain function passed to withLock by name',
    why: 'valid: tag is neither async nor a generator: it runs to its end inside the lock',
    code: code`
      function tag(g) {
        g.setMark(1, 0);
      }
      export function f(xa) {
        return xa.withLock(tag);
      }
    `,
  },
  {
    rule,
    name: 'await after a conditional unlock',
    why: 'invalid: on the path where c is false the lock is still held at the await',
    code: code`
      async function f(xa, c) {
        const g = xa.lock();
        if (c) g.unlock();
        await tick();
        if (!g.released) g.unlock();
      }
    `,
    findings: [
      sus('suspendWhileLockedOnSomePaths', 'await', {
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              async function f(xa, c) {
                await tick();
                const g = xa.lock();
                if (c) g.unlock();
                if (!g.released) g.unlock();
              }
            `,
          },
        ],
      }),
    ],
  },
  {
    rule,
    name: 'await in a loop under the lock',
    why: 'invalid: every iteration awaits with the lock held',
    code: code`
      async function f(xa, ids) {
        using g = xa.lock();
        for (const i of ids) {
          await save(i);
          g.setMark(i, 0);
        }
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'await in try with unlock in finally',
    why: 'invalid: the unlock in finally comes after the await',
    code: code`
      async function f(xa) {
        const g = xa.lock();
        try {
          await flush();
        } finally {
          g.unlock();
        }
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'await in a branch',
    why: 'invalid: the branch runs with the lock held',
    code: code`
      async function f(xa, slow) {
        using g = xa.lock();
        if (slow) {
          await pause();
        }
        g.setMark(1, 0);
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'await in an argument',
    why: 'invalid: the argument is awaited before setMark runs, with the lock held',
    code: code`
      async function f(xa) {
        using g = xa.lock();
        g.setMark(await nextIndex(), 0);
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'typed: await under a using guard',
    why: 'invalid: typed code holding the XArray lock across an await',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export async function f(xa: XArray<string>, load: () => Promise<string>): Promise<void> {
        using g = xa.lock();
        g.store(1, await load());
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'await in a conditional expression',
    why: 'invalid: the await in either arm runs with the lock held',
    code: code`
      async function f(xa, c) {
        using g = xa.lock();
        const v = c ? await a() : 1;
        g.setMark(v, 0);
      }
    `,
    findings: [sus('suspendWhileLocked', 'await')],
  },
  {
    rule,
    name: 'untyped TypeScript: await with any',
    why: 'invalid: the shape of xa.lock() is enough without types',
    filename: 'x.ts',
    code: code`
      export async function f(xa: any): Promise<void> {
        const g = xa.lock();
        await Promise.resolve();
        g.unlock();
      }
    `,
    findings: [
      sus('suspendWhileLocked', 'await', {
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              export async function f(xa: any): Promise<void> {
                await Promise.resolve();
                const g = xa.lock();
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
    name: 'using in a loop with an await',
    why: 'invalid: the await is inside the using block of each iteration',
    code: code`
      async function f(xa, ids) {
        for (const i of ids) {
          using g = xa.lock();
          g.setMark(i, 0);
          await log(i);
        }
      }
    `,
    findings: [
      sus('suspendWhileLocked', 'await', {
        suggestions: [
          {
            messageId: 'moveBeforeLock',
            output: code`
              async function f(xa, ids) {
                for (const i of ids) {
                  await log(i);
                  using g = xa.lock();
                  g.setMark(i, 0);
                }
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
    name: 'await before the lock',
    why: 'valid: the lock is taken after the await',
    code: code`
      async function f(xa, url) {
        const v = await fetch(url);
        using g = xa.lock();
        g.setMark(v, 0);
      }
    `,
  },
  {
    rule,
    name: 'await after unlock',
    why: 'valid: the lock is released before the await',
    code: code`
      async function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        g.unlock();
        await flush();
      }
    `,
  },
  {
    rule,
    name: 'await after the using block',
    why: 'valid: the using block ended before the await',
    code: code`
      async function f(xa) {
        {
          using g = xa.lock();
          g.setMark(1, 0);
        }
        await flush();
      }
    `,
  },
  {
    rule,
    name: 'sync withLock in an async function',
    why: 'valid: the callback is synchronous and the await comes after',
    code: code`
      async function f(xa) {
        const o = xa.withLock((g) => g.getOrder(1));
        await save(o);
      }
    `,
  },
  {
    rule,
    name: 'async timer callback',
    why: 'valid: the timer callback runs later and holds no lock',
    code: code`
      function f(xa) {
        using g = xa.lock();
        g.setMark(1, 0);
        setTimeout(async () => {
          await flush();
        }, 10);
      }
    `,
  },
  {
    rule,
    name: 'for await without a lock',
    why: 'valid: the lock is taken and released inside each iteration, around no suspension',
    code: code`
      async function f(xa, stream) {
        for await (const i of stream) {
          xa.withLock((g) => g.setMark(i, 0));
        }
      }
    `,
  },
  {
    rule,
    name: 'generator yields outside the lock',
    why: 'valid: the value is read under the lock, then yielded after',
    code: code`
      function* orders(xa, ids) {
        for (const i of ids) {
          const o = xa.withLock((g) => g.getOrder(i));
          yield o;
        }
      }
    `,
  },
  {
    rule,
    name: 'released in both branches before the await',
    why: 'valid: every path releases the lock before awaiting',
    code: code`
      async function f(xa, c) {
        const g = xa.lock();
        if (c) {
          g.setMark(1, 0);
          g.unlock();
        } else {
          g.unlock();
        }
        await flush();
      }
    `,
  },
  {
    rule,
    name: 'try/finally released, then await',
    why: 'valid: finally releases the lock before the await runs',
    code: code`
      async function f(xa) {
        const g = xa.lock();
        try {
          g.setMark(1, 0);
        } finally {
          g.unlock();
        }
        await flush();
      }
    `,
  },
  {
    rule,
    name: 'nested async function',
    why: 'valid: the inner function is analysed on its own and holds no lock when it awaits',
    code: code`
      function f(xa) {
        using g = xa.lock();
        g.setMark(1, 0);
        return async () => {
          await flush();
        };
      }
    `,
  },
  {
    rule,
    name: 'await using of another resource',
    why: 'valid: only lock guards are spin locks',
    code: code`
      async function f(open) {
        await using res = open();
        await res.flush();
      }
    `,
  },
  {
    rule,
    name: 'typed: await outside the lock',
    why: 'valid: typed code awaiting after withLock',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export async function f(xa: XArray<number>, save: (n: number) => Promise<void>): Promise<void> {
        const n = xa.withLock((g) => g.getOrder(0));
        await save(n);
      }
    `,
  },
  {
    rule,
    name: 'released by a callee before the await',
    why: 'valid: done() always releases its parameter',
    code: code`
      function done(g) {
        g.unlock();
      }
      async function f(xa) {
        const g = xa.lock();
        g.setMark(1, 0);
        done(g);
        await flush();
      }
    `,
  },
  {
    rule,
    name: 'promise started under the lock, awaited after',
    why: 'valid: starting a promise does not suspend; the await comes after unlock',
    code: code`
      async function f(xa, url) {
        const g = xa.lock();
        const p = fetch(url);
        g.unlock();
        await p;
      }
    `,
  },
  {
    rule,
    name: 'sleeping lock awaited',
    why: 'valid: an awaited lock() is another library\'s sleeping lock, not the XArray spin lock',
    code: code`
      async function f(mutex) {
        const release = await mutex.lock();
        await flush();
        release();
      }
    `,
  },
];
