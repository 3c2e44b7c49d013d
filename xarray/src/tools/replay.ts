/**
 * Replays `xarray-trace/1` files (see the traces' FORMAT.md): each line is
 * an operation with the result the kernel's XArray gave; we run it on a
 * fresh `XArray` and compare. Known kernel divergences (the kernel's
 * `find_after` with a mark filter returning the entry covering `start`
 * again) are verified and counted apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { XArray } from '../xarray.js';
import type { Filter, Mark } from '../guard.js';

/** One wrong line of a trace. */
export interface Mismatch {
  /** 1-based line number in the file. */
  line: number;
  /** The operation, without `expect`. */
  op: Record<string, unknown>;
  /** What the kernel returned. */
  expected: unknown;
  /** What we returned (or the error we threw, as `{ threw: message }`). */
  got: unknown;
}

/** The outcome of replaying one trace. */
export interface TraceResult {
  /** The trace's file name. */
  name: string;
  /** Operation lines replayed. */
  lines: number;
  /** Lines that disagreed, in order (the first is the one to report). */
  mismatches: Mismatch[];
  /** Lines where the kernel showed its find_after divergence and we gave the correct answer. */
  divergences: number;
}

/** The repository root: three levels above this file (src/tools or dist/tools). */
export function repoRoot(): string {
  return resolve(
    fileURLToPath(new URL('.', import.meta.url)),
    '..',
    '..',
    '..',
  );
}

/** The shared traces folder: `../shared/xarray-traces` relative to the repository root. */
export function defaultTraceFolder(): string {
  return resolve(repoRoot(), '..', 'shared', 'xarray-traces');
}

/** The `*.jsonl` files of `folder`, sorted by name. */
export function listTraces(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(folder, f));
}

/** Structural equality of JSON-like values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ob = b as Record<string, unknown>;
  return ka.every(
    (k) =>
      Object.hasOwn(ob, k) &&
      jsonEqual((a as Record<string, unknown>)[k], ob[k]),
  );
}

type Op = Record<string, unknown> & { op: string; expect?: unknown };

const n = (v: unknown): number => v as number;
const entry = (v: unknown): number | null => v as number | null;
const orNull = <V>(v: V | undefined): V | null => (v === undefined ? null : v);
const filterOf = (v: unknown): Filter => v as Filter;
const found = (f: { index: number; entry: number } | undefined) =>
  f === undefined ? null : { index: f.index, entry: f.entry };

/** Runs one operation on `xa` and returns its result in the trace's encoding. */
function run(xa: XArray<number>, o: Op): unknown {
  switch (o.op) {
    case 'load':
      return orNull(xa.load(n(o.index)));
    case 'store':
      return orNull(xa.store(n(o.index), entry(o.entry)));
    case 'store_order':
      return orNull(
        xa.withLock((g) =>
          g.storeOrder(n(o.index), n(o.order), entry(o.entry)),
        ),
      );
    case 'erase':
      return orNull(xa.erase(n(o.index)));
    case 'insert':
      return xa.insert(n(o.index), entry(o.entry)) ? 0 : 'EBUSY';
    case 'cmpxchg':
      return orNull(xa.cmpxchg(n(o.index), entry(o.old), entry(o.entry)));
    case 'reserve':
      xa.reserve(n(o.index));
      return 0;
    case 'release':
      xa.release(n(o.index));
      return null;
    case 'alloc': {
      const id = xa.alloc(entry(o.entry), { min: n(o.min), max: n(o.max) });
      return id === undefined ? 'EBUSY' : { id };
    }
    case 'alloc_cyclic': {
      const r = xa.allocCyclic(
        entry(o.entry),
        { min: n(o.min), max: n(o.max) },
        n(o.next),
      );
      return r === undefined
        ? 'EBUSY'
        : { id: r.id, wrapped: r.wrapped, next: r.next };
    }
    case 'set_mark':
      xa.withLock((g) => g.setMark(n(o.index), n(o.mark) as Mark));
      return null;
    case 'clear_mark':
      xa.withLock((g) => g.clearMark(n(o.index), n(o.mark) as Mark));
      return null;
    case 'get_mark':
      return xa.withLock((g) => g.getMark(n(o.index), n(o.mark) as Mark));
    case 'marked':
      return xa.withLock((g) => g.marked(n(o.mark) as Mark));
    case 'get_order':
      return xa.withLock((g) => g.getOrder(n(o.index)));
    case 'find':
      return found(xa.find(n(o.start), n(o.max), filterOf(o.filter)));
    case 'find_after':
      return found(xa.findAfter(n(o.start), n(o.max), filterOf(o.filter)));
    case 'extract':
      return xa.extract(n(o.start), n(o.max), n(o.n), filterOf(o.filter));
    case 'split':
      xa.withLock((g) => g.split(n(o.index), n(o.order)));
      return null;
    case 'empty':
      return xa.isEmpty();
    case 'destroy':
      xa.destroy();
      return null;
    case 'dump':
      return xa
        .dump()
        .map((r) => [
          r.index,
          r.order,
          r.reserved ? 'reserved' : r.entry,
          r.marks,
        ]);
    default:
      throw new Error(`unknown op ${JSON.stringify(o.op)}`);
  }
}

