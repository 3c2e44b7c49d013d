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
  callPattern,
  checkUnit,
  merge,
  LOCKISH,
  makeFileContext,
  parseSource,
  SourceText,
  lockSetup,
  splitUnits,
  summariesImportedBy,
  summarizeUnit,
} from '@lockctx/analysis';
import type {
  LockSpec,
  ModuleTexts,
  FileAnalysis,
  FileContext,
  FunctionSummary,
  SourceLocation,
  LockctxSettings,
  LockStateInfo,
  LockStateSnapshot,
  UnitInput,
  UnitResult,
  UnitSummary,
} from '@lockctx/analysis';

import { isAbsolute } from 'node:path';

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
  /** The parser's top-level nodes of the unit: the same objects mean the same text. */
  nodes: readonly object[];
  /** The unit's results, as computed (positions as they were then). */
  result: UnitResult;
  /** The move owed to `result` since it was computed. */
  moved?: Move;
  /** `result` with the move applied, built when first needed. */
  view?: Partial<UnitResult>;
  /** What the core's `merge` reads of this unit (lazy fields empty), built once per move. */
  eager?: UnitResult;
}

/** A move of the spans inside `range` (offsets of the text they came from). */
interface Move {
  range: readonly [number, number];
  delta: number;
  lines: number;
}

