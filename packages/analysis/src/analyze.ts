import type { TSESTree } from '@typescript-eslint/types';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import type { FileStamp } from './modules.js';
import { resolveRelative, stampsUnchanged } from './modules.js';
import type { LockSetup } from './presets/library.js';
import { lockSetup } from './presets/library.js';
import type { LockSpec } from './lockspec/types.js';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { LOCKISH, isFunction, makeFileContext } from './context.js';
import type { FileContext } from './context.js';
import { Interpreter } from './flow/interpreter.js';
import { SourceText } from './source.js';
import { lockOrderFindings } from './checks/lock-order.js';
import { inferAssertions, inheritAssertions } from './asserts.js';
import { attachOrderEdges, attachParamOrderEdges, localizeOrderEdges, mayOrder, relabelOrderEdges } from './order/summary.js';
import { typedCallees } from './typed/hooks.js';
import type { TypeOracle } from './typed/oracle.js';
import type { FunctionFacts } from './summaries.js';
import { applyJsdoc, collectFacts, functionInfo, propagate } from './summaries.js';
import type {
  AnalyzeOptions,
  FileAnalysis,
  FunctionInfo,
  FunctionSummary,
  LockStateInfo,
  LockStateSnapshot,
  RelatedLocation,
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
    applyJsdoc(f, unit.file);
    inferAssertions(f, unit.file);
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
  inheritAssertions(facts, summaries, callees, unit.file);
  const calls = new Set<string>();
  for (const f of facts) for (const c of f.calls) calls.add(c.callee);
  return {
    key: unit.key,
    functions: [...summaries.values()],
    calls: [...calls],
    lockish: LOCKISH.test(unitText(unit)),
  };
}

/**
 * A pattern matching calls of the functions whose summaries matter to a
 * caller (by last name segment), or undefined when none does: a unit whose
 * text matches neither it nor a lock API is not worth checking.
 */
