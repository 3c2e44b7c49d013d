/**
 * lock 1.1.0: `lock(key, release => …)`; `release(cb)` returns the function
 * that releases the key (and then calls `cb`). Preset `lock`: keyed, held
 * until that function is called, not when the callback returns.
 */
import { Lock } from 'lock';
import { journal, save } from './shared.js';

const lock = Lock();

/** Correct: released from the continuation, on both outcomes. */
export function record(user: string, entry: string, done: () => void): void {
  lock(user, (release) => {
    save(entry).then(release(done), release(done));
  });
}

/** Lock leak: the early return never releases the key. */
export function recordUnlessEmpty(user: string, entry: string): void {
  lock(user, (release) => {
    if (entry === '') return; // expect: no-lock-leak
    journal.push(entry);
    release()();
  });
}

/** Correct: several keys at once. */
export function transfer(from: string, to: string, done: () => void): void {
  lock([from, to], (release) => {
    journal.push(`${from}->${to}`);
    release(done)();
  });
}

/** Re-entrant acquisition of the same key: queued behind itself forever. */
export function recordNested(user: string, entry: string): void {
  lock(user, (release) => {
    const inner = (innerRelease: typeof release) => {
      journal.push(entry);
      innerRelease()();
    };
    lock(user, inner); // expect: no-self-deadlock
    release()();
  });
}

/** Use after release: a second release of a key no longer held. */
export function recordTwice(user: string, entry: string): void {
  lock(user, (release) => {
    journal.push(entry);
    const unlock = release();
    unlock();
    unlock(); // expect: no-use-after-unlock
  });
}

/**
 * `isLocked(key)` asserted. The package's index.d.ts declares `isLocked()`
 * without the key its index.js takes, hence the cast.
 */
const isLocked = lock.isLocked as (key: string) => boolean;

export function appendHeld(user: string, entry: string): void {
  if (!isLocked(user)) throw new Error(`${user} must be locked`);
  journal.push(entry);
}
