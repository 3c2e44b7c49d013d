/**
 * The randomised driver: applies seeded random operations to an XArray and to
 * the naive model, compares every answer, the whole `dump()` and the mark
 * summaries after every step, and runs the implementation's invariant walker
 * after every step. Shared by the vitest suite and the fuzz CLI.
 *
 * Operations are plain data ({@link Op}), so a failing run can be replayed,
 * shrunk to a short log and printed as code that reproduces it.
 */
import {
  MODEL_MAX_INDEX,
  MODEL_U32_MAX,
  ModelXArray,
  type ModelDumpRow,
  type ModelFilter,
} from './model.js';
import { Prng } from './prng.js';
import type {
  SubjectDumpRow,
  SubjectFilter,
  SubjectGuard,
  SubjectLimit,
  SubjectMark,
  SubjectOps,
  SubjectOptions,
  SubjectXArray,
} from './subject.js';

/** The three kinds of array: plain, XA_FLAGS_ALLOC and XA_FLAGS_ALLOC1. */
export type ArrayKind = 'plain' | 'alloc0' | 'alloc1';

/** How an operation reaches the array: directly, or through a guard. */
export type Via = 'xa' | 'lock' | 'withLock';

/** One operation, as data. */
export interface Op {
  name: OpName;
  args: unknown[];
  via: Via;
}

/** The operations the driver generates. */
export type OpName =
  | 'load'
  | 'store'
  | 'storeRange'
  | 'erase'
  | 'insert'
  | 'cmpxchg'
  | 'reserve'
  | 'release'
  | 'alloc'
  | 'allocCyclic'
  | 'find'
  | 'findAfter'
  | 'findIndex'
  | 'extract'
  | 'iterate'
  | 'iterateWhileChanging'
  | 'isEmpty'
  | 'destroy'
  | 'getOrder'
  | 'getMark'
  | 'setMark'
  | 'clearMark'
  | 'marked'
  | 'storeOrder'
  | 'split'
  | 'cursorWalk';

/** What the driver needs from the code under test. */
export interface DriverTarget {
  /** Creates a fresh array. */
  create(options: SubjectOptions): SubjectXArray<number>;
  /** The invariant walker, run after every step (throws on a broken invariant). */
  check(xa: SubjectXArray<number>): void;
}

/** Options of a randomised run. */
export interface RunOptions {
  seed: number;
  /** Total number of operations. */
  ops: number;
  /** Node size of every array of the run (1..6). */
  chunkShift: number;
  /** Kinds of array to create; all three by default. */
  kinds?: readonly ArrayKind[];
  /** Called every `progressEvery` operations with the number done. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
  /** Shrink a failing episode to a short reproducing log (default true). */
  shrink?: boolean;
  /**
   * Compare the whole `dump()` after every `fullDumpEvery`-th write and at
   * the end of every episode (default 1: after every write). The writes in
   * between compare the entry and marks at the indices they touched; the
   * answers, `isEmpty`, the mark summaries and the invariant walker are
   * checked after every step regardless.
   */
  fullDumpEvery?: number;
  /**
   * Share of indices drawn uniformly from the whole index space, in percent
   * (default 3 in allocating arrays, 6 in plain ones). Each such index adds a
   * path of nodes, so fewer keep the walker cheap in short runs.
   */
  uniformIndexPercent?: number;
}

/** Counts of a finished run. */
export interface RunStats {
  ops: number;
  episodes: number;
  perOp: Partial<Record<OpName, number>>;
  maxEntries: number;
}

/** A difference between the XArray and the model. */
export class Divergence extends Error {
  constructor(
    readonly seed: number,
    readonly chunkShift: number,
    readonly episode: number,
    readonly kind: ArrayKind,
    readonly step: number,
    readonly what: string,
    readonly log: readonly Op[],
  ) {
    super(
      `divergence (seed ${seed}, shift ${chunkShift}, episode ${episode}, ` +
        `${kind} array, step ${step}): ${what}\n` +
        `reproduce with (${log.length} operations):\n` +
        renderLog(kind, chunkShift, log),
    );
    this.name = 'Divergence';
  }
}

