/**
 * redlock 4.2.0: `await redlock.lock(resource, ttl)` → a `Lock` lease that
 * expires after `ttl` ms; `lock.extend(ttl)` → a new Lock; `lock.unlock()`.
 * Preset `redlock`: a lease, re-acquisition fails.
 */
import type Redlock from 'redlock';
import { sleep } from './shared.js';

/** Work that takes a while (a slow query, a remote call). */
async function slowStep(ms: number): Promise<void> {
  await sleep(ms);
}

/** Correct: short work, released in `finally`. */
export async function withResource(
  redlock: Redlock,
  resource: string,
): Promise<void> {
  const lease = await redlock.lock(resource, 1000);
  try {
    await slowStep(10);
  } finally {
    await lease.unlock();
  }
}

/** Correct: the lease is extended before each long step, and the new Lock kept. */
export async function longJob(
  redlock: Redlock,
  resource: string,
  steps: number,
): Promise<void> {
  let lease = await redlock.lock(resource, 1000);
  try {
    for (let i = 0; i < steps; i++) {
      lease = await lease.extend(1000);
      await slowStep(500);
    }
  } finally {
    await lease.unlock();
  }
}

/** A long await without `extend`: the lease may expire while "held". */
export async function longJobUnsafe(
  redlock: Redlock,
  resource: string,
): Promise<void> {
  const lease = await redlock.lock(resource, 200);
  try {
    await slowStep(5000); // expect: no-lease-expiry
  } finally {
    await lease.unlock();
  }
}

/** Lock leak: the early return leaves the resource locked until the TTL. */
export async function maybeWork(
  redlock: Redlock,
  resource: string,
  skip: boolean,
): Promise<void> {
  const lease = await redlock.lock(resource, 1000); // expect: no-lock-leak
  if (skip) return;
  await slowStep(10);
  await lease.unlock();
}

/** Use after release: extending a lease that was unlocked. */
export async function extendAfterUnlock(
  redlock: Redlock,
  resource: string,
): Promise<void> {
  const lease = await redlock.lock(resource, 1000);
  await lease.unlock();
  await lease.extend(1000); // expect: no-use-after-unlock
}

/** Re-entrant acquisition of the same resource: retries, then rejects. */
export async function nested(
  redlock: Redlock,
  resource: string,
): Promise<void> {
  const lease = await redlock.lock(resource, 1000);
  try {
    await withResource(redlock, resource); // expect: no-self-deadlock
  } finally {
    await redlock.unlock(lease);
  }
}
