import { describe, expect, it } from 'vitest';
import { InProcessLockManager, lockManager } from '../src/index.js';
import { settle, tick } from './backends.js';

describe('InProcessLockManager', () => {
  it('runs exclusive requests for one name one at a time, in order', async () => {
    const locks = new InProcessLockManager();
    const log: string[] = [];
    const job = (id: string) =>
      locks.request('x', async () => {
        log.push(`${id}+`);
        await tick();
        log.push(`${id}-`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it.each([
    {
      first: 'shared',
      second: 'shared',
      overlap: true,
      why: 'shared holders do not conflict',
    },
    {
      first: 'shared',
      second: 'exclusive',
      overlap: false,
      why: 'exclusive waits for shared holders',
    },
    {
      first: 'exclusive',
      second: 'shared',
      overlap: false,
      why: 'shared waits for an exclusive holder',
    },
  ] as const)(
    '$first then $second overlap: $overlap ($why)',
    async ({ first, second, overlap }) => {
      const locks = new InProcessLockManager();
      let inside = 0;
      let max = 0;
      const job = (mode: 'shared' | 'exclusive') =>
        locks.request('r', { mode }, async () => {
          max = Math.max(max, ++inside);
          await tick();
          inside--;
        });
      await Promise.all([job(first), job(second)]);
      expect(max > 1).toBe(overlap);
    },
  );

  it('does not let a shared request overtake a waiting exclusive one', async () => {
    const locks = new InProcessLockManager();
    const log: string[] = [];
    const held = locks.request('q', { mode: 'shared' }, async () => {
      await settle(3);
      log.push('s1');
    });
    const writer = locks.request('q', async () => log.push('x'));
    const reader = locks.request('q', { mode: 'shared' }, async () =>
      log.push('s2'),
    );
    await Promise.all([held, writer, reader]);
    expect(log).toEqual(['s1', 'x', 's2']);
  });

  it('calls back with null under ifAvailable when the lock is held', async () => {
    const locks = new InProcessLockManager();
    let seen: unknown = 'unset';
    await locks.request('y', async () => {
      seen = await locks.request('y', { ifAvailable: true }, (lock) => lock);
    });
    expect(seen).toBeNull();
    expect(
      await locks.request('y', { ifAvailable: true }, (lock) => lock?.name),
    ).toBe('y');
  });

  it('releases the lock when the callback throws', async () => {
    const locks = new InProcessLockManager();
    await expect(
      locks.request('z', () => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    expect(locks.query()).toEqual({ held: [], pending: [] });
  });

  it('withdraws a waiting request when its signal aborts', async () => {
    const locks = new InProcessLockManager();
    const controller = new AbortController();
    let release!: () => void;
    const holder = locks.request(
      'w',
      () => new Promise<void>((r) => (release = r)),
    );
    const waiting = locks.request(
      'w',
      { signal: controller.signal },
      () => 'ran',
    );
    await tick();
    expect(locks.query().pending).toEqual([{ name: 'w', mode: 'exclusive' }]);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    release();
    await holder;
    expect(locks.query()).toEqual({ held: [], pending: [] });
  });

  it.each([
    {
      name: '-reserved',
      why: 'names starting with - are reserved by the spec',
    },
  ])('rejects $name ($why)', async ({ name }) => {
    await expect(
      new InProcessLockManager().request(name, () => 1),
    ).rejects.toThrow(/reserved/);
  });

  it('uses the in-process manager where the runtime has no navigator.locks', () => {
    const hasNative =
      (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks !==
      undefined;
    expect(lockManager() instanceof InProcessLockManager).toBe(!hasNative);
  });
});
