import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

const rule = 'no-stale-lock-value';
const stale = (messageId: string, at: string, more: Partial<FindingSpec> = {}): FindingSpec => ({ check: rule, messageId, at, ...more });

export const staleLockValue: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule,
    name: 'the 2024 filemap bug',
    why: 'invalid: __filemap_add_folio read the order in one lock scope and split by it in a later one',
    code: code`
      function addFolio(xa, index, folio) {
        const order = xa.withLock((g) => g.getOrder(index));
        const old = xa.load(index);
        const prealloc = order > folio.order ? splitAlloc(old, order) : null;
        xa.withLock((g) => {
          if (prealloc) g.split(index, folio.order);
          g.store(index, folio);
        });
      }
    `,
    findings: [stale('staleDecides', 'g.split', { data: { name: 'order', reader: 'g.getOrder()', line: '2', lock: 'xa', mutation: 'g.split()' } })],
  },
  {
    rule,
    name: 'the 2026 shmem bug',
    why: 'invalid: shmem_free_swap read the order under one lock and cmpxchg-ed a range computed from it later',
    code: code`
      function freeSwap(xa, index, entry) {
        const order = xa.withLock((g) => g.getOrder(index));
        const base = index - (index % (1 << order));
        if (xa.cmpxchg(base, entry, null) !== entry) return 0;
        return 1 << order;
      }
    `,
    findings: [stale('staleArgument', 'base', { after: 'cmpxchg(', data: { name: 'order', lock: 'xa', mutation: 'xa.cmpxchg()' } })],
  },
  {
    rule,
    name: 'typed filemap bug',
    why: 'invalid: the same bug in typed TypeScript',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function add(xa: XArray<object>, index: number, folio: { order: number }): void {
        const order: number = xa.withLock((g) => g.getOrder(index));
        xa.withLock((g) => {
          if (order > folio.order) g.split(index, folio.order);
          g.store(index, folio);
        });
      }
    `,
    findings: [stale('staleDecides', 'g.split')],
  },
  {
    rule,
    name: 'explicit lock scopes',
    why: 'invalid: o was read before unlock() and parameterises split() under the next lock()',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        const o = g.getOrder(i);
        g.unlock();
        const h = xa.lock();
        h.split(i, o);
        h.unlock();
      }
    `,
    findings: [stale('staleArgument', 'o', { after: 'h.split(i, ' })],
  },
  {
    rule,
    name: 'mark read in an earlier scope',
    why: 'invalid: the mark may have been cleared before erase takes the lock',
    code: code`
      function f(xa, i) {
        const dirty = xa.withLock((g) => g.getMark(i, 0));
        if (dirty) xa.erase(i);
      }
    `,
    findings: [stale('staleDecides', 'xa.erase', { data: { name: 'dirty', reader: 'g.getMark()' } })],
  },
  {
    rule,
    name: 'derived through arithmetic',
    why: 'invalid: n is computed from a stale order',
    code: code`
      function f(xa, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        const n = 1 << o;
        xa.storeRange(i, i + n - 1, null);
      }
    `,
    findings: [stale('staleArgument', 'i + n - 1', { data: { name: 'o' } })],
  },
  {
    rule,
    name: 'destructured results',
    why: 'invalid: o and e come from one scope and are stored in another',
    code: code`
      function f(xa, i) {
        const [o, e] = xa.withLock((g) => [g.getOrder(i), g.load(i)]);
        xa.withLock((g) => g.storeOrder(i, o, e));
      }
    `,
    findings: [stale('staleArgument', 'o', { after: 'storeOrder(i, ' })],
  },
  {
    rule,
    name: 'through a function return',
    why: 'invalid: orderOf() returns a value read under the lock, which is stale by the split',
    code: code`
      function orderOf(xa, i) {
        return xa.withLock((g) => g.getOrder(i));
      }
      function f(xa, i) {
        const o = orderOf(xa, i);
        xa.withLock((g) => g.split(i, o));
      }
    `,
    findings: [stale('staleArgument', 'o', { after: 'g.split(i, ', data: { reader: 'orderOf()' } })],
  },
  {
    rule,
    name: 'kept across loop iterations',
    why: 'invalid: prev was read in the previous iteration\'s lock scope',
    code: code`
      function f(xa, ids) {
        let prev;
        for (const i of ids) {
          xa.withLock((g) => {
            if (prev !== undefined) g.split(i, prev);
            prev = g.getOrder(i);
          });
        }
      }
    `,
    findings: [stale('staleArgument', 'prev', { after: 'g.split(i, ' })],
  },
  {
    rule,
    name: 'cursor store of a stale entry',
    why: 'invalid: e was loaded in an earlier scope and stored through a cursor in a later one',
    code: code`
      function f(xa, i) {
        const e = xa.withLock((g) => g.load(i));
        xa.withLock((g) => {
          const c = g.cursor(i + 1);
          c.store(e);
        });
      }
    `,
    findings: [stale('staleArgument', 'e', { after: 'c.store(' })],
  },
  {
    rule,
    name: 'lockless load deciding a locked erase',
    why: 'invalid: xa.load() ran outside this lock scope, so old is only a hint here',
    code: code`
      function f(xa, i) {
        const old = xa.load(i);
        xa.withLock((g) => {
          if (old) g.erase(i);
        });
      }
    `,
    findings: [stale('staleDecides', 'g.erase', { data: { name: 'old', reader: 'xa.load()' } })],
  },
  {
    rule,
    name: 'property of a stale entry',
    why: 'invalid: info.order is read from an entry loaded in an earlier scope',
    code: code`
      function f(xa, i) {
        const info = xa.withLock((g) => g.load(i));
        xa.withLock((g) => g.split(i, info.order));
      }
    `,
    findings: [stale('staleArgument', 'info.order')],
  },
  {
    rule,
    name: 'await between the scopes',
    why: 'invalid: anything may change the tree during the await',
    code: code`
      async function f(xa, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        await tick();
        xa.withLock((g) => g.split(i, o));
      }
    `,
    findings: [stale('staleArgument', 'o', { after: 'g.split(i, ' })],
  },
  {
    rule,
    name: 'loop condition on a stale order',
    why: 'invalid: the loop test decides the erase',
    code: code`
      function f(xa, i) {
        let o = xa.withLock((g) => g.getOrder(i));
        while (o > 0) {
          xa.erase(i + o);
          o--;
        }
      }
    `,
    findings: [stale('staleArgument', 'i + o')],
  },
  {
    rule,
    name: 'untyped TypeScript',
    why: 'invalid: the shape is enough when everything is any',
    filename: 'x.ts',
    code: code`
      export function f(xa: any, i: number): void {
        const o: number = xa.withLock((g: any) => g.getOrder(i));
        xa.withLock((g: any) => g.setMark(i + o, 0));
      }
    `,
    findings: [stale('staleArgument', 'i + o')],
  },
  {
    rule,
    name: 'an entry kept from a cursor walk',
    why: 'invalid: the callback of forEach ran under the first lock; the entry it kept is stored by a cursor under the second',
    code: code`
      function moveLast(xa) {
        let last;
        xa.withLock((g) => g.cursor(0).forEach((e) => { last = e; }));
        xa.withLock((g) => {
          const c = g.cursor(5);
          c.store(last);
        });
      }
    `,
    findings: [stale('staleArgument', 'last', { after: 'c.store(' })],
  },
  // --------------------------------------------------------------- valid
  {
    rule,
    name: 'a cursor walk acting on what it is given',
    why: 'valid: forEach calls back under its own lock, so its entry and index are current when the guard stores by them',
    code: code`
      function copyUp(xa) {
        xa.withLock((g) => {
          g.cursor(0).forEachMarked(1, (e, i) => {
            if (e > 3) g.store(i + 1, e);
          });
        });
      }
    `,
  },
  {
    rule,
    name: 'the filemap fix',
    why: 'valid: the remembered order is re-read under the new lock and compared before the split',
    code: code`
      function addFolio(xa, index, folio) {
        const order = xa.withLock((g) => g.getOrder(index));
        const prealloc = order > folio.order ? splitAlloc(order) : null;
        xa.withLock((g) => {
          if (g.getOrder(index) !== order) return;
          if (prealloc) g.split(index, folio.order);
          g.store(index, folio);
        });
      }
    `,
  },
  {
    rule,
    name: 'the shmem fix',
    why: 'valid: load, order and store in one lock scope',
    code: code`
      function freeSwap(xa, index, entry) {
        return xa.withLock((g) => {
          const order = g.getOrder(index);
          const base = index - (index % (1 << order));
          if (g.load(base) !== entry) return 0;
          g.store(base, null);
          return 1 << order;
        });
      }
    `,
  },
  {
    rule,
    name: 'same scope',
    why: 'valid: read and split under one lock',
    code: code`
      const f = (xa, i) => xa.withLock((g) => g.split(i, g.getOrder(i) - 1));
    `,
  },
  {
    rule,
    name: 'same explicit scope',
    why: 'valid: read and write between one lock() and unlock()',
    code: code`
      function f(xa, i) {
        const g = xa.lock();
        const o = g.getOrder(i);
        if (o > 0) g.split(i, 0);
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 're-read in the new scope',
    why: 'valid: o is assigned again under the new lock before use',
    code: code`
      function f(xa, i) {
        let o = xa.withLock((g) => g.getOrder(i));
        log(o);
        xa.withLock((g) => {
          o = g.getOrder(i);
          g.split(i, o);
        });
      }
    `,
  },
  {
    rule,
    name: 'stale value only logged',
    why: 'valid: logging is not a mutation',
    code: code`
      function f(xa, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        xa.withLock((g) => {
          console.log(o);
          g.setMark(i, 0);
        });
      }
    `,
  },
  {
    rule,
    name: 'stale value used for a read',
    why: 'valid: plain reads take no decision',
    code: code`
      function f(xa, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        return xa.load(i + (1 << o));
      }
    `,
  },
  {
    rule,
    name: 'plain load then plain store',
    why: 'valid: each plain operation is atomic and no lock scope is trusted',
    code: code`
      function bump(xa, i) {
        const v = xa.load(i);
        xa.store(i, (v ?? 0) + 1);
      }
    `,
  },
  {
    rule,
    name: 'compare-and-exchange with a plain load',
    why: 'valid: cmpxchg compares against the current entry itself',
    code: code`
      function swap(xa, i, next) {
        const old = xa.load(i);
        return xa.cmpxchg(i, old, next);
      }
    `,
  },
  {
    rule,
    name: 'another lock',
    why: 'valid: o was read under xa, the split is on xb',
    code: code`
      function f(xa, xb, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        xb.withLock((g) => g.split(i, o));
      }
    `,
  },
  {
    rule,
    name: 're-read in each iteration',
    why: 'valid: every iteration reads and uses under one lock',
    code: code`
      function f(xa, ids) {
        for (const i of ids) {
          xa.withLock((g) => {
            const o = g.getOrder(i);
            g.split(i, o);
          });
        }
      }
    `,
  },
  {
    rule,
    name: 'one lock held through a loop',
    why: 'valid: prev was read under the same, still held lock',
    code: code`
      function f(xa, ids) {
        const g = xa.lock();
        let prev = 0;
        for (const i of ids) {
          g.setMark(prev, 0);
          prev = g.getOrder(i);
        }
        g.unlock();
      }
    `,
  },
  {
    rule,
    name: 'revalidated by equality',
    why: 'valid: the split runs only when the order read now equals the remembered one',
    code: code`
      function f(xa, i) {
        const o = xa.withLock((g) => g.getOrder(i));
        xa.withLock((g) => {
          if (g.getOrder(i) === o) g.split(i, o);
        });
      }
    `,
  },
  {
    rule,
    name: 'typed fix',
    why: 'valid: typed code re-reading and comparing under the second lock',
    filename: 'x.ts',
    code: code`
      import type { XArray } from '@lockctx/xarray';
      export function f(xa: XArray<object>, i: number): boolean {
        const seen: object | undefined = xa.withLock((g) => g.load(i));
        return xa.withLock((g) => {
          const now = g.load(i);
          if (now !== seen) return false;
          g.erase(i);
          return true;
        });
      }
    `,
  },
  {
    rule,
    name: 'fresh value decides',
    why: 'valid: the decision uses the value read in the current scope; the old one is only logged',
    code: code`
      function f(xa, i) {
        const before = xa.withLock((g) => g.getOrder(i));
        xa.withLock((g) => {
          const now = g.getOrder(i);
          if (now > 0) g.split(i, 0);
          log(before, now);
        });
      }
    `,
  },
  {
    rule,
    name: 'retry loop deciding afresh',
    why: 'valid: each round re-reads under its own lock everything that decides its store; only the sleep is between rounds',
    code: code`
      async function add(xa, sleep, index, last, folio) {
        let prepared;
        for (;;) {
          {
            using g = xa.lock();
            let old;
            for (let i = index; i <= last; i++) {
              const entry = g.load(i);
              if (isFolio(entry)) return entry;
              if (entry !== undefined) old = entry;
            }
            const order = old === undefined ? 0 : g.getOrder(index);
            if (old === undefined || order <= folio.order) {
              g.storeOrder(index, folio.order, folio);
              return old;
            }
            if (prepared?.entry === old && prepared.order === order) {
              g.storeOrder(index, folio.order, folio);
              return old;
            }
            prepared = { entry: old, order };
          }
          await sleep();
        }
      }
    `,
  },
  {
    rule,
    name: 'collection revalidated per element',
    why: 'valid: each element gathered under the first lock is compared with a fresh load before its mark is cleared',
    code: code`
      async function writeback(xa, sleep) {
        const batch = [];
        {
          using g = xa.lock();
          for (const [index, entry] of g.entries()) {
            if (!isFolio(entry)) continue;
            g.clearMark(index, 1);
            batch.push(entry);
          }
        }
        for (const folio of batch) {
          await sleep();
          using g = xa.lock();
          if (g.load(folio.index) === folio) g.clearMark(folio.index, 2);
        }
      }
    `,
  },
  {
    rule,
    name: 'lock-free find revalidated',
    why: 'valid: the entry found without the lock is compared with a fresh load before the store',
    code: code`
      function evict(xa, first, last) {
        let index = first;
        while (index <= last) {
          const found = xa.find(index, last);
          if (found === undefined) break;
          const entry = found.entry;
          index = found.index + 1;
          if (!isFolio(entry)) continue;
          {
            using g = xa.lock();
            if (g.load(entry.index) !== entry) continue;
            if (g.getMark(entry.index, 1)) continue;
            g.storeOrder(entry.index, entry.order, null);
          }
        }
      }
    `,
  },
  {
    rule,
    name: 'earlier round revalidated',
    why: 'valid: the entry read in the first scope is compared with a fresh load under the second before the store',
    code: code`
      async function swapIn(xa, sleep, index) {
        for (;;) {
          let entry;
          {
            using g = xa.lock();
            entry = g.load(index);
            if (!isSwap(entry)) return entry;
            const order = g.getOrder(index);
            if (order > 0) {
              g.split(index, 0);
              entry = g.load(index);
            }
          }
          await sleep();
          using g = xa.lock();
          if (!isSwap(entry) || g.load(index) !== entry) continue;
          g.store(index, 1);
          return entry;
        }
      }
    `,
  },
];
