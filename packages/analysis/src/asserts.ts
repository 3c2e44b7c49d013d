/**
 * Runtime assertions are facts (the kernel's `lockdep_assert_held()`, Clang's
 * `ASSERT_CAPABILITY`): a statement that throws unless a lock is held makes
 * the lock held from there on, and a function that asserts a lock before
 * anything else requires its callers to hold it.
 *
 * A check is a call the lock's spec lists as an assertion (`m.isLocked()`
 * of async-mutex). Only assertions count: `assert(check)`, `assert.ok`,
 * `console.assert`, `invariant(check, …)`, and `if (!check) throw …`. A
 * plain `if (check) { … }` does not: `isLocked()` is true when *anyone*
 * holds the lock, so only code that refuses to run otherwise proves that
 * its caller holds it.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type { FileContext, FunctionNode } from './context.js';
import { unwrapTs } from './context.js';
import { libraryCall, receiverKey } from './presets/library.js';
import type { FunctionFacts } from './summaries.js';
import type { FunctionSummary } from './types.js';

/** Functions whose call throws unless the first argument is truthy. */
const ASSERT_FUNCTIONS = new Set(['assert', 'invariant', 'ok']);
/** `<object>.<method>(x)` calls that throw (or log) unless `x` is truthy. */
const ASSERT_METHODS = new Map([
  ['assert', ['ok', 'strict']],
  ['console', ['assert']],
]);

/** The lock a runtime check names (`m.isLocked()`), or undefined. */
export function checkedLock(node: TSESTree.Node, file: FileContext): string | undefined {
  const n = unwrapTs(node);
  if (file.lib.specs.length === 0) return undefined;
  if (n.type === T.MemberExpression && !n.computed && n.property.type === T.Identifier) {
    // A property read as the check (`lock.locked`, `lock.acquired`).
    const key = receiverKey(file.src, unwrapTs(n.object));
    const spec = key !== undefined ? file.lib.byKey.get(key) : undefined;
    const member = n.property.name;
    return spec?.asserts?.some((a) => a.member === member && !a.call && !a.via) ? key : undefined;
  }
  if (n.type !== T.CallExpression) return undefined;
  const c = unwrapTs(n.callee);
  if (c.type !== T.MemberExpression || c.computed || c.property.type !== T.Identifier) return undefined;
  const lc = libraryCall(file.lib, file.src, unwrapTs(c.object), c.property.name, n);
  return lc?.kind === 'assert' ? lc.lock : undefined;
}

/** The lock an assertion call (`assert(m.isLocked())`…) proves held, or undefined. */
export function assertedByCall(call: TSESTree.CallExpression, file: FileContext): string | undefined {
  const first = call.arguments[0];
  if (!first) return undefined;
  const c = unwrapTs(call.callee);
  let asserts = false;
  if (c.type === T.Identifier) asserts = ASSERT_FUNCTIONS.has(c.name);
  else if (c.type === T.MemberExpression && !c.computed && c.property.type === T.Identifier && c.object.type === T.Identifier) {
    asserts = ASSERT_METHODS.get(c.object.name)?.includes(c.property.name) ?? false;
  }
  return asserts ? checkedLock(first, file) : undefined;
}

/** A statement that always ends by throwing. */
function throws(s: TSESTree.Statement): boolean {
  if (s.type === T.ThrowStatement) return true;
  if (s.type === T.BlockStatement) {
    const last = s.body[s.body.length - 1];
    return last !== undefined && throws(last);
  }
  return false;
}

/**
 * `if (!m.isLocked()) throw …`: the lock held after the statement (the
 * branch that goes on is the one where the check is true), or undefined.
 */
export function assertedByIf(node: TSESTree.IfStatement, file: FileContext): string | undefined {
  if (node.alternate || !throws(node.consequent)) return undefined;
  const t = unwrapTs(node.test);
  if (t.type !== T.UnaryExpression || t.operator !== '!') return undefined;
  return checkedLock(t.argument, file);
}