/** Runs `options.ops` random operations; throws a {@link Divergence} on the first difference. */
export function runRandomized(
  target: DriverTarget,
  options: RunOptions,
): RunStats {
  const prng = new Prng(options.seed);
  const kinds = options.kinds ?? ['plain', 'alloc0', 'alloc1'];
  const stats: RunStats = { ops: 0, episodes: 0, perOp: {}, maxEntries: 0 };
  const every = options.progressEvery ?? 10000;
  while (stats.ops < options.ops) {
    const kind = prng.pick(kinds);
    const length = Math.min(options.ops - stats.ops, prng.range(200, 3000));
    const episode = stats.episodes++;
    const gen = new Generator(
      prng,
      kind,
      options.chunkShift,
      options.uniformIndexPercent,
    );
    const session = new Session(
      target,
      kind,
      options.chunkShift,
      options.fullDumpEvery ?? 1,
    );
    const log: Op[] = [];
    for (let step = 0; step < length; step++) {
      const op = gen.next(session.model);
      log.push(op);
      const failure =
        session.apply(op) ??
        (step === length - 1 ? session.compareWholeDump(op) : undefined);
      if (failure !== undefined) {
        const minimal =
          options.shrink === false
            ? log
            : shrinkLog(target, kind, options.chunkShift, log);
        const shrunk =
          minimal === log
            ? undefined
            : replay(target, kind, options.chunkShift, minimal);
        throw new Divergence(
          options.seed,
          options.chunkShift,
          episode,
          kind,
          step,
          shrunk === undefined
            ? failure
            : `${failure}\nthe shrunk log fails at ${shrunk}`,
          minimal,
        );
      }
      stats.perOp[op.name] = (stats.perOp[op.name] ?? 0) + 1;
      stats.maxEntries = Math.max(stats.maxEntries, session.model.entries.size);
      stats.ops++;
      if (options.onProgress !== undefined && stats.ops % every === 0) {
        options.onProgress(stats.ops);
      }
    }
  }
  return stats;
}

/** Replays a log on a fresh array; returns the first difference, if any. */
export function replay(
  target: DriverTarget,
  kind: ArrayKind,
  chunkShift: number,
  log: readonly Op[],
): string | undefined {
  const session = new Session(target, kind, chunkShift);
  for (const [i, op] of log.entries()) {
    if (!session.valid(op)) return undefined;
    const failure = session.apply(op);
    if (failure !== undefined) return `step ${i}: ${failure}`;
  }
  return undefined;
}

/** Delta-debugging-style shrinking: drop chunks of the log while it still fails. */
function shrinkLog(
  target: DriverTarget,
  kind: ArrayKind,
  chunkShift: number,
  log: readonly Op[],
): Op[] {
  let current = [...log];
  let chunk = Math.max(1, current.length >> 1);
  let budget = 4000;
  while (chunk >= 1 && budget > 0) {
    let removed = false;
    for (let at = 0; at < current.length && budget > 0;) {
      const candidate = [...current.slice(0, at), ...current.slice(at + chunk)];
      budget--;
      if (
        candidate.length > 0 &&
        replay(target, kind, chunkShift, candidate) !== undefined
      ) {
        current = candidate;
        removed = true;
      } else {
        at += chunk;
      }
    }
    if (!removed) chunk >>= 1;
  }
  return current;
}

// ------------------------------------------------------------------ session

const ANY = Symbol('any');

/** Operations that only read: their answers are compared, the whole dump is not. */
const READ_ONLY: ReadonlySet<OpName> = new Set<OpName>([
  'load',
  'find',
  'findAfter',
  'findIndex',
  'extract',
  'iterate',
  'isEmpty',
  'getOrder',
  'getMark',
  'marked',
  'cursorWalk',
]);

/** A model and an array side by side. */
class Session {
  readonly model: ModelXArray<number>;
  readonly xa: SubjectXArray<number>;
  private readonly marks: readonly SubjectMark[];

  private writes = 0;

  constructor(
    private readonly target: DriverTarget,
    kind: ArrayKind,
    chunkShift: number,
    private readonly fullDumpEvery = 1,
  ) {
    const alloc = kind === 'plain' ? false : kind === 'alloc0' ? 0 : 1;
    this.model = new ModelXArray<number>({ alloc, chunkShift });
    this.xa = target.create({ alloc, chunkShift });
    this.marks = alloc === false ? [0, 1, 2] : [1, 2];
  }

  /** Whether the op's preconditions hold in the current state (a shrunk log may break them). */
  valid(op: Op): boolean {
    return opIsValid(this.model, op);
  }

  /** Applies an op to both sides and compares; returns a description of the first difference. */
  apply(op: Op): string | undefined {
    let expected: unknown;
    let got: unknown;
    try {
      expected = applyModel(this.model, op);
    } catch (e) {
      return `the model rejected ${renderOp(op)}: ${String(e)}`;
    }
    try {
      got = applySubject(this.xa, op);
    } catch (e) {
      return `${renderOp(op)} threw ${describeError(e)}`;
    }
    if (!same(expected, got)) {
      return `${renderOp(op)}: expected ${show(expected)}, got ${show(got)}`;
    }
    return this.compareState(op);
  }

  private compareState(op: Op): string | undefined {
    const xa = this.xa;
    try {
      if (xa.locked) return `after ${renderOp(op)} the lock is still held`;
      if (!READ_ONLY.has(op.name)) {
        const failure =
          ++this.writes % this.fullDumpEvery === 0
            ? this.compareWholeDump(op)
            : this.compareTouched(op);
        if (failure !== undefined) return failure;
      }
      if (xa.isEmpty() !== this.model.isEmpty()) {
        return `after ${renderOp(op)} isEmpty() is ${xa.isEmpty()}`;
      }
      const marked = xa.withLock((g) => this.marks.map((m) => g.marked(m)));
      const expectedMarked = this.marks.map((m) => this.model.marked(m));
      if (!same(expectedMarked, marked)) {
        return `after ${renderOp(op)} marked(${this.marks.join(',')}) is ${show(marked)}, expected ${show(expectedMarked)}`;
      }
      this.target.check(xa);
    } catch (e) {
      return `after ${renderOp(op)}: ${describeError(e)}`;
    }
    return undefined;
  }

