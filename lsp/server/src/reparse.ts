/**
 * Incremental parsing at top-level-statement granularity.
 *
 * A whole-file typescript-estree parse of a 5,000-line file costs 100+ ms;
 * parsing one function costs well under 1 ms. After an edit, only the
 * top-level statements around the edit are parsed again: the region from the
 * end of the last untouched statement before the edit to the start of the
 * first untouched statement after it (lexically, both are "between two
 * statements", so the region parses exactly as it would inside the file).
 * The region's text is parsed behind a prefix of line breaks and spaces, so
 * lines and columns come out right; offsets are then moved by a constant.
 *
 * Statements after the edit keep their syntax trees: their top-level node is
 * moved at once, their inner nodes lazily ({@link materialize}) when someone
 * needs them, so an edit costs the region's parse plus one small step per
 * statement.
 *
 * Whenever the shortcut could disagree with a full parse (a syntax error in
 * the region, an edit touching an import, a statement of the region that could
 * run into its neighbour without a semicolon) the whole text is parsed again.
 *
 * Invariant (checked by the tests against a full parse after random edits):
 * after {@link StatementParser.update}, every statement, once materialised,
 * equals the full parse's statement, ranges and locations included.
 */
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';

/** One top-level statement and the move still owed to its inner nodes. */
export interface StatementRecord {
  node: TSESTree.ProgramStatement;
  /** Offsets still to add to every node below `node`. */
  pendingOffset: number;
  /** Lines still to add to every node below `node`. */
  pendingLines: number;
}

/** What one update did. */
export interface ParseUpdate {
  /** The whole text was parsed (first parse, or a fallback). */
  full: boolean;
  /** Index of the first statement parsed again, and how many there are now. */
  first: number;
  count: number;
  /** How many statements the re-parsed region had before. */
  removed: number;
  /** Offsets by which the text after the edit moved. */
  delta: number;
  /** Lines by which the text after the edit moved. */
  lineDelta: number;
  /** Why the whole text was parsed, when it was. */
  reason?: string;
  /** Where the text changed (absent on a first parse). */
  window?: EditWindow;
  /** The re-parsed region in the old text and in the new one (absent on a whole-file parse). */
  regionOld?: readonly [number, number];
  regionNew?: readonly [number, number];
}