/** The leading assertions of a function body: locks its callers must hold. */
export function bodyAssertions(fn: FunctionNode, file: FileContext): { lock: string; node: TSESTree.Node }[] {
  if (fn.body.type !== T.BlockStatement) return [];
  const out: { lock: string; node: TSESTree.Node }[] = [];
  for (const s of fn.body.body) {
    let lock: string | undefined;
    if (s.type === T.ExpressionStatement) {
      const e = unwrapTs(s.expression);
      if (e.type === T.CallExpression) lock = assertedByCall(e, file);
    } else if (s.type === T.IfStatement) lock = assertedByIf(s, file);
    // Only a leading run of assertions: after other work the function may
    // have taken the lock itself.
    if (lock === undefined) break;
    out.push({ lock, node: s });
  }
  return out;
}

/**
 * Adds to each function's facts the locks its leading assertions name:
 * required held by its callers; for a function that does nothing else (an
 * assertion helper), also held after a call of it. Declared tags win.
 */
export function inferAssertions(facts: readonly FunctionFacts[], file: FileContext): void {
  if (file.lib.specs.length === 0) return;
  for (const f of facts) {
    const found = bodyAssertions(f.node, file);
    // Nothing but assertions: a helper such as `#assertMutexIsLocked()`.
    const helper = f.node.body.type === T.BlockStatement && found.length === f.node.body.body.length;
    for (const a of found) {
      const ev = file.src.related(a.node.range[0], a.node.range[1], `it asserts that \`${a.lock}\` is held`);
      if (!f.requiresHeld?.has(a.lock)) (f.requiresHeld ??= new Map()).set(a.lock, ev);
      if (helper && !f.asserts?.has(a.lock)) (f.asserts ??= new Map()).set(a.lock, ev);
    }
  }
}

/** The summary name of a leading call statement's callee (`helper()`, `this.#check()`), if any. */
function calleeName(s: TSESTree.Statement, owner: string): string | undefined {
  if (s.type !== T.ExpressionStatement) return undefined;
  let e = unwrapTs(s.expression);
  if (e.type === T.AwaitExpression) e = unwrapTs(e.argument);
  if (e.type !== T.CallExpression) return undefined;
  const c = unwrapTs(e.callee);
  if (c.type === T.Identifier) return c.name;
  const at = owner.indexOf('.prototype.');
  if (c.type === T.MemberExpression && !c.computed && c.object.type === T.ThisExpression && at > 0) {
    const k = c.property.type === T.Identifier ? c.property.name : c.property.type === T.PrivateIdentifier ? `#${c.property.name}` : undefined;
    return k === undefined ? undefined : `${owner.slice(0, at)}.prototype.${k}`;
  }
  return undefined;
}

/**
 * A function that begins by calling one that asserts a lock (a helper such
 * as `#assertMutexIsLocked()`, or one tagged `@lockctx-asserts`) requires it
 * too: the requirement moves up one level, to its callers, who are checked.
 * Runs after propagation, in every round of the summaries' fixpoint.
 */
export function inheritAssertions(
  facts: readonly FunctionFacts[],
  summaries: Map<string, FunctionSummary>,
  callees: ReadonlyMap<string, FunctionSummary>,
  file: FileContext,
): void {
  for (const f of facts) {
    const s = summaries.get(f.name);
    if (!s || f.node.body.type !== T.BlockStatement) continue;
    for (const stmt of f.node.body.body) {
      const name = calleeName(stmt, f.name);
      const c = name === undefined ? undefined : (summaries.get(name) ?? callees.get(name));
      const asserted = (c?.asserts ?? []).filter((a) => !a.lock.startsWith('#'));
      if (asserted.length === 0) {
        // Inline assertions may come first; any other statement ends the run.
        const e = stmt.type === T.ExpressionStatement ? unwrapTs(stmt.expression) : undefined;
        const inline =
          (e?.type === T.CallExpression && assertedByCall(e, file) !== undefined) ||
          (stmt.type === T.IfStatement && assertedByIf(stmt, file) !== undefined);
        if (inline) continue;
        break;
      }
      for (const a of asserted) {
        const ev = file.src.related(stmt.range[0], stmt.range[1], `it calls \`${name ?? ''}\`, which asserts that \`${a.lock}\` is held`);
        if (!(s.requiresHeld ?? []).some((r) => r.lock === a.lock)) (s.requiresHeld ??= []).push({ lock: a.lock, evidence: ev });
      }
    }
  }
}
