/**
 * Web Locks, typed by TypeScript's lib.dom `LockManager`:
 * `navigator.locks.request(name, [options], callback)`, held until the
 * callback's promise settles. Preset `web-locks`.
 *
 * lib.dom types `request<T>(…, callback: (lock) => T): Promise<T>`, so a
 * callback returning a promise gives `Promise<Promise<…>>`; the fixtures
 * await the request, which flattens it as the runtime does.
 */
import { journal, save } from './shared.js';

/** Correct: the callback's promise covers the write. */
export async function record(entry: string): Promise<void> {
  await navigator.locks.request('journal', () => save(entry));
}

/** Correct: readers share the lock. */
export async function count(): Promise<number> {
  return await navigator.locks.request(
    'journal',
    { mode: 'shared' },
    async () => journal.length,
  );
}

/** Correct try-lock: `ifAvailable` gives `null` when the lock is taken. */
export async function recordIfFree(entry: string): Promise<boolean> {
  return await navigator.locks.request(
    'journal',
    { ifAvailable: true },
    async (lock) => {
      if (lock === null) return false;
      await save(entry);
      return true;
    },
  );
}

/** Unawaited in the callback: the lock is released before `save` ends. */
export async function recordRacy(entry: string): Promise<void> {
  await navigator.locks.request('journal', async () => {
    save(entry); // expect: no-unawaited-in-lock
  });
}

/** Re-entrant: requesting the held name again waits for itself forever. */
export async function recordNested(entry: string): Promise<void> {
  await navigator.locks.request('journal', () => record(entry)); // expect: no-self-deadlock
}

/** A different name is a different lock. */
export async function recordAcross(entry: string): Promise<void> {
  await navigator.locks.request('journal', () =>
    navigator.locks.request('index', () => save(entry)),
  );
}
