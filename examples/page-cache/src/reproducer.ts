import {
  Scheduler,
  scheduleSeed,
  type Io,
  type Step,
} from '@lockctx/example-scheduler';
import { checkPageCache } from './check.js';
import { MAX_FOLIO_ORDER } from './folio.js';
import { PageCache, type Protocol } from './page-cache.js';
import { noSleep } from './sleep.js';

export interface ReproduceOptions {
  protocol: Protocol;
  /** How many schedules to try at most. */
  schedules: number;
  /** The base seed; schedule n runs with `scheduleSeed(seed, n)`. */
  seed?: number;
  /** Pages in the file (default 32). */
  pages?: number;
  /** XArray node size as 2^chunkShift (default: the XArray's). */
  chunkShift?: number;
}

/** The first schedule that broke an invariant. */
export interface Corruption {
  /** 1-based: the number of schedules run until this one, included. */
  schedule: number;
  /** Replays this schedule alone with {@link runSchedule}. */
  seed: number;
  /** What was wrong. */
  violation: string;
  /** The steps up to the violation. */
  steps: Step[];
}

export interface ReproduceResult {
  protocol: Protocol;
  /** Schedules run (all of them when none went wrong). */
  schedules: number;
  /** Scheduling steps over all schedules. */
  steps: number;
  corruption: Corruption | undefined;
}

/**
 * Runs the page-cache workload under up to `schedules` seeded interleavings
 * and stops at the first one that corrupts the cache. The workload is
 * modelled on the reproducer from the 2024 thread: readers add folios of
 * several sizes over the shadows of large folios while others drop the
 * cache (`POSIX_FADV_DONTNEED`), and a writer dirties and writes back.
 */
export async function reproduce(
  options: ReproduceOptions,
): Promise<ReproduceResult> {
  if (!Number.isInteger(options.schedules) || options.schedules < 1) {
    throw new RangeError(
      `schedules must be a positive integer, got ${String(options.schedules)}`,
    );
  }
  const base = options.seed ?? 1;
  let steps = 0;
  for (let n = 0; n < options.schedules; n++) {
    const seed = scheduleSeed(base, n);
    const run = await runSchedule({ ...options, seed });
    steps += run.steps.length;
    if (run.violation !== undefined) {
      return {
        protocol: options.protocol,
        schedules: n + 1,
        steps,
        corruption: {
          schedule: n + 1,
          seed,
          violation: run.violation,
          steps: run.steps,
        },
      };
    }
  }
  return {
    protocol: options.protocol,
    schedules: options.schedules,
    steps,
    corruption: undefined,
  };
}

/** One schedule of the workload; the violation, if any, and its steps. */
export async function runSchedule(options: {
  protocol: Protocol;
  seed: number;
  pages?: number;
  chunkShift?: number;
}): Promise<{ violation: string | undefined; steps: Step[] }> {
  const pages = options.pages ?? 32;
  const cache = new PageCache({
    pages,
    protocol: options.protocol,
    ...(options.chunkShift === undefined
      ? {}
      : { chunkShift: options.chunkShift }),
  });
  // The file was read once in large folios, then dropped: shadows remain.
  for (let index = 0; index < pages; index += 2 ** MAX_FOLIO_ORDER) {
    await cache.read(noSleep, index, MAX_FOLIO_ORDER);
  }
  await cache.dontNeed(noSleep, 0, pages - 1);

  const s = new Scheduler(options.seed);
  const r = s.random;
  for (const name of ['reader-1', 'reader-2', 'reader-3']) {
    s.spawn(name, async (io: Io) => {
      for (let k = 0; k < 4; k++) {
        await cache.read(io, r.below(pages), r.below(MAX_FOLIO_ORDER + 1));
      }
    });
  }
  s.spawn('dontneed', async (io: Io) => {
    for (let pass = 0; pass < 2; pass++) {
      await cache.dontNeed(io, 0, pages - 1);
      await io.pause('fadvise');
    }
  });
  s.spawn('writer', async (io: Io) => {
    await cache.write(io, r.below(pages), r.below(MAX_FOLIO_ORDER + 1));
    await cache.writeback(io);
  });
  const result = await s.run(() => checkPageCache(cache));
  let violation = result.violation;
  if (violation === undefined && result.errors.size > 0) {
    const [task, error] = [...result.errors][0]!;
    violation = `task ${task} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { violation, steps: result.steps };
}

/** One line per protocol, for people. */
export function summarize(result: ReproduceResult): string {
  const name = `${result.protocol} addFolio`.padEnd(18);
  const c = result.corruption;
  if (c === undefined) {
    return `${name} clean over ${result.schedules.toLocaleString('en-US')} schedules (${result.steps.toLocaleString('en-US')} steps)`;
  }
  return `${name} corrupted in schedule ${c.schedule} (seed ${c.seed}, step ${c.steps.length}): ${c.violation}`;
}
