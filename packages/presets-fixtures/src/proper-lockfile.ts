/**
 * proper-lockfile 4.1.2: `const release = await lock(file)` (rejects with
 * ELOCKED when taken), `unlock(file)`, `check(file)`, and the sync forms.
 * Preset `proper-lockfile`: a file lock keyed by path, renewed by the
 * library while held.
 */
import { check, lock, lockSync, unlock } from 'proper-lockfile';
import { appendFile } from 'node:fs/promises';

/** Correct. */
export async function append(file: string, line: string): Promise<void> {
  const release = await lock(file, { retries: 3 });
  try {
    await appendFile(file, `${line}\n`);
  } finally {
    await release();
  }
}

/** Correct: released by path through the module's `unlock`. */
export async function appendByPath(file: string, line: string): Promise<void> {
  await lock(file);
  try {
    await appendFile(file, `${line}\n`);
  } finally {
    await unlock(file);
  }
}

/** Lock leak: the lock file stays when `appendFile` throws. */
export async function appendUnsafe(file: string, line: string): Promise<void> {
  const release = await lock(file); // expect: no-lock-leak
  await appendFile(file, `${line}\n`);
  await release();
}

/** Re-entrant acquisition: the second lock of the same file rejects with ELOCKED. */
export async function appendNested(file: string, line: string): Promise<void> {
  const release = await lock(file);
  try {
    await append(file, line); // expect: no-self-deadlock
  } finally {
    await release();
  }
}

/** Use after release: releasing again rejects with ERELEASED. */
export async function appendTwice(file: string, line: string): Promise<void> {
  const release = await lock(file);
  try {
    await appendFile(file, `${line}\n`);
  } finally {
    await release();
  }
  await release(); // expect: no-use-after-unlock
}

/** Sync form: `lockSync` returns a sync release function. */
export function touchSync(file: string): void {
  const release = lockSync(file);
  release();
}

/** `check(file)` asserted: the file is known locked from here on. */
export async function appendHeld(file: string, line: string): Promise<void> {
  if (!(await check(file))) throw new Error(`${file} must be locked`);
  await appendFile(file, `${line}\n`);
}
