/**
 * async-sema 3.1.1: `new Sema(n)`, `await sema.acquire()` resolves to a
 * token, `sema.release(token)`, `tryAcquire()` → token or undefined.
 * Preset `async-sema.Sema`: a counting, sleeping lock.
 */
import { Sema } from 'async-sema';
import { journal, save } from './shared.js';

const sema = new Sema(1);

/** Correct. */
export async function record(entry: string): Promise<void> {
  const token: unknown = await sema.acquire();
  try {
    await save(entry);
  } finally {
    sema.release(token);
  }
}

/** Correct try-lock: held only when a token came back. */
export async function recordIfFree(entry: string): Promise<boolean> {
  const token: unknown = sema.tryAcquire();
  if (token === undefined) return false;
  try {
    await save(entry);
    return true;
  } finally {
    sema.release(token);
  }
}

/** Lock leak: the token is not released when `save` throws. */
export async function recordUnsafe(entry: string): Promise<void> {
  const token: unknown = await sema.acquire(); // expect: no-lock-leak
  await save(entry);
  sema.release(token);
}

/** Use after release: the token is handed back twice (the count grows past n). */
export async function recordTwice(entry: string): Promise<void> {
  const token: unknown = await sema.acquire();
  journal.push(entry);
  sema.release(token);
  sema.release(token); // expect: no-use-after-unlock
}

/** Re-entrant acquisition of a semaphore of one: never resolves. */
export async function recordNested(entry: string): Promise<void> {
  const token: unknown = await sema.acquire();
  try {
    await record(entry); // expect: no-self-deadlock
  } finally {
    sema.release(token);
  }
}
