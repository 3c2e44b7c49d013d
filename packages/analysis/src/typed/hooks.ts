/**
 * Where type information enters the flow engine: library locks reached
 * through any expression whose type is a lock (`this.deps.mutex`), and the
 * summaries of callees the checker resolves (methods, aliases, package
 * functions declared in `.d.ts`), keyed for the calls that reach them.
 * The engine calls these only when its file has a {@link TypeOracle}.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { readFileSync } from 'node:fs';
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
}

/** Parses a file the way the core does (injected to avoid an import cycle). */
export type Parse = (text: string, filename: string) => TSESTree.Program;
/** Summarises units to a fixpoint (injected to avoid an import cycle). */
export type SummarizeAll = (units: readonly UnitInput[]) => Map<string, FunctionSummary>;

/**
 * Resolves every call of `program` through the file's oracle. A call whose
 * callee the syntax already knows (a function of a relatively imported
 * module, `known`) keeps that summary, plus the requirements its parameter
 * types declare. Otherwise its
 * summary is the callee's own, read from the declaring file when that file
 * has bodies (parsed and summarised, once per analysis), plus the
 * requirements its parameter types declare (a `g: Guard<T>` in a `.d.ts`).
 * Calls to functions of this file reached by another name (`cache.tag(g)`
 * for `Cache.prototype.tag`) take that function's key: the file's own
 * summaries are computed with the rest.
 */
export function typedCallees(
  program: TSESTree.Program,
  file: FileContext,
  known: ReadonlyMap<string, FunctionSummary>,
  parse: Parse,
  summarizeAll: SummarizeAll,
): TypedCallees {
  const out: TypedCallees = { summaries: new Map(), calls: new Map() };
  const oracle = file.types;
  if (!oracle) return out;
  const modules = new Map<string, Map<string, FunctionSummary> | undefined>();
  const summariesOf = (path: string): Map<string, FunctionSummary> | undefined => {
    if (modules.has(path)) return modules.get(path);
    modules.set(path, undefined);
    let result: Map<string, FunctionSummary> | undefined;
    try {
      const text = readFileSync(path, 'utf8');
      const tree = parse(text, path);
      result = summarizeAll(splitUnits(tree, makeFileContext(tree, new SourceText(text), path)));
    } catch {
      result = undefined;
    }
    modules.set(path, result);
    return result;
  };
  const visit = (node: TSESTree.Node): void => {
    if (node.type === T.CallExpression) resolve(node);
    forEachChild(node, visit);
  };
  const resolve = (call: TSESTree.CallExpression): void => {
    const callee = unwrapTs(call.callee);
    if (callee.type !== T.Identifier && callee.type !== T.MemberExpression) return;
    const ref = oracle.resolveCallee(call);
    if (!ref) return;
    const syntactic = callee.type === T.Identifier ? known.get(callee.name) : undefined;
    if (syntactic) {
      // Imported and summarised from its source already: add what its
      // parameter types declare (`g: BookGuard` where BookGuard is a Guard).
      const where = basename(ref.file);
      const extra = ref.params.filter((p) => p.kind === 'guard' && !syntactic.requires.some((r) => r.param === p.index));
      if (extra.length > 0) out.summaries.set(syntactic.name, { ...syntactic, requires: [...syntactic.requires, ...extra.map((p) => declaredRequirement(p, where))] });
      return;
    }
    if (ref.file === file.filename) {
      if (ref.name !== undefined && callee.type === T.MemberExpression && callee.object.type !== T.ThisExpression) {
        out.calls.set(call, ref.name);
      }
      return;
    }
    const own = ref.hasBody && ref.name !== undefined ? summariesOf(ref.file)?.get(ref.name) : undefined;
    const summary = withDeclared(own, ref, keyText(file.src, callee));
    if (!summary) return;
    let key = summary.name;
    const taken = out.summaries.get(key) ?? known.get(key);
    if (taken !== undefined && taken !== summary && !sameOrigin(taken, summary)) key = `${key}@${call.range[0]}`;
    out.summaries.set(key, { ...summary, name: key });
    out.calls.set(call, key);
  };
  visit(program);
  return out;
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
