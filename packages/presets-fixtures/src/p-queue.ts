/**
 * p-queue 9.3.5 at concurrency 1, a mutex: `queue.add(fn)` runs `fn` alone
 * until its promise settles. Preset `p-queue` (a lock only when
 * `concurrency` is statically 1). p-queue 10 needs Node 22.
 */
import PQueue from 'p-queue';
import { save } from './shared.js';

const queue = new PQueue({ concurrency: 1 });

/** Correct. */
export function record(entry: string): Promise<void> {
  return queue.add(() => save(entry));
}

/** Unawaited inside the task: `save` runs after the queue moved on. */
export function recordRacy(entry: string): Promise<void> {
  return queue.add(async () => {
    save(entry); // expect: no-unawaited-in-lock
  });
}

/** Re-entrant: a task that waits for a task queued behind it. */
export function recordNested(entry: string): Promise<void> {
  return queue.add(() => queue.add(() => save(entry))); // expect: no-self-deadlock
}

/** A task that waits for the queue to be idle waits for itself. */
export function recordAndSettle(entry: string): Promise<void> {
  return queue.add(async () => {
    await save(entry);
    await queue.onIdle(); // expect: no-self-deadlock
  });
}