  /** Compares entry, reservation and marks at the indices a write named. */
  private compareTouched(op: Op): string | undefined {
    const a = op.args;
    const at: number[] = [];
    if (TOUCHES_ARG0.has(op.name)) at.push(num(a, 0));
    if (op.name === 'storeRange') at.push(num(a, 1));
    for (const i of at) {
      const e = this.model.entryAt(i);
      const expected = [e?.value ?? null, e?.reserved ?? false];
      const got = this.xa.withLock((g) => {
        const c = g.cursor(i);
        return [c.load() ?? null, c.isReserved()];
      });
      if (!same(expected, got)) {
        return `after ${renderOp(op)} index ${i} holds ${show(got)}, expected ${show(expected)}`;
      }
      for (const m of this.marks) {
        const want = this.model.getMark(i, m);
        const have = this.xa.withLock((g) => g.getMark(i, m));
        if (want !== have) {
          return `after ${renderOp(op)} getMark(${i}, ${m}) is ${have}, expected ${want}`;
        }
      }
    }
    return undefined;
  }

  /** Compares the whole dump. */
  compareWholeDump(op: Op): string | undefined {
    {
      const xa = this.xa;
      const expectedRows = this.model.dump();
      const gotRows = xa.dump();
      if (!sameDump(expectedRows, gotRows)) {
        const expectedDump = expectedRows.map((r) => ({
          ...r,
          order: r.order ?? ANY,
          entry: r.entry ?? null,
        }));
        const gotDump = gotRows.map((r) => ({ ...r, entry: r.entry ?? null }));
        return `after ${renderOp(op)} dump differs: ${dumpDiff(expectedDump, gotDump)}`;
      }
    }
    return undefined;
  }
}

/** Fast row-by-row dump comparison (an order the model cannot know matches anything). */
function sameDump(
  expected: readonly ModelDumpRow<number>[],
  got: readonly SubjectDumpRow<number>[],
): boolean {
  if (expected.length !== got.length) return false;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as ModelDumpRow<number>;
    const g = got[i] as SubjectDumpRow<number>;
    if (
      e.index !== g.index ||
      (e.order !== undefined && e.order !== g.order) ||
      e.entry !== g.entry ||
      e.reserved !== g.reserved ||
      e.marks !== g.marks ||
      Object.keys(g).length !== 5
    ) {
      return false;
    }
  }
  return true;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Writes whose first argument is the index they change. */
const TOUCHES_ARG0: ReadonlySet<OpName> = new Set<OpName>([
  'store',
  'storeRange',
  'erase',
  'insert',
  'cmpxchg',
  'reserve',
  'release',
  'setMark',
  'clearMark',
  'storeOrder',
  'split',
]);

// ------------------------------------------------------------- applying ops

type Args = readonly unknown[];

function num(args: Args, i: number): number {
  return args[i] as number;
}
function entry(args: Args, i: number): number | null {
  return args[i] as number | null;
}
function filterArg(args: Args, i: number): ModelFilter {
  return args[i] as ModelFilter;
}
function limitArg(args: Args, i: number): SubjectLimit | undefined {
  return args[i] as SubjectLimit | undefined;
}