/**
 * True when `o` is a `find_after` line where the kernel returned the
 * entry covering `start` again (index <= start, mark filter) and `got` is
 * the correct answer: the first entry with the mark whose first index is
 * in (start, max], computed independently from `dump()`.
 */
function isKnownDivergence(xa: XArray<number>, o: Op, got: unknown): boolean {
  if (o.op !== 'find_after' || o.filter === 'present') return false;
  const expected = o.expect as { index: number; entry: number } | null;
  if (
    expected === null ||
    typeof expected !== 'object' ||
    expected.index > n(o.start)
  )
    return false;
  const start = n(o.start);
  const bit = 1 << n(o.filter);
  const rows = xa.dump();
  const covering = rows.find(
    (r) => !r.reserved && r.index <= start && start < r.index + 2 ** r.order,
  );
  if (
    covering === undefined ||
    covering.entry !== expected.entry ||
    (covering.marks & bit) === 0
  ) {
    return false;
  }
  const next = rows.find(
    (r) =>
      !r.reserved &&
      r.index > start &&
      r.index <= n(o.max) &&
      (r.marks & bit) !== 0,
  );
  const correct =
    next === undefined ? null : { index: next.index, entry: next.entry };
  return jsonEqual(got, correct);
}

/** Replays the trace in `text` (named `name`) on a fresh XArray. */
export function replayTrace(name: string, text: string): TraceResult {
  const lines = text.split('\n');
  const header = JSON.parse(lines[0]!) as { format?: string; flags?: string[] };
  if (header.format !== 'xarray-trace/1') {
    throw new Error(
      `${name}: not an xarray-trace/1 file (format ${JSON.stringify(header.format)})`,
    );
  }
  const flags = header.flags ?? [];
  const alloc = flags.includes('ALLOC1')
    ? 1
    : flags.includes('ALLOC')
      ? 0
      : false;
  const xa = new XArray<number>({ alloc });
  const result: TraceResult = {
    name,
    lines: 0,
    mismatches: [],
    divergences: 0,
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const o = JSON.parse(line) as Op;
    result.lines++;
    let got: unknown;
    try {
      got = run(xa, o);
    } catch (err) {
      got = {
        threw:
          err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      };
    }
    if (jsonEqual(got, o.expect)) continue;
    if (isKnownDivergence(xa, o, got)) {
      result.divergences++;
      continue;
    }
    const op: Record<string, unknown> = { ...o };
    delete op.expect;
    result.mismatches.push({ line: i + 1, op, expected: o.expect, got });
  }
  return result;
}

/** Replays the trace file at `path`. */
export function replayFile(path: string): TraceResult {
  const name = path.split(/[\\/]/).pop()!;
  return replayTrace(name, readFileSync(path, 'utf8'));
}
