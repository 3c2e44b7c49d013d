import type { Token, TokenBackend } from '../session.js';
import { TOKEN_LOCK } from '../session.js';
import type { LockManagerLike } from '../web-locks.js';

/**
 * The session with the stale-lock-value bug: the stored token is read
 * under the Web Lock, but whether to refresh is decided, and the refresh
 * saved, after the lock is released. Two callers that both see an expired
 * token both refresh: the second refresh invalidates the first caller's
 * token. The fixed version is `../session.ts`.
 */
export class BuggySession {
  readonly locks: LockManagerLike;
  readonly backend: TokenBackend;

  constructor(locks: LockManagerLike, backend: TokenBackend) {
    this.locks = locks;
    this.backend = backend;
  }

  async token(): Promise<string> {
    const current: Token | undefined = await this.locks.request(
      TOKEN_LOCK,
      () => this.backend.load(),
    );
    if (current !== undefined && current.expires > this.backend.now()) {
      return current.value;
    }
    const fresh = await this.backend.refresh();
    await this.locks.request(TOKEN_LOCK, () => this.backend.save(fresh));
    return fresh.value;
  }
}