/** The model's answer, in the normalised form {@link normalise} gives the array's. */
function applyModel(m: ModelXArray<number>, op: Op): unknown {
  const a = op.args;
  switch (op.name) {
    case 'load':
      return m.load(num(a, 0)) ?? null;
    case 'store':
      return m.store(num(a, 0), entry(a, 1)) ?? null;
    case 'storeRange':
      m.storeRange(num(a, 0), num(a, 1), entry(a, 2));
      return null;
    case 'erase':
      return m.erase(num(a, 0)) ?? null;
    case 'insert':
      return m.insert(num(a, 0), entry(a, 1));
    case 'cmpxchg':
      return m.cmpxchg(num(a, 0), entry(a, 1), entry(a, 2)) ?? null;
    case 'reserve':
      m.reserve(num(a, 0));
      return null;
    case 'release':
      m.release(num(a, 0));
      return null;
    case 'alloc':
      return m.alloc(entry(a, 0), limitArg(a, 1)) ?? null;
    case 'allocCyclic':
      return (
        m.allocCyclic(
          entry(a, 0),
          limitArg(a, 1),
          a[2] as number | undefined,
        ) ?? null
      );
    case 'find':
      return m.find(num(a, 0), num(a, 1), filterArg(a, 2)) ?? null;
    case 'findAfter':
      return m.findAfter(num(a, 0), num(a, 1), filterArg(a, 2)) ?? null;
    case 'findIndex':
      return m.findIndex(num(a, 0), num(a, 1), filterArg(a, 2));
    case 'extract':
      return m.extract(num(a, 0), num(a, 1), num(a, 2), filterArg(a, 3));
    case 'iterate': {
      const rows = m.iterate(num(a, 0), num(a, 1), filterArg(a, 2));
      return projectRows(rows, a[3] as IterForm);
    }
    case 'iterateWhileChanging': {
      const [start, last, filter, changes] = a as [
        number,
        number,
        ModelFilter,
        Op[],
      ];
      const out: unknown[] = [];
      let found = m.find(start, last, filter);
      for (let i = 0; found !== undefined; i++) {
        out.push([found.index, found.entry]);
        const change = changes[i];
        if (change !== undefined) applyModel(m, change);
        found = m.findAfter(found.index, last, filter);
      }
      return out;
    }
    case 'isEmpty':
      return m.isEmpty();
    case 'destroy':
      m.destroy();
      return null;
    case 'getOrder':
      return m.getOrder(num(a, 0)) ?? ANY;
    case 'getMark':
      return m.getMark(num(a, 0), num(a, 1));
    case 'setMark':
      m.setMark(num(a, 0), num(a, 1));
      return null;
    case 'clearMark':
      m.clearMark(num(a, 0), num(a, 1));
      return null;
    case 'marked':
      return m.marked(num(a, 0));
    case 'storeOrder':
      return m.storeOrder(num(a, 0), num(a, 1), entry(a, 2)) ?? null;
    case 'split':
      m.split(num(a, 0), num(a, 1));
      return null;
    case 'cursorWalk': {
      const [start, steps] = a as [number, string];
      const out: unknown[] = [];
      let index = start;
      out.push([index, m.load(index) ?? null, isReservedAt(m, index)]);
      for (const s of steps) {
        index =
          s === 'n'
            ? index === MODEL_MAX_INDEX
              ? 0
              : index + 1
            : index === 0
              ? MODEL_MAX_INDEX
              : index - 1;
        out.push([index, m.load(index) ?? null, isReservedAt(m, index)]);
      }
      return out;
    }
  }
}

function isReservedAt(m: ModelXArray<number>, index: number): boolean {
  return m.entryAt(index)?.reserved ?? false;
}

type IterForm = 'entries' | 'keys' | 'values' | 'iterator' | 'guard';

function projectRows(rows: [number, number][], form: IterForm): unknown {
  if (form === 'keys') return rows.map((r) => r[0]);
  if (form === 'values') return rows.map((r) => r[1]);
  return rows;
}

/** Runs `fn` on the array itself or on a guard, as the op says. */
function through<R>(
  xa: SubjectXArray<number>,
  via: Via,
  fn: (ops: SubjectOps<number>) => R,
): R {
  if (via === 'xa') return fn(xa);
  return underGuard(xa, via, fn);
}

function underGuard<R>(
  xa: SubjectXArray<number>,
  via: Via,
  fn: (g: SubjectGuard<number>) => R,
): R {
  if (via === 'withLock') return xa.withLock(fn);
  const g = xa.lock();
  try {
    return fn(g);
  } finally {
    g[Symbol.dispose]();
  }
}

