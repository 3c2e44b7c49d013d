import { Mutex } from 'async-mutex';
import { InsufficientFundsError, type Backend } from '../ledger.js';

/**
 * The same ledger with the three lock bugs that lockctx reports, each
 * next to what goes wrong at run time. The fixed versions are in
 * `../ledger.ts`.
 */
export class BuggyLedger {
  readonly mutex = new Mutex();
  readonly backend: Backend;

  constructor(backend: Backend) {
    this.backend = backend;
  }

  /**
   * Stale lock value: the balance is read in one lock scope and written
   * back in another, after an `await` with the lock released. Two
   * concurrent withdrawals both read the old balance: one is lost.
   */
  async withdraw(account: string, amount: number): Promise<number> {
    const balance = await this.mutex.runExclusive(() =>
      this.backend.read(account),
    );
    const fee = await this.backend.fee(amount);
    if (balance < amount + fee) {
      throw new InsufficientFundsError(
        `${account} has ${balance}, needs ${amount + fee}`,
      );
    }
    await this.mutex.runExclusive(() =>
      this.backend.write(account, balance - amount - fee),
    );
    return balance - amount - fee;
  }

  /**
   * Lock leak: when the write throws, `release()` is never called and the
   * ledger stays locked for good; every later call waits forever.
   */
  async deposit(account: string, amount: number): Promise<void> {
    // eslint-disable-next-line lockctx/no-lock-leak -- the leak, kept on purpose: a failing write skips release()
    const release = await this.mutex.acquire();
    const balance = await this.backend.read(account);
    await this.backend.write(account, balance + amount);
    release();
  }

  /**
   * Self-deadlock: `debit` takes the mutex that `transfer` already holds.
   * async-mutex is not re-entrant, so the transfer never finishes.
   */
  async transfer(from: string, to: string, amount: number): Promise<void> {
    await this.mutex.runExclusive(async () => {
      // eslint-disable-next-line lockctx/no-self-deadlock -- the deadlock, kept on purpose: debit() takes the held mutex
      await this.debit(from, amount);
      const balance = await this.backend.read(to);
      await this.backend.write(to, balance + amount);
    });
  }

  async debit(account: string, amount: number): Promise<void> {
    await this.mutex.runExclusive(async () => {
      const balance = await this.backend.read(account);
      await this.backend.write(account, balance - amount);
    });
  }
}
