/**
 * Where type information enters the flow engine: library locks reached
 * through any expression whose type is a lock (`this.deps.mutex`), and the
 * summaries of callees the checker resolves (methods, aliases, package
 * functions declared in `.d.ts`), keyed for the calls that reach them.
 * The engine calls these only when its file has a {@link TypeOracle}.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileContext } from '../context.js';
import { forEachChild, keyText, makeFileContext, unwrapTs } from '../context.js';
import type { LibraryCall } from '../presets/library.js';
import { SourceText } from '../source.js';
import type { FunctionRequirement, FunctionSummary, RelatedLocation } from '../types.js';
import type { UnitInput } from '../units.js';
import { splitUnits } from '../units.js';
import type { CalleeRef, TypedParam } from './oracle.js';

/**
 * What `call` (`<object>.<method>(…)`) does to a library lock that only the
 * types reveal (the receiver is a property chain, a parameter typed by an
 * interface, a value returned by a function…). The lock is named by the
 * receiver as written. Undefined when the receiver's type is no lock.
 */
export function typedLibraryCall(
  file: FileContext,
  object: TSESTree.Node,
  method: string,
  call: TSESTree.CallExpression,
): LibraryCall | undefined {
  const spec = file.types?.lockSpecOf(object);
  if (!spec) return undefined;
  const base = keyText(file.src, object);
  const acq = spec.acquire.find((a) => a.method === method && !a.via);
  if (acq) {
    let lock = base;
    if (acq.key && acq.key.on !== 'constructor') {
      const k = call.arguments[acq.key.arg];
      lock =
        k?.type === T.Literal && (typeof k.value === 'string' || typeof k.value === 'number')
          ? `${base}[${JSON.stringify(k.value)}]`
          : `${base}[@${call.range[0]}]`;
    }
    if (acq.form === 'call') return { kind: 'acquire', spec, lock, acq };
    if (acq.form === 'callback') {
      const args = call.arguments;
      const callback = acq.callback === 'last' ? args[args.length - 1] : args[acq.callback];
      return { kind: 'callback', spec, lock, acq, callback };
    }
    return undefined;
  }
  if (spec.release?.some((r) => r.by === 'lockable' && r.method === method)) return { kind: 'release', spec, lock: base };
  if (spec.waitsForRelease?.includes(method)) return { kind: 'wait', spec, lock: base };
  if (spec.asserts?.some((a) => a.member === method && a.call && !a.via)) return { kind: 'assert', spec, lock: base };
  return undefined;
}

/** The summaries of the callees the checker resolves, and the key each call uses. */
export interface TypedCallees {
  /** Summaries to seed the file's analysis with, by key. */
  summaries: Map<string, FunctionSummary>;
  /** The summary key of each resolved call. */
  calls: Map<TSESTree.CallExpression, string>;
  /**
   * Offsets of the nodes where types reveal a lock (a lock-typed parameter,
   * receiver or call result, a call resolved to a summary): the units that
   * contain one are checked even when their text shows no lock.
   */
  hits: number[];
}

/** Parses a file the way the core does (injected to avoid an import cycle). */
export type Parse = (text: string, filename: string) => TSESTree.Program;
/** Summarises units to a fixpoint (injected to avoid an import cycle). */
export type SummarizeAll = (units: readonly UnitInput[]) => Map<string, FunctionSummary>;

/**
 * One walk of `program` with the file's oracle: where types reveal locks
 * ({@link TypedCallees.hits}), and what each call resolves to. A call to a
 * function the syntax already summarises (one of a relatively imported
 * module, from `known`, computed only when needed) keeps that summary, plus
 * the requirements its parameter types declare. Any other call takes the
 * callee's own summary, read from the declaring file when that file has
 * bodies (parsed and summarised; cached by path and stamp), plus the
 * requirements its parameter types declare (a `g: Guard<T>` in a `.d.ts`).
 * A method of this file reached by another name (`cache.tag(g)` for
 * `Cache.prototype.tag`) takes that function's key: the file's own
 * summaries are computed with the rest.
 */
