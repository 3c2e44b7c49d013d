import {
  Scheduler,
  describeSearch,
  outcomeOf,
  searchSchedules,
  type Corruption,
  type Io,
  type ScheduleOutcome,
  type SearchResult,
} from '@lockctx/example-scheduler';
import { checkShmem } from './check.js';
import { ShmemMapping, type Protocol } from './shmem.js';

export interface ReproduceOptions {
  protocol: Protocol;
  schedules: number;
  seed?: number;
  pages?: number;
  chunkShift?: number;
}

export type { Corruption };

/** What {@link reproduce} found for one protocol. */
export type ReproduceResult = SearchResult<Protocol>;

/** The largest swap entry order the workload creates (16 pages). */
const ORDER = 4;

/**
 * Runs the truncate/swap-in workload under up to `schedules` seeded
 * interleavings, stopping at the first that breaks an invariant. Two tasks
 * swap pages in (splitting large swap entries) while a third punches holes
 * in the file, as in the 2026 report.
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

/** One schedule of the workload. */
export async function runSchedule(options: {
  protocol: Protocol;
  seed: number;
  pages?: number;
  chunkShift?: number;
}): Promise<ScheduleOutcome> {
  const pages = options.pages ?? 32;
  const mapping = new ShmemMapping({
    pages,
    protocol: options.protocol,
    ...(options.chunkShift === undefined
      ? {}
      : { chunkShift: options.chunkShift }),
  });
  mapping.swapOutAll(ORDER);
  const s = new Scheduler(options.seed);
  const r = s.random;
  for (const name of ['swapin-1', 'swapin-2']) {
    s.spawn(name, async (io: Io) => {
      for (let k = 0; k < 3; k++) await mapping.swapIn(io, r.below(pages));
    });
  }
  s.spawn('truncate', async (io: Io) => {
    for (let k = 0; k < 2; k++) {
      // Half the holes cover a whole large entry; the rest are arbitrary.
      let first: number;
      let last: number;
      if (r.chance(0.5)) {
        first = r.below(pages / 2 ** ORDER) * 2 ** ORDER;
        last = first + 2 ** ORDER - 1;
      } else {
        first = r.below(pages);
        last = Math.min(pages - 1, first + r.below(2 ** ORDER));
      }
      await mapping.truncate(io, first, last);
    }
  });
  return outcomeOf(await s.run(() => checkShmem(mapping)));
}

/** One line per protocol, for people. */
export function summarize(result: ReproduceResult): string {
  return describeSearch(
    `${result.protocol} shmem_free_swap`.padEnd(26),
    result,
  );
}
