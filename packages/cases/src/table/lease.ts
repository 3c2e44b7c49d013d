import type { CaseSpec, FindingSpec } from '../build.js';
import { code } from '../build.js';

/**
 * `no-lease-expiry`: leases that expire unless renewed by hand (redlock).
 * A numeric literal argument of an awaited call is its duration (ms); the
 * lease's time left is its TTL minus what was awaited since it was taken or
 * last extended. Lock names are the receiver with the key
 * (`redlock[~resource]`, `redlock["jobs"]`).
 */
const long = (
  at: string,
  data: Record<string, string>,
  more: Partial<FindingSpec> = {},
): FindingSpec => ({
  check: 'no-lease-expiry',
  messageId: 'longAwait',
  at,
  data,
  ...more,
});
const loop = (
  at: string,
  data: Record<string, string>,
  more: Partial<FindingSpec> = {},
): FindingSpec => ({
  check: 'no-lease-expiry',
  messageId: 'awaitInLoop',
  at,
  data,
  ...more,
});

const HEAD = `import Redlock from 'redlock';
const redlock = new Redlock([client]);`;

export const lease: CaseSpec[] = [
  // ------------------------------------------------------------- invalid
  {
    rule: 'no-lease-expiry',
    name: 'redlock: one await longer than the TTL',
    why: 'invalid: sleep(5000) outlasts a 200 ms lease that is never extended',
    code: code`
      ${HEAD}
      export async function rebuild(resource) {
        const lease = await redlock.lock(resource, 200);
        try {
          await sleep(5000);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [
      long('await sleep(5000)', {
        lock: 'redlock[~resource]',
        ms: '5000',
        left: '200',
        line: '4',
        extend: 'lease.extend()',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: an await exactly as long as the TTL',
    why: 'invalid: work that takes the whole TTL ends after the lease does (the expiry races the last write)',
    code: code`
      ${HEAD}
      export async function rebuild() {
        const lease = await redlock.lock('index', 1000);
        try {
          await sleep(1000);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [
      long('await sleep(1000)', {
        lock: 'redlock["index"]',
        ms: '1000',
        left: '1000',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: awaits that add up past the TTL',
    why: 'invalid: 600 ms and then 600 ms more exceed a 1000 ms lease; the second await is where it runs out',
    code: code`
      ${HEAD}
      export async function migrate() {
        const lease = await redlock.lock('schema', 1000);
        try {
          await step('a', 600);
          await step('b', 600);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [long("await step('b', 600)", { ms: '600', left: '400' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: an await in a for…of loop that never extends',
    why: 'invalid: the loop runs once per item, without bound, under one lease',
    code: code`
      ${HEAD}
      export async function copyAll(items) {
        const lease = await redlock.lock('copy', 1000);
        try {
          for (const item of items) {
            await copy(item);
          }
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [
      loop('await copy(item)', {
        lock: 'redlock["copy"]',
        loopLine: '6',
        extend: 'lease.extend()',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: an await in a while loop',
    why: 'invalid: polling under a lease without extending it lets the lease lapse mid-loop',
    code: code`
      ${HEAD}
      export async function drain(queue) {
        const lease = await redlock.lock('queue', 5000);
        try {
          while (queue.length > 0) {
            await handle(queue.shift());
          }
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [loop('await handle(queue.shift())', { loopLine: '6' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: an await in a do…while loop',
    why: 'invalid: a retry loop under a lease repeats without bound and never extends it',
    code: code`
      ${HEAD}
      export async function retry(job) {
        const lease = await redlock.lock('job', 2000);
        try {
          let ok;
          do {
            ok = await job.run();
          } while (!ok);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [loop('await job.run()', { loopLine: '7' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended once before the loop, not in it',
    why: 'invalid: one extension buys one TTL; the loop after it still repeats without bound',
    code: code`
      ${HEAD}
      export async function copyAll(items) {
        let lease = await redlock.lock('copy', 1000);
        try {
          lease = await lease.extend(5000);
          for (let i = 0; i < items.length; i++) {
            await copy(items[i]);
          }
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [loop('await copy(items[i])', { loopLine: '7' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended to a shorter TTL, then long work',
    why: 'invalid: the extension leaves 100 ms, and the next await takes 500 ms',
    code: code`
      ${HEAD}
      export async function rebuild() {
        let lease = await redlock.lock('index', 10000);
        try {
          lease = await lease.extend(100);
          await sleep(500);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [long('await sleep(500)', { ms: '500', left: '100' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended, then two awaits past the new TTL',
    why: 'invalid: after extend(1000), 700 ms and 700 ms more run out the renewed lease',
    code: code`
      ${HEAD}
      export async function rebuild() {
        let lease = await redlock.lock('index', 1000);
        try {
          lease = await lease.extend(1000);
          await sleep(700);
          await sleep(700);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [
      long('await sleep(700)', { ms: '700', left: '300' }, { nth: 2 }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: acquire() with a resource list',
    why: 'invalid: acquire([a, b], ttl) is a lease like lock(); the long await outlasts it',
    code: code`
      ${HEAD}
      export async function transfer(from, to) {
        const lease = await redlock.acquire([from, to], 300);
        try {
          await settle(from, to, 10000);
        } finally {
          await redlock.release(lease);
        }
      }
    `,
    findings: [
      long('await settle(from, to, 10000)', {
        lock: 'redlock[~from,~to]',
        ms: '10000',
        left: '300',
        extend: 'lease.extend()',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended through redlock.extend() to a shorter TTL',
    why: 'invalid: redlock.extend(lease, 50) renews the lease for 50 ms only',
    code: code`
      ${HEAD}
      export async function rebuild() {
        const lease = await redlock.lock('index', 10000);
        try {
          await redlock.extend(lease, 50);
          await sleep(400);
        } finally {
          await redlock.unlock(lease);
        }
      }
    `,
    findings: [long('await sleep(400)', { ms: '400', left: '50' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: long work on one branch',
    why: 'invalid: the slow path awaits 3000 ms under a 1000 ms lease',
    code: code`
      ${HEAD}
      export async function sync(full) {
        const lease = await redlock.lock('sync', 1000);
        try {
          if (full) await fullSync(3000);
          else await quickSync();
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [long('await fullSync(3000)', { ms: '3000', left: '1000' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended on one path only',
    why: 'invalid: when fast is false the lease keeps its 1000 ms, and the next await takes 3000 ms',
    code: code`
      ${HEAD}
      export async function sync(fast) {
        let lease = await redlock.lock('sync', 1000);
        try {
          if (fast) lease = await lease.extend(5000);
          await sleep(3000);
        } finally {
          await lease.unlock();
        }
      }
    `,
    findings: [long('await sleep(3000)', { ms: '3000', left: '1000' })],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: a lease on a class field',
    why: 'invalid: this.redlock is a Redlock made in the class; its lease expires during the long await',
    code: code`
      import Redlock from 'redlock';
      export class Jobs {
        redlock = new Redlock([client]);
        async run(id) {
          const lease = await this.redlock.lock(id, 500);
          try {
            await sleep(60000);
          } finally {
            await lease.unlock();
          }
        }
      }
    `,
    findings: [
      long('await sleep(60000)', {
        lock: 'this.redlock[~id]',
        ms: '60000',
        left: '500',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: only the short one of two leases is reported',
    why: 'invalid: the 100 ms lease on "b" lapses during a 2000 ms await; the 10 s lease on "a" does not',
    code: code`
      ${HEAD}
      export async function pair() {
        const a = await redlock.lock('a', 10000);
        try {
          const b = await redlock.lock('b', 100);
          try {
            await sleep(2000);
          } finally {
            await b.unlock();
          }
        } finally {
          await a.unlock();
        }
      }
    `,
    findings: [
      long('await sleep(2000)', {
        lock: 'redlock["b"]',
        ms: '2000',
        left: '100',
        extend: 'b.extend()',
      }),
    ],
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock (CommonJS): a long await',
    why: 'invalid: require("redlock") is the same lease; 2000 ms outlasts its 1000 ms',
    code: code`
      const Redlock = require('redlock');
      const redlock = new Redlock([client]);
      exports.rebuild = async function rebuild() {
        const lease = await redlock.lock('index', 1000);
        try {
          await sleep(2000);
        } finally {
          await lease.unlock();
        }
      };
    `,
    findings: [long('await sleep(2000)', { ms: '2000', left: '1000' })],
  },
  // --------------------------------------------------------------- valid
  {
    rule: 'no-lease-expiry',
    name: 'redlock: short work under the lease',
    why: 'valid: 10 ms of work under a 1000 ms lease',
    code: code`
      ${HEAD}
      export async function touch(resource) {
        const lease = await redlock.lock(resource, 1000);
        try {
          await sleep(10);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended before each long step of a loop',
    why: 'valid: every round renews the lease for longer than the step takes',
    code: code`
      ${HEAD}
      export async function longJob(steps) {
        let lease = await redlock.lock('job', 1000);
        try {
          for (let i = 0; i < steps; i++) {
            lease = await lease.extend(1000);
            await sleep(500);
          }
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: extended through redlock.extend() in the loop',
    why: 'valid: redlock.extend(lease, ttl) renews the same lease every round',
    code: code`
      ${HEAD}
      export async function copyAll(items) {
        const lease = await redlock.lock('copy', 1000);
        try {
          for (const item of items) {
            await redlock.extend(lease, 1000);
            await copy(item);
          }
        } finally {
          await redlock.unlock(lease);
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: awaits of unknown duration',
    why: 'valid: nothing says the query outlasts the lease (no duration, no loop)',
    code: code`
      ${HEAD}
      export async function rename(db, from, to) {
        const lease = await redlock.lock('names', 1000);
        try {
          await db.rename(from, to);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: awaits that add up to less than the TTL',
    why: 'valid: 300 ms and 300 ms fit in a 1000 ms lease',
    code: code`
      ${HEAD}
      export async function migrate() {
        const lease = await redlock.lock('schema', 1000);
        try {
          await step('a', 300);
          await step('b', 300);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: an extension between two steps',
    why: 'valid: extend(1000) after 600 ms gives the second 600 ms step a fresh lease',
    code: code`
      ${HEAD}
      export async function migrate() {
        let lease = await redlock.lock('schema', 1000);
        try {
          await step('a', 600);
          lease = await lease.extend(1000);
          await step('b', 600);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: redlock.extend() to a longer TTL',
    why: 'valid: the lease is renewed for 5000 ms before a 3000 ms await',
    code: code`
      ${HEAD}
      export async function rebuild() {
        const lease = await redlock.lock('index', 1000);
        try {
          await redlock.extend(lease, 5000);
          await sleep(3000);
        } finally {
          await redlock.unlock(lease);
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: long work after the release',
    why: 'valid: the lease is released before the long await',
    code: code`
      ${HEAD}
      export async function rebuild() {
        const lease = await redlock.lock('index', 200);
        try {
          await sleep(10);
        } finally {
          await lease.unlock();
        }
        await sleep(5000);
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: long work before the lease',
    why: 'valid: the slow preparation runs before the lease is taken',
    code: code`
      ${HEAD}
      export async function rebuild() {
        await sleep(5000);
        const lease = await redlock.lock('index', 200);
        try {
          await sleep(10);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: a lease taken inside each round of a loop',
    why: 'valid: the loop started before the lease; each round takes and releases its own',
    code: code`
      ${HEAD}
      export async function eachItem(items) {
        for (const item of items) {
          const lease = await redlock.lock(item, 1000);
          try {
            await copy(item);
          } finally {
            await lease.unlock();
          }
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: a TTL that is not a literal',
    why: 'valid: the lease time is not known statically, so no await is known to outlast it',
    code: code`
      ${HEAD}
      export async function rebuild(ttl) {
        const lease = await redlock.lock('index', ttl);
        try {
          await sleep(5000);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: a callback that runs later',
    why: 'valid: the timer callback is its own function; the lease is not held in it',
    code: code`
      ${HEAD}
      export async function schedule() {
        const lease = await redlock.lock('index', 200);
        try {
          setTimeout(async () => {
            await sleep(5000);
          }, 0);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'proper-lockfile: renewed by the library',
    why: 'valid: proper-lockfile refreshes its lock while held (automatic renewal); long work is fine',
    code: code`
      import { lock } from 'proper-lockfile';
      export async function compact(file) {
        const release = await lock(file);
        try {
          await sleep(60000);
        } finally {
          await release();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redis-semaphore Mutex: refreshed while held',
    why: 'valid: redis-semaphore refreshes the Redis key itself; a long await does not lose it',
    code: code`
      import { Mutex } from 'redis-semaphore';
      const mutex = new Mutex(redis, 'jobs', { lockTimeout: 1000 });
      export async function run() {
        await mutex.acquire();
        try {
          await sleep(60000);
        } finally {
          await mutex.release();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'async-mutex: not a lease',
    why: 'valid: an in-process mutex never expires, however long the work',
    code: code`
      import { Mutex } from 'async-mutex';
      const mutex = new Mutex();
      export async function run() {
        const release = await mutex.acquire();
        try {
          await sleep(60000);
        } finally {
          release();
        }
      }
    `,
  },
  {
    rule: 'no-lease-expiry',
    name: 'redlock: a loop that does not await',
    why: 'valid: a synchronous loop under the lease takes no time the lease could run out in',
    code: code`
      ${HEAD}
      export async function tally(items) {
        const lease = await redlock.lock('tally', 1000);
        let n = 0;
        try {
          for (const item of items) n += item.size;
          await save(n);
        } finally {
          await lease.unlock();
        }
      }
    `,
  },
];
