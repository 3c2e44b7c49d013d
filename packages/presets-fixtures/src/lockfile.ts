/**
 * lockfile 1.0.4: `lock(path, [opts,] cb)` calls `cb(null)` once the lock
 * file exists; held until `unlock(path, cb)` or `unlockSync(path)`. Preset
 * `lockfile`: a file lock keyed by path, taken through a continuation.
 */
import { checkSync, lock, lockSync, unlock, unlockSync } from 'lockfile';
import { appendFileSync } from 'node:fs';

/** Correct: unlocked on both outcomes of the work. */
export function append(
  path: string,
  line: string,
  done: (e: Error | null) => void,
): void {
  lock(path, { wait: 100 }, (error) => {
    if (error) return done(error);
    try {
      appendFileSync(`${path}.data`, `${line}\n`);
    } catch (e) {
      return unlock(path, () => done(e as Error));
    }
    unlock(path, done);
  });
}

/** Lock leak: an error in the work leaves the lock file behind. */
export function appendUnsafe(
  path: string,
  line: string,
  done: (e: Error | null) => void,
): void {
  lock(path, (error) => {
    if (error) return done(error);
    if (line === '') return done(null); // expect: no-lock-leak
    appendFileSync(`${path}.data`, `${line}\n`);
    unlock(path, done);
  });
}

/** Correct, sync. */
export function appendSync(path: string, line: string): void {
  lockSync(path);
  try {
    appendFileSync(`${path}.data`, `${line}\n`);
  } finally {
    unlockSync(path);
  }
}

/** Re-entrant acquisition: lockSync of a path this process holds throws EEXIST. */
export function appendNested(path: string, line: string): void {
  lockSync(path);
  try {
    appendSync(path, line); // expect: no-self-deadlock
  } finally {
    unlockSync(path);
  }
}

/** `checkSync` asserted. */
export function appendHeld(path: string, line: string): void {
  if (!checkSync(path)) throw new Error(`${path} must be locked`);
  appendFileSync(`${path}.data`, `${line}\n`);
}
