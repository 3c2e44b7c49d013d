/**
 * Incremental analysis of one open document.
 *
 * The core works on units (a top-level function or class, or the module's
 * other statements) with explicit inputs: the unit's syntax and the
 * summaries of the functions it calls. After an edit this analyzer
 *
 * 1. re-parses only the top-level statements around the edit
 *    ({@link StatementParser});
 * 2. splits the program into units and sorts them: unchanged (same text, same
 *    place), moved (same text, later in the file: results are moved, not
 *    recomputed) or dirty (new or changed text);
 * 3. re-summarises dirty units, and the callers of every function whose
 *    summary changed, to a fixpoint as the core does for a whole file;
 * 4. re-checks the dirty units and those callers, and merges all results.
 *
 * A moved unit is re-checked anyway when its messages could name a line that
 * moved (it has findings and lines were inserted or removed before it), or
 * when it calls a function that moved (findings cite the callee's evidence).
 * Whenever the file-level context changes (imports, whether the file is
 * about locks) every unit is re-checked. The result equals `analyzeSource`
 * on the same text; the tests compare both after random edits.
 */
import {
  analyzeSource,
  analyzeUnits,
  checkUnit,
  LOCKISH,
  makeFileContext,
  merge,
  parseSource,
  SourceText,
  splitUnits,
  summarizeUnit,
} from '@lockctx/analysis';
import type {
  FileAnalysis,
  FileContext,
  FunctionSummary,
  LockctxSettings,
  UnitInput,
  UnitResult,
  UnitSummary,
} from '@lockctx/analysis';

import { StatementParser } from './reparse.js';

/** What the last analysis did, for logs, tests and the benchmark. */
export interface AnalyzeStats {
  /** `full`: every unit checked; `incremental`: only what changed. */
  mode: 'full' | 'incremental' | 'unchanged';
  /** The whole text was parsed. */
  fullParse: boolean;
  /** Units whose results were recomputed. */
  unitsChecked: number;
  /** Units whose results were moved without recomputing. */
  unitsMoved: number;
  unitsTotal: number;
}

/** What is kept of one unit between versions. */
interface UnitState {
  key: string;
  text: string;
  start: number;
  /** 1-based line of `start`. */
  line: number;
  summary: UnitSummary;
  result: UnitResult;
}

const EMPTY_STATS: AnalyzeStats = {
  mode: 'full',
  fullParse: true,
  unitsChecked: 0,
  unitsMoved: 0,
  unitsTotal: 0,
};

/** The analysis state of one document. */
export class IncrementalAnalyzer {
  readonly filename: string;
  readonly settings: LockctxSettings;
  lastStats: AnalyzeStats = EMPTY_STATS;
  #parser: StatementParser;
  #units = new Map<string, UnitState>();
  #context?: string;
  #last?: { text: string; analysis: FileAnalysis };

  constructor(filename: string, settings: LockctxSettings) {
    this.filename = filename;
    this.settings = settings;
    this.#parser = new StatementParser(filename, parseSource);
  }

  /** The analysis of `text`; never throws (failures come back in the result). */
  analyze(text: string): FileAnalysis {
    if (this.#last?.text === text) {
      this.lastStats = { ...this.lastStats, mode: 'unchanged' };
      return this.#last.analysis;
    }
    let analysis: FileAnalysis;
    try {
      analysis = this.#analyze(text);
    } catch {
      // the incremental path failed: start over from a whole-file analysis,
      // which reports its own internal errors instead of throwing
      this.#reset();
      analysis = analyzeSource(text, { filename: this.filename, settings: this.settings });
      this.lastStats = { ...EMPTY_STATS, mode: 'full' };
    }
    this.#last = { text, analysis };
    return analysis;
  }

