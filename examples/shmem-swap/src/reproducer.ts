import {
  Scheduler,
  scheduleSeed,
  type Io,
  type Step,
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

export interface Corruption {
  schedule: number;
  seed: number;
  violation: string;
  steps: Step[];
}

export interface ReproduceResult {
  protocol: Protocol;
  schedules: number;
  steps: number;
  corruption: Corruption | undefined;
}

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

/** One schedule of the workload. */
export async function runSchedule(options: {
  protocol: Protocol;
  seed: number;
  pages?: number;
  chunkShift?: number;
}): Promise<{ violation: string | undefined; steps: Step[] }> {
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
  const result = await s.run(() => checkShmem(mapping));
  let violation = result.violation;
  if (violation === undefined && result.errors.size > 0) {
    const [task, error] = [...result.errors][0]!;
    violation = `task ${task} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { violation, steps: result.steps };
}

/** One line per protocol, for people. */
export function summarize(result: ReproduceResult): string {
  const name = `${result.protocol} shmem_free_swap`.padEnd(26);
  const c = result.corruption;
  if (c === undefined) {
    return `${name} clean over ${result.schedules.toLocaleString('en-US')} schedules (${result.steps.toLocaleString('en-US')} steps)`;
  }
  return `${name} corrupted in schedule ${c.schedule} (seed ${c.seed}, step ${c.steps.length}): ${c.violation}`;
}
