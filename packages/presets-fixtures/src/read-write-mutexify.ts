/**
 * read-write-mutexify 2.1.0: `await rw.write.lock()` / `rw.write.unlock()`
 * (exclusive) and `await rw.read.lock()` / `rw.read.unlock()` (shared).
 * Preset `read-write-mutexify`. The package ships no types: see
 * `types/read-write-mutexify.d.ts`, written from its source.
 */
import ReadWriteMutexify from 'read-write-mutexify';
import { journal, save } from './shared.js';

const rw = new ReadWriteMutexify();

/** Correct writer. */
export async function append(entry: string): Promise<void> {
  await rw.write.lock();
  try {
    await save(entry);
  } finally {
    rw.write.unlock();
  }
}

/** Correct reader: readers share the lock. */
export async function snapshot(): Promise<string[]> {
  await rw.read.lock();
  try {
    return [...journal];
  } finally {
    rw.read.unlock();
  }
}

/** Lock leak: a reader that returns early keeps the lock shared forever. */
export async function firstEntry(): Promise<string | undefined> {
  await rw.read.lock(); // expect: no-lock-leak
  if (journal.length === 0) return undefined;
  const first = journal[0];
  rw.read.unlock();
  return first;
}

/** Re-entrant acquisition: a writer that takes the read side waits for itself. */
export async function appendAndCount(entry: string): Promise<number> {
  await rw.write.lock();
  try {
    await save(entry);
    return (await snapshot()).length; // expect: no-self-deadlock
  } finally {
    rw.write.unlock();
  }
}

/** Use after release: unlocking the write side again. */
export async function appendTwice(entry: string): Promise<void> {
  await rw.write.lock();
  journal.push(entry);
  rw.write.unlock();
  rw.write.unlock(); // expect: no-use-after-unlock
}
