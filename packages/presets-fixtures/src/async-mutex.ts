/**
 * async-mutex 0.5.0: `Mutex` (acquire → releaser, runExclusive, release,
 * waitForUnlock, isLocked), `Semaphore` (acquire → [value, releaser]) and
 * the `withTimeout` / `tryAcquire` wrappers. Preset: `async-mutex.Mutex`,
 * `async-mutex.Semaphore`; a sleeping lock, not re-entrant.
 */
import {
  E_TIMEOUT,
  Mutex,
  Semaphore,
  tryAcquire,
  withTimeout,
} from 'async-mutex';
import { journal, save } from './shared.js';

const mutex = new Mutex();

/** Correct: release in `finally`; awaiting under a sleeping lock is fine. */
export async function record(entry: string): Promise<void> {
  const release = await mutex.acquire();
  try {
    await save(entry);
  } finally {
    release();
  }
}

/** Correct: the callback's promise is returned, so the lock covers it. */
export function recordScoped(entry: string): Promise<void> {
  return mutex.runExclusive(() => save(entry));
}

/** Lock leak: the early return skips `release()`. */
export async function recordUnlessEmpty(entry: string): Promise<void> {
  const release = await mutex.acquire(); // expect: no-lock-leak
  if (entry === '') return;
  await save(entry);
  release();
}

/** Use after release: the releaser is called twice. */
export async function recordTwice(entry: string): Promise<void> {
  const release = await mutex.acquire();
  journal.push(entry);
  release();
  release(); // expect: no-use-after-unlock
}

/** The lockable's own `release()` releases what `acquire()` took. */
export async function recordReleasingTheMutex(entry: string): Promise<void> {
  await mutex.acquire();
  try {
    await save(entry);
  } finally {
    mutex.release();
  }
}

/** Unawaited in a callback-scoped lock: `save` runs after the lock is gone. */
export async function recordLater(entry: string): Promise<void> {
  await mutex.runExclusive(() => {
    void save(entry); // expect: no-unawaited-in-lock
  });
}

/** Re-entrant acquisition: the mutex is not re-entrant, this never resolves. */
export async function recordNested(entry: string): Promise<void> {
  await mutex.runExclusive(async () => {
    await record(entry); // expect: no-self-deadlock
  });
}

/** Waiting for the unlock of a mutex one holds never ends. */
export async function flushWhileHolding(): Promise<void> {
  const release = await mutex.acquire();
  try {
    await mutex.waitForUnlock(); // expect: no-self-deadlock
  } finally {
    release();
  }
}

/** `isLocked()` asserted: the lock is known held from here on (lockdep_assert_held). */
export function appendHeld(entry: string): void {
  if (!mutex.isLocked()) throw new Error('appendHeld needs the mutex held');
  journal.push(entry);
}

/** A Semaphore of 2: the releaser is the second element of the tuple. */
const slots = new Semaphore(2);

export async function recordWithSlot(entry: string): Promise<number> {
  const [value, release] = await slots.acquire();
  try {
    await save(entry);
    return value;
  } finally {
    release();
  }
}

/** Lock leak on the throw path: no `finally`. */
export async function recordWithSlotUnsafe(entry: string): Promise<void> {
  const [, release] = await slots.acquire(); // expect: no-lock-leak
  await save(entry);
  release();
}

/** `withTimeout`: acquisition rejects with E_TIMEOUT; held only once it resolves. */
const bounded = withTimeout(new Mutex(), 50);

export async function recordWithin(entry: string): Promise<boolean> {
  let release: () => void;
  try {
    release = await bounded.acquire();
  } catch (error) {
    if (error === E_TIMEOUT) return false;
    throw error;
  }
  try {
    await save(entry);
    return true;
  } finally {
    release();
  }
}

/** `tryAcquire`: rejects at once when the lock is taken. */
export async function recordIfFree(entry: string): Promise<boolean> {
  try {
    await tryAcquire(mutex).runExclusive(() => save(entry));
    return true;
  } catch {
    return false;
  }
}
