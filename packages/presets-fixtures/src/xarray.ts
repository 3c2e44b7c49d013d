/**
 * @lockctx/xarray: `using g = xa.lock()` / `g.unlock()` / `xa.withLock(g =>
 * …)`. Preset `xarray`: a spin lock, never held across `await`, not
 * re-entrant.
 */
import { XArray } from '@lockctx/xarray';
import { save } from './shared.js';

const xa = new XArray<string>();

/** Correct: `using` releases at the end of the block. */
export function orderOf(index: number): number {
  using g = xa.lock();
  return g.getOrder(index);
}

/** Await under a spin lock. */
export async function storeAndSave(
  index: number,
  entry: string,
): Promise<void> {
  const g = xa.lock();
  g.store(index, entry);
  await save(entry); // expect: no-await-while-locked
  g.unlock();
}

/** Lock leak on the early return. */
export function storeUnlessTaken(index: number, entry: string): boolean {
  const g = xa.lock(); // expect: no-lock-leak
  if (g.load(index) !== undefined) return false;
  g.store(index, entry);
  g.unlock();
  return true;
}

/** Use after release. */
export function markAfterUnlock(index: number): void {
  const g = xa.lock();
  g.unlock();
  g.setMark(index, 0); // expect: no-use-after-unlock
}

/** Re-entrant: writing through the XArray inside its own lock scope. */
export function storeTwice(index: number, entry: string): void {
  xa.withLock((g) => {
    g.store(index, entry);
    xa.store(index + 1, entry); // expect: no-self-deadlock
  });
}