/** The array's answer, normalised (`undefined` → `null`, found → plain object). */
function applySubject(xa: SubjectXArray<number>, op: Op): unknown {
  const a = op.args;
  const v = op.via;
  switch (op.name) {
    case 'load':
      return through(xa, v, (o) => o.load(num(a, 0))) ?? null;
    case 'store':
      return through(xa, v, (o) => o.store(num(a, 0), entry(a, 1))) ?? null;
    case 'storeRange':
      through(xa, v, (o) => o.storeRange(num(a, 0), num(a, 1), entry(a, 2)));
      return null;
    case 'erase':
      return through(xa, v, (o) => o.erase(num(a, 0))) ?? null;
    case 'insert':
      return through(xa, v, (o) => o.insert(num(a, 0), entry(a, 1)));
    case 'cmpxchg':
      return (
        through(xa, v, (o) => o.cmpxchg(num(a, 0), entry(a, 1), entry(a, 2))) ??
        null
      );
    case 'reserve':
      through(xa, v, (o) => o.reserve(num(a, 0)));
      return null;
    case 'release':
      through(xa, v, (o) => o.release(num(a, 0)));
      return null;
    case 'alloc':
      return (
        through(xa, v, (o) =>
          a.length > 1 && a[1] !== undefined
            ? o.alloc(entry(a, 0), limitArg(a, 1))
            : o.alloc(entry(a, 0)),
        ) ?? null
      );
    case 'allocCyclic': {
      const r = through(xa, v, (o) =>
        a[2] !== undefined
          ? o.allocCyclic(entry(a, 0), limitArg(a, 1), num(a, 2))
          : a[1] !== undefined
            ? o.allocCyclic(entry(a, 0), limitArg(a, 1))
            : o.allocCyclic(entry(a, 0)),
      );
      return r === undefined
        ? null
        : { id: r.id, next: r.next, wrapped: r.wrapped };
    }
    case 'find':
      return found(
        through(xa, v, (o) => o.find(num(a, 0), num(a, 1), filterArg(a, 2))),
      );
    case 'findAfter':
      return found(
        through(xa, v, (o) =>
          o.findAfter(num(a, 0), num(a, 1), filterArg(a, 2)),
        ),
      );
    case 'findIndex':
      return through(xa, v, (o) =>
        o.findIndex(num(a, 0), num(a, 1), filterArg(a, 2)),
      );
    case 'extract':
      return through(xa, v, (o) =>
        o.extract(num(a, 0), num(a, 1), num(a, 2), filterArg(a, 3)),
      );
    case 'iterate': {
      const options = {
        start: num(a, 0),
        last: num(a, 1),
        filter: filterArg(a, 2) as SubjectFilter,
      };
      const form = a[3] as IterForm;
      switch (form) {
        case 'entries':
          return [...xa.entries(options)];
        case 'keys':
          return [...xa.keys(options)];
        case 'values':
          return [...xa.values(options)];
        case 'guard':
          return underGuard(xa, 'withLock', (g) => [...g.entries(options)]);
        case 'iterator':
          // The default iterator walks everything present.
          return [...xa];
      }
      return undefined;
    }
    case 'iterateWhileChanging': {
      const [start, last, filter, changes] = a as [
        number,
        number,
        SubjectFilter,
        Op[],
      ];
      const out: unknown[] = [];
      let i = 0;
      for (const row of xa.entries({ start, last, filter })) {
        out.push(row);
        const change = changes[i++];
        if (change !== undefined) applySubject(xa, change);
      }
      return out;
    }
    case 'isEmpty':
      return through(xa, v, (o) => o.isEmpty());
    case 'destroy':
      xa.destroy();
      return null;
    case 'getOrder':
      return underGuard(xa, v, (g) => g.getOrder(num(a, 0)));
    case 'getMark':
      return underGuard(xa, v, (g) =>
        g.getMark(num(a, 0), num(a, 1) as SubjectMark),
      );
    case 'setMark':
      underGuard(xa, v, (g) => g.setMark(num(a, 0), num(a, 1) as SubjectMark));
      return null;
    case 'clearMark':
      underGuard(xa, v, (g) =>
        g.clearMark(num(a, 0), num(a, 1) as SubjectMark),
      );
      return null;
    case 'marked':
      return underGuard(xa, v, (g) => g.marked(num(a, 0) as SubjectMark));
    case 'storeOrder':
      return (
        underGuard(xa, v, (g) =>
          g.storeOrder(num(a, 0), num(a, 1), entry(a, 2)),
        ) ?? null
      );
    case 'split':
      underGuard(xa, v, (g) => g.split(num(a, 0), num(a, 1)));
      return null;
    case 'cursorWalk': {
      const [start, steps] = a as [number, string];
      return underGuard(xa, v, (g) => {
        const c = g.cursor(start);
        const out: unknown[] = [[c.index, c.load() ?? null, c.isReserved()]];
        for (const s of steps) {
          const e = s === 'n' ? c.next() : c.prev();
          out.push([c.index, e ?? null, c.isReserved()]);
        }
        return out;
      });
    }
  }
}

function found(
  r: { index: number; entry: number } | undefined,
): { index: number; entry: number } | null {
  return r === undefined ? null : { index: r.index, entry: r.entry };
}

/** Deep equality where {@link ANY} on the expected side matches anything. */
function same(expected: unknown, got: unknown): boolean {
  if (expected === ANY) return true;
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, got);
  }
  if (got === null || typeof got !== 'object') return false;
  if (Array.isArray(expected) !== Array.isArray(got)) return false;
  const ek = Object.keys(expected);
  const gk = Object.keys(got);
  if (ek.length !== gk.length) return false;
  for (const k of ek) {
    if (
      !same(
        (expected as Record<string, unknown>)[k],
        (got as Record<string, unknown>)[k],
      )
    ) {
      return false;
    }
  }
  return true;
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x === ANY ? '<any>' : x === undefined ? '<undefined>' : x,
  );
}

function dumpDiff(expected: unknown[], got: unknown[]): string {
  const n = Math.max(expected.length, got.length);
  for (let i = 0; i < n; i++) {
    if (!same(expected[i], got[i])) {
      return `row ${i}: expected ${show(expected[i])}, got ${show(got[i])} (${expected.length} rows expected, ${got.length} got)`;
    }
  }
  return 'same rows';
}

// -------------------------------------------------------------- generation

/** Chooses operations and arguments; needs the model to aim at interesting indices. */
class Generator {
  private value = 1;
  private readonly marks: readonly number[];
  private readonly region: number;
  private readonly internalNext: boolean;
  private readonly uniformPercent: number;

  constructor(
    private readonly prng: Prng,
    private readonly kind: ArrayKind,
    private readonly chunkShift: number,
    uniformIndexPercent?: number,
  ) {
    this.uniformPercent = uniformIndexPercent ?? (kind === 'plain' ? 6 : 3);
    this.marks = kind === 'plain' ? [0, 1, 2] : [1, 2];
    // A second cluster of indices: around 2^31, 2^32 or a random spot.
    this.region = prng.pick([
      2 ** 31 - 64,
      2 ** 32 - 64,
      2 ** 40,
      prng.int(2 ** 53 - 2 ** 20),
    ]);
    // Allocating episodes either always pass `next` or always let the array keep it.
    this.internalNext = prng.chance(0.5);
  }

