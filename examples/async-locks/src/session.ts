import type { LockManagerLike } from './web-locks.js';

/** A token and when it stops being valid (milliseconds, any clock). */
export interface Token {
  value: string;
  expires: number;
}

/** Where the token lives (shared by every tab) and how to get a new one. */
export interface TokenBackend {
  load(): Promise<Token | undefined>;
  save(token: Token): Promise<void>;
  /** Exchanges the refresh credential: each call invalidates the last one. */
  refresh(): Promise<Token>;
  now(): number;
}

/** The Web Locks name every tab of the app uses for the token. */
export const TOKEN_LOCK = 'session-token';

/**
 * A session that refreshes its access token under a Web Lock, so that of
 * many tabs (or concurrent callers) exactly one refreshes and the others
 * reuse its token.
 *
 * Locking: `token()` takes and releases the `session-token` Web Lock; the
 * check of the token and the refresh happen in the same lock callback.
 */
export class Session {
  readonly locks: LockManagerLike;
  readonly backend: TokenBackend;

  constructor(locks: LockManagerLike, backend: TokenBackend) {
    this.locks = locks;
    this.backend = backend;
  }

  /** A valid token: the stored one, or a fresh one if it expired. */
  async token(): Promise<string> {
    return this.locks.request(TOKEN_LOCK, async () => {
      const current = await this.backend.load();
      if (current !== undefined && current.expires > this.backend.now()) {
        return current.value;
      }
      const fresh = await this.backend.refresh();
      await this.backend.save(fresh);
      return fresh.value;
    });
  }
}