export function callPattern(summaries: ReadonlyMap<string, FunctionSummary>): RegExp | undefined {
  const names = new Set<string>();
  for (const s of summaries.values()) {
    if (s.requires.length || s.acquires.length || s.releases.length || s.returnsGuard || s.returnsLockValue || s.orderEdges?.length || s.requiresHeld?.length || s.asserts?.length) {
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
  const pattern = calls === undefined ? callPattern(summaries) : calls;
  const typedHit = unit.file.typedHits?.some((at) => at >= unit.range[0] && at < unit.range[1]);
  if (!typedHit && !LOCKISH.test(text) && !(pattern && pattern.test(text)) && !mentionsLibraryLock(unit, text)) return result;
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
  result.orderEdges = it.order.edges;
  result.functionOrderEdges = it.order.byFunction;
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
    (a.requiresHeld?.length ?? 0) === (b.requiresHeld?.length ?? 0) &&
    (a.asserts?.length ?? 0) === (b.asserts?.length ?? 0) &&
    !!a.returnsLockValue === !!b.returnsLockValue
  );
}

/**
 * Summarises every unit to a fixpoint (requirements travel through call
 * chains of any depth, recursion included), then checks every unit.
 */
export function analyzeUnits(units: readonly UnitInput[], file: FileContext, imported?: ReadonlyMap<string, FunctionSummary>): FileAnalysis {
  const all = summarizeAll(units, imported);
  const calls = callPattern(all);
  let results = units.map((u) => checkUnit(u, all, calls));
  // Orders about parameters' locks reach same-file callers on a second check.
  if (attachParamOrderEdges(all, results)) results = units.map((u) => checkUnit(u, all, callPattern(all)));
  return merge(file.filename, results);
}

/** The summaries of every function of the units, to a fixpoint, seeded with those of imported functions. */
function summarizeAll(units: readonly UnitInput[], imported?: ReadonlyMap<string, FunctionSummary>): Map<string, FunctionSummary> {
  const all = new Map<string, FunctionSummary>(imported ?? []);
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
  return all;
}

// ------------------------------------------------------------ other modules

/** What a module offers its importers: summaries of its exported functions, and its exported bindings. */
interface ModuleSummaries {
  mtimeMs: number;
  size: number;
  functions: Map<string, FunctionSummary>;
  /** Exported bindings, by exported name, to their origin (`<path>#<name>`: where they are declared). */
  bindings: Map<string, string>;
  /** Exported bindings that are locks of a lock library (`export const mutex = new Mutex()`). */
  locks: Map<string, LockSpec>;
  /** Every file these summaries were computed from (the module and what it imports), with its stamp. */
  deps: Map<string, FileStamp>;
}

const moduleCache = new Map<string, ModuleSummaries>();
const MODULE_CACHE_SIZE = 1024;
const MODULE_DEPTH = 6;

/**
 * The summaries a module exports, read from disk and cached by path,
 * modification time and size (never by shared mutable analysis state).
 * Undefined when the file cannot be read or parsed.
 */
function moduleSummaries(path: string, depth: number, seen: Set<string>, setup: LockSetup, used: Map<string, FileStamp>, texts?: ModuleTexts): ModuleSummaries | undefined {
  if (depth > MODULE_DEPTH || seen.has(path)) return undefined;
  const override = texts?.(path);
  if (texts !== undefined && override !== undefined) return overlaySummaries(path, override, depth, seen, setup, used, texts);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  // Summaries depend on the lock setup (custom locks) and on every module read.
  const cacheKey = setup.key === '' ? path : `${setup.key}\u0000${path}`;
  const hit = moduleCache.get(cacheKey);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && stampsUnchanged(hit.deps)) {
    for (const [p, st] of hit.deps) used.set(p, st);
    return hit;
  }
  seen.add(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const out = summariesOfText(path, text, { mtimeMs: stat.mtimeMs, size: stat.size }, depth, seen, setup, texts);
  if (out === undefined) return undefined;
  for (const [p, st] of out.deps) used.set(p, st);
  moduleCache.delete(cacheKey);
  moduleCache.set(cacheKey, out);
  if (moduleCache.size > MODULE_CACHE_SIZE) {
    const first = moduleCache.keys().next();
    if (!first.done) moduleCache.delete(first.value);
  }
  return out;
}

/**
 * Texts of modules that win over the disk, by absolute path: the unsaved
 * documents of an editor. Undefined for a module read from disk.
 */
export type ModuleTexts = (path: string) => string | undefined;

const overlayCache = new Map<string, { text: string; out: ModuleSummaries }>();

/**
 * {@link moduleSummaries} of a module whose text an editor holds: cached by
 * path, settings and text; its stamp can never match the disk's (NaN), so
 * whatever was computed from it is never taken for fresh by a disk check.
 */
function overlaySummaries(path: string, text: string, depth: number, seen: Set<string>, setup: LockSetup, used: Map<string, FileStamp>, texts: ModuleTexts): ModuleSummaries | undefined {
  const key = `${setup.key}\u0000${path}`;
  const hit = overlayCache.get(key);
  let out = hit !== undefined && hit.text === text ? hit.out : undefined;
  if (out === undefined) {
    seen.add(path);
    out = summariesOfText(path, text, { mtimeMs: Number.NaN, size: text.length }, depth, seen, setup, texts);
    if (out === undefined) return undefined;
    overlayCache.delete(key);
    overlayCache.set(key, { text, out });
    if (overlayCache.size > MODULE_CACHE_SIZE) {
      const first = overlayCache.keys().next();
      if (!first.done) overlayCache.delete(first.value);
    }
  }
  for (const [p, st] of out.deps) used.set(p, st);
  return out;
}

/** What a module's text exports to its importers (undefined when it does not parse). */
function summariesOfText(path: string, text: string, stat: FileStamp, depth: number, seen: Set<string>, setup: LockSetup, texts: ModuleTexts | undefined): ModuleSummaries | undefined {
  let program: TSESTree.Program;
  try {
    program = parseSource(text, path);
  } catch {
    return undefined;
  }
  const file = makeFileContext(program, new SourceText(text), path, setup);
  const imported = importedSummaries(program, file, depth + 1, seen, texts);
  const all = summarizeAll(splitUnits(program, file), imported);
  // Lock-order edges need held sets: run the engine only where two locks may meet.
  if (mayOrder(all)) attachOrderEdges(all, splitUnits(program, file).map((u) => checkUnit(u, all)));
  const deps = new Map<string, FileStamp>([[path, { mtimeMs: stat.mtimeMs, size: stat.size }]]);
  const out: ModuleSummaries = { mtimeMs: stat.mtimeMs, size: stat.size, functions: new Map(), bindings: new Map(), locks: new Map(), deps };
  const where = basename(path);
  // Names declared at the top of the module: its locks are named by origin; globals are not.
  const declared = new Set<string>();
  for (const stmt of program.body) {
    const d = (stmt.type === T.ExportNamedDeclaration || stmt.type === T.ExportDefaultDeclaration) && stmt.declaration ? stmt.declaration : stmt;
    if (d.type === T.VariableDeclaration) for (const v of d.declarations) if (v.id.type === T.Identifier) declared.add(v.id.name);
    if ((d.type === T.FunctionDeclaration || d.type === T.ClassDeclaration) && d.id) declared.add(d.id.name);
    if (d.type === T.ImportDeclaration) for (const sp of d.specifiers) declared.add(sp.local.name);
  }
  const own = (name: string, as: string): void => {
    const s = all.get(name);
    if (s) out.functions.set(as, relabel(s, where, path, declared));
  };
  const bind = (name: string, as: string): void => {
    out.bindings.set(as, `${path}#${name}`);
  };
  const from = (spec: string): ModuleSummaries | undefined => {
    const target = resolveRelative(path, spec, file.deps);
    return target ? moduleSummaries(target, depth + 1, seen, setup, file.deps, texts) : undefined;
  };
  for (const stmt of program.body) {
    if (stmt.type === T.ExportNamedDeclaration) {
      const d = stmt.declaration;
      if (d?.type === T.FunctionDeclaration && d.id) own(d.id.name, d.id.name);
      if (d?.type === T.VariableDeclaration) {
        for (const v of d.declarations) {
          if (v.id.type !== T.Identifier) continue;
          own(v.id.name, v.id.name);
          bind(v.id.name, v.id.name);
        }
      }
      const source = stmt.source ? from(stmt.source.value) : undefined;
      for (const sp of stmt.specifiers) {
        const inner = sp.local.type === T.Identifier ? sp.local.name : String(sp.local.value);
        const outer = sp.exported.type === T.Identifier ? sp.exported.name : String(sp.exported.value);
        if (source) {
          const s = source.functions.get(inner);
          if (s) out.functions.set(outer, s);
          const origin = source.bindings.get(inner);
          if (origin !== undefined) out.bindings.set(outer, origin);
          const lock = source.locks.get(inner);
          if (lock) out.locks.set(outer, lock);
        } else {
          own(inner, outer);
          bind(inner, outer);
        }
      }
    } else if (stmt.type === T.ExportDefaultDeclaration) {
      const d = stmt.declaration;
      if (d.type === T.FunctionDeclaration && d.id) own(d.id.name, 'default');
      else if (d.type === T.Identifier) own(d.name, 'default');
    } else if (stmt.type === T.ExportAllDeclaration && !stmt.exported) {
      const source = from(stmt.source.value);
      if (source) {
        for (const [k, v] of source.functions) if (k !== 'default') out.functions.set(k, v);
        for (const [k, v] of source.bindings) out.bindings.set(k, v);
        for (const [k, v] of source.locks) out.locks.set(k, v);
      }
    } else if (stmt.type === T.ExpressionStatement && stmt.expression.type === T.AssignmentExpression) {
      // CommonJS: `exports.f = f`, `module.exports.f = f`, `module.exports = { f, g: h }`.
      const { left, right } = stmt.expression;
      if (left.type !== T.MemberExpression || left.computed) continue;
      const isExports = (n: TSESTree.Node): boolean =>
        (n.type === T.Identifier && n.name === 'exports') ||
        (n.type === T.MemberExpression && !n.computed && n.object.type === T.Identifier && n.object.name === 'module' && n.property.type === T.Identifier && n.property.name === 'exports');
      if (left.property.type === T.Identifier && isExports(left.object) && right.type === T.Identifier) {
        own(right.name, left.property.name);
        bind(right.name, left.property.name);
      } else if (isExports(left) && right.type === T.ObjectExpression) {
        for (const p of right.properties) {
          if (p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.value.type === T.Identifier) {
            own(p.value.name, p.key.name);
            bind(p.value.name, p.key.name);
          }
        }
      }
    }
  }
  for (const [b, origin] of out.bindings) {
    const spec = origin.startsWith(`${path}#`) ? file.lib.byKey.get(origin.slice(path.length + 1)) : undefined;
    if (spec) out.locks.set(b, spec);
  }
  for (const [p, st] of file.deps) deps.set(p, st);
  return out;
}

/**
 * A summary as importers see it: its evidence names its file (`it calls
 * \`g.setMark()\` in marks.js`) and its module-level locks are named by
 * where they are declared (`<path>#mutex`), to be renamed by each importer.
 */
function relabel(s: FunctionSummary, where: string, path: string, declared: ReadonlySet<string>): FunctionSummary {
  const ev = <E extends { evidence: RelatedLocation }>(x: E): E => ({ ...x, evidence: { ...x.evidence, message: `${x.evidence.message} in ${where}`, file: where } });
  const origin = <E extends { lock: string }>(x: E): E => {
    const root = /^[\w$]+/.exec(x.lock)?.[0];
    return root === undefined || !declared.has(root) ? x : { ...x, lock: `${path}#${x.lock}` };
  };
  const out: FunctionSummary = { ...s, requires: s.requires.map(ev), acquires: s.acquires.map(ev).map(origin), releases: s.releases.map(ev) };
  if (s.returnsGuard) out.returnsGuard = origin(ev(s.returnsGuard));
  if (s.requiresHeld) out.requiresHeld = s.requiresHeld.map(ev).map(origin);
  if (s.asserts) out.asserts = s.asserts.map(ev).map(origin);
  if (s.returnsLockValue) out.returnsLockValue = origin(ev(s.returnsLockValue));
  const ordered = relabelOrderEdges(s.orderEdges, where, (lock) => origin({ lock }).lock);
  if (ordered) out.orderEdges = ordered;
  return out;
}

/**
 * Renames the locks of an imported summary into the importer's names: a
 * lock that is a binding the importer imports (from its module or through
 * re-exports) takes its local name; any other module-level lock is
 * qualified by its module (`db.js:mutex`), so it never matches an
 * unrelated lock of the importer.
 */
function localize(s: FunctionSummary, locals: ReadonlyMap<string, string>): FunctionSummary {
  const name = (lock: string): string => {
    const hash = lock.indexOf('#');
    if (hash <= 0 || lock.startsWith('#')) return lock;
    const path = lock.slice(0, hash);
    const rest = lock.slice(hash + 1);
    const root = /^[\w$]+/.exec(rest)?.[0];
    const local = root !== undefined ? locals.get(`${path}#${root}`) : undefined;
    if (local !== undefined && root !== undefined) return `${local}${rest.slice(root.length)}`;
    return `${basename(path)}:${rest}`;
  };
  const out: FunctionSummary = { ...s, acquires: s.acquires.map((a) => ({ ...a, lock: name(a.lock) })) };
  if (s.returnsGuard) out.returnsGuard = { ...s.returnsGuard, lock: name(s.returnsGuard.lock) };
  if (s.requiresHeld) out.requiresHeld = s.requiresHeld.map((a) => ({ ...a, lock: name(a.lock) }));
  if (s.asserts) out.asserts = s.asserts.map((a) => ({ ...a, lock: name(a.lock) }));
  if (s.returnsLockValue) out.returnsLockValue = { ...s.returnsLockValue, lock: name(s.returnsLockValue.lock) };
  const ordered = localizeOrderEdges(s.orderEdges, name);
  if (ordered) out.orderEdges = ordered;
  return out;
}

/**
 * The summaries of the functions `program` imports from relative modules,
 * under their local names, as {@link analyzeSource} passes them to
 * {@link analyzeUnits}; `texts` gives the modules an editor holds (their
 * text wins over the disk's). Imported locks of lock libraries join
 * `file.lib`, and every module read joins `file.deps`. Never throws: an
 * unreadable or unparsable module contributes nothing.
 */
export function summariesImportedBy(program: TSESTree.Program, file: FileContext, texts?: ModuleTexts): Map<string, FunctionSummary> {
  return importedSummaries(program, file, 1, new Set([file.filename]), texts);
}

/**
 * The summaries of the functions `program` imports from relative modules
 * (ESM named and default imports, CommonJS destructured `require`), under
 * their local names. Modules are parsed, never run.
 */
function importedSummaries(program: TSESTree.Program, file: FileContext, depth = 1, seen = new Set<string>([file.filename]), texts?: ModuleTexts): Map<string, FunctionSummary> {
  const out = new Map<string, FunctionSummary>();
  const bindings: { spec: string; pairs: [string, string][] }[] = [];
  for (const stmt of program.body) {
    if (stmt.type === T.ImportDeclaration && stmt.importKind !== 'type' && stmt.source.value.startsWith('.')) {
      const pairs: [string, string][] = [];
      for (const sp of stmt.specifiers) {
        if (sp.type === T.ImportDefaultSpecifier) pairs.push(['default', sp.local.name]);
        else if (sp.type === T.ImportSpecifier) pairs.push([sp.imported.type === T.Identifier ? sp.imported.name : String(sp.imported.value), sp.local.name]);
      }
      bindings.push({ spec: stmt.source.value, pairs });
    } else if (stmt.type === T.VariableDeclaration) {
      for (const d of stmt.declarations) {
        const init = d.init;
        if (
          d.id.type === T.ObjectPattern &&
          init?.type === T.CallExpression &&
          init.callee.type === T.Identifier &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === T.Literal &&
          typeof init.arguments[0].value === 'string' &&
          init.arguments[0].value.startsWith('.')
        ) {
          const pairs: [string, string][] = [];
          for (const p of d.id.properties) {
            if (p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.value.type === T.Identifier) pairs.push([p.key.name, p.value.name]);
          }
          bindings.push({ spec: init.arguments[0].value, pairs });
        }
      }
    }
  }
  // Every imported binding by origin first: a function imported from one
  // module may take a lock imported from another.
  const locals = new Map<string, string>();
  const modules: { module: ModuleSummaries; pairs: [string, string][] }[] = [];
  for (const b of bindings) {
    if (b.pairs.length === 0) continue;
    const target = resolveRelative(file.filename, b.spec, file.deps);
    const module = target ? moduleSummaries(target, depth, new Set(seen), file.setup, file.deps, texts) : undefined;
    if (module) modules.push({ module, pairs: b.pairs });
  }
  for (const { module, pairs } of modules) {
    for (const [imported, local] of pairs) {
      const origin = module.bindings.get(imported);
      if (origin !== undefined) locals.set(origin, local);
      // An imported lock of a lock library is a lock here too.
      const lock = module.locks.get(imported);
      if (lock && !file.lib.byKey.has(local)) file.lib.byKey.set(local, lock);
    }
  }
  for (const { module, pairs } of modules) {
    for (const [imported, local] of pairs) {
      const s = module.functions.get(imported);
      if (s) out.set(local, { ...localize(s, locals), name: local });
    }
  }
  return out;
}

/** One file's analysis from its units' results. */
export function merge(filename: string, results: readonly UnitResult[]): FileAnalysis {
  const findings = results.flatMap((r) => r.findings);
  findings.push(...lockOrderFindings(results.flatMap((r) => r.orderEdges ?? [])));
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

interface Cached {
  text: string;
  filename: string;
  /** {@link LockSetup.key} of the settings it was computed with. */
  setup: string;
  /** The other files it read, with their stamps: it is valid while they are unchanged. */
  deps: ReadonlyMap<string, FileStamp>;
  /** Computed with type information. */
  typed?: boolean;
  result: FileAnalysis;
}

const programCache = new WeakMap<object, Cached>();

/** Analyses a parsed program with `setup`; the files it read are in the result's `deps`. */
function analyzeWith(program: TSESTree.Program, text: string, filename: string, setup: LockSetup, types?: TypeOracle): { result: FileAnalysis; deps: ReadonlyMap<string, FileStamp> } {
  let result: FileAnalysis;
  let deps: ReadonlyMap<string, FileStamp> = new Map();
  try {
    const lockish = LOCKISH.test(text) || setup.hint(text);
    if (!lockish && !types?.mayUseLockTypes()) result = empty(filename);
    else {
      const src = new SourceText(text);
      const file = makeFileContext(program, src, filename, setup);
      deps = file.deps;
      let imported: Map<string, FunctionSummary> | undefined;
      const known = (): Map<string, FunctionSummary> => (imported ??= importedSummaries(program, file));
      let relevant = lockish;
      if (types) {
        // Typed: locks found through types, calls resolved by the checker (see typed/).
        file.types = types;
        const t = typedCallees(program, file, known, parseSource, (units) => summarizeAll(units));
        for (const [k, s] of t.summaries) known().set(k, s);
        file.typedCalls = t.calls;
        file.typedHits = t.hits;
        relevant ||= t.hits.length > 0;
      }
      result = relevant ? analyzeUnits(splitUnits(program, file), file, known()) : empty(filename);
    }
  } catch (e) {
    result = { ...empty(filename), internalError: message(e) };
  }
  if (setup.error !== undefined) result.settingsError = setup.error;
  return { result, deps };
}

/** The cached result still holds for this text, file, settings and imported files. */
function fresh(cached: Cached | undefined, text: string, filename: string, setup: LockSetup, checkDeps = true): cached is Cached {
  return cached !== undefined && cached.text === text && cached.filename === filename && cached.setup === setup.key && (!checkDeps || stampsUnchanged(cached.deps));
}

/**
 * Analyses an ESTree program (from `@typescript-eslint/parser` or espree,
 * with `range` and `loc`). Cached per program object, so every rule of a
 * lint run shares one analysis (the cache also checks the text and the
 * settings; {@link analyzeSource} also checks the imported files). Never throws: an internal error gives a result with no
 * findings and `internalError` set; invalid settings set `settingsError`.
 */
export function analyzeProgram(
  program: TSESTree.Program,
  text: string,
  options: AnalyzeOptions,
): FileAnalysis {
  const setup = lockSetup(options.settings);
  const cached = programCache.get(program);
  const typed = options.types !== undefined;
  // A program object is one parse, shared by the rules of one lint pass: the
  // imported files are not stat'ed again for each rule.
  if (fresh(cached, text, options.filename, setup, false) && (cached.typed ?? false) === typed) return cached.result;
  const { result, deps } = analyzeWith(program, text, options.filename, setup, options.types);
  programCache.set(program, { text, filename: options.filename, setup: setup.key, deps, typed, result });
  return result;
}

const sourceCache = new Map<string, Cached>();
const SOURCE_CACHE_SIZE = 256;

/** Parses `text` as the language its file name says. Throws the parser's error. */
export function parseSource(text: string, filename: string): TSESTree.Program {
  const jsx = /\.(?:[jt]sx|[cm]?js)$/i.test(filename) || !/\.[cm]?ts$/i.test(filename);
  return parse(text, { range: true, loc: true, comment: true, jsx, filePath: filename, errorOnUnknownASTType: false });
}

/**
 * Parses with `@typescript-eslint/typescript-estree` (JSX by extension) and
 * analyses. Cached by file name, text, settings and the stamps (modification
 * time and size) of every imported module it read, so editing a callee in
 * another file gives a new analysis. Never throws: a parse failure sets
 * `parseError`, an internal error `internalError`.
 */
export function analyzeSource(text: string, options: AnalyzeOptions): FileAnalysis {
  const setup = lockSetup(options.settings);
  const cached = sourceCache.get(options.filename);
  if (fresh(cached, text, options.filename, setup)) return cached.result;
  let result: FileAnalysis | undefined;
  let deps: ReadonlyMap<string, FileStamp> = new Map();
  if (!LOCKISH.test(text) && !setup.hint(text)) result = empty(options.filename);
  else {
    let program: TSESTree.Program | undefined;
    try {
      program = parseSource(text, options.filename);
    } catch (e) {
      result = { ...empty(options.filename), parseError: message(e) };
    }
    if (program) ({ result, deps } = analyzeWith(program, text, options.filename, setup));
  }
  result ??= empty(options.filename);
  if (setup.error !== undefined) result.settingsError = setup.error;
  sourceCache.delete(options.filename);
  sourceCache.set(options.filename, { text, filename: options.filename, setup: setup.key, deps, result });
  if (sourceCache.size > SOURCE_CACHE_SIZE) {
    const first = sourceCache.keys().next();
    if (!first.done) sourceCache.delete(first.value);
  }
  return result;
}
