import type { TSESTree } from '@typescript-eslint/types';
import { parse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { LOCKISH, isFunction, makeFileContext } from './context.js';
import type { FileContext } from './context.js';
import { Interpreter } from './flow/interpreter.js';
import { SourceText } from './source.js';
import type { FunctionFacts } from './summaries.js';
import { collectFacts, functionInfo, propagate } from './summaries.js';
import type {
  AnalyzeOptions,
  FileAnalysis,
  FunctionInfo,
  FunctionSummary,
  LockStateInfo,
  LockStateSnapshot,
  UnitResult,
  UnitSummary,
} from './types.js';
import type { UnitInput } from './units.js';
import { splitUnits } from './units.js';

export type { UnitInput } from './units.js';
export { splitUnits } from './units.js';

const factsCache = new WeakMap<object, FunctionFacts[]>();

function factsOf(unit: UnitInput): FunctionFacts[] {
  const key = unit.nodes[0] ?? unit;
  let f = factsCache.get(key);
  if (!f) {
    f = collectFacts(unit);
    factsCache.set(key, f);
  }
  return f;
}

function unitText(unit: UnitInput): string {
  return unit.file.src.slice(unit.range[0], unit.range[1]);
}

/**
 * Summarises one unit: the summaries of the functions it declares, given
 * the summaries of the functions it calls (keyed by name). Pure: the same
 * unit and callee summaries give the same result.
 */
export function summarizeUnit(
  unit: UnitInput,
  callees: ReadonlyMap<string, FunctionSummary>,
): UnitSummary {
  const facts = factsOf(unit);
  const summaries = propagate(facts, callees, unit.file);
  const calls = new Set<string>();
  for (const f of facts) for (const c of f.calls) calls.add(c.callee);
  return {
    key: unit.key,
    functions: [...summaries.values()],
    calls: [...calls],
    lockish: LOCKISH.test(unitText(unit)),
  };
}

/** Names of functions whose calls matter to a caller. */
function interesting(summaries: ReadonlyMap<string, FunctionSummary>): RegExp | undefined {
  const names = new Set<string>();
  for (const s of summaries.values()) {
    if (s.requires.length || s.acquires.length || s.releases.length || s.returnsGuard || s.returnsLockValue) {
      const last = s.name.slice(s.name.lastIndexOf('.') + 1);
      if (/^[\w$#]+$/.test(last)) names.add(last.replace(/\$/g, '\\$'));
    }
  }
  if (names.size === 0) return undefined;
  return new RegExp(`(?:^|[^\\w$])(?:${[...names].join('|')})\\s*\\(`);
}

/**
 * Checks one unit against the summaries of every function it may call
 * (its own included). Returns its findings, lock scopes, function infos and
 * lock states. Never throws on user code.
 */
export function checkUnit(
  unit: UnitInput,
  summaries: ReadonlyMap<string, FunctionSummary>,
  calls?: RegExp,
): UnitResult {
  const text = unitText(unit);
  const result: UnitResult = { key: unit.key, findings: [], scopes: [], functions: [], guardArguments: [], states: [] };
  const facts = factsOf(unit);
  for (const f of facts) {
    const s = summaries.get(f.name);
    if (s) result.functions.push(functionInfo(f, s, unit.file));
  }
  const pattern = calls === undefined ? interesting(summaries) : calls;
  if (!LOCKISH.test(text) && !(pattern && pattern.test(text)) && !mentionsLibraryLock(unit, text)) return result;
  const it = new Interpreter(unit.file, summaries);
  if (unit.module) it.runModule(unit.nodes, null);
  else {
    for (const stmt of unit.nodes) runTopLevel(it, stmt);
    it.drain();
  }
  result.findings = it.rep.findings;
  result.scopes = it.scopes;
  result.guardArguments = it.guardArguments;
  result.states = it.states;
  return result;
}

/** The unit may use a library lock of its file (bound elsewhere in the file, or global). */
function mentionsLibraryLock(unit: UnitInput, text: string): boolean {
  return unit.file.lib.byKey.size > 0 || /navigator\s*\.\s*locks/.test(text);
}

function runTopLevel(it: Interpreter, stmt: TSESTree.Node): void {
  let d: TSESTree.Node = stmt;
  if ((d.type === T.ExportNamedDeclaration || d.type === T.ExportDefaultDeclaration) && d.declaration) d = d.declaration;
  if (d.type === T.FunctionDeclaration) it.runRoot(d, undefined, d.id?.name);
  else if (isFunction(d)) it.runRoot(d, undefined, undefined);
  else if (d.type === T.VariableDeclaration) {
    for (const v of d.declarations) {
      const name = v.id.type === T.Identifier ? v.id.name : undefined;
      if (v.init && isFunction(v.init)) it.runRoot(v.init, undefined, name);
      else if (v.init?.type === T.ClassExpression) runClass(it, v.init, name);
    }
  } else if (d.type === T.ClassDeclaration || d.type === T.ClassExpression) runClass(it, d, d.id?.name);
}

function runClass(it: Interpreter, node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string | undefined): void {
  for (const m of node.body.body) {
    if ((m.type === T.MethodDefinition || m.type === T.PropertyDefinition) && m.value && isFunction(m.value)) {
      const k = m.key.type === T.Identifier ? m.key.name : m.key.type === T.PrivateIdentifier ? `#${m.key.name}` : undefined;
      const fname = name !== undefined && k !== undefined ? (m.static ? `${name}.${k}` : `${name}.prototype.${k}`) : undefined;
      it.runRoot(m.value, name, fname);
    }
  }
}

function sameSummary(a: FunctionSummary | undefined, b: FunctionSummary): boolean {
  return (
    a !== undefined &&
    a.requires.length === b.requires.length &&
    a.acquires.length === b.acquires.length &&
    a.releases.length === b.releases.length &&
    a.releases.filter((r) => r.always).length === b.releases.filter((r) => r.always).length &&
    !!a.returnsGuard === !!b.returnsGuard &&
    !!a.returnsLockValue === !!b.returnsLockValue
  );
}

/**
 * Summarises every unit to a fixpoint (requirements travel through call
 * chains of any depth, recursion included), then checks every unit.
 */
export function analyzeUnits(units: readonly UnitInput[], file: FileContext): FileAnalysis {
  const all = new Map<string, FunctionSummary>();
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const u of units) {
      for (const s of summarizeUnit(u, all).functions) {
        if (!sameSummary(all.get(s.name), s)) {
          all.set(s.name, s);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const calls = interesting(all);
  const results = units.map((u) => checkUnit(u, all, calls));
  return merge(file.filename, results);
}

/** One file's analysis from its units' results. */
export function merge(filename: string, results: readonly UnitResult[]): FileAnalysis {
  const findings = results.flatMap((r) => r.findings);
  findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.check.localeCompare(b.check));
  const states: LockStateSnapshot[] = results.flatMap((r) => r.states);
  const functions: FunctionInfo[] = results.flatMap((r) => r.functions);
  return {
    filename,
    findings,
    scopes: results.flatMap((r) => r.scopes),
    functions,
    guardArguments: results.flatMap((r) => r.guardArguments),
    lockStateAt: stateLookup(states),
  };
}

function stateLookup(states: readonly LockStateSnapshot[]): (offset: number) => LockStateInfo[] {
  return (offset: number) => {
    let best: LockStateSnapshot | undefined;
    for (const s of states) {
      if (s.range[0] <= offset && offset < s.range[1]) {
        if (!best || s.range[1] - s.range[0] <= best.range[1] - best.range[0]) best = s;
      }
    }
    return best ? best.locks : [];
  };
}

function empty(filename: string): FileAnalysis {
  return { filename, findings: [], scopes: [], functions: [], guardArguments: [], lockStateAt: () => [] };
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

const programCache = new WeakMap<object, { text: string; filename: string; result: FileAnalysis }>();

/**
 * Analyses an ESTree program (from `@typescript-eslint/parser` or espree,
 * with `range` and `loc`). Cached per program object, so every rule of a
 * lint run shares one analysis. Never throws: an internal error gives a
 * result with no findings and `internalError` set.
 */
export function analyzeProgram(
  program: TSESTree.Program,
  text: string,
  options: AnalyzeOptions,
): FileAnalysis {
  const cached = programCache.get(program);
  if (cached && cached.text === text && cached.filename === options.filename) return cached.result;
  let result: FileAnalysis;
  try {
    if (!LOCKISH.test(text)) result = empty(options.filename);
    else {
      const src = new SourceText(text);
      const file = makeFileContext(program, src, options.filename);
      result = analyzeUnits(splitUnits(program, file), file);
    }
  } catch (e) {
    result = { ...empty(options.filename), internalError: message(e) };
  }
  programCache.set(program, { text, filename: options.filename, result });
  return result;
}

const sourceCache = new Map<string, { text: string; result: FileAnalysis }>();
const SOURCE_CACHE_SIZE = 256;

/** Parses `text` as the language its file name says. Throws the parser's error. */
export function parseSource(text: string, filename: string): TSESTree.Program {
  const jsx = /\.(?:[jt]sx|[cm]?js)$/i.test(filename) || !/\.[cm]?ts$/i.test(filename);
  return parse(text, { range: true, loc: true, comment: true, jsx, filePath: filename, errorOnUnknownASTType: false });
}

/**
 * Parses with `@typescript-eslint/typescript-estree` (JSX by extension) and
 * analyses. Cached by file name and text. Never throws: a parse failure sets
 * `parseError`, an internal error `internalError`.
 */
export function analyzeSource(text: string, options: AnalyzeOptions): FileAnalysis {
  const cached = sourceCache.get(options.filename);
  if (cached && cached.text === text) return cached.result;
  let result: FileAnalysis;
  if (!LOCKISH.test(text)) result = empty(options.filename);
  else {
    let program: TSESTree.Program | undefined;
    try {
      program = parseSource(text, options.filename);
    } catch (e) {
      result = { ...empty(options.filename), parseError: message(e) };
    }
    if (program) result = analyzeProgram(program, text, options);
    else result ??= empty(options.filename);
  }
  sourceCache.delete(options.filename);
  sourceCache.set(options.filename, { text, result });
  if (sourceCache.size > SOURCE_CACHE_SIZE) {
    const first = sourceCache.keys().next();
    if (!first.done) sourceCache.delete(first.value);
  }
  return result;
}
