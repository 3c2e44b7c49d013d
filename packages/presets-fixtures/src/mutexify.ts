/**
 * mutexify 1.4.0, both forms: `lock(release => …)` (held until `release`
 * is called, not when the callback returns) and `mutexify/promise`
 * (`const release = await lock()`). Presets `mutexify`, `mutexify/promise`.
 *
 * At run time the callback gets `release(fn?, err?, value?)`, which releases
 * and then calls `fn(err, value)`; @types/mutexify 1.2.4 types that parameter
 * as a plain `(err?, value?)` callback, so the fixtures call `release()`
 * with no arguments, which both accept.
 */
import mutexify from 'mutexify';
import mutexifyPromise from 'mutexify/promise.js';
import { journal, save } from './shared.js';

const lock = mutexify();
const plock = mutexifyPromise();

/** Correct: released from the asynchronous continuation, on both outcomes. */
export function record(
  entry: string,
  done: (error: Error | null) => void,
): void {
  lock((release) => {
    save(entry).then(
      () => {
        release();
        done(null);
      },
      (error: Error) => {
        release();
        done(error);
      },
    );
  });
}

/** Lock leak: the error path never calls `release`. */
export function recordUnsafe(entry: string, done: () => void): void {
  lock((release) => {
    if (entry === '') return; // expect: no-lock-leak
    journal.push(entry);
    release();
    done();
  });
}

/** Correct, promise form. */
export async function recordAsync(entry: string): Promise<void> {
  const release = await plock();
  try {
    await save(entry);
  } finally {
    release();
  }
}

/** Use after release: a second call of the releaser. */
export async function recordTwice(entry: string): Promise<void> {
  const release = await plock();
  journal.push(entry);
  release();
  release(); // expect: no-use-after-unlock
}

/** Re-entrant acquisition: the lock is not re-entrant. */
export async function recordNested(entry: string): Promise<void> {
  const release = await plock();
  try {
    await recordAsync(entry); // expect: no-self-deadlock
  } finally {
    release();
  }
}