/** The changed part of an edit: `[start, oldEnd)` of the old text became `[start, newEnd)`. */
export interface EditWindow {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Characters compared at once when looking for the edited window. */
const DIFF_BLOCK = 2048;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;
/** A statement that starts with one of these may continue the previous one. */
const ASI_HAZARD = /^[\s]*[([`+\-/*.,?:<>=!&|%^~]/;

/** The parse state of one document. */
export class StatementParser {
  readonly filename: string;
  readonly #parseText: (text: string, filename: string) => TSESTree.Program;
  #text = '';
  #statements: StatementRecord[] = [];
  #comments: TSESTree.Comment[] = [];
  #parsed = false;
  /** Line breaks in `#text`, kept up to date by every update. */
  #lineBreaks = 0;

  /**
   * `parseText` parses a whole text (by default typescript-estree with
   * ranges, locations and comments, JSX by extension); the host passes the
   * core's own parser so both see the same trees.
   */
  constructor(
    filename: string,
    parseText: (text: string, filename: string) => TSESTree.Program = defaultParse,
  ) {
    this.filename = filename;
    this.#parseText = parseText;
  }

  get text(): string {
    return this.#text;
  }

  /** The top-level statements of the current text (inner nodes may be owed a move). */
  get statements(): readonly StatementRecord[] {
    return this.#statements;
  }

  /**
   * Brings the statements up to date with `text`. Throws the parser's error
   * when the text does not parse (the previous state is then kept).
   */
  update(text: string): ParseUpdate {
    if (!this.#parsed) return this.#full(text, 'first parse');
    const old = this.#text;
    if (old === text) {
      return { full: false, first: 0, count: 0, removed: 0, delta: 0, lineDelta: 0 };
    }
    // the changed window: [p, oldEnd) in the old text, [p, newEnd) in the new
    const max = Math.min(old.length, text.length);
    // whole blocks first (string equality compares memory; a loop over a
    // 167 KB text's characters cost ~7 ms of every edit), then characters
    let p = 0;
    while (p + DIFF_BLOCK <= max && old.slice(p, p + DIFF_BLOCK) === text.slice(p, p + DIFF_BLOCK)) {
      p += DIFF_BLOCK;
    }
    while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    let s = 0;
    while (
      s + DIFF_BLOCK <= max - p &&
      old.slice(old.length - s - DIFF_BLOCK, old.length - s) ===
        text.slice(text.length - s - DIFF_BLOCK, text.length - s)
    ) {
      s += DIFF_BLOCK;
    }
    while (
      s < max - p &&
      old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)
    ) {
      s++;
    }
    const oldEnd = old.length - s;
    const newEnd = text.length - s;
    const delta = text.length - old.length;
    const stmts = this.#statements;
    if (stmts.length === 0) return this.#full(text, 'no statements');

    // statements touching the window (imports are never re-parsed alone:
    // that would look like an import change)
    const window = { start: p, oldEnd, newEnd };
    const t0 = firstEndingAtOrAfter(stmts, p);
    let t1 = t0;
    while (t1 < stmts.length && stmts[t1]!.node.range[0] <= oldEnd) t1++;
    for (let i = t0; i < t1; i++) {
      if (stmts[i]!.node.type === 'ImportDeclaration') {
        return this.#full(text, 'an import changed', window);
      }
    }
    // The region grows only as needed: first the touched statements alone,
    // then one more statement on each side (an edit that joins or splits
    // statements), then the whole text.
    let reason = '';
    for (const widen of [0, 1]) {
      const tried = this.#region(text, window, delta, t0, t1, widen);
      if (typeof tried !== 'string') return tried;
      reason = tried;
    }
    return this.#full(text, reason, window);
  }

  /**
   * Re-parses statements `[t0 - widen, t1 + widen)` (clipped, never onto an
   * import) and splices them in; returns why not when the shortcut could
   * disagree with a whole-file parse (the state is then unchanged).
   */
  #region(
    text: string,
    window: EditWindow,
    delta: number,
    t0: number,
    t1: number,
    widen: number,
  ): ParseUpdate | string {
    const old = this.#text;
    const stmts = this.#statements;
    const { start: p, oldEnd, newEnd } = window;
    let a = t0;
    for (let w = 0; w < widen && a > 0 && stmts[a - 1]!.node.type !== 'ImportDeclaration'; w++) a--;
    let b = t1;
    for (let w = 0; w < widen && b < stmts.length && stmts[b]!.node.type !== 'ImportDeclaration'; w++) b++;
    const regionStart = a > 0 ? stmts[a - 1]!.node.range[1] : 0;
    // a statement after the region that starts on the region's last line
    // would need its columns moved: parse it with the region instead
    while (
      b < stmts.length &&
      b > 0 &&
      sameLine(old, stmts[b - 1]!.node.range[1], stmts[b]!.node.range[0])
    ) {
      b++;
    }
    const regionEndOld = b < stmts.length ? stmts[b]!.node.range[0] : old.length;
    if (p < regionStart || oldEnd > regionEndOld) return 'edit outside the region';
    const regionEndNew = regionEndOld + delta;
    if (newEnd > regionEndNew) return 'edit outside the region';

    // parse the region behind a prefix that puts it on the right line and column
    const before = text.slice(0, regionStart);
    const linesBefore = countLineBreaks(before);
    const lastBreak = lastLineBreakEnd(before);
    const column = regionStart - lastBreak;
    const prefix = '\n'.repeat(linesBefore) + ' '.repeat(column);
    const regionText = text.slice(regionStart, regionEndNew);
    let program: TSESTree.Program;
    try {
      program = this.#parse(prefix + regionText);
    } catch {
      return 'the edited region does not parse alone';
    }
    const shift = regionStart - prefix.length;
    for (const node of program.body) moveTree(node, shift, 0, new Set());
    for (const c of program.comments ?? []) moveSpan(c, shift, 0);

    // the region must not run into its neighbours (no-semicolon continuations)
    const region = program.body;
    const prev = a > 0 ? stmts[a - 1]!.node : undefined;
    const next = b < stmts.length ? stmts[b]!.node : undefined;
    // (a statement ended by a line break alone may take in what follows
    // once the edit removes that break: re-parse it too, by widening)
    if (prev !== undefined && !isClosed(prev, text) && (widen === 0 || ASI_HAZARD.test(regionText))) {
      return 'the region may continue the statement before it';
    }
    const lastNew = region[region.length - 1];
    if (
      next !== undefined &&
      ASI_HAZARD.test(old.slice(next.range[0], next.range[0] + 1)) &&
      (lastNew === undefined || !isClosed(lastNew, text))
    ) {
      return 'the next statement may continue the region';
    }
    if (region.some((n) => n.type === 'ImportDeclaration')) {
      return 'an import changed';
    }
    // a string statement is a directive ('use strict') only in the prologue
    if (stmts.slice(0, a).every((r) => isDirective(r.node))) {
      const n = next as TSESTree.Node | undefined;
      if (
        region.every(isDirective) &&
        n?.type === 'ExpressionStatement' &&
        n.expression.type === 'Literal' &&
        typeof n.expression.value === 'string'
      ) {
        return 'the directive prologue changed';
      }
    } else {
      for (const node of region) {
        if (node.type === 'ExpressionStatement' && node.directive !== undefined) {
          delete (node as { directive?: string }).directive;
        }
      }
    }

    // splice: statements after the region move by delta (and lineDelta)
    const lineDelta = countLineBreaks(regionText) - countLineBreaks(old.slice(regionStart, regionEndOld));
    for (let i = b; i < stmts.length; i++) {
      const r = stmts[i]!;
      moveSpan(r.node, delta, lineDelta);
      r.pendingOffset += delta;
      r.pendingLines += lineDelta;
    }
    const records = region.map((node) => ({ node, pendingOffset: 0, pendingLines: 0 }));
    this.#statements = [...stmts.slice(0, a), ...records, ...stmts.slice(b)];
    this.#comments = [
      ...this.#comments.filter((c) => c.range[1] <= regionStart),
      ...(program.comments ?? []),
      ...this.#comments
        .filter((c) => c.range[0] >= regionEndOld)
        .map((c) => {
          moveSpan(c, delta, lineDelta);
          return c;
        }),
    ];
    this.#text = text;
    this.#lineBreaks += lineDelta;
    return {
      full: false,
      first: a,
      count: records.length,
      removed: b - a,
      delta,
      lineDelta,
      window,
      regionOld: [regionStart, regionEndOld],
      regionNew: [regionStart, regionEndNew],
    };
  }

  /**
   * A Program of the current text. Top-level statements are up to date;
   * their inner nodes may still be owed a move: call {@link materializeRange}
   * (or {@link materializeAll}) for the statements you will walk.
   */
  program(): TSESTree.Program {
    const text = this.#text;
    return {
      type: 'Program' as TSESTree.Program['type'],
      body: this.#statements.map((r) => r.node),
      comments: this.#comments,
      sourceType: 'module',
      range: [0, text.length],
      loc: {
        start: { line: 1, column: 0 },
        end: { line: this.#lineBreaks + 1, column: text.length - lastLineBreakEnd(text) },
      },
      tokens: [],
    } as unknown as TSESTree.Program;
  }

  /** Moves the inner nodes of the statements inside offsets `[start, end]`. */
  materializeRange(start: number, end: number): void {
    for (const r of this.#statements) {
      if (r.node.range[0] >= start && r.node.range[1] <= end) materialize(r);
    }
  }

  /** Moves the inner nodes of every statement. */
  materializeAll(): void {
    for (const r of this.#statements) materialize(r);
  }

  #full(text: string, reason: string, window?: EditWindow): ParseUpdate {
    const program = this.#parse(text);
    const oldCount = this.#statements.length;
    this.#statements = program.body.map((node) => ({ node, pendingOffset: 0, pendingLines: 0 }));
    this.#comments = program.comments ?? [];
    this.#text = text;
    this.#lineBreaks = countLineBreaks(text);
    this.#parsed = true;
    return {
      full: true,
      first: 0,
      count: this.#statements.length,
      removed: oldCount,
      delta: 0,
      lineDelta: 0,
      reason,
      ...(window !== undefined ? { window } : {}),
    };
  }

  #parse(text: string): TSESTree.Program {
    return this.#parseText(text, this.filename);
  }
}

function defaultParse(text: string, filename: string): TSESTree.Program {
  return parse(text, {
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    jsx: !/\.[cm]?ts$/.test(filename),
    filePath: filename,
    errorOnUnknownASTType: false,
  });
}

/** Applies the move a statement's inner nodes are still owed. */
export function materialize(record: StatementRecord): void {
  if (record.pendingOffset === 0 && record.pendingLines === 0) return;
  const seen = new Set<object>([record.node]);
  forEachChildValue(record.node, (child) =>
    moveTree(child, record.pendingOffset, record.pendingLines, seen),
  );
  record.pendingOffset = 0;
  record.pendingLines = 0;
}

/** Moves a node and everything below it. */
function moveTree(node: object, offset: number, lines: number, seen: Set<object>): void {
  if (seen.has(node)) return;
  seen.add(node);
  moveSpan(node, offset, lines);
  forEachChildValue(node, (child) => moveTree(child, offset, lines, seen));
}

function moveSpan(node: object, offset: number, lines: number): void {
  const n = node as { range?: [number, number]; loc?: TSESTree.SourceLocation };
  if (Array.isArray(n.range)) {
    n.range = [n.range[0] + offset, n.range[1] + offset];
  }
  if (n.loc !== undefined && lines !== 0) {
    n.loc = {
      start: { line: n.loc.start.line + lines, column: n.loc.start.column },
      end: { line: n.loc.end.line + lines, column: n.loc.end.column },
    };
  }
}

/** Calls `fn` on every object-valued property that looks like a node. */
function forEachChildValue(node: object, fn: (child: object) => void): void {
  for (const key in node) {
    if (key === 'parent' || key === 'range' || key === 'loc') continue;
    const value = (node as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object' && 'type' in item) fn(item);
      }
    } else if (value !== null && typeof value === 'object' && 'type' in value) {
      fn(value);
    }
  }
}

