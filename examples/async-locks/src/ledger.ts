import { Mutex } from 'async-mutex';

/** Where money moves: a balance store whose reads and writes are slow. */
export interface Backend {
  read(account: string): Promise<number>;
  write(account: string, balance: number): Promise<void>;
  /** The fee for a transfer, from a slow pricing service. */
  fee(amount: number): Promise<number>;
}

/** Thrown when an account cannot cover a withdrawal. */
export class InsufficientFundsError extends Error {
  override readonly name = 'InsufficientFundsError';
}

/**
 * A ledger of accounts behind one async-mutex. The mutex is a sleeping
 * lock: holding it across `await` is what it is for. What it protects is
 * the read-modify-write of a balance: a balance read under the lock is only
 * true while the lock is held.
 *
 * Locking: every method takes and releases `mutex` itself; none may be
 * called with it held (async-mutex is not re-entrant).
 */
export class Ledger {
  readonly mutex = new Mutex();
  readonly backend: Backend;

  constructor(backend: Backend) {
    this.backend = backend;
  }

  /** The balance, read under the lock. */
  async balance(account: string): Promise<number> {
    return this.mutex.runExclusive(() => this.backend.read(account));
  }

  /**
   * Charges a fee and moves `amount` out of `account` in one lock scope:
   * the balance that decides is the balance that is written.
   */
  async withdraw(account: string, amount: number): Promise<number> {
    return this.mutex.runExclusive(async () => {
      const fee = await this.backend.fee(amount);
      const balance = await this.backend.read(account);
      if (balance < amount + fee) {
        throw new InsufficientFundsError(
          `${account} has ${balance}, needs ${amount + fee}`,
        );
      }
      await this.backend.write(account, balance - amount - fee);
      return balance - amount - fee;
    });
  }

  /**
   * Deposits with an explicit acquire: released in `finally`, so a failing
   * write does not leave the ledger locked.
   */
  async deposit(account: string, amount: number): Promise<void> {
    const release = await this.mutex.acquire();
    try {
      const balance = await this.backend.read(account);
      await this.backend.write(account, balance + amount);
    } finally {
      release();
    }
  }

  /**
   * Moves money between accounts under one lock hold. The helpers it calls
   * expect the lock held; they do not take it again.
   */
  async transfer(from: string, to: string, amount: number): Promise<void> {
    await this.mutex.runExclusive(async () => {
      await this.#debitLocked(from, amount);
      const balance = await this.backend.read(to);
      await this.backend.write(to, balance + amount);
    });
  }

  /** Requires `mutex` held by the caller. */
  async #debitLocked(account: string, amount: number): Promise<void> {
    const balance = await this.backend.read(account);
    if (balance < amount) {
      throw new InsufficientFundsError(
        `${account} has ${balance}, needs ${amount}`,
      );
    }
    await this.backend.write(account, balance - amount);
  }
}