  private freshValue(): number {
    // Small values repeat, so cmpxchg sometimes matches by chance.
    return this.prng.chance(0.3) ? this.prng.int(8) : this.value++;
  }

  private valueOrNull(pNull: number): number | null {
    return this.prng.chance(pNull) ? null : this.freshValue();
  }

  /** An index: mostly a dense cluster near 0, some near a far region and near 2^53. */
  index(m: ModelXArray<number>): number {
    const p = this.prng;
    const r = p.int(100);
    if (r < 30 && m.entries.size > 0) {
      const e = p.pick([...m.entries.values()]);
      return p.chance(0.5) ? e.first : e.first + p.int(e.last - e.first + 1);
    }
    if (r < 70) return p.int(4 << this.chunkShift) + p.int(48);
    if (r < 82) return this.region + p.int(160);
    if (r < 94) return MODEL_MAX_INDEX - p.int(160);
    if (r < 97 && this.kind !== 'plain') return MODEL_U32_MAX - p.int(8);
    // The remaining 3 (alloc) or 6 (plain) in 100: uniform over the space,
    // or, when fewer are asked for, the dense cluster instead.
    const all = this.kind === 'plain' ? 6 : 3;
    if (this.uniformPercent >= all || p.int(all) < this.uniformPercent) {
      return p.int(MODEL_MAX_INDEX) + p.int(2);
    }
    return p.int(4 << this.chunkShift) + p.int(48);
  }

  private filter(): ModelFilter {
    return this.prng.chance(0.4)
      ? 'present'
      : (this.prng.pick(this.marks) as ModelFilter);
  }

  private via(): Via {
    return this.prng.pick<Via>(['xa', 'xa', 'lock', 'withLock']);
  }

  private guardVia(): Via {
    return this.prng.pick<Via>(['lock', 'withLock']);
  }

  private max(from: number): number {
    const p = this.prng;
    if (p.chance(0.3)) return MODEL_MAX_INDEX;
    if (p.chance(0.1)) return Math.max(0, from - 1 - p.int(4)); // max below start
    return Math.min(MODEL_MAX_INDEX, from + p.int(p.chance(0.5) ? 64 : 5000));
  }

  private limit(): SubjectLimit | undefined {
    const p = this.prng;
    const r = p.int(10);
    if (r < 5) return undefined;
    if (r < 8) {
      const min = p.int(160);
      return { min, max: min + p.int(40) };
    }
    if (r < 9) {
      const min = MODEL_U32_MAX - p.int(12);
      return { min, max: MODEL_U32_MAX };
    }
    return { min: 20 + p.int(20), max: p.int(20) }; // min > max: nothing to find
  }

  /** The next operation, valid in the model's current state. */
  next(m: ModelXArray<number>): Op {
    for (;;) {
      const op = this.pick(m);
      if (op !== undefined && opIsValid(m, op)) return op;
    }
  }

