import {
  Scheduler,
  describeSearch,
  noSleep,
  outcomeOf,
  searchSchedules,
  type Corruption,
  type Io,
  type ScheduleOutcome,
  type SearchResult,
} from '@lockctx/example-scheduler';
import { checkPageCache } from './check.js';
import { MAX_FOLIO_ORDER } from './folio.js';
import { PageCache, type Protocol } from './page-cache.js';

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

export type { Corruption };

/** What {@link reproduce} found for one protocol. */
export type ReproduceResult = SearchResult<Protocol>;

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
  return searchSchedules({
    protocol: options.protocol,
    schedules: options.schedules,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    runOne: (seed) => runSchedule({ ...options, seed }),
  });
}

/** One schedule of the workload; the violation, if any, and its steps. */
export async function runSchedule(options: {
  protocol: Protocol;
  seed: number;
  pages?: number;
  chunkShift?: number;
}): Promise<ScheduleOutcome> {
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
  return outcomeOf(await s.run(() => checkPageCache(cache)));
}

/** One line per protocol, for people. */
export function summarize(result: ReproduceResult): string {
  return describeSearch(`${result.protocol} addFolio`.padEnd(18), result);
}
