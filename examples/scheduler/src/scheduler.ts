/**
 * A deterministic scheduler for async tasks.
 *
 * JavaScript runs one task at a time; tasks interleave only where they
 * `await`. A kernel race between two CPUs becomes, here, a race between two
 * async tasks that suspend at their I/O points. This scheduler makes those
 * interleavings explicit and reproducible: every task awaits the scheduler's
 * {@link Io.pause} (the simulated I/O), and at each such point a seeded
 * generator picks which suspended task runs next.
 *
 * Invariants:
 * - At most one task runs between two scheduling decisions; the others are
 *   suspended at a pause (or have not started).
 * - The sequence of decisions depends only on the seed and on the tasks'
 *   own behaviour, so a failing schedule is replayed by its seed.
 * - A task that awaits anything other than its {@link Io} (a timer, real I/O)
 *   stops the run with {@link StrayAwaitError}: such an await would escape
 *   the schedule and make it non-deterministic.
 */

import { Random } from './random.js';

/** What a task uses to yield to the scheduler. */
export interface Io {
  /**
   * Suspends the task, as an `await` on I/O would, and lets the scheduler run
   * any ready task (possibly this one again).
   *
   * @param label - what the task waits for, recorded in the trace.
   */
  pause(label: string): Promise<void>;
  /** The task's name. */
  readonly task: string;
}

/** A task body: an async function that yields only through `io`. */
export type TaskBody = (io: Io) => Promise<void>;

/** One scheduling decision: the task resumed, and where it had paused. */
export interface Step {
  task: string;
  /** The label of the pause it resumed from; `start` for its first step. */
  at: string;
}

/** Called after every step; returning a string stops the run with it. */
export type StepCheck = (step: Step, index: number) => string | undefined;

/** The outcome of {@link Scheduler.run}. */
export interface RunResult {
  /** Every scheduling decision, in order. */
  steps: Step[];
  /** The first message returned by the step check, if any. */
  violation: string | undefined;
  /** Errors thrown by tasks, by task name. */
  errors: Map<string, unknown>;
}

/** A task awaited something that the scheduler does not control. */
export class StrayAwaitError extends Error {
  override readonly name = 'StrayAwaitError';
}

interface Task {
  name: string;
  body: TaskBody;
  /** Resumes the task from its pause; `undefined` once it has finished. */
  resume: (() => void) | undefined;
  /** The label of the pause it is suspended at. */
  at: string;
  started: boolean;
}

/**
 * Interleaves async tasks at their pauses in an order drawn from a seed.
 *
 * @example
 * ```ts
 * const s = new Scheduler(42);
 * s.spawn('a', async (io) => { x = 1; await io.pause('write'); y = x; });
 * s.spawn('b', async (io) => { x = 2; await io.pause('write'); });
 * const { steps } = await s.run();
 * ```
 */
export class Scheduler {
  readonly seed: number;
  readonly #random: Random;
  readonly #tasks: Task[] = [];
  #running = false;
  /** Resolved by the running task when it pauses or finishes. */
  #wake: (() => void) | undefined;

  /**
   * @param seed - an unsigned 32-bit integer; the same seed and the same
   *   tasks give the same interleaving.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(
        `Scheduler seed must be an integer in 0..2^32-1, got ${String(seed)}`,
      );
    }
    this.seed = seed;
    this.#random = new Random(seed);
  }

  /** The scheduler's generator, for tasks that draw their own choices. */
  get random(): Random {
    return this.#random;
  }

  /**
   * Adds a task. It starts at the first scheduling decision that picks it.
   *
   * @throws Error if the scheduler is already running.
   */
  spawn(name: string, body: TaskBody): void {
    if (this.#running) {
      throw new Error(`spawn('${name}') while the scheduler runs`);
    }
    this.#tasks.push({
      name,
      body,
      resume: undefined,
      at: 'start',
      started: false,
    });
  }

  /**
   * Runs every task to completion, one step at a time.
   *
   * @param check - called after every step (a safe point: no task is
   *   between two of its pauses); a returned message stops the run.
   */
  async run(check?: StepCheck): Promise<RunResult> {
    this.#running = true;
    const steps: Step[] = [];
    const errors = new Map<string, unknown>();
    let ready = this.#tasks.slice();
    try {
      while (ready.length > 0) {
        const task = ready[this.#random.below(ready.length)]!;
        const step: Step = { task: task.name, at: task.at };
        steps.push(step);
        const parked = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        if (task.started) {
          const resume = task.resume!;
          task.resume = undefined;
          resume();
        } else {
          task.started = true;
          this.#start(task, errors);
        }
        await settle(parked, task.name);
        ready = this.#tasks.filter((t) => !t.started || t.resume !== undefined);
        const violation = check?.(step, steps.length - 1);
        if (violation !== undefined) {
          return { steps, violation, errors };
        }
      }
      return { steps, violation: undefined, errors };
    } finally {
      this.#running = false;
    }
  }

  #start(task: Task, errors: Map<string, unknown>): void {
    const io: Io = {
      task: task.name,
      pause: (label: string) =>
        new Promise<void>((resolve) => {
          task.at = label;
          task.resume = resolve;
          this.#wake?.();
        }),
    };
    task.body(io).then(
      () => this.#wake?.(),
      (error: unknown) => {
        errors.set(task.name, error);
        this.#wake?.();
      },
    );
  }
}

/**
 * Waits for the running task to pause or finish. Every continuation of a
 * task that awaits only its `io` runs in microtasks, so a macrotask turn
 * without a pause means the task awaits something else.
 */
async function settle(parked: Promise<void>, task: string): Promise<void> {
  let timer: NodeJS.Immediate | undefined;
  const stray = new Promise<never>((_, reject) => {
    timer = setImmediate(() =>
      reject(
        new StrayAwaitError(
          `task '${task}' awaited something other than io.pause(); every await of a scheduled task must go through its Io`,
        ),
      ),
    );
  });
  try {
    await Promise.race([parked, stray]);
  } finally {
    clearImmediate(timer);
  }
}