export function typedCallees(
  program: TSESTree.Program,
  file: FileContext,
  known: () => ReadonlyMap<string, FunctionSummary>,
  parse: Parse,
  summarizeAll: SummarizeAll,
): TypedCallees {
  const out: TypedCallees = { summaries: new Map(), calls: new Map(), hits: [] };
  const oracle = file.types;
  if (!oracle) return out;
  const lockish = (node: TSESTree.Node): boolean => oracle.guardKind(node) !== undefined;
  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case T.CallExpression: {
        const callee = unwrapTs(node.callee);
        if (lockish(node) || (callee.type === T.MemberExpression && lockish(callee.object))) out.hits.push(node.range[0]);
        resolve(node, callee);
        break;
      }
      case T.NewExpression:
        if (oracle.guardKind(node) === 'lockable') out.hits.push(node.range[0]);
        break;
      case T.FunctionDeclaration:
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        for (const p of node.params) {
          const id = p.type === T.AssignmentPattern ? p.left : p.type === T.TSParameterProperty ? p.parameter : p;
          if (id.typeAnnotation && lockish(id.typeAnnotation)) out.hits.push(p.range[0]);
        }
        break;
      case T.VariableDeclarator:
        if (node.id.typeAnnotation && lockish(node.id.typeAnnotation)) out.hits.push(node.range[0]);
        break;
      default:
    }
    forEachChild(node, visit);
  };
  const resolve = (call: TSESTree.CallExpression, callee: TSESTree.Node): void => {
    if (callee.type !== T.Identifier && callee.type !== T.MemberExpression) return;
    // Only arguments can carry a guard or a lock into a callee's summary.
    if (call.arguments.length === 0) return;
    const ref = oracle.resolveCallee(call);
    if (!ref) return;
    const guards = ref.params.filter((p) => p.kind === 'guard');
    if (ref.file === file.filename) {
      // This file's own functions are summarised with its types.
      if (ref.name !== undefined && callee.type === T.MemberExpression && callee.object.type !== T.ThisExpression) {
        out.calls.set(call, ref.name);
      }
      if (guards.length > 0) out.hits.push(call.range[0]);
      return;
    }
    if (callee.type === T.Identifier) {
      // A relatively imported function is summarised from its source
      // already; a package function without declared guards adds nothing.
      if (guards.length === 0) return;
      const syntactic = known().get(callee.name);
      if (syntactic) {
        const where = basename(ref.file);
        const extra = guards.filter((p) => !syntactic.requires.some((r) => r.param === p.index));
        if (extra.length > 0) out.summaries.set(syntactic.name, { ...syntactic, requires: [...syntactic.requires, ...extra.map((p) => declaredRequirement(p, where))] });
        out.hits.push(call.range[0]);
        return;
      }
    }
    const own = ref.hasBody && ref.name !== undefined ? moduleFunctions(ref.file, parse, summarizeAll)?.get(ref.name) : undefined;
    const summary = withDeclared(own, ref, keyText(file.src, callee));
    if (!summary) return;
    let key = summary.name;
    const taken = out.summaries.get(key) ?? (callee.type === T.Identifier ? known().get(key) : undefined);
    if (taken !== undefined && !sameOrigin(taken, summary)) key = `${key}@${call.range[0]}`;
    out.summaries.set(key, { ...summary, name: key });
    out.calls.set(call, key);
    out.hits.push(call.range[0]);
  };
  visit(program);
  return out;
}

/** Summaries of every function of a file, by path, modification time and size. */
const functionsCache = new Map<string, { mtimeMs: number; size: number; functions: Map<string, FunctionSummary> | undefined }>();
const FUNCTIONS_CACHE_SIZE = 512;

/**
 * The summaries of every function of the file at `path` (parsed, never
 * run), cached by path, modification time and size like the core's module
 * summaries. Undefined when it cannot be read or parsed, or lives in
 * `node_modules` (packages are known by their declared types only).
 */
function moduleFunctions(path: string, parse: Parse, summarizeAll: SummarizeAll): Map<string, FunctionSummary> | undefined {
  if (/[\\/]node_modules[\\/]/.test(path)) return undefined;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  const hit = functionsCache.get(path);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.functions;
  let functions: Map<string, FunctionSummary> | undefined;
  try {
    const text = readFileSync(path, 'utf8');
    const tree = parse(text, path);
    functions = summarizeAll(splitUnits(tree, makeFileContext(tree, new SourceText(text), path)));
  } catch {
    functions = undefined;
  }
  functionsCache.delete(path);
  functionsCache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, functions });
  if (functionsCache.size > FUNCTIONS_CACHE_SIZE) {
    const first = functionsCache.keys().next();
    if (!first.done) functionsCache.delete(first.value);
  }
  return functions;
}

function sameOrigin(a: FunctionSummary, b: FunctionSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The callee's summary as this file sees it: evidence names the declaring
 * file, locks that are not parameters are dropped (their names mean
 * nothing here), and parameters declared as guards are required.
 */
function withDeclared(own: FunctionSummary | undefined, ref: CalleeRef, name: string): FunctionSummary | undefined {
  const where = basename(ref.file);
  const ev = <E extends { evidence: RelatedLocation }>(x: E): E => ({
    ...x,
    evidence: x.evidence.file !== undefined ? x.evidence : { ...x.evidence, message: `${x.evidence.message} in ${where}`, file: where },
  });
  const requires: FunctionRequirement[] = own ? own.requires.map(ev) : [];
  for (const p of ref.params) {
    if (p.kind !== 'guard' || requires.some((r) => r.param === p.index)) continue;
    requires.push(declaredRequirement(p, where));
  }
  const acquires = own ? own.acquires.filter((a) => a.lock.startsWith('#')).map(ev) : [];
  const releases = own ? own.releases.map(ev) : [];
  if (requires.length === 0 && acquires.length === 0 && releases.length === 0 && !own?.returnsGuard) return undefined;
  const out: FunctionSummary = { name, requires, acquires, releases };
  if (own?.returnsGuard?.lock.startsWith('#')) out.returnsGuard = ev(own.returnsGuard);
  if (own?.lockables) out.lockables = own.lockables;
  for (const p of ref.params) {
    if (p.kind === 'lockable') (out.lockables ??= []).push(p.index);
  }
  return out;
}

function declaredRequirement(p: TypedParam, where: string): FunctionRequirement {
  const pos = { line: p.line, column: p.column };
  const end = { line: p.line, column: p.column + p.name.length };
  return {
    param: p.index,
    paramName: p.name,
    evidence: {
      range: [0, 0],
      loc: { start: pos, end },
      message: `\`${p.name}\` is declared a Guard in ${where}`,
      file: where,
    },
    source: 'declared',
  };
}