  #reset(): void {
    this.#parser = new StatementParser(this.filename, parseSource);
    this.#units.clear();
    this.#context = undefined;
  }

  #analyze(text: string): FileAnalysis {
    if (!LOCKISH.test(text)) {
      this.#reset();
      this.lastStats = { ...EMPTY_STATS, mode: 'full', fullParse: false };
      return analyzeSource(text, { filename: this.filename, settings: this.settings });
    }
    let update;
    try {
      update = this.#parser.update(text);
    } catch {
      // a syntax error: the parser keeps its last good state for the next edit
      return analyzeSource(text, { filename: this.filename, settings: this.settings });
    }
    const src = new SourceText(text);
    const program = this.#parser.program();
    const file = makeFileContext(program, src, this.filename);
    const context = contextKey(file);
    const contextChanged = context !== this.#context;
    this.#context = context;
    const units = splitUnits(program, file);
    const lineOf = (offset: number): number => src.position(offset).line;

    // Two units declaring the same name (overloads, redeclarations, nested
    // functions of the same name): which summary callers see depends on the
    // core's evaluation order, so the whole file is checked as the core does.
    const wholeFile = (): FileAnalysis => {
      this.#parser.materializeAll();
      this.#units.clear();
      this.#context = undefined;
      this.lastStats = {
        mode: 'full',
        fullParse: update.full,
        unitsChecked: units.length,
        unitsMoved: 0,
        unitsTotal: units.length,
      };
      return analyzeUnits(units.map(freshUnit), file);
    };
    if (units.some((u) => u.key.includes('#'))) return wholeFile();

    // sort the units: unchanged, moved, dirty
    const dirty = new Set<string>();
    const moved = new Map<string, { delta: number; lines: number }>();
    const byKey = new Map<string, UnitInput>();
    for (const unit of units) {
      byKey.set(unit.key, unit);
      const old = this.#units.get(unit.key);
      const unitText = text.slice(unit.range[0], unit.range[1]);
      if (contextChanged || old === undefined || old.text !== unitText) {
        dirty.add(unit.key);
      } else if (old.start !== unit.range[0] || old.line !== lineOf(unit.range[0])) {
        // same text elsewhere (an edit of the same length can still move lines)
        const lines = lineOf(unit.range[0]) - old.line;
        moved.set(unit.key, { delta: unit.range[0] - old.start, lines });
        if (lines !== 0 && old.result.findings.length > 0) dirty.add(unit.key);
      }
    }
    // functions of units that are gone: their callers must be checked again
    const removedNames = new Set<string>();
    for (const [key, state] of this.#units) {
      if (byKey.has(key)) continue;
      for (const s of state.summary.functions) removedNames.add(lastName(s.name));
      this.#units.delete(key);
    }

    // callers of functions that moved cite their evidence: check them again
    const movedNames = new Set<string>();
    for (const key of moved.keys()) {
      for (const s of this.#units.get(key)?.summary.functions ?? []) {
        if (isInteresting(s)) movedNames.add(lastName(s.name));
      }
    }
    if (movedNames.size > 0) {
      for (const [key, state] of this.#units) {
        if (state.summary.calls.some((c) => movedNames.has(lastName(c)))) dirty.add(key);
      }
    }

    // move what moved (new objects: earlier analyses stay valid)
    for (const [key, m] of moved) {
      const state = this.#units.get(key);
      if (state === undefined) continue;
      const unit = byKey.get(key)!;
      const range: [number, number] = [state.start, state.start + state.text.length];
      this.#units.set(key, {
        ...state,
        start: unit.range[0],
        line: state.line + m.lines,
        summary: shiftWithin(state.summary, range, m.delta, m.lines),
        result: dirty.has(key) ? state.result : shiftWithin(state.result, range, m.delta, m.lines),
      });
    }

    // summaries: dirty units first, then callers of changed functions, to a fixpoint
    const all = new Map<string, FunctionSummary>();
    for (const state of this.#units.values()) {
      if (dirty.has(state.key)) continue;
      for (const s of state.summary.functions) all.set(s.name, s);
    }
    const inputs = new Map<string, UnitInput>();
    const inputOf = (key: string): UnitInput => {
      let input = inputs.get(key);
      if (input === undefined) {
        const unit = byKey.get(key)!;
        this.#parser.materializeRange(unit.range[0], unit.range[1]);
        input = freshUnit(unit);
        inputs.set(key, input);
      }
      return input;
    };
    let toSummarize = new Set(dirty);
    const summaries = new Map<string, UnitSummary>();
    for (let round = 0; round < 10 && toSummarize.size > 0; round++) {
      const changedNames = round === 0 ? removedNames : new Set<string>();
      for (const key of toSummarize) {
        const summary = summarizeUnit(inputOf(key), all);
        const previous = summaries.get(key) ?? this.#units.get(key)?.summary;
        summaries.set(key, summary);
        for (const s of summary.functions) {
          const before = all.get(s.name);
          if (before === undefined || !sameSummary(before, s)) changedNames.add(lastName(s.name));
          all.set(s.name, s);
        }
        for (const s of previous?.functions ?? []) {
          if (!summary.functions.some((f) => f.name === s.name)) {
            changedNames.add(lastName(s.name));
            all.delete(s.name);
          }
        }
      }
      toSummarize = new Set();
      for (const unit of units) {
        const calls = summaries.get(unit.key)?.calls ?? this.#units.get(unit.key)?.summary.calls ?? [];
        if (calls.some((c) => changedNames.has(lastName(c)))) {
          dirty.add(unit.key);
          toSummarize.add(unit.key);
        }
      }
    }

    const owners = new Map<string, string>();
    for (const unit of units) {
      const summary = summaries.get(unit.key) ?? this.#units.get(unit.key)?.summary;
      for (const f of summary?.functions ?? []) {
        const owner = owners.get(f.name);
        if (owner !== undefined && owner !== unit.key) return wholeFile();
        owners.set(f.name, unit.key);
      }
    }

    // check the dirty units; keep everything else
    const results: UnitResult[] = [];
    let checked = 0;
    for (const unit of units) {
      const old = this.#units.get(unit.key);
      if (!dirty.has(unit.key) && old !== undefined) {
        results.push(old.result);
        continue;
      }
      const input = inputOf(unit.key);
      const summary = summaries.get(unit.key) ?? summarizeUnit(input, all);
      const result = checkUnit(input, all);
      checked++;
      results.push(result);
      this.#units.set(unit.key, {
        key: unit.key,
        text: text.slice(unit.range[0], unit.range[1]),
        start: unit.range[0],
        line: lineOf(unit.range[0]),
        summary,
        result,
      });
    }
    this.lastStats = {
      mode: checked === units.length ? 'full' : 'incremental',
      fullParse: update.full,
      unitsChecked: checked,
      unitsMoved: moved.size,
      unitsTotal: units.length,
    };
    return merge(this.filename, results);
  }
}