/** Matches nothing: no function of the file matters to its callers. */
const NO_CALLS = /(?!)/;

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
  /** Functions whose summaries the last incremental analysis changed or removed. */
  lastChangedNames?: Set<string>;
  #parser: StatementParser;
  #units = new Map<string, UnitState>();
  #context?: string;
  #last?: { text: string; analysis: FileAnalysis };
  /** The line index of the parser's current text. */
  #src?: SourceText;
  readonly #texts: ModuleTexts | undefined;
  /**
   * What the file imports from relative modules: their summaries (under
   * local names), the library locks they add to the file, and every module
   * read. Recomputed only when the imports may have changed or when told
   * that a module changed ({@link invalidateImports}).
   */
  #imports?: {
    summaries: Map<string, FunctionSummary>;
    locks: [string, LockSpec][];
    deps: string[];
  };
  #importsStale = false;

  /**
   * `texts` gives the text of modules open in the editor (their unsaved
   * text wins over the disk when the file imports them).
   */
  constructor(filename: string, settings: LockctxSettings, texts?: ModuleTexts) {
    this.filename = filename;
    this.settings = settings;
    this.#texts = texts;
    this.#parser = new StatementParser(filename, parseSource);
  }

  /**
   * A module this file may import changed (edited in the editor, or on
   * disk): the next analysis reads the imported summaries again and
   * re-checks the units that call what changed, even for the same text.
   */
  invalidateImports(): void {
    this.#importsStale = true;
  }

  /** The modules the last analysis read for its imports (absolute paths). */
  dependencies(): readonly string[] {
    return this.#imports?.deps ?? [];
  }

  /** The analysis of `text`; never throws (failures come back in the result). */
  analyze(text: string): FileAnalysis {
    if (this.#last?.text === text && !this.#importsStale) {
      this.lastStats = { ...this.lastStats, mode: 'unchanged' };
      return this.#last.analysis;
    }
    let analysis: FileAnalysis;
    this.lastChangedNames = undefined;
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

  #pattern?: RegExp;

  /**
   * The core's {@link callPattern} of the file's summaries, rebuilt only
   * when a summary changed (moving a summary does not change its name).
   */
  #callPattern(all: ReadonlyMap<string, FunctionSummary>, changed: boolean): RegExp {
    if (this.#pattern === undefined || changed) this.#pattern = callPattern(all) ?? NO_CALLS;
    return this.#pattern;
  }

  #reset(): void {
    this.#parser = new StatementParser(this.filename, parseSource);
    this.#units.clear();
    this.#context = undefined;
    this.#src = undefined;
    this.#pattern = undefined;
    this.#imports = undefined;
  }

  #analyze(text: string): FileAnalysis {
    const setup = lockSetup(this.settings);
    if (!LOCKISH.test(text) && !setup.hint(text)) {
      this.#reset();
      this.lastStats = { ...EMPTY_STATS, mode: 'full', fullParse: false };
      return analyzeSource(text, { filename: this.filename, settings: this.settings });
    }
    let update;
    const before = this.#parser.text;
    try {
      update = this.#parser.update(text);
    } catch (error) {
      // A syntax error: the parser keeps its last good state for the next
      // edit. The update's last step was a whole-file parse with the core's
      // own parser, so its error is the one `analyzeSource` would report:
      // answer as it does without parsing the whole text a second time.
      this.lastStats = { ...EMPTY_STATS, mode: 'full', fullParse: true };
      return { ...emptyAnalysis(this.filename), parseError: errorText(error) };
    }
    // the line index: moved after the edit, not rebuilt
    const window = update.window;
    const previous = this.#src;
    const src =
      previous !== undefined && previous.text === before && window !== undefined
        ? SourceText.edited(previous, text, window.start, window.oldEnd, window.newEnd)
        : new SourceText(text);
    this.#src = src;
    const lineShift =
      previous !== undefined && window !== undefined
        ? src.line(text.length) - previous.line(previous.text.length)
        : undefined;
    const program = this.#parser.program();
    const file = makeFileContext(program, src, this.filename, setup);
    // imports: read again only when an import (or a `require`) may have
    // changed, or a module it reads did; else the last ones are reused
    const touches = (range: readonly [number, number] | undefined, t: string): boolean =>
      range !== undefined && /\brequire\b/.test(t.slice(range[0], range[1]));
    const previousImports = this.#imports;
    if (
      previousImports === undefined ||
      this.#importsStale ||
      update.full ||
      touches(update.regionOld, before) ||
      touches(update.regionNew, text)
    ) {
      const libBefore = new Set(file.lib.byKey.keys());
      // an untitled document has no folder: its relative imports name nothing
      const summaries = isAbsolute(this.filename)
        ? summariesImportedBy(program, file, this.#texts)
        : new Map<string, FunctionSummary>();
      const locks: [string, LockSpec][] = [];
      for (const [k, v] of file.lib.byKey) if (!libBefore.has(k)) locks.push([k, v]);
      this.#imports = { summaries, locks, deps: [...file.deps.keys()] };
      this.#importsStale = false;
    } else {
      for (const [k, v] of previousImports.locks) if (!file.lib.byKey.has(k)) file.lib.byKey.set(k, v);
    }
    const imported = this.#imports!.summaries;
    // imported functions whose summary changed: their callers are checked again
    const importChanged = new Set<string>();
    if (previousImports !== undefined && previousImports.summaries !== imported) {
      for (const [name, s] of imported) {
        const old = previousImports.summaries.get(name);
        if (old === undefined || !sameSummary(old, s)) importChanged.add(name);
      }
      for (const name of previousImports.summaries.keys()) if (!imported.has(name)) importChanged.add(name);
    }
    const context = contextKey(file);
    const contextChanged = context !== this.#context;
    this.#context = context;
    const units = splitUnits(program, file);
    const lineOf = (offset: number): number => src.position(offset).line;
    /** The line of a unit that starts at `start` and was on `line` before the edit. */
    const lineNow = (start: number, line: number): number =>
      lineShift !== undefined && window !== undefined && start >= window.newEnd
        ? line + lineShift
        : lineShift !== undefined && window !== undefined && start < window.start
          ? line
          : lineOf(start);

    // Two units declaring the same name (overloads, redeclarations, nested
    // functions of the same name): which summary callers see depends on the
    // core's evaluation order, so the whole file is checked as the core does.
    const wholeFile = (): FileAnalysis => {
      this.#parser.materializeAll();
      this.#units.clear();
      this.#context = undefined;
      this.#pattern = undefined;
      this.lastStats = {
        mode: 'full',
        fullParse: update.full,
        unitsChecked: units.length,
        unitsMoved: 0,
        unitsTotal: units.length,
      };
      return analyzeUnits(units.map(freshUnit), file, imported);
    };
    if (units.some((u) => u.key.includes('#'))) return wholeFile();

    // sort the units: unchanged, moved, dirty
    const dirty = new Set<string>();
    const moved = new Map<string, { delta: number; lines: number }>();
    const byKey = new Map<string, UnitInput>();
    for (const unit of units) {
      byKey.set(unit.key, unit);
      const old = this.#units.get(unit.key);
      // the parser keeps the node objects of statements it did not parse
      // again: the same nodes are the same text, compared without reading it
      const same =
        old !== undefined &&
        (sameNodes(old.nodes, unit.nodes) ||
          old.text === text.slice(unit.range[0], unit.range[1]));
      if (contextChanged || old === undefined || !same) {
        dirty.add(unit.key);
        continue;
      }
      const line = lineNow(unit.range[0], old.line);
      if (old.start !== unit.range[0] || old.line !== line) {
        // same text elsewhere (an edit of the same length can still move lines)
        const lines = line - old.line;
        moved.set(unit.key, { delta: unit.range[0] - old.start, lines });
        if (lines !== 0 && old.result.findings.length > 0) dirty.add(unit.key);
      } else if (old.nodes !== unit.nodes && !sameNodes(old.nodes, unit.nodes)) {
        // the same text parsed again: keep the results, remember the new nodes
        this.#units.set(unit.key, { ...old, nodes: unit.nodes });
      }
    }
    // callers of imported functions whose summary changed
    if (importChanged.size > 0) {
      for (const [key, state] of this.#units) {
        if (state.summary.calls.some((c) => importChanged.has(lastName(c)))) dirty.add(key);
      }
    }
    // functions of units that are gone: their callers must be checked again
    const removedNames = new Set<string>();
    /** The set of functions that matter to callers changed: rebuild the call pattern. */
    let patternDirty = contextChanged || importChanged.size > 0;
    for (const [key, state] of this.#units) {
      if (byKey.has(key)) continue;
      for (const s of state.summary.functions) {
        removedNames.add(lastName(s.name));
        if (matters(s)) patternDirty = true;
      }
      this.#units.delete(key);
    }

    // callers of functions that moved cite their evidence: check them again
    const movedNames = new Set<string>();
    for (const key of moved.keys()) {
      for (const s of this.#units.get(key)?.summary.functions ?? []) {
        if (matters(s)) movedNames.add(lastName(s.name));
      }
    }
    if (movedNames.size > 0) {
      for (const [key, state] of this.#units) {
        if (state.summary.calls.some((c) => movedNames.has(lastName(c)))) dirty.add(key);
      }
    }

    // move what moved: summaries now (callers read them), results lazily
    // (new objects either way: earlier analyses stay valid)
    for (const [key, m] of moved) {
      const state = this.#units.get(key);
      if (state === undefined) continue;
      const unit = byKey.get(key)!;
      const range: [number, number] = [state.start, state.start + state.text.length];
      const move: Move = { range, delta: m.delta, lines: m.lines };
      const previous = state.moved;
      this.#units.set(key, {
        ...state,
        nodes: unit.nodes,
        start: unit.range[0],
        line: state.line + m.lines,
        summary: shiftSummary(state.summary, move),
        moved:
          previous === undefined
            ? move
            : { range: previous.range, delta: previous.delta + m.delta, lines: previous.lines + m.lines },
        view: undefined,
        eager: undefined,
      });
    }

    // summaries: dirty units first, then callers of changed functions, to a
    // fixpoint, seeded with the imported ones as the core does
    const all = new Map<string, FunctionSummary>(imported);
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
    const everChanged = new Set<string>(removedNames);
    for (let round = 0; round < 10 && toSummarize.size > 0; round++) {
      const changedNames = round === 0 ? removedNames : new Set<string>();
      for (const key of toSummarize) {
        const summary = summarizeUnit(inputOf(key), all);
        const previous = summaries.get(key) ?? this.#units.get(key)?.summary;
        summaries.set(key, summary);
        for (const s of summary.functions) {
          // a dirty unit's own summaries are not in `all` before it is summarised
          const before = all.get(s.name) ?? previous?.functions.find((f) => f.name === s.name);
          if (before === undefined || !sameSummary(before, s)) {
            changedNames.add(lastName(s.name));
            if (before === undefined ? matters(s) : matters(before) !== matters(s)) patternDirty = true;
          }
          all.set(s.name, s);
        }
        for (const s of previous?.functions ?? []) {
          if (!summary.functions.some((f) => f.name === s.name)) {
            changedNames.add(lastName(s.name));
            if (matters(s)) patternDirty = true;
            all.delete(s.name);
          }
        }
      }
      for (const name of changedNames) everChanged.add(name);
      toSummarize = new Set();
      if (changedNames.size === 0) break;
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
    const results: UnitState[] = [];
    let checked = 0;
    let calls: RegExp | undefined;
    for (const unit of units) {
      const old = this.#units.get(unit.key);
      if (!dirty.has(unit.key) && old !== undefined) {
        results.push(old);
        continue;
      }
      const input = inputOf(unit.key);
      const summary = summaries.get(unit.key) ?? summarizeUnit(input, all);
      calls ??= this.#callPattern(all, patternDirty);
      const result = checkUnit(input, all, calls);
      checked++;
      const state: UnitState = {
        key: unit.key,
        text: text.slice(unit.range[0], unit.range[1]),
        start: unit.range[0],
        line: lineOf(unit.range[0]),
        summary,
        nodes: unit.nodes,
        result,
      };
      results.push(state);
      this.#units.set(unit.key, state);
    }
    this.lastStats = {
      mode: checked === units.length ? 'full' : 'incremental',
      fullParse: update.full,
      unitsChecked: checked,
      unitsMoved: moved.size,
      unitsTotal: units.length,
    };
    // Lock-order edges between a function's parameters join that function's
    // summary only after a check, and the core then checks every unit a
    // second time: a file with such edges is analysed as the core does.
    if (results.some((r) => hasParameterOrderEdges(r.result))) return wholeFile();
    this.lastChangedNames = everChanged;
    return lazyMerge(this.filename, results);
  }
}

