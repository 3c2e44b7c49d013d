/**
 * @sapphire/async-queue 1.5.5: `await queue.wait()` … `queue.shift()`.
 * Preset `@sapphire/async-queue`: a sleeping mutex released through the
 * queue itself.
 */
import { AsyncQueue } from '@sapphire/async-queue';
import { journal, save } from './shared.js';

const queue = new AsyncQueue();

/** Correct. */
export async function record(entry: string): Promise<void> {
  await queue.wait();
  try {
    await save(entry);
  } finally {
    queue.shift();
  }
}

/** Correct: an aborted wait rejects, and then the turn was never taken. */
export async function recordUnless(
  entry: string,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    await queue.wait({ signal });
  } catch {
    return false;
  }
  try {
    await save(entry);
    return true;
  } finally {
    queue.shift();
  }
}

/** Lock leak: a throw in `save` keeps the queue blocked forever. */
export async function recordUnsafe(entry: string): Promise<void> {
  await queue.wait(); // expect: no-lock-leak
  await save(entry);
  queue.shift();
}

/** Re-entrant: waits for its own turn. */
export async function recordNested(entry: string): Promise<void> {
  await queue.wait();
  try {
    await record(entry); // expect: no-self-deadlock
  } finally {
    queue.shift();
  }
}

/** Use after release: shifting twice lets the next two waiters in. */
export async function recordTwice(entry: string): Promise<void> {
  await queue.wait();
  journal.push(entry);
  queue.shift();
  queue.shift(); // expect: no-use-after-unlock
}