/**
 * The unit with a new first node: the core caches a unit's facts by its
 * first node, and a changed or moved unit must not get the old ones.
 */
function freshUnit(unit: UnitInput): UnitInput {
  const [first, ...rest] = unit.nodes;
  return first === undefined ? unit : { ...unit, nodes: [{ ...first }, ...rest] };
}

/** What of the file context changes every unit's meaning. */
function contextKey(file: FileContext): string {
  return JSON.stringify([
    [...file.guardTypes].sort(),
    [...file.lockableTypes].sort(),
    [...file.namespaces].sort(),
    file.lockFile,
  ]);
}

/** Whether callers need this summary (the core's own test). */
function isInteresting(s: FunctionSummary): boolean {
  return (
    s.requires.length > 0 ||
    s.acquires.length > 0 ||
    s.releases.length > 0 ||
    s.returnsGuard !== undefined ||
    s.returnsLockValue !== undefined
  );
}

function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Summaries equal in everything a caller sees, positions included. */
function sameSummary(a: FunctionSummary, b: FunctionSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A copy of `value` in which every span inside `range` (offsets) is moved by
 * `delta` offsets and `lines` lines. Spans outside `range` belong to other
 * units and are left alone. Columns do not change: a moved unit starts on a
 * line after every edited line.
 */
export function shiftWithin<T>(
  value: T,
  range: readonly [number, number],
  delta: number,
  lines: number,
): T {
  if (delta === 0 && lines === 0) return value;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const r = o.range;
    const inside =
      Array.isArray(r) &&
      r.length === 2 &&
      typeof r[0] === 'number' &&
      typeof r[1] === 'number' &&
      r[0] >= range[0] &&
      r[0] <= range[1];
    for (const [k, x] of Object.entries(o)) {
      if (inside && k === 'range') {
        out.range = [(r as number[])[0]! + delta, (r as number[])[1]! + delta];
      } else if (inside && k === 'loc' && x !== null && typeof x === 'object') {
        const loc = x as { start: { line: number; column: number }; end: { line: number; column: number } };
        out.loc = {
          start: { line: loc.start.line + lines, column: loc.start.column },
          end: { line: loc.end.line + lines, column: loc.end.column },
        };
      } else {
        out[k] = visit(x);
      }
    }
    return out;
  };
  return visit(value) as T;
}

/** The analysis of a document the core could not handle at all. */
export function emptyAnalysis(filename: string, internalError?: string): FileAnalysis {
  return {
    filename,
    findings: [],
    scopes: [],
    functions: [],
    guardArguments: [],
    lockStateAt: () => [],
    ...(internalError !== undefined ? { internalError } : {}),
  };
}