/** The unit's functions take locks named by their parameters in some order (`#0` before `#1`). */
function hasParameterOrderEdges(result: UnitResult): boolean {
  for (const edges of Object.values(result.functionOrderEdges ?? {})) {
    if (edges.some((e) => e.held.startsWith('#') || e.taken.startsWith('#'))) return true;
  }
  return false;
}

/** Result fields moved only when read (an edit near the top moves hundreds of units). */
const LAZY_FIELDS = ['scopes', 'functions', 'guardArguments', 'states'] as const;

/** One field of a unit's results, moved to where the unit is now. */
function viewOf<K extends keyof UnitResult>(state: UnitState, field: K): UnitResult[K] {
  const move = state.moved;
  if (move === undefined) return state.result[field];
  state.view ??= {};
  let value = state.view[field];
  if (value === undefined && state.result[field] !== undefined) {
    value = moveSpans(state.result[field], move);
    state.view[field] = value;
  }
  return value as UnitResult[K];
}

/**
 * The file's analysis from its units: findings (and whatever file-level
 * checks the core derives from all units' results, such as lock order) by
 * the core's own `merge`, so a check added to the core needs no change here;
 * scopes, functions, guard arguments and lock states are moved only when
 * someone reads them.
 */
function lazyMerge(filename: string, states: readonly UnitState[]): FileAnalysis {
  const eager = states.map((s) => {
    if (s.eager !== undefined) return s.eager;
    const view: Record<string, unknown> = {};
    for (const key of Object.keys(s.result) as (keyof UnitResult)[]) {
      view[key] = (LAZY_FIELDS as readonly string[]).includes(key) ? [] : viewOf(s, key);
    }
    s.eager = view as unknown as UnitResult;
    return s.eager;
  });
  const { findings } = merge(filename, eager);
  const lazy = <T>(get: () => T): { get(): T; enumerable: true } => {
    let value: T | undefined;
    return {
      enumerable: true,
      get: () => (value ??= get()),
    };
  };
  const analysis = { filename, findings } as FileAnalysis;
  Object.defineProperties(analysis, {
    scopes: lazy(() => states.flatMap((s) => viewOf(s, 'scopes'))),
    functions: lazy(() => states.flatMap((s) => viewOf(s, 'functions'))),
    guardArguments: lazy(() => states.flatMap((s) => viewOf(s, 'guardArguments'))),
  });
  analysis.lockStateAt = (offset: number): LockStateInfo[] => {
    // the core's rule: the smallest snapshot holding the offset, the later on a tie
    let best: LockStateSnapshot | undefined;
    for (const s of states) {
      if (offset < s.start || offset > s.start + s.text.length) continue;
      for (const snap of viewOf(s, 'states')) {
        if (snap.range[0] <= offset && offset < snap.range[1]) {
          if (!best || snap.range[1] - snap.range[0] <= best.range[1] - best.range[0]) best = snap;
        }
      }
    }
    return best ? best.locks : [];
  };
  return analysis;
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
    // names used as guards anywhere decide bare `x.lock()` bindings, but
    // only in a file that is not about the preset's locks (else never read)
    file.lockFile ? [] : [...file.guardNames].sort(),
    [...file.lib.byKey.keys()].sort(),
  ]);
}