/** The index of the first statement ending at or after `offset` (binary search). */
function firstEndingAtOrAfter(stmts: readonly StatementRecord[], offset: number): number {
  let lo = 0;
  let hi = stmts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid]!.node.range[1] >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Line breaks in `text`, counted as the parser counts them. */
export function countLineBreaks(text: string): number {
  let n = 0;
  LINE_BREAK.lastIndex = 0;
  while (LINE_BREAK.exec(text) !== null) n++;
  return n;
}

/** The offset just after the last line break of `text` (0 if none). */
function lastLineBreakEnd(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return i + 1;
  }
  return 0;
}

/** Whether offsets `x` ≤ `y` of `text` are on the same line. */
function sameLine(text: string, x: number, y: number): boolean {
  for (let i = x; i < y; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** A directive-prologue statement (`'use strict';`). */
function isDirective(node: TSESTree.Node): boolean {
  return node.type === 'ExpressionStatement' && node.directive !== undefined;
}

/** Statements that no following text can continue. */
const CLOSED_TYPES = new Set([
  'ImportDeclaration',
  'FunctionDeclaration',
  'ClassDeclaration',
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'BlockStatement',
  'TryStatement',
  'SwitchStatement',
  'TSInterfaceDeclaration',
  'TSModuleDeclaration',
  'TSEnumDeclaration',
]);

/**
 * Whether a statement cannot be continued by the text after it: it ends with
 * `;`, or it is a declaration or block statement (a `}` that ends an
 * expression, as in `f = function () {}`, does not count).
 */
function isClosed(node: TSESTree.Node, text: string): boolean {
  if (text[node.range[1] - 1] === ';') return true;
  if (CLOSED_TYPES.has(node.type)) return true;
  if (
    (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') &&
    node.declaration !== null &&
    node.declaration !== undefined
  ) {
    return CLOSED_TYPES.has(node.declaration.type);
  }
  return false;
}
