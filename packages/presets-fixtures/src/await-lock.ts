/**
 * await-lock 3.0.0: `await lock.acquireAsync([{ timeout }])`,
 * `lock.tryAcquire()` → boolean, `lock.release()`, `lock.acquired`.
 * Preset `await-lock`: sleeping, not re-entrant.
 */
import AwaitLock from 'await-lock';
import { journal, save } from './shared.js';

const lock = new AwaitLock();

/** Correct: the README's pattern; the awaited value, not a promise, is returned. */
export async function record(entry: string): Promise<number> {
  await lock.acquireAsync();
  try {
    await save(entry);
    return journal.length;
  } finally {
    lock.release();
  }
}

/** Correct try-lock: held only on the `true` branch. */
export function recordIfFree(entry: string): boolean {
  if (!lock.tryAcquire()) return false;
  try {
    journal.push(entry);
    return true;
  } finally {
    lock.release();
  }
}

/** Correct: a timeout rejects, and then the lock is not held. */
export async function recordWithin(
  entry: string,
  ms: number,
): Promise<boolean> {
  try {
    await lock.acquireAsync({ timeout: ms });
  } catch {
    return false;
  }
  try {
    await save(entry);
    return true;
  } finally {
    lock.release();
  }
}

/**
 * Unawaited under the lock: the promise is returned from inside `try`, so
 * `finally` releases the lock before `save` finishes (the await-lock README
 * warns about exactly this).
 */
export async function recordReturningPromise(entry: string): Promise<void> {
  await lock.acquireAsync();
  try {
    return save(entry); // expect: no-unawaited-in-lock
  } finally {
    lock.release();
  }
}

/** Lock leak: the failure branch of a try-lock is fine, but this early return is not. */
export function recordUnlessEmpty(entry: string): boolean {
  if (!lock.tryAcquire()) return false;
  if (entry === '') return false; // expect: no-lock-leak
  journal.push(entry);
  lock.release();
  return true;
}

/** Re-entrant acquisition: waits for itself forever. */
export async function recordNested(entry: string): Promise<void> {
  await lock.acquireAsync();
  try {
    await record(entry); // expect: no-self-deadlock
  } finally {
    lock.release();
  }
}

/** Use after release. */
export async function recordTwice(entry: string): Promise<void> {
  await lock.acquireAsync();
  journal.push(entry);
  lock.release();
  lock.release(); // expect: no-use-after-unlock
}

/** `acquired` asserted: the lock is known held from here on. */
export function appendHeld(entry: string): void {
  if (!lock.acquired) throw new Error('appendHeld needs the lock');
  journal.push(entry);
}