  private pick(m: ModelXArray<number>): Op | undefined {
    const p = this.prng;
    const plain = this.kind === 'plain';
    const crowded = m.entries.size > 24;
    const name = p.weighted<OpName>({
      load: 5,
      store: crowded ? 6 : 16,
      storeRange: plain ? 3 : 0,
      erase: crowded ? 30 : 8,
      insert: 5,
      cmpxchg: 5,
      reserve: 3,
      release: 3,
      alloc: plain ? 0 : crowded ? 3 : 10,
      allocCyclic: plain ? 0 : crowded ? 2 : 7,
      find: 4,
      findAfter: 4,
      findIndex: 2,
      extract: 3,
      iterate: 2,
      iterateWhileChanging: 1,
      isEmpty: 1,
      destroy: crowded ? 2 : p.chance(0.3) ? 1 : 0,
      getOrder: 2,
      getMark: 3,
      setMark: 6,
      clearMark: 3,
      marked: 1,
      storeOrder: plain ? (crowded ? 8 : 6) : 0,
      split: plain ? 3 : 0,
      cursorWalk: 2,
    });
    const via = this.via();
    switch (name) {
      case 'load':
      case 'erase':
      case 'reserve':
      case 'release':
        return { name, args: [this.index(m)], via };
      case 'store':
        return { name, args: [this.index(m), this.valueOrNull(0.15)], via };
      case 'insert':
        return { name, args: [this.index(m), this.valueOrNull(0.2)], via };
      case 'cmpxchg': {
        const index = this.index(m);
        const current = m.load(index);
        const old =
          p.chance(0.5) && current !== undefined
            ? current
            : p.chance(0.5)
              ? null
              : this.freshValue();
        return { name, args: [index, old, this.valueOrNull(0.25)], via };
      }
      case 'storeRange': {
        const first = this.index(m);
        const length = p.chance(0.7)
          ? 1 + p.int(40)
          : 1 + p.int(4 << (2 * this.chunkShift));
        const last = Math.min(MODEL_MAX_INDEX, first + (length - 1));
        return { name, args: [first, last, this.valueOrNull(0.3)], via };
      }
      case 'alloc': {
        const limit = this.limit();
        return {
          name,
          args:
            limit === undefined
              ? [this.valueOrNull(0.2)]
              : [this.valueOrNull(0.2), limit],
          via,
        };
      }
      case 'allocCyclic': {
        const limit = this.limit();
        if (this.internalNext) {
          return {
            name,
            args:
              limit === undefined
                ? [this.valueOrNull(0.2)]
                : [this.valueOrNull(0.2), limit],
            via,
          };
        }
        const next = p.chance(0.6)
          ? m.next
          : p.chance(0.5)
            ? MODEL_U32_MAX - p.int(3)
            : p.int(200);
        return {
          name,
          args: [
            this.valueOrNull(0.2),
            limit ?? { min: 0, max: MODEL_U32_MAX },
            next,
          ],
          via,
        };
      }
      case 'find':
      case 'findIndex': {
        const start = this.index(m);
        return { name, args: [start, this.max(start), this.filter()], via };
      }
      case 'findAfter': {
        const start = this.index(m);
        return { name, args: [start, this.max(start), this.filter()], via };
      }
      case 'extract': {
        const start = this.index(m);
        return {
          name,
          args: [
            start,
            this.max(start),
            p.pick([0, 1, 3, 10, 1000]),
            this.filter(),
          ],
          via,
        };
      }
      case 'iterate': {
        const form = p.pick<IterForm>([
          'entries',
          'keys',
          'values',
          'guard',
          'iterator',
        ]);
        const start =
          form === 'iterator' ? 0 : p.chance(0.5) ? 0 : this.index(m);
        const last = form === 'iterator' ? MODEL_MAX_INDEX : this.max(start);
        const filter = form === 'iterator' ? 'present' : this.filter();
        return { name, args: [start, last, filter, form], via: 'xa' };
      }
      case 'iterateWhileChanging': {
        const changes: Op[] = [];
        const n = p.int(12);
        for (let i = 0; i < n; i++) {
          const kind = p.pick([
            'store',
            'erase',
            'setMark',
            'clearMark',
          ] as const);
          const index = this.index(m);
          if (kind === 'store') {
            changes.push({
              name: 'store',
              args: [index, this.freshValue()],
              via: 'xa',
            });
          } else if (kind === 'erase') {
            changes.push({ name: 'erase', args: [index], via: 'xa' });
          } else {
            changes.push({
              name: kind,
              args: [index, p.pick(this.marks)],
              via: 'withLock',
            });
          }
        }
        return {
          name,
          args: [
            p.chance(0.5) ? 0 : this.index(m),
            MODEL_MAX_INDEX,
            this.filter(),
            changes,
          ],
          via: 'xa',
        };
      }
      case 'isEmpty':
        return { name, args: [], via };
      case 'destroy':
        if (this.internalNext && this.kind !== 'plain') return undefined;
        return { name, args: [], via: 'xa' };
      case 'getOrder':
        return { name, args: [this.index(m)], via: this.guardVia() };
      case 'getMark':
      case 'setMark':
      case 'clearMark':
        return {
          name,
          args: [this.index(m), p.pick(this.marks)],
          via: this.guardVia(),
        };
      case 'marked':
        return { name, args: [p.pick(this.marks)], via: this.guardVia() };
      case 'storeOrder': {
        const order = p.chance(0.85)
          ? p.int(2 * this.chunkShift + 3)
          : p.chance(0.9)
            ? p.int(24)
            : 53;
        return {
          name,
          args: [this.index(m), order, this.valueOrNull(crowded ? 0.6 : 0.2)],
          via: this.guardVia(),
        };
      }
      case 'split': {
        const multi = [...m.entries.values()].filter((e) => e.last > e.first);
        if (multi.length === 0) return undefined;
        const e = p.pick(multi);
        const order = Math.log2(e.last - e.first + 1);
        const k = this.chunkShift;
        const choices: number[] = [];
        for (let o = Math.max(0, order - 5); o < order; o++) {
          // At most 32 pieces, so the array stays small and the walker cheap.
          if (o - (o % k) + 2 * k > order) choices.push(o);
        }
        if (choices.length === 0) return undefined;
        return {
          name,
          args: [e.first + p.int(e.last - e.first + 1), p.pick(choices)],
          via: this.guardVia(),
        };
      }
      case 'cursorWalk': {
        let steps = '';
        const n = p.int(20);
        const forward = p.chance(0.5);
        for (let i = 0; i < n; i++) {
          steps += p.chance(0.85) === forward ? 'n' : 'p';
        }
        return { name, args: [this.index(m), steps], via: this.guardVia() };
      }
    }
  }
}

