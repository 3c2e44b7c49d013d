/**
 * p-limit 7.3.3 at concurrency 1, a mutex: `limit(fn)` holds the slot
 * until `fn`'s promise settles. Preset `p-limit` (a lock only when the
 * concurrency is statically 1).
 */
import pLimit from 'p-limit';
import { save } from './shared.js';

const limit = pLimit(1);
/** Concurrency 4: a limiter, not a lock; nothing here is reported. */
const wide = pLimit(4);

/** Correct. */
export function record(entry: string): Promise<void> {
  return limit(() => save(entry));
}

/** Unawaited inside the slot: `save` outlives it. */
export function recordRacy(entry: string): Promise<void> {
  return limit(async () => {
    void save(entry); // expect: no-unawaited-in-lock
  });
}

/** Re-entrant: the slot waits for a call queued behind itself. */
export function recordNested(entry: string): Promise<void> {
  return limit(() => limit(() => save(entry))); // expect: no-self-deadlock
}

/** Not a lock at concurrency 4: nesting is fine while slots remain. */
export function fanOut(entries: string[]): Promise<void[]> {
  return Promise.all(entries.map((e) => wide(() => save(e))));
}
