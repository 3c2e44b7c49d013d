/**
 * Searching seeded schedules for one that breaks an invariant: the loop
 * every reproducer runs, whatever its workload.
 */
import { scheduleSeed } from './random.js';
import type { RunResult, Step } from './scheduler.js';

/** What one schedule of a workload did. */
export interface ScheduleOutcome {
  /** The first invariant it broke, or the first task that failed. */
  violation: string | undefined;
  steps: Step[];
}

/** The first schedule that broke an invariant. */
export interface Corruption {
  /** 1-based: the number of schedules run until this one, included. */
  schedule: number;
  /** Replays this schedule alone. */
  seed: number;
  /** What was wrong. */
  violation: string;
  /** The steps up to the violation. */
  steps: Step[];
}

/** The outcome of a search over schedules, for one protocol. */
export interface SearchResult<P extends string> {
  protocol: P;
  /** Schedules run (all of them when none went wrong). */
  schedules: number;
  /** Scheduling steps over all schedules. */
  steps: number;
  corruption: Corruption | undefined;
}

/**
 * A scheduler run as an outcome: its invariant violation or, when there is
 * none, the first error a task threw.
 */
export function outcomeOf(result: RunResult): ScheduleOutcome {
  let violation = result.violation;
  const failed = [...result.errors][0];
  if (violation === undefined && failed !== undefined) {
    const [task, error] = failed;
    violation = `task ${task} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { violation, steps: result.steps };
}

/**
 * Runs `runOne` with the seeds `scheduleSeed(seed, 0)`,
 * `scheduleSeed(seed, 1)`… up to `schedules` times and stops at the first
 * schedule that breaks an invariant.
 */
export async function searchSchedules<P extends string>(options: {
  protocol: P;
  schedules: number;
  seed?: number;
  runOne: (seed: number) => Promise<ScheduleOutcome>;
}): Promise<SearchResult<P>> {
  const { protocol, schedules } = options;
  if (!Number.isInteger(schedules) || schedules < 1) {
    throw new RangeError(
      `schedules must be a positive integer, got ${String(schedules)}`,
    );
  }
  const base = options.seed ?? 1;
  let steps = 0;
  for (let n = 0; n < schedules; n++) {
    const seed = scheduleSeed(base, n);
    const run = await options.runOne(seed);
    steps += run.steps.length;
    if (run.violation !== undefined) {
      return {
        protocol,
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
  return { protocol, schedules, steps, corruption: undefined };
}

/** One line for people: `<label> clean over …` or `<label> corrupted in …`. */
export function describeSearch(
  label: string,
  result: SearchResult<string>,
): string {
  const c = result.corruption;
  if (c === undefined) {
    return `${label} clean over ${result.schedules.toLocaleString('en-US')} schedules (${result.steps.toLocaleString('en-US')} steps)`;
  }
  return `${label} corrupted in schedule ${c.schedule} (seed ${c.seed}, step ${c.steps.length}): ${c.violation}`;
}