/** Two lists of the same node objects. */
function sameNodes(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether callers need this summary: whether the core's call pattern would
 * name it (asked of the core, so the test never drifts from its own).
 */
function matters(s: FunctionSummary): boolean {
  return callPattern(new Map([[s.name, s]])) !== undefined;
}

function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Summaries equal in everything a caller sees, positions included. */
function sameSummary(a: FunctionSummary, b: FunctionSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A unit's results (or summary) with every span inside the unit moved:
 * any object with a `range` pair (and its `loc`), at any depth, so fields
 * the core adds later move too. Spans outside the unit (a callee's
 * evidence) are left alone: their unit's own move re-checks this one.
 * Columns never change: a moved unit starts on a line after every edited
 * line. New objects throughout; the old results stay valid.
 */
function moveSpans<T>(value: T, m: Move): T {
  if (Array.isArray(value)) return value.map((v: unknown) => moveSpans(v, m)) as T;
  if (value === null || typeof value !== 'object') return value;
  const rec = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    out[key] = v !== null && typeof v === 'object' && key !== 'range' && key !== 'loc' ? moveSpans(v, m) : v;
  }
  const r = rec['range'];
  if (Array.isArray(r) && r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number') {
    if (r[0] >= m.range[0] && r[0] <= m.range[1]) {
      out['range'] = [r[0] + m.delta, r[1] + m.delta];
      const loc = rec['loc'] as SourceLocation | undefined;
      if (loc !== undefined && m.lines !== 0) {
        out['loc'] = {
          start: { line: loc.start.line + m.lines, column: loc.start.column },
          end: { line: loc.end.line + m.lines, column: loc.end.column },
        };
      }
    }
  }
  return out as T;
}

/** A unit's summary moved (its evidence spans, and any span the core adds). */
function shiftSummary(summary: UnitSummary, m: Move): UnitSummary {
  return { ...summary, functions: moveSpans(summary.functions, m) };
}

/** An error as the core words a parse error (`SyntaxError: …`). */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A whole file's analysis as `analyzeSource` gives it, except that modules
 * the editor holds are read from `texts` (their unsaved text wins over the
 * disk); with the modules it read, so the host knows when to check it
 * again. For files that are not open. Never throws.
 */
export function analyzeFile(
  text: string,
  filename: string,
  settings: LockctxSettings,
  texts?: ModuleTexts,
): { analysis: FileAnalysis; deps: string[] } {
  const setup = lockSetup(settings);
  let analysis: FileAnalysis;
  let deps: string[] = [];
  if (!LOCKISH.test(text) && !setup.hint(text)) analysis = emptyAnalysis(filename);
  else {
    let program;
    try {
      program = parseSource(text, filename);
    } catch (error) {
      return { analysis: { ...emptyAnalysis(filename), parseError: errorText(error) }, deps };
    }
    try {
      const file = makeFileContext(program, new SourceText(text), filename, setup);
      const imported = summariesImportedBy(program, file, texts);
      deps = [...file.deps.keys()];
      analysis = analyzeUnits(splitUnits(program, file), file, imported);
    } catch (error) {
      analysis = emptyAnalysis(filename, errorText(error));
    }
  }
  if (setup.error !== undefined) analysis.settingsError = setup.error;
  return { analysis, deps };
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
