/**
 * @livekit/mutex 1.1.1: `Mutex` and `MultiMutex(limit)`, `lock()` → unlock
 * function, `isLocked()`. Presets `@livekit/mutex.Mutex`,
 * `@livekit/mutex.MultiMutex`.
 */
import { MultiMutex, Mutex } from '@livekit/mutex';
import { journal, save } from './shared.js';

const mutex = new Mutex();
const lanes = new MultiMutex(2);

/** Correct. */
export async function record(entry: string): Promise<void> {
  const unlock = await mutex.lock();
  try {
    await save(entry);
  } finally {
    unlock();
  }
}

/** Correct, counting. */
export async function recordInLane(entry: string): Promise<void> {
  const unlock = await lanes.lock();
  try {
    await save(entry);
  } finally {
    unlock();
  }
}

/** Lock leak: the unlock function is dropped. */
export async function recordForgetting(entry: string): Promise<void> {
  await mutex.lock(); // expect: no-lock-leak
  await save(entry);
}

/** Re-entrant acquisition. */
export async function recordNested(entry: string): Promise<void> {
  const unlock = await mutex.lock();
  try {
    await record(entry); // expect: no-self-deadlock
  } finally {
    unlock();
  }
}

/** Use after release: the livekit unlock is not idempotent. */
export async function recordTwice(entry: string): Promise<void> {
  const unlock = await mutex.lock();
  journal.push(entry);
  unlock();
  unlock(); // expect: no-use-after-unlock
}

/** `isLocked()` asserted. */
export function appendHeld(entry: string): void {
  if (!mutex.isLocked()) throw new Error('appendHeld needs the mutex');
  journal.push(entry);
}