/**
 * Preconditions the driver keeps so every case has one meaning the model
 * can state: multi-index stores and splits only in plain arrays (as in the
 * traces), never cutting an irregular `storeRange` piece, splits only of
 * aligned power-of-two entries and only as far as the kernel can split.
 */
function opIsValid(m: ModelXArray<number>, op: Op): boolean {
  const a = op.args;
  switch (op.name) {
    case 'storeRange': {
      if (m.allocBase !== undefined) return false;
      const first = num(a, 0);
      const last = num(a, 1);
      return m
        .overlapping(first, last)
        .every((e) => e.first >= first && e.last <= last);
    }
    case 'storeOrder': {
      if (m.allocBase !== undefined) return false;
      const size = 2 ** num(a, 1);
      const first = Math.floor(num(a, 0) / size) * size;
      const last = first + (size - 1);
      return m.overlapping(first, last).every((e) => {
        const regular = isRegular(e);
        const inside = e.first >= first && e.last <= last;
        const around = e.first <= first && e.last >= last;
        return inside || (around && regular);
      });
    }
    case 'split': {
      if (m.allocBase !== undefined) return false;
      const e = m.entryAt(num(a, 0));
      if (e === undefined || e.reserved || !isRegular(e)) return false;
      const order = Math.log2(e.last - e.first + 1);
      const to = num(a, 1);
      const k = m.chunkShift;
      return to < order && to - (to % k) + 2 * k > order;
    }
    case 'alloc':
    case 'allocCyclic':
      return m.allocBase !== undefined;
    case 'getMark':
    case 'setMark':
    case 'clearMark':
      return m.allocBase === undefined || num(a, 1) !== 0;
    case 'marked':
      return m.allocBase === undefined || num(a, 0) !== 0;
    case 'iterateWhileChanging':
      return (a[3] as Op[]).every((c) => opIsValid(m, c));
    case 'cursorWalk': {
      // next/prev step the slot offset along with the index; once a load
      // has resolved a sibling slot to its canonical slot the two disagree
      // (as in the kernel), so walks stay clear of multi-index entries.
      let index = num(a, 0);
      const single = (i: number): boolean => {
        const e = m.entryAt(i);
        return e === undefined || e.first === e.last;
      };
      // Stepping past MAX_INDEX or below 0 wraps to the bounds state from a
      // walked node but to the entry from an unwalked one (kernel
      // behaviour, checked in check_move_small): walks do not wrap here.
      if (!single(index)) return false;
      for (const s of a[1] as string) {
        if (s === 'n' ? index === MODEL_MAX_INDEX : index === 0) return false;
        index = s === 'n' ? index + 1 : index - 1;
        if (!single(index)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

function isRegular(e: { first: number; last: number }): boolean {
  const size = e.last - e.first + 1;
  return 2 ** Math.round(Math.log2(size)) === size && e.first % size === 0;
}

// --------------------------------------------------------------- rendering

/** An op as a line of code. */
export function renderOp(op: Op): string {
  const args = op.args.map((x) => renderValue(x)).join(', ');
  const call = (target: string): string => `${target}.${op.name}(${args})`;
  switch (op.name) {
    case 'iterate':
      return `[...xa.${String(op.args[3])}(${renderValue({ start: op.args[0], last: op.args[1], filter: op.args[2] })})]`;
    case 'iterateWhileChanging': {
      const changes = (op.args[3] as Op[]).map(renderOp).join('; ');
      return `for (const row of xa.entries(${renderValue({ start: op.args[0], last: op.args[1], filter: op.args[2] })})) { /* after row i: [${changes}][i] */ }`;
    }
    case 'cursorWalk':
      return `xa.withLock((g) => { const c = g.cursor(${renderValue(op.args[0])}); c.load(); /* then ${String(op.args[1]).replaceAll('n', 'next ').replaceAll('p', 'prev ')}*/ })`;
    default:
      break;
  }
  if (op.via === 'xa') return call('xa');
  if (op.via === 'withLock') return `xa.withLock((g) => ${call('g')})`;
  return `{ using g = xa.lock(); ${call('g')}; }`;
}

function renderValue(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (typeof x === 'number') {
    if (x === MODEL_MAX_INDEX) return 'MAX_INDEX';
    if (x > MODEL_MAX_INDEX - 1000 && x < MODEL_MAX_INDEX) {
      return `MAX_INDEX - ${MODEL_MAX_INDEX - x}`;
    }
    return String(x);
  }
  if (typeof x === 'string') return `'${x}'`;
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
    const parts = Object.entries(x as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${renderValue(v)}`);
    return `{ ${parts.join(', ')} }`;
  }
  return JSON.stringify(x);
}

/** A log as a program that reproduces it. */
export function renderLog(
  kind: ArrayKind,
  chunkShift: number,
  log: readonly Op[],
): string {
  const alloc = kind === 'plain' ? 'false' : kind === 'alloc0' ? '0' : '1';
  const lines = [
    `  const xa = new XArray<number>({ alloc: ${alloc}, chunkShift: ${chunkShift} });`,
    ...log.map((op) => `  ${renderOp(op)};`),
  ];
  return lines.join('\n');
}
