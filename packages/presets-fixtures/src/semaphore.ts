/**
 * semaphore 1.1.0: `sem.take([n,] leave => …)`, held until `leave()` (or
 * `sem.leave()`) is called, not when the task returns. Preset `semaphore`.
 */
import createSemaphore from 'semaphore';
import { journal, save } from './shared.js';

const sem = createSemaphore(1);

/** Correct: `leave` called on every path of the continuation. */
export function record(entry: string, done: (error?: Error) => void): void {
  sem.take((leave) => {
    save(entry).then(
      () => {
        leave();
        done();
      },
      (error: Error) => {
        leave();
        done(error);
      },
    );
  });
}

/** Lock leak: the early return never calls `leave`. */
export function recordUnlessEmpty(entry: string): void {
  sem.take((leave) => {
    if (entry === '') return; // expect: no-lock-leak
    journal.push(entry);
    leave();
  });
}

/** Correct: the semaphore's own `leave()`. */
export function recordSync(entry: string): void {
  sem.take(() => {
    journal.push(entry);
    sem.leave();
  });
}

/** Re-entrant acquisition: a capacity of 1 is exhausted; the inner task never runs. */
export function recordNested(entry: string): void {
  sem.take((leave) => {
    const inner: createSemaphore.Task = (release) => {
      journal.push(entry);
      release();
    };
    sem.take(inner); // expect: no-self-deadlock
    leave();
  });
}

/** Use after release: `leave` twice gives back a unit never taken. */
export function recordTwice(entry: string): void {
  sem.take((leave) => {
    journal.push(entry);
    leave();
    leave(); // expect: no-use-after-unlock
  });
}
