import { describe, expect, it } from 'vitest';
import { BuggyLedger, InsufficientFundsError, Ledger } from '../src/index.js';
import { MemoryBackend, pending } from './backends.js';

describe('Ledger (fixed) against BuggyLedger', () => {
  it.each([
    {
      Impl: Ledger,
      expected: 38,
      why: 'fixed: each withdrawal reads and writes in one lock scope',
    },
    {
      Impl: BuggyLedger,
      expected: 69,
      why: 'buggy: both read 100 before either writes; one withdrawal is lost',
    },
  ])(
    'two concurrent withdrawals of 30 (fee 1) from 100 leave $expected ($why)',
    async ({ Impl, expected }) => {
      const backend = new MemoryBackend({ alice: 100 });
      const ledger = new Impl(backend);
      await Promise.all([
        ledger.withdraw('alice', 30),
        ledger.withdraw('alice', 30),
      ]);
      expect(backend.balances.get('alice')).toBe(expected);
    },
  );

  it.each([
    { Impl: Ledger, locked: false, why: 'fixed: released in finally' },
    {
      Impl: BuggyLedger,
      locked: true,
      why: 'buggy: the throw skips release(); the lock leaks',
    },
  ])(
    'a failing deposit leaves the mutex locked: $locked ($why)',
    async ({ Impl, locked }) => {
      const backend = new MemoryBackend({ bob: 5 });
      backend.failWrites = 1;
      const ledger = new Impl(backend);
      await expect(ledger.deposit('bob', 10)).rejects.toThrow(
        'storage unavailable',
      );
      expect(ledger.mutex.isLocked()).toBe(locked);
      // The next caller waits forever behind a leaked lock.
      expect(await pending(ledger.deposit('bob', 10))).toBe(locked);
    },
  );

  it.each([
    {
      Impl: Ledger,
      hangs: false,
      why: 'fixed: the helper expects the lock held and does not take it',
    },
    {
      Impl: BuggyLedger,
      hangs: true,
      why: 'buggy: debit() takes the mutex transfer() holds; async-mutex is not re-entrant',
    },
  ])('transfer deadlocks: $hangs ($why)', async ({ Impl, hangs }) => {
    const backend = new MemoryBackend({ a: 50, b: 0 });
    const ledger = new Impl(backend);
    const transfer = ledger.transfer('a', 'b', 20);
    expect(await pending(transfer)).toBe(hangs);
    if (!hangs) {
      await transfer;
      expect(Object.fromEntries(backend.balances)).toEqual({ a: 30, b: 20 });
    }
  });

  it('refuses a withdrawal the balance cannot cover, and leaves it untouched', async () => {
    const backend = new MemoryBackend({ carol: 10 });
    const ledger = new Ledger(backend);
    await expect(ledger.withdraw('carol', 10)).rejects.toThrow(
      InsufficientFundsError,
    );
    expect(backend.balances.get('carol')).toBe(10);
    expect(ledger.mutex.isLocked()).toBe(false);
  });
});
