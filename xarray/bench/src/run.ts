/**
 * Runs workloads: every contender primed (one untimed trial on a small
 * input, see PRIME_N) and prepared, then rounds in which each contender runs
 * one trial in turn (round-robin, so that slow drifts of a noisy machine
 * spread over all of them), after each has warmed up alone.
 *
 * No garbage collection is forced between timed trials: a forced full
 * collection throws away optimised code that refers to objects of the
 * previous trial ("weak objects" deoptimisation), so every trial would run
 * half-cold. Collections are forced only to weigh structures.
 */
import { collect, spread, weigh } from './harness.js';
import type { Contender, Trial } from './harness.js';
import { Inputs } from './inputs.js';
import type { Result, WorkloadResults } from './results.js';
import type { Workload } from './workload.js';

/** How a run is configured. */
export interface RunOptions {
  /** Measured rounds (after one warm-up round). */
  readonly runs: number;
  /** Where progress goes. */
  readonly progress: (line: string) => void;
}

/** Warm-up trials per contender: at least ... */
const MIN_WARMUP = 3;
/** ... at most ... */
const MAX_WARMUP = 12;
/** ... stopping once a trial is no faster than 0.9× the best before it, */
const SETTLED = 0.9;
/** ... or, for slow trials, after two trials and this much time (5 s). */
const WARMUP_BUDGET_NS = 5e9;

/**
 * Operations of the priming trial each contender runs, whole, before its
 * warm-up: few enough that V8 does not compile the trial's loops while they
 * run, so that every line of the trial function has run before any of its
 * loops is compiled. Without it, the first trial's loop is compiled on the
 * stack (on-stack replacement) before the code after the loop has ever
 * run; that code then deoptimises on leaving the loop, and in some runs V8
 * kept reusing the same loop code and deoptimising at its exit on every
 * later trial, so that each trial began interpreted (W2's lockctx loop:
 * 3.5 ns run alone, 7.2 ns after W1, with eight deoptimisations at the same
 * place).
 */
const PRIME_N = 1000;

/**
 * Runs each contender's trial once, untimed, on a small input (see
 * PRIME_N): all of them, or only `impl`. A contender that fails here fails
 * again when measured, where it is reported.
 */
export function prime(workload: Workload, n: number, impl?: string): void {
  for (const c of workload.contenders(new Inputs(Math.min(PRIME_N, n)))) {
    if (impl !== undefined && c.impl !== impl) continue;
    try {
      c.prepare();
      c.trial();
    } catch {
      // reported by the measured run
    } finally {
      c.release();
    }
  }
}

/** A checksum disagreement, or a contender that threw. */
export interface Failure {
  readonly workload: string;
  readonly impl: string;
  readonly message: string;
}

