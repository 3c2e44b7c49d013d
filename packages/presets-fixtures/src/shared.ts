/**
 * Stand-ins for the application work the fixtures do under their locks:
 * asynchronous I/O that takes a little while, and a store to mutate.
 */

/** A store that records what was written, in order. */
export const journal: string[] = [];

/** Asynchronous work: resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes `entry` to the journal after a short asynchronous delay. */
export async function save(entry: string): Promise<void> {
  await sleep(1);
  journal.push(entry);
}
