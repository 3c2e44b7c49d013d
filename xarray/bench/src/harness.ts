/**
 * The measuring harness. It never sits inside a timed loop: every
 * implementation has its own monomorphic loop in a function of its own, which
 * times its phases itself and hands back what it measured.
 */

/** One timed phase of one trial of one implementation. */
export interface Phase {
  /** The phase's name, the same for every implementation of a workload. */
  readonly op: string;
  /** How many operations the phase performed. */
  readonly ops: number;
  /** Wall time of the phase, in nanoseconds. */
  readonly ns: number;
  /**
   * A value derived from every result of the phase, compared across
   * implementations so that a wrong or optimised-away loop cannot go unseen;
   * `undefined` where a later phase of the same trial checks the work.
   */
  readonly checksum: number | undefined;
}

/** What one trial measured, and the structure it built if asked to keep it. */
export interface Trial {
  readonly phases: readonly Phase[];
  /** The structure the trial built, kept alive to weigh it on the heap. */
  readonly keep?: { readonly structure: unknown; readonly entries: number };
}

/** One implementation of one workload. */
export interface Contender {
  /** The implementation's name as reported (`lockctx`, `Map`, a package). */
  readonly impl: string;
  /** Builds what the trials only read; untimed, once, before the first trial. */
  prepare(): void;
  /** Runs the workload once and reports its phases. */
  trial(): Trial;
  /** Drops what `prepare` built. */
  release(): void;
}

/** A contender whose trials build everything they need themselves. */
export function fresh(impl: string, trial: () => Trial): Contender {
  return { impl, prepare() {}, trial, release() {} };
}

/** A contender whose trials read a structure built once by `prepare`. */
export function prepared<S>(
  impl: string,
  prepare: () => S,
  trial: (state: S) => Trial,
): Contender {
  let state: S | undefined;
  let ready = false;
  return {
    impl,
    prepare() {
      state = prepare();
      ready = true;
    },
    trial() {
      if (!ready) throw new Error(`${impl}: trial() before prepare()`);
      return trial(state as S);
    },
    release() {
      state = undefined;
      ready = false;
    },
  };
}

/**
 * What phases are timed with: `cpu`, the CPU time of this process (user +
 * system, all its threads), which a machine shared with other work does not
 * inflate; or `wall`, elapsed real time, right on an otherwise idle machine.
 */
export type Clock = 'cpu' | 'wall';

let clock: Clock = 'cpu';

/** Chooses the clock of {@link now}. */
export function setClock(choice: Clock): void {
  clock = choice;
}

/** The current reading of the chosen clock, in nanoseconds. */
export function now(): number {
  if (clock === 'wall') return performance.now() * 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1e3;
}

/** Builds a phase record from its start time (taken with {@link now}). */
export function phase(
  op: string,
  ops: number,
  start: number,
  checksum: number | undefined,
): Phase {
  return { op, ops, ns: now() - start, checksum };
}

/** Median, minimum and maximum of a non-empty list. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The median (mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? sorted[mid]!
      : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Runs a full garbage collection when node was started with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Whether {@link collect} really collects. */
export function canCollect(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/**
 * Heap bytes per entry of the structure a trial keeps: heap in use after the
 * trial minus heap in use before it, both after a full collection, divided
 * by the entries the trial says it holds.
 */
export function weigh(contender: Contender): number | undefined {
  collect();
  const before = process.memoryUsage().heapUsed;
  const trial = contender.trial();
  collect();
  const after = process.memoryUsage().heapUsed;
  if (trial.keep === undefined) return undefined;
  const bytes = (after - before) / trial.keep.entries;
  // Keep the structure reachable until the second measurement is taken.
  if (trial.keep.structure === undefined) return undefined;
  return bytes;
}
