/**
 * async-lock 1.5.0: `lock.acquire(key, fn[, cb][, opts])`, keys as lock
 * names. Preset `async-lock`: callback-scoped, held until `fn`'s promise
 * settles (or until `fn` calls `done`); re-entrant only with
 * `domainReentrant: true`.
 */
import AsyncLock from 'async-lock';
import { journal, save } from './shared.js';

const lock = new AsyncLock({ timeout: 1000 });

/** Correct: the promise is returned from the callback. */
export function recordFor(user: string, entry: string): Promise<void> {
  return lock.acquire(user, () => save(`${user}:${entry}`));
}

/** Correct: an async callback that awaits its work. */
export async function recordBoth(
  user: string,
  a: string,
  b: string,
): Promise<void> {
  await lock.acquire(user, async () => {
    await save(a);
    await save(b);
  });
}

/** Correct: several keys at once. */
export function transfer(from: string, to: string): Promise<void> {
  return lock.acquire([from, to], () => save(`${from}->${to}`));
}

/** Correct: node-style, the lock is held until `done` is called. */
export function recordNodeStyle(user: string, entry: string): Promise<void> {
  return new Promise((resolve, reject) => {
    lock.acquire(
      user,
      (done) => {
        save(entry).then(() => done(), done);
      },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

/** Unawaited in a callback-scoped lock: the second save escapes the lock. */
export function recordRacy(user: string, a: string, b: string): Promise<void> {
  return lock.acquire(user, async () => {
    await save(a);
    save(b); // expect: no-unawaited-in-lock
  });
}

/** Re-entrant acquisition of the same key: waits for itself until the timeout. */
export function recordNested(user: string, entry: string): Promise<void> {
  return lock.acquire(
    user,
    () => lock.acquire(user, () => save(entry)), // expect: no-self-deadlock
  );
}

/** A different key is a different lock: no deadlock. */
export function recordAcross(user: string, other: string): Promise<void> {
  return lock.acquire(user, () => lock.acquire(other, () => save(other)));
}

/** `isBusy(key)` asserted: the key's lock is held from here on. */
export function appendHeld(user: string, entry: string): void {
  if (!lock.isBusy(user)) throw new Error(`${user} must be locked`);
  journal.push(entry);
}
