import type { Backend } from '../src/ledger.js';
import type { Token, TokenBackend } from '../src/session.js';

/** One turn of the event loop: what a network or disk round trip costs here. */
export const tick = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

/** Waits `n` turns: long enough for any runnable task to have run. */
export async function settle(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await tick();
}

/** Whether a promise is still pending after the event loop has settled. */
export async function pending(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  return !done;
}

/** Balances in memory, each access one event-loop turn; `failWrites` makes the next writes throw. */
export class MemoryBackend implements Backend {
  readonly balances: Map<string, number>;
  feeRate: number;
  failWrites = 0;

  constructor(balances: Record<string, number>, fee = 1) {
    this.balances = new Map(Object.entries(balances));
    this.feeRate = fee;
  }

  async read(account: string): Promise<number> {
    await tick();
    return this.balances.get(account) ?? 0;
  }

  async write(account: string, balance: number): Promise<void> {
    await tick();
    if (this.failWrites > 0) {
      this.failWrites--;
      throw new Error(`storage unavailable writing ${account}`);
    }
    this.balances.set(account, balance);
  }

  async fee(): Promise<number> {
    await tick();
    return this.feeRate;
  }
}

/** A token store with a refresh endpoint that invalidates older tokens. */
export class MemoryTokens implements TokenBackend {
  stored: Token | undefined;
  refreshes = 0;
  clock = 1000;
  /** The only token the server still accepts. */
  valid: string | undefined;

  async load(): Promise<Token | undefined> {
    await tick();
    return this.stored;
  }

  async save(token: Token): Promise<void> {
    await tick();
    this.stored = token;
  }

  async refresh(): Promise<Token> {
    await tick();
    this.refreshes++;
    const token = { value: `t${this.refreshes}`, expires: this.clock + 60_000 };
    this.valid = token.value;
    return token;
  }

  now(): number {
    return this.clock;
  }
}