/** Runs one workload; failures are collected, never thrown. */
export function runWorkload(
  workload: Workload,
  inputs: Inputs,
  options: RunOptions,
  failures: Failure[],
): WorkloadResults {
  const { progress } = options;
  prime(workload, inputs.n);
  const contenders = workload.contenders(inputs);
  const alive = new Set<Contender>();
  const fail = (c: Contender, message: string): void => {
    failures.push({ workload: workload.id, impl: c.impl, message });
    progress(`${workload.id} ${c.impl}: FAILED: ${message}`);
    alive.delete(c);
    c.release();
  };

  for (const c of contenders) {
    progress(`${workload.id} ${workload.title}: preparing ${c.impl}`);
    try {
      c.prepare();
      alive.add(c);
    } catch (error) {
      failures.push({
        workload: workload.id,
        impl: c.impl,
        message: text(error),
      });
      progress(`${workload.id} ${c.impl}: FAILED to prepare: ${text(error)}`);
    }
  }

  // samples.get(impl).get(op) = ns/op of each measured round
  const samples = new Map<string, Map<string, number[]>>();
  // The checksum each op must give: the one most contenders agree on in the
  // warm-up round, so that one wrong implementation is the one named.
  const reference = new Map<string, { impls: string[]; checksum: number }>();
  const warmup = new Map<Contender, Trial>();

  // Warm-up: each contender alone, until its JIT has settled (a trial no
  // longer much faster than the one before), at least MIN_WARMUP trials.
  for (const c of contenders) {
    if (!alive.has(c)) continue;
    let previous = Infinity;
    let spent = 0;
    for (let k = 1; k <= MAX_WARMUP; k++) {
      let trial: Trial;
      try {
        trial = c.trial();
      } catch (error) {
        fail(c, text(error));
        break;
      }
      // Keep the checksums only: a kept structure would stay on the heap
      // through every later trial (W6 at N = 1,000,000 weighs gigabytes).
      if (k === 1) warmup.set(c, { phases: trial.phases });
      const ns = trial.phases.reduce((sum, p) => sum + p.ns, 0);
      spent += ns;
      const settled =
        (k >= MIN_WARMUP && ns > previous * SETTLED) ||
        (k >= 2 && spent > WARMUP_BUDGET_NS);
      previous = Math.min(previous, ns);
      if (settled) break;
    }
    progress(`${workload.id} ${c.impl}: warmed up`);
  }
  agree(warmup, reference);
  for (const [c, trial] of warmup) {
    const mismatch = verify(trial, reference);
    if (mismatch !== undefined && alive.has(c)) fail(c, mismatch);
  }

  for (let round = 1; round <= options.runs; round++) {
    const figures: string[] = [];
    for (const c of contenders) {
      if (!alive.has(c)) continue;
      let trial: Trial;
      try {
        trial = c.trial();
      } catch (error) {
        fail(c, text(error));
        continue;
      }
      const mismatch = verify(trial, reference);
      if (mismatch !== undefined) {
        fail(c, mismatch);
        continue;
      }
      const byOp = samples.get(c.impl) ?? new Map<string, number[]>();
      samples.set(c.impl, byOp);
      for (const p of trial.phases) {
        const list = byOp.get(p.op) ?? [];
        list.push(p.ns / p.ops);
        byOp.set(p.op, list);
      }
      const first = trial.phases[0]!;
      figures.push(`${c.impl} ${(first.ns / first.ops).toFixed(1)}`);
    }
    progress(
      `${workload.id} run ${round}/${options.runs}: ${figures.join(', ')} ns/op`,
    );
  }

  const bytes = new Map<string, number>();
  if (workload.memory) {
    for (const c of contenders) if (alive.has(c)) c.release();
    for (const c of contenders) {
      if (!alive.has(c)) continue;
      try {
        c.prepare();
        const b = weigh(c);
        if (b !== undefined) bytes.set(c.impl, b);
      } catch (error) {
        fail(c, text(error));
      }
      c.release();
      progress(
        `${workload.id} heap: ${c.impl} ${bytes.get(c.impl)?.toFixed(1) ?? '?'} bytes/entry`,
      );
    }
  }
  for (const c of contenders) c.release();
  collect();

  const results: Result[] = [];
  for (const c of contenders) {
    if (!alive.has(c)) continue;
    const byOp = samples.get(c.impl);
    if (byOp === undefined) continue;
    let firstOp = true;
    for (const [op, list] of byOp) {
      const b = firstOp ? bytes.get(c.impl) : undefined;
      firstOp = false;
      results.push({
        impl: c.impl,
        op,
        nsPerOp: spread(list),
        ...(b === undefined ? {} : { bytesPerEntry: b }),
      });
    }
  }
  return { id: workload.id, title: workload.title, results };
}

/** Sets each op's reference checksum to the one most contenders gave. */
function agree(
  trials: Map<Contender, Trial>,
  reference: Map<string, { impls: string[]; checksum: number }>,
): void {
  const votes = new Map<string, Map<number, string[]>>();
  for (const [c, trial] of trials) {
    for (const p of trial.phases) {
      if (p.checksum === undefined || !Number.isFinite(p.checksum)) continue;
      const byValue = votes.get(p.op) ?? new Map<number, string[]>();
      votes.set(p.op, byValue);
      const impls = byValue.get(p.checksum) ?? [];
      impls.push(c.impl);
      byValue.set(p.checksum, impls);
    }
  }
  for (const [op, byValue] of votes) {
    let best: { impls: string[]; checksum: number } | undefined;
    for (const [checksum, impls] of byValue) {
      if (best === undefined || impls.length > best.impls.length) {
        best = { impls, checksum };
      }
    }
    if (best !== undefined) reference.set(op, best);
  }
}

/** Checks a trial's checksums against the agreed ones. */
function verify(
  trial: Trial,
  reference: Map<string, { impls: string[]; checksum: number }>,
): string | undefined {
  for (const p of trial.phases) {
    if (p.checksum === undefined) continue;
    if (!Number.isFinite(p.checksum)) {
      return `${p.op}: checksum ${p.checksum} (an entry read back as missing)`;
    }
    const ref = reference.get(p.op);
    if (ref !== undefined && ref.checksum !== p.checksum) {
      return `${p.op}: checksum ${p.checksum} differs from ${ref.checksum}, which ${ref.impls.join(', ')} agree on: its results are wrong`;
    }
  }
  return undefined;
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
