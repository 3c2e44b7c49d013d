import { describe, expect, it } from 'vitest';
import { BuggySession, InProcessLockManager, Session } from '../src/index.js';
import { MemoryTokens } from './backends.js';

describe('Session (fixed) against BuggySession', () => {
  it.each([
    {
      Impl: Session,
      refreshes: 1,
      why: 'fixed: the check and the refresh share one lock callback',
    },
    {
      Impl: BuggySession,
      refreshes: 2,
      why: 'buggy: both callers saw the expired token after the lock was released',
    },
  ])(
    'two concurrent callers with an expired token refresh $refreshes time(s) ($why)',
    async ({ Impl, refreshes }) => {
      const tokens = new MemoryTokens();
      tokens.stored = { value: 'old', expires: 0 };
      const session = new Impl(new InProcessLockManager(), tokens);
      const got = await Promise.all([session.token(), session.token()]);
      expect(tokens.refreshes).toBe(refreshes);
      // Every caller must end up with a token the server still accepts.
      const accepted = got.filter((t) => t === tokens.valid).length;
      expect(accepted).toBe(refreshes === 1 ? 2 : 1);
    },
  );

  it('reuses a valid stored token without refreshing', async () => {
    const tokens = new MemoryTokens();
    tokens.stored = { value: 'live', expires: tokens.clock + 1 };
    const session = new Session(new InProcessLockManager(), tokens);
    expect(await session.token()).toBe('live');
    expect(tokens.refreshes).toBe(0);
  });
});
