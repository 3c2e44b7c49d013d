/**
 * redis-semaphore 5.8.0: `new Mutex(redis, key)` / `new Semaphore(redis,
 * key, limit)`, `await m.acquire()` (rejects after acquireTimeout),
 * `await m.tryAcquire()` → boolean, `await m.release()`, `m.isAcquired`.
 * Presets `redis-semaphore.Mutex`, `redis-semaphore.Semaphore`: objects made
 * with the same key are one lock; the library refreshes it while held.
 */
import type { Redis } from 'ioredis';
import { Mutex, Semaphore } from 'redis-semaphore';
import { save } from './shared.js';

/** Correct. */
export async function record(redis: Redis, entry: string): Promise<void> {
  const mutex = new Mutex(redis, 'journal');
  await mutex.acquire();
  try {
    await save(entry);
  } finally {
    await mutex.release();
  }
}

/** Correct try-lock: held only when it resolved to true. */
export async function recordIfFree(
  redis: Redis,
  entry: string,
): Promise<boolean> {
  const mutex = new Mutex(redis, 'journal');
  if (!(await mutex.tryAcquire())) return false;
  try {
    await save(entry);
    return true;
  } finally {
    await mutex.release();
  }
}

/** Correct, counting. */
export async function recordInPool(redis: Redis, entry: string): Promise<void> {
  const slot = new Semaphore(redis, 'writers', 3);
  await slot.acquire();
  try {
    await save(entry);
  } finally {
    await slot.release();
  }
}

/** Lock leak: a throw in `save` keeps the key until the lock times out. */
export async function recordUnsafe(redis: Redis, entry: string): Promise<void> {
  const mutex = new Mutex(redis, 'journal');
  await mutex.acquire(); // expect: no-lock-leak
  await save(entry);
  await mutex.release();
}

/** Re-entrant: another object with the same key is the same lock. */
export async function recordNested(redis: Redis, entry: string): Promise<void> {
  const mutex = new Mutex(redis, 'journal');
  await mutex.acquire();
  try {
    await record(redis, entry); // expect: no-self-deadlock
  } finally {
    await mutex.release();
  }
}

/** `isAcquired` asserted. */
export function assertHeld(mutex: Mutex): void {
  if (!mutex.isAcquired) throw new Error('the mutex must be held');
}
