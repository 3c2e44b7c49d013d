/**
 * await-semaphore 0.1.3: `Semaphore(n)` and `Mutex`, `acquire()` → releaser,
 * `use(fn)` holds it until `fn`'s promise settles. Presets
 * `await-semaphore.Semaphore`, `await-semaphore.Mutex`. The package ships
 * its TypeScript source (`index.ts`), which the compiler reads as its types.
 */
import { Mutex, Semaphore } from 'await-semaphore';
import { journal, save } from './shared.js';

const mutex = new Mutex();
const pool = new Semaphore(3);

/** Correct. */
export async function record(entry: string): Promise<void> {
  const release = await mutex.acquire();
  try {
    await save(entry);
  } finally {
    release();
  }
}

/** Correct: `use` holds a slot until the promise settles. */
export function recordPooled(entry: string): Promise<void> {
  return pool.use(() => save(entry));
}

/** Unawaited inside `use`: the write runs after the slot is given back. */
export function recordPooledRacy(entry: string): Promise<void> {
  return pool.use(async () => {
    save(entry); // expect: no-unawaited-in-lock
  });
}

/** Lock leak on the throw path. */
export async function recordUnsafe(entry: string): Promise<void> {
  const release = await mutex.acquire(); // expect: no-lock-leak
  await save(entry);
  release();
}

/** Re-entrant acquisition of the Mutex. */
export function recordNested(entry: string): Promise<void> {
  return mutex.use(() => record(entry)); // expect: no-self-deadlock
}

/** Use after release: the releaser ignores a second call, but the code is wrong. */
export async function recordTwice(entry: string): Promise<void> {
  const release = await mutex.acquire();
  journal.push(entry);
  release();
  release(); // expect: no-use-after-unlock
}
