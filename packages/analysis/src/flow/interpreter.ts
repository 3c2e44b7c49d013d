import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type { FileContext, FunctionNode } from '../context.js';
import {
  RUNS_LATER,
  RUNS_NOW,
  annotationKind,
  forEachChild,
  isFunction,
  keyText,
  unwrapTs,
} from '../context.js';
import type {
  FunctionSummary,
  GuardArgumentInfo,
  LockScopeInfo,
  LockStateInfo,
  LockStateSnapshot,
  RelatedLocation,
  TextEdit,
} from '../types.js';
import type { Taint } from '../checks/no-stale-lock-value.js';
import { reportStale } from '../checks/no-stale-lock-value.js';
import { reportUseAfterUnlock } from '../checks/no-use-after-unlock.js';
import { reportEscape } from '../checks/no-guard-escape.js';
import { reportAsyncCallback, reportSuspend } from '../checks/no-await-while-locked.js';
import { reportDiscarded, reportLeak } from '../checks/no-lock-leak.js';
import type { Leak } from '../checks/no-lock-leak.js';
import { reportDeadlock } from '../checks/no-self-deadlock.js';
import { evidenceWords, reportLockNotHeld, reportRequireGuard } from '../checks/require-guard.js';
import { addRequiresTag, wrapInScope } from '../checks/require-fixes.js';
import type { SuggestionDraft } from './report.js';
import type { GuardSite, StmtList } from './model.js';
import { Reporter } from './report.js';
import type { LibraryCall } from '../presets/library.js';
import { argumentValue, conditionHolds, deadlocksOnRetake, libraryCall, mapKeyedLock } from '../presets/library.js';
import { typedLibraryCall } from '../typed/hooks.js';
import { reportReturnedFromTry, reportUnawaited } from '../checks/no-unawaited-in-lock.js';
import { reportLeaseExpiry } from '../checks/no-lease-expiry.js';
import type { LockMode, LockSpec } from '../lockspec/types.js';
import type { GuardFact, Value } from './state.js';
import { OrderRecorder } from '../order/recorder.js';
import { assertedByCall, assertedByIf } from '../asserts.js';
import type { OrderScope } from '../order/recorder.js';
import {
  ABSENT,
  EMPTY,
  HELD,
  RELEASED,
  State,
  join,
  joinAll,
  joinValue,
  sameState,
  taintOnly,
  unionTaints,
} from './state.js';

type Node = TSESTree.Node;
type Stmt = TSESTree.Statement | TSESTree.ProgramStatement;

/** A lexical scope: names to variable keys, and the `using` guards to dispose at its end. */
class Env {
  readonly names = new Map<string, string>();
  readonly usings: number[] = [];
  constructor(
    readonly parent: Env | null,
    readonly fn: boolean,
    readonly node: Node | null,
  ) {}

  lookup(name: string): string {
    const k = this.names.get(name);
    if (k !== undefined) return k;
    return this.parent ? this.parent.lookup(name) : `${name}@global`;
  }

  declare(name: string, at: Node, hoist = false): string {
    // A hoisted name (var, function) belongs to the nearest function scope.
    if (hoist && !this.fn && this.parent) {
      return this.parent.declare(name, at, hoist);
    }
    const k = `${name}@${at.range[0]}`;
    this.names.set(name, k);
    return k;
  }
}

interface Completion {
  kind: 'break' | 'continue' | 'return' | 'throw';
  label?: string;
  st: State;
  node: Node;
  value?: Value;
}


/** How an acquisition is being bound, passed down to the acquiring call. */
interface Hint {
  using?: boolean;
  decl?: TSESTree.VariableDeclaration;
  name?: string;
  list?: StmtList;
  discard?: boolean;
  awaited?: boolean;
  /** For an awaited call: how the `await` itself is bound. */
  outer?: Hint;
}

interface FnCtx {
  node: FunctionNode | null;
  className: string | undefined;
  /** The root function's name in summaries (lock-order edges are its). */
  name?: string | undefined;
}

interface TryCtx {
  catchState: State | null;
  /** The try has a `finally` block (which runs before a returned promise settles). */
  fin?: boolean;
}

/** What checking one unit produced. */
export interface UnitOutput {
  rep: Reporter;
  scopes: LockScopeInfo[];
  guardArguments: GuardArgumentInfo[];
  states: LockStateSnapshot[];
}

/** The `gm` of a releaser function: calling it releases the lock. */
const RELEASER = '()';
/** The `gm` of a releaser factory (the `lock` package's `release(cb)`): calling it gives the releaser. */
const RELEASER_FACTORY = '()=>()';
/** The `gm` of the error parameter of a continuation: when it is set, the lock was not taken. */
const ERROR_FLAG = 'err';

const COLLECT = new Set(['push', 'unshift', 'add', 'set', 'splice']);
const CURSOR_READS = new Set(['load', 'reload', 'next', 'prev', 'find', 'findMarked', 'findConflict', 'getMark', 'isReserved']);
const CURSOR_PROPS = new Set(['index', 'order', 'status', 'error']);
/** Cursor walks that call a callback now, and which argument it is. */
const CURSOR_WALKS = new Map([
  ['forEach', 0],
  ['forEachMarked', 1],
]);
const COMPARE = new Set(['==', '===', '!=', '!==']);

/**
 * The flow engine: a forward abstract interpreter over the ESTree of one unit.
 * It follows structured control flow (if, switch, loops to a fixpoint,
 * labels, try/catch/finally, `using` disposal at every block exit,
 * short-circuits and optional chains), runs callbacks that run now inline
 * (withLock, forEach, IIFEs) and analyses every other function on its own.
 *
 * Invariant: findings are only reported outside loop fixpoint iterations, so
 * every report sees the final state of its program point.
 */
export class Interpreter {
  readonly rep: Reporter;
  readonly sites = new Map<number, GuardSite>();
  readonly scopes: LockScopeInfo[] = [];
  readonly guardArguments: GuardArgumentInfo[] = [];
  readonly states: LockStateSnapshot[] = [];
  private readonly pending: Completion[] = [];
  private tries: TryCtx[] = [];
  private chainSkips: State[][] = [];
  private lists: StmtList[] = [];
  private fns: FnCtx[] = [];
  private readonly deferred: { node: FunctionNode; className: string | undefined; name?: string }[] = [];
  private readonly seenFns = new Set<Node>();
  private readonly guardArgSeen = new Set<string>();
  private readonly snapSeen = new Set<number>();
  /** Awaits of the current root function that may throw while a library lock is held outside any `try`. */
  private awaitExits: ExitPoint[] = [];
  /** Library acquisitions whose awaited value is the held handle. */
  private readonly libHeld = new Set<Node>();
  /** Keys of everything locked in this unit: such values are lockables, not guards. */
  private readonly lockKeys = new Set<string>();
  /** Locks known to be XArrays (their lock is taken by the preset's methods). */
  private readonly xarrayKeys = new Set<string>();
  /** The mode each library acquisition took (read/write locks), by site. */
  private readonly siteModes = new Map<number, LockMode>();
  /** Sites taken by a try-lock or a continuation: leaks are reported at the exit. */
  private readonly exitReported = new Set<number>();
  /** Calls on a lock or its handle (unlock, extend…): awaiting one is not work under a lease. */
  private readonly lockOps = new Set<Node>();
  /** How to release each library site, as code, for messages (`release()`, `lease.unlock()`). */
  private readonly siteRelease = new Map<number, string>();
  /** The try-lock call an `if` tests, and the site it took. */
  private tryTest: { call: Node; site?: number } | undefined;
  /** The loops being run, innermost last (an await in one repeats). */
  private loops: Node[] = [];

  constructor(
    private readonly file: FileContext,
    private readonly summaries: ReadonlyMap<string, FunctionSummary>,
  ) {
    this.rep = new Reporter(file.src);
    this.order = new OrderRecorder(file.src);
  }

  /** Lock-order edges met on the way (see `order/recorder.ts`). */
  readonly order: OrderRecorder;

  private orderScope(env: Env): OrderScope {
    const root = this.fns[0];
    return {
      root: root?.node ?? null,
      rootName: root?.name,
      className: this.fns[this.fns.length - 1]?.className,
      isLocal: (name) => {
        for (let e: Env | null = env; e; e = e.parent) if (e.names.has(name)) return !(e.parent === null && !root?.node);
        return false;
      },
    };
  }

  /** A runtime assertion proved `lock` held at `at`: held from here on, with nothing to release. */
  private assume(lock: string, st: State, at: Node): void {
    if (!st.live) return;
    for (const [id, f] of st.guards) if (f.s === HELD && this.sites.get(id)?.lock === lock) return;
    // A synthetic site: negative ids never meet the offsets of real ones.
    const site = this.newSite(-(at.range[0] * 16 + 13), lock, 'param', at.range[0], at.range[1], '');
    st.guards.set(site.id, { s: HELD, escaped: true, ep: `e${site.id}` });
  }

  /** `lock` is about to be taken at `[start, end)`: a lock-order edge from every other lock held. */
  private orderTake(lock: string, shared: boolean, start: number, end: number, st: State, env: Env, via?: { callee: string; evidence: RelatedLocation; inside: boolean }): void {
    if (this.rep.silent > 0 || !st.live) return;
    const held: [GuardSite, GuardFact][] = [];
    for (const [id, f] of st.guards) {
      const site = this.sites.get(id);
      if (site) held.push([site, f]);
    }
    if (held.length > 0) this.order.acquire(lock, shared, start, end, held, this.orderScope(env), via);
  }

  // ---------------------------------------------------------------- roots

  /** Runs the module's top-level statements in order. */
  runModule(nodes: readonly Stmt[], program: Node | null): void {
    const st = new State();
    const env = new Env(null, true, program);
    this.fns = [{ node: null, className: undefined }];
    const mark = this.pending.length;
    this.execList(nodes, st, env, true);
    const comps = this.pending.splice(mark);
    const last = nodes[nodes.length - 1];
    const end = last ? last.range[1] : 0;
    this.exitChecks(
      [
        ...comps.filter((c) => c.kind === 'throw' && c.node.type === T.ThrowStatement).map((c) => ({ st: c.st, exit: 'the throw' as const, node: c.node })),
        ...(st.live ? [{ st, exit: 'the end of the module' as const, start: end, end }] : []),
      ],
      nodes[0] ? nodes[0].range[0] : 0,
      end,
    );
    this.drain();
  }

  /** Analyses a function on its own: parameters are what its summary says. */
  runRoot(node: FunctionNode, className: string | undefined, name: string | undefined): void {
    if (this.seenFns.has(node)) return;
    this.seenFns.add(node);
    const savedTries = this.tries;
    const savedLists = this.lists;
    const savedFns = this.fns;
    const savedLoops = this.loops;
    this.tries = [];
    this.lists = [];
    this.loops = [];
    this.fns = [{ node, className, name }];
    const st = new State();
    const env = new Env(null, true, node);
    const summary = name !== undefined ? this.summaries.get(name) : undefined;
    const values: Value[] = node.params.map((p, i) => {
      const id = paramId(p);
      if (!id) return EMPTY;
      const kind = annotationKind(this.file, id.typeAnnotation);
      if (kind === 'lockable') {
        this.xarrayKeys.add(id.name);
        return { key: id.name, lk: true };
      }
      if (summary?.lockables?.includes(i)) {
        // Locked somewhere in the body: a lockable for require-guard, but no
        // evidence that its lock() is the XArray's.
        this.lockKeys.add(id.name);
        return { key: id.name };
      }
      if (kind === 'guard' || summary?.requires.some((r) => r.param === i)) {
        const site = this.newSite(id.range[0], `${id.name}.xarray`, 'param', id.range[0], id.range[1], id.name);
        st.guards.set(site.id, { s: HELD, escaped: true, ep: `e${site.id}` });
        return { g: [site.id] };
      }
      return EMPTY;
    });
    // `@lockctx-requires L`: the body starts with L held (the callers hold it).
    (summary?.requiresHeld ?? []).forEach((req, i) => {
      if (req.lock.startsWith('#')) return;
      // A synthetic site: negative ids never meet the offsets of real ones.
      const site = this.newSite(-(node.range[0] * 16 + i + 1), req.lock, 'param', node.range[0], node.range[0], '');
      st.guards.set(site.id, { s: HELD, escaped: true, ep: `e${site.id}` });
    });
    const savedAwaitExits = this.awaitExits;
    this.awaitExits = [];
    const r = this.runBody(node, st, env, values);
    const exits: ExitPoint[] = this.awaitExits;
    this.awaitExits = savedAwaitExits;
    for (const c of r.returns) exits.push({ st: c.st, exit: 'the return', node: c.node });
    for (const c of r.throws) if (c.node.type === T.ThrowStatement) exits.push({ st: c.st, exit: 'the throw', node: c.node });
    if (r.end.live) {
      const b = node.body;
      exits.push({ st: r.end, exit: 'the end of the function', start: b.range[1] - (b.type === T.BlockStatement ? 1 : 0), end: b.range[1] });
    }
    this.exitChecks(exits, node.range[0], node.range[1]);
    this.loops = savedLoops;
    this.tries = savedTries;
    this.lists = savedLists;
    this.fns = savedFns;
  }

  /** Analyses every function met on the way that was not run inline. */
  drain(): void {
    while (this.deferred.length > 0) {
      const d = this.deferred.shift();
      if (d) this.runRoot(d.node, d.className, d.name);
    }
  }

  private defer(node: FunctionNode, name?: string): void {
    if (this.seenFns.has(node)) return;
    const className = this.fns[this.fns.length - 1]?.className;
    this.deferred.push(name !== undefined ? { node, className, name } : { node, className });
  }

  private runBody(
    node: FunctionNode,
    st: State,
    outer: Env,
    values: readonly Value[],
  ): { end: State; returns: Completion[]; throws: Completion[]; value: Value } {
    const env = new Env(outer, true, node);
    node.params.forEach((p, i) => this.bind(p, values[i] ?? EMPTY, st, env, true));
    const mark = this.pending.length;
    let value: Value = EMPTY;
    if (node.body.type === T.BlockStatement) {
      this.execList(node.body.body, st, env, true);
    } else {
      value = this.ev(node.body, st, env);
      this.checkReturnEscape(node.body, value, st);
    }
    const comps = this.pending.splice(mark);
    const returns = comps.filter((c) => c.kind === 'return');
    const throws = comps.filter((c) => c.kind === 'throw');
    for (const c of returns) value = joinValue(value, c.value);
    return { end: st, returns, throws, value };
  }

  // ------------------------------------------------------------ statements

  private execList(body: readonly Stmt[], st: State, env: Env, block: boolean): void {
    for (const s of body) {
      if (s.type === T.FunctionDeclaration && s.id) env.declare(s.id.name, s.id);
    }
    const list: StmtList = { body, index: 0, block };
    this.lists.push(list);
    for (let i = 0; i < body.length; i++) {
      if (!st.live) break;
      list.index = i;
      this.exec(body[i] as Stmt, st, env);
    }
    this.lists.pop();
  }

  private snapshot(node: Node, st: State): void {
    if (this.rep.silent > 0 || st.guards.size === 0 || this.snapSeen.has(node.range[0])) return;
    this.snapSeen.add(node.range[0]);
    const locks: LockStateInfo[] = [];
    for (const [id, f] of st.guards) {
      const site = this.sites.get(id);
      if (!site || site.kind === 'param') continue;
      const state = f.s === HELD ? 'held' : f.s & HELD ? 'maybe' : f.s & RELEASED ? 'released' : undefined;
      if (!state) continue;
      const info: LockStateInfo = {
        lock: site.lock,
        state,
        acquired: this.file.src.related(site.start, site.end, `The lock on \`${site.lock}\` is taken here.`),
      };
      if (f.rel && f.s & RELEASED) info.released = this.file.src.related(f.rel.start, f.rel.end, 'It is released here.');
      locks.push(info);
    }
    if (locks.length > 0) this.states.push({ range: [node.range[0], node.range[1]], locks });
  }

  private exec(node: Stmt, st: State, env: Env): void {
    if (!st.live) return;
    this.snapshot(node, st);
    switch (node.type) {
      case T.ExpressionStatement: {
        const e = unwrapTs(node.expression);
        if (e.type === T.CallExpression && this.isAcquireCall(e)) {
          this.ev(e, st, env, { discard: true });
        } else this.ev(node.expression, st, env);
        return;
      }
      case T.VariableDeclaration:
        this.execDecl(node, st, env);
        return;
      case T.BlockStatement: {
        const benv = new Env(env, false, node);
        const mark = this.pending.length;
        this.execList(node.body, st, benv, true);
        this.dispose(benv, node, st, mark);
        return;
      }
      case T.IfStatement: {
        const mark = this.renewals.length;
        const tl = tryLockTest(node.test);
        const savedTry = this.tryTest;
        this.tryTest = tl ? { call: tl.call } : undefined;
        const tv = this.ev(node.test, st, env);
        const taken = this.tryTest?.site;
        this.tryTest = savedTry;
        // A comparison in the test revalidated a read: the test's other
        // operands and the joined paths carry the same read, valid again.
        const added = this.renewSince(mark, st, tv.t ?? []);
        this.renewals.length = mark;
        const pre = st.ctrl;
        const a = st.clone();
        a.ctrl = unionTaints(pre, added) ?? [];
        const b = a.clone();
        this.refine(node.test, a, b, env);
        // `if (!m.isLocked()) throw …`: held where the statement goes on.
        const asserted = assertedByIf(node, this.file);
        if (asserted !== undefined) this.assume(asserted, b, node.test);
        // A try-lock in the test: held only on the branch where it succeeded.
        if (tl && taken !== undefined) (tl.neg ? a : b).guards.delete(taken);
        this.exec(node.consequent, a, env);
        if (node.alternate) this.exec(node.alternate, b, env);
        const out = join(a, b);
        if (a.live && b.live) out.ctrl = (out.ctrl ?? []).filter((t) => pre.includes(t) || !added.includes(t));
        st.copyFrom(out);
        return;
      }
      case T.ReturnStatement: {
        if (node.argument && this.rep.silent === 0) this.checkReturnedFromTry(node.argument, st);
        const v = node.argument ? this.ev(node.argument, st, env) : EMPTY;
        if (!st.live) return;
        if (node.argument) this.checkReturnEscape(node.argument, v, st);
        this.pending.push({ kind: 'return', st: st.clone(), node, value: v });
        st.live = false;
        return;
      }
      case T.ThrowStatement:
        this.ev(node.argument, st, env);
        if (!st.live) return;
        this.pending.push({ kind: 'throw', st: st.clone(), node });
        st.live = false;
        return;
      case T.BreakStatement:
      case T.ContinueStatement: {
        const c: Completion = { kind: node.type === T.BreakStatement ? 'break' : 'continue', st: st.clone(), node };
        if (node.label) c.label = node.label.name;
        this.pending.push(c);
        st.live = false;
        return;
      }
      case T.LabeledStatement:
        this.execLabeled(node, st, env, []);
        return;
      case T.WhileStatement:
      case T.DoWhileStatement:
      case T.ForStatement:
      case T.ForInStatement:
      case T.ForOfStatement:
        this.execLoop(node, st, env, []);
        return;
      case T.SwitchStatement:
        this.execSwitch(node, st, env);
        return;
      case T.TryStatement:
        this.execTry(node, st, env);
        return;
      case T.FunctionDeclaration:
        this.defer(node, node.id?.name);
        return;
      case T.ClassDeclaration:
        this.deferClass(node);
        return;
      case T.ExportNamedDeclaration:
        if (node.declaration) this.exec(node.declaration as Stmt, st, env);
        return;
      case T.ExportDefaultDeclaration: {
        const d = node.declaration;
        if (d.type === T.FunctionDeclaration) this.defer(d, d.id?.name);
        else if (d.type === T.ClassDeclaration) this.deferClass(d);
        else if (d.type !== T.TSInterfaceDeclaration && d.type !== T.TSDeclareFunction && d.type !== T.TSEnumDeclaration && d.type !== T.TSModuleDeclaration && d.type !== T.TSTypeAliasDeclaration && d.type !== T.VariableDeclaration) {
          this.ev(d, st, env);
        } else if (d.type === T.VariableDeclaration) this.execDecl(d, st, env);
        return;
      }
      case T.WithStatement:
        this.ev(node.object, st, env);
        this.exec(node.body, st, env);
        return;
      default:
        return;
    }
  }

  /** `if (g.released)` / `if (!g.released)`: each branch knows whether the guard is held. */
  private refine(test: Node, yes: State, no: State, env: Env): void {
    let t = unwrapTs(test);
    let neg = false;
    while (t.type === T.UnaryExpression && t.operator === '!') {
      neg = !neg;
      t = unwrapTs(t.argument);
    }
    if (t.type === T.BinaryExpression && COMPARE.has(t.operator) && t.left.type !== T.PrivateIdentifier) {
      // `err != null`, `err === null`, `err !== undefined`…
      const l = unwrapTs(t.left);
      const r = unwrapTs(t.right);
      const nullish = (n: Node): boolean => (n.type === T.Literal && n.value === null) || (n.type === T.Identifier && n.name === 'undefined');
      const other = nullish(r) ? l : nullish(l) ? r : undefined;
      if (!other) return;
      if (t.operator === '==' || t.operator === '===') neg = !neg;
      t = other;
    }
    if (t.type === T.Identifier) {
      // The error of a continuation: set, the lock was not taken.
      const v = yes.vars.get(env.lookup(t.name));
      if (v?.gm === ERROR_FLAG && v.g) {
        for (const id of v.g) (neg ? no : yes).guards.delete(id);
      }
      return;
    }
    if (t.type !== T.MemberExpression || t.computed || t.property.type !== T.Identifier || t.property.name !== 'released') return;
    const obj = unwrapTs(t.object);
    if (obj.type !== T.Identifier) return;
    const v = yes.vars.get(env.lookup(obj.name));
    if (!v?.g || v.g.length !== 1 || v.gm) return;
    const id = v.g[0] as number;
    const released = neg ? no : yes;
    const held = neg ? yes : no;
    const fr = released.guards.get(id);
    if (fr && fr.s & RELEASED) released.guards.set(id, { ...fr, s: fr.s & ~HELD });
    const fh = held.guards.get(id);
    if (fh && fh.s & HELD) held.guards.set(id, { ...fh, s: fh.s & ~RELEASED });
  }

  private deferClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name?: string): void {
    const cname = node.id?.name ?? name;
    for (const m of node.body.body) {
      if ((m.type === T.MethodDefinition || m.type === T.PropertyDefinition) && m.value && isFunction(m.value)) {
        const k = m.key.type === T.Identifier ? m.key.name : m.key.type === T.PrivateIdentifier ? `#${m.key.name}` : undefined;
        const fname = cname && k !== undefined ? (m.static ? `${cname}.${k}` : `${cname}.prototype.${k}`) : undefined;
        if (!this.seenFns.has(m.value)) {
          this.deferred.push(fname !== undefined ? { node: m.value, className: cname, name: fname } : { node: m.value, className: cname });
        }
      }
    }
  }

  private execDecl(node: TSESTree.VariableDeclaration, st: State, env: Env): void {
    const using = node.kind === 'using' || node.kind === 'await using';
    const list = this.lists[this.lists.length - 1];
    for (const d of node.declarations) {
      if (!st.live) return;
      let v: Value = EMPTY;
      if (d.init) {
        const hint: Hint = { decl: node };
        if (using) hint.using = true;
        if (d.id.type === T.Identifier) hint.name = d.id.name;
        if (list) hint.list = { ...list };
        if (d.init.type === T.FunctionExpression || d.init.type === T.ArrowFunctionExpression) {
          this.defer(d.init, d.id.type === T.Identifier ? d.id.name : undefined);
          v = { fn: d.init };
        } else if (d.init.type === T.ClassExpression) {
          this.deferClass(d.init, d.id.type === T.Identifier ? d.id.name : undefined);
        } else v = this.ev(d.init, st, env, hint);
      }
      if (d.id.type === T.Identifier && d.id.typeAnnotation && annotationKind(this.file, d.id.typeAnnotation) === 'lockable') {
        v = { ...v, lk: true, key: d.id.name };
      }
      this.bind(d.id, v, st, env, true, node.kind === 'var');
      if (using && v.g) {
        for (const id of v.g) {
          const site = this.sites.get(id);
          if (site?.kind === 'using') env.usings.push(id);
        }
      }
    }
  }

  /** Releases the `using` guards of a block on its normal exit and on every way out of it. */
  private dispose(env: Env, block: Node, st: State, mark: number): void {
    if (env.usings.length === 0) return;
    const rel = { start: block.range[1] - 1, end: block.range[1], how: 'using' as const };
    const apply = (s: State): void => {
      if (!s.live) return;
      for (let i = env.usings.length - 1; i >= 0; i--) {
        const id = env.usings[i] as number;
        const f = s.guards.get(id);
        if (!f) continue;
        s.guards.set(id, { ...f, s: (f.s & ABSENT) | RELEASED, rel });
      }
    };
    apply(st);
    for (let i = mark; i < this.pending.length; i++) apply((this.pending[i] as Completion).st);
    for (const id of env.usings) {
      const site = this.sites.get(id);
      if (site?.scope && !site.scope.implicitEnd) site.scope.implicitEnd = this.file.src.span(rel.start, rel.end);
    }
  }

  private execLabeled(node: TSESTree.LabeledStatement, st: State, env: Env, labels: string[]): void {
    const all = [...labels, node.label.name];
    const body = node.body;
    if (
      body.type === T.WhileStatement ||
      body.type === T.DoWhileStatement ||
      body.type === T.ForStatement ||
      body.type === T.ForInStatement ||
      body.type === T.ForOfStatement
    ) {
      this.execLoop(body, st, env, all);
      return;
    }
    if (body.type === T.LabeledStatement) {
      this.execLabeled(body, st, env, all);
      return;
    }
    const mark = this.pending.length;
    this.exec(body, st, env);
    const comps = this.pending.splice(mark);
    const outs: State[] = [st];
    for (const c of comps) {
      if (c.kind === 'break' && c.label !== undefined && all.includes(c.label)) outs.push(c.st);
      else this.pending.push(c);
    }
    st.copyFrom(joinAll(outs));
  }

  /** Revalidations made by comparisons, for the enclosing test to apply. */
  private renewals: ((ts: readonly Taint[]) => readonly Taint[])[] = [];

  private renameLoopTaints(st: State, start: number, end: number): State {
    const inLoop = (t: Taint): boolean => t.siteAt >= start && t.siteAt < end && !t.epoch.endsWith("'");
    const re = (ts: readonly Taint[] | undefined): readonly Taint[] | undefined => {
      if (!ts || !ts.some(inLoop)) return ts;
      return ts.map((t) => (inLoop(t) ? { ...t, epoch: `${t.epoch}'` } : t));
    };
    if (!st.live) return st;
    const s = st.clone();
    for (const [k, v] of s.vars) {
      const t = re(v.t);
      if (t !== v.t) s.vars.set(k, { ...v, t: t ?? [] });
    }
    // A decision taken in an earlier iteration only decided to go round
    // again (a retry); the next iteration decides afresh under its own lock.
    s.ctrl = s.ctrl.filter((t) => !inLoop(t));
    return s;
  }

  private execLoop(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
    st: State,
    outerEnv: Env,
    labels: string[],
  ): void {
    this.loops.push(node);
    try {
      this.runLoop(node, st, outerEnv, labels);
    } finally {
      this.loops.pop();
    }
  }

  private runLoop(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
    st: State,
    outerEnv: Env,
    labels: string[],
  ): void {
    const env = new Env(outerEnv, false, node);
    if (node.type === T.ForStatement && node.init) {
      if (node.init.type === T.VariableDeclaration) this.execDecl(node.init, st, env);
      else this.ev(node.init, st, env);
    }
    let iterable: Value = EMPTY;
    if (node.type === T.ForInStatement || node.type === T.ForOfStatement) iterable = this.ev(node.right, st, env);
    if (!st.live) return;
    const mine = (c: Completion): boolean => c.label === undefined || labels.includes(c.label);
    const iterate = (head: State): { back: State; exit: State } => {
      const s = head.clone();
      let exit = State.dead();
      if (node.type === T.ForOfStatement && node.await) this.suspend(node, 'for await', s, node.range[0], this.forAwaitEnd(node));
      if (node.type === T.WhileStatement || (node.type === T.ForStatement && node.test)) {
        const test = node.type === T.WhileStatement ? node.test : (node.test as TSESTree.Expression);
        const tv = this.ev(test, s, env);
        exit = s.clone();
        // A value carried from an earlier iteration only decides whether to
        // go round again; the body decides afresh under its own lock.
        const carried = (t: Taint): boolean => t.epoch.endsWith("'") && t.siteAt >= node.range[0] && t.siteAt < node.range[1];
        s.ctrl = unionTaints(s.ctrl, tv.t?.filter((t) => !carried(t))) ?? [];
      } else if (node.type === T.ForInStatement || node.type === T.ForOfStatement) {
        exit = s.clone();
        const ienv = new Env(env, false, node);
        const elem = taintOnly(iterable);
        if (node.left.type === T.VariableDeclaration) {
          const d = node.left.declarations[0];
          if (d) this.bind(d.id, elem, s, ienv, true, node.left.kind === 'var');
        } else this.assignTo(node.left, elem, s, ienv, node.left);
        return this.loopBody(node, s, ienv, exit, mine);
      }
      return this.loopBody(node, s, env, exit, mine);
    };
    let head = st.clone();
    const mark = this.pending.length;
    const rounds = this.rep.silent > 0 ? 1 : 4;
    this.rep.silent++;
    try {
      for (let i = 0; i < rounds; i++) {
        const r = iterate(head);
        this.pending.length = mark;
        const next = join(head, this.renameLoopTaints(r.back, node.range[0], node.range[1]));
        if (sameState(next, head)) break;
        head = next;
      }
    } finally {
      this.rep.silent--;
    }
    const r = iterate(head);
    st.copyFrom(r.exit);
  }

  private loopBody(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
    s: State,
    env: Env,
    exit0: State,
    mine: (c: Completion) => boolean,
  ): { back: State; exit: State } {
    const mark = this.pending.length;
    const ctrl0 = s.ctrl;
    this.exec(node.body, s, env);
    const comps = this.pending.splice(mark);
    const conts: State[] = [s];
    const breaks: State[] = [exit0];
    for (const c of comps) {
      if (c.kind === 'continue' && mine(c)) conts.push(c.st);
      else if (c.kind === 'break' && mine(c)) breaks.push(c.st);
      else this.pending.push(c);
    }
    const back = joinAll(conts);
    // The end of the body post-dominates every branch in it: a condition
    // that only skipped to the next iteration (`continue`, or an `if` around
    // a `return`) decides nothing the next iteration or the loop's exit does.
    if (back.live) back.ctrl = ctrl0;
    if (node.type === T.ForStatement && node.update) this.ev(node.update, back, env);
    if (node.type === T.DoWhileStatement) {
      const tv = this.ev(node.test, back, env);
      breaks.push(back.clone());
      back.ctrl = unionTaints(back.ctrl, tv.t) ?? [];
    }
    return { back, exit: joinAll(breaks) };
  }

  private forAwaitEnd(node: TSESTree.ForOfStatement): number {
    const text = this.file.src.slice(node.range[0], node.right.range[0]);
    const i = text.indexOf('await');
    return i >= 0 ? node.range[0] + i + 5 : node.range[0] + 3;
  }

  private execSwitch(node: TSESTree.SwitchStatement, st: State, outer: Env): void {
    const dv = this.ev(node.discriminant, st, outer);
    const env = new Env(outer, false, node);
    const pre = st.clone();
    pre.ctrl = unionTaints(pre.ctrl, dv.t) ?? [];
    const mark = this.pending.length;
    let fall = State.dead();
    let hasDefault = false;
    for (const c of node.cases) {
      const s = pre.clone();
      if (c.test) this.ev(c.test, s, env);
      else hasDefault = true;
      const entry = join(s, fall);
      this.execList(c.consequent, entry, env, false);
      fall = entry;
    }
    const comps = this.pending.splice(mark);
    const outs: State[] = [fall];
    if (!hasDefault) outs.push(pre);
    for (const c of comps) {
      if (c.kind === 'break' && c.label === undefined) outs.push(c.st);
      else this.pending.push(c);
    }
    const out = joinAll(outs);
    out.ctrl = st.ctrl;
    if (!out.live) out.live = false;
    st.copyFrom(out);
  }

  private execTry(node: TSESTree.TryStatement, st: State, env: Env): void {
    const mark = this.pending.length;
    const ctx: TryCtx = { catchState: node.handler ? st.clone() : null, fin: node.finalizer !== null };
    this.tries.push(ctx);
    this.exec(node.block, st, env);
    this.tries.pop();
    let comps = this.pending.splice(mark);
    let normal = st;
    if (node.handler) {
      const entries: State[] = ctx.catchState ? [ctx.catchState] : [];
      const rest: Completion[] = [];
      for (const c of comps) {
        if (c.kind === 'throw') entries.push(c.st);
        else rest.push(c);
      }
      const cs = joinAll(entries);
      const cenv = new Env(env, false, node.handler);
      if (node.handler.param) this.bind(node.handler.param, EMPTY, cs, cenv, true);
      const m2 = this.pending.length;
      this.exec(node.handler.body, cs, cenv);
      comps = [...rest, ...this.pending.splice(m2)];
      normal = join(st, cs);
    }
    if (!node.finalizer) {
      this.pending.push(...comps);
      st.copyFrom(normal);
      return;
    }
    const fin = node.finalizer;
    // One run of the finally block per way out of the try, so each keeps its own state.
    const groups = new Map<string, Completion[]>();
    for (const c of comps) {
      const k = `${c.kind}:${c.label ?? ''}`;
      const g = groups.get(k);
      if (g) g.push(c);
      else groups.set(k, [c]);
    }
    for (const g of groups.values()) {
      const s = joinAll(g.map((c) => c.st));
      this.exec(fin, s, env);
      if (!s.live) continue;
      const first = g[0] as Completion;
      let value: Value = EMPTY;
      for (const c of g) value = joinValue(value, c.value);
      const out: Completion = { kind: first.kind, st: s, node: first.node, value };
      if (first.label !== undefined) out.label = first.label;
      this.pending.push(out);
      if (first.kind === 'return' && g.length > 1) {
        for (const c of g.slice(1)) this.pending.push({ ...c, st: s });
      }
    }
    if (normal.live) this.exec(fin, normal, env);
    st.copyFrom(normal);
  }

  // ------------------------------------------------------------ bindings

  private bind(pattern: Node, v: Value, st: State, env: Env, declare: boolean, hoist = false): void {
    switch (pattern.type) {
      case T.Identifier: {
        const key = declare ? env.declare(pattern.name, pattern, hoist) : env.lookup(pattern.name);
        this.setVar(st, key, this.named(v, pattern.name));
        return;
      }
      case T.ObjectPattern:
        for (const p of pattern.properties) {
          if (p.type === T.RestElement) this.bind(p.argument, taintOnly(v), st, env, declare, hoist);
          else {
            const k = !p.computed && p.key.type === T.Identifier ? p.key.name : undefined;
            let pv: Value = taintOnly(v);
            if (v.g && k !== undefined) {
              const site = this.sites.get(v.g[0] as number);
              if (k === 'xarray' && site) pv = { key: site.lock, lk: true };
              else pv = { g: v.g, gm: k };
            }
            this.bind(p.value, pv, st, env, declare, hoist);
          }
        }
        return;
      case T.ArrayPattern: {
        // A tuple holding a releaser (`const [value, release] = await sem.acquire()`).
        const at = v.g && v.gm?.startsWith('[') ? Number(v.gm.slice(1, -1)) : -1;
        pattern.elements.forEach((e, i) => {
          if (e) this.bind(e, i === at ? { g: v.g as readonly number[], gm: RELEASER } : taintOnly(v), st, env, declare, hoist);
        });
        return;
      }
      case T.RestElement:
        this.bind(pattern.argument, taintOnly(v), st, env, declare, hoist);
        return;
      case T.AssignmentPattern: {
        const dv = this.ev(pattern.right, st, env);
        this.bind(pattern.left, joinValue(v, dv), st, env, declare, hoist);
        return;
      }
      case T.TSParameterProperty:
        this.bind(pattern.parameter, v, st, env, declare, hoist);
        return;
      default:
        if (pattern.type === T.MemberExpression) this.assignTo(pattern, v, st, env, pattern);
        return;
    }
  }

  private named(v: Value, name: string): Value {
    if (!v.t || !v.t.some((t) => !t.named)) return v;
    return { ...v, t: v.t.map((t) => (t.named ? t : { ...t, name, named: true })) };
  }

  private setVar(st: State, key: string, v: Value): void {
    if (v === EMPTY) st.vars.delete(key);
    else st.vars.set(key, v);
  }

  private assignTo(target: Node, v: Value, st: State, env: Env, at: Node): void {
    const t = unwrapTs(target);
    if (t.type === T.Identifier) {
      const key = env.lookup(t.name);
      this.checkStoreEscape(v, st, at, t.name, key);
      this.setVar(st, key, this.named(v, t.name));
      return;
    }
    if (t.type === T.MemberExpression) {
      this.ev(t.object, st, env);
      if (t.computed) this.ev(t.property, st, env);
      this.checkStoreEscape(v, st, at, keyText(this.file.src, t), undefined);
      return;
    }
    this.bind(t, v, st, env, false);
  }

  // ------------------------------------------------------------ escapes

  private scopeRange(site: GuardSite): [number, number] | undefined {
    if (site.kind === 'callback' && site.scope) return [site.start, site.scope.implicitEnd?.range[1] ?? site.end];
    return site.scopeRangeAt;
  }

  private liveScoped(v: Value, st: State): GuardSite | undefined {
    for (const id of [...(v.g ?? []), ...(v.c ?? [])]) {
      const site = this.sites.get(id);
      const f = st.guards.get(id);
      if (site && f && f.s & HELD && (site.kind === 'callback' || site.kind === 'using')) return site;
    }
    return undefined;
  }

  private markEscaped(v: Value, st: State): void {
    for (const id of v.g ?? []) {
      const f = st.guards.get(id);
      if (f && !f.escaped) st.guards.set(id, { ...f, escaped: true });
    }
  }

  private checkStoreEscape(v: Value, st: State, at: Node, target: string, key: string | undefined): void {
    if (v.fn) {
      if (key === undefined) this.checkCapture(v.fn, st, `stored in \`${target}\``);
      return;
    }
    if (!v.g && !v.c) return;
    const site = this.liveScoped(v, st);
    if (site) {
      const range = this.scopeRange(site);
      const declaredAt = key === undefined ? -1 : Number(key.slice(key.lastIndexOf('@') + 1));
      const outside = key === undefined || Number.isNaN(declaredAt) || !range || declaredAt < range[0] || declaredAt >= range[1];
      if (outside) {
        reportEscape(this.rep, { start: at.range[0], end: at.range[1], name: this.guardName(v, site), site, how: 'stored', target });
      }
    }
    if (key === undefined) this.markEscaped(v, st);
  }

  private guardName(v: Value, site: GuardSite): string {
    return v.c ? 'cursor' : site.name || 'guard';
  }

  private checkReturnEscape(arg: Node, v: Value, st: State): void {
    if (v.fn) {
      this.checkCapture(v.fn, st, 'a returned function');
      return;
    }
    const site = this.liveScoped(v, st);
    if (site) {
      reportEscape(this.rep, { start: arg.range[0], end: arg.range[1], name: this.guardName(v, site), site, how: 'returned' });
    }
    this.markEscaped(v, st);
  }

  /** A function that runs later and uses a live guard of the code that creates it. */
  private checkCapture(fn: FunctionNode, st: State, runner: string): void {
    const env = this.envAt;
    if (!env) return;
    const declared = new Set<string>();
    const refs: TSESTree.Identifier[] = [];
    collectRefs(fn, declared, refs);
    const reported = new Set<number>();
    for (const r of refs) {
      if (declared.has(r.name)) continue;
      const v = st.vars.get(env.lookup(r.name));
      if (!v || (!v.g && !v.c)) continue;
      for (const id of [...(v.g ?? []), ...(v.c ?? [])]) {
        const site = this.sites.get(id);
        const f = st.guards.get(id);
        if (!site || !f || !(f.s & HELD) || site.kind === 'param' || reported.has(id)) continue;
        reported.add(id);
        if (site.lib && site.kind === 'explicit' && (v.gm === RELEASER || v.gm === RELEASER_FACTORY)) {
          // A library releaser handed to a later callback: the obligation to release goes with it.
          st.guards.set(id, { ...f, escaped: true });
          continue;
        }
        reportEscape(this.rep, { start: r.range[0], end: r.range[1], name: r.name, site, how: 'capturedLater', runner });
        st.guards.set(id, { ...f, escaped: true });
      }
    }
  }

  /** The environment of the expression being evaluated (for captures). */
  private envAt: Env | null = null;

  // ---------------------------------------------------------- expressions

  ev(node: Node, st: State, env: Env, hint?: Hint): Value {
    if (!st.live) return EMPTY;
    switch (node.type) {
      case T.Identifier: {
        if (node.name === 'undefined') return EMPTY;
        const v = st.vars.get(env.lookup(node.name));
        if (v) return v.key === undefined && !v.g && !v.c ? { ...v, key: node.name } : v;
        return { key: node.name };
      }
      case T.ThisExpression:
        return { key: 'this' };
      case T.Literal:
      case T.Super:
      case T.MetaProperty:
      case T.PrivateIdentifier:
        return EMPTY;
      case T.TemplateLiteral: {
        let v: Value = EMPTY;
        for (const e of node.expressions) v = joinValue(v, taintOnly(this.ev(e, st, env)));
        return v;
      }
      case T.TaggedTemplateExpression: {
        this.ev(node.tag, st, env);
        let v: Value = EMPTY;
        for (const e of node.quasi.expressions) v = joinValue(v, taintOnly(this.ev(e, st, env)));
        return v;
      }
      case T.MemberExpression:
        return this.evMember(node, st, env);
      case T.ChainExpression: {
        this.chainSkips.push([]);
        const v = this.ev(node.expression, st, env);
        const skips = this.chainSkips.pop() ?? [];
        if (skips.length > 0) st.copyFrom(joinAll([st, ...skips]));
        return v;
      }
      case T.CallExpression: {
        const v = this.evCall(node, st, env, hint);
        // `assert(m.isLocked())`: the lock is held from here on.
        const asserted = assertedByCall(node, this.file);
        if (asserted !== undefined) this.assume(asserted, st, node);
        return v;
      }
      case T.NewExpression: {
        const callee = unwrapTs(node.callee);
        let v: Value = EMPTY;
        for (const a of node.arguments) v = joinValue(v, taintOnly(this.evArg(a, st, env, 'unknown')));
        const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier && callee.object.type === T.Identifier && this.file.namespaces.has(callee.object.name) ? callee.property.name : undefined;
        if (name !== undefined && (this.file.lockableTypes.has(name) || name === this.file.preset.types.lockable)) return { lk: true };
        if (this.file.types?.guardKind(node) === 'lockable') return { lk: true };
        return v;
      }
      case T.AssignmentExpression: {
        const rv = node.right.type === T.FunctionExpression || node.right.type === T.ArrowFunctionExpression ? this.fnValue(node.right) : this.ev(node.right, st, env);
        if (node.operator === '=') {
          this.envAt = env;
          this.assignTo(node.left, rv, st, env, node);
          return rv;
        }
        const lv = this.ev(node.left, st, env);
        const v = joinValue(taintOnly(lv), taintOnly(rv));
        if (unwrapTs(node.left).type === T.Identifier) this.assignTo(node.left, v, st, env, node);
        return v;
      }
      case T.UpdateExpression:
        return taintOnly(this.ev(node.argument, st, env));
      case T.UnaryExpression:
        return taintOnly(this.ev(node.argument, st, env));
      case T.BinaryExpression: {
        const lv = node.left.type === T.PrivateIdentifier ? EMPTY : this.ev(node.left, st, env);
        const rv = this.ev(node.right, st, env);
        if (COMPARE.has(node.operator) && lv.t && rv.t) {
          const mark = this.renewals.length;
          this.revalidate(node.left, lv, rv, st);
          this.revalidate(node.right, rv, lv, st);
          if (this.renewals.length > mark) {
            const l = this.renewSince(mark, st, lv.t);
            const r = this.renewSince(mark, st, rv.t);
            return joinValue({ t: l }, { t: r });
          }
          const again = (side: Node, v: Value): Value => {
            const u = unwrapTs(side);
            return u.type === T.Identifier ? (st.vars.get(env.lookup(u.name)) ?? v) : v;
          };
          return joinValue(taintOnly(again(node.left, lv)), taintOnly(again(node.right, rv)));
        }
        return joinValue(taintOnly(lv), taintOnly(rv));
      }
      case T.LogicalExpression: {
        const lv = this.ev(node.left, st, env);
        const s2 = st.clone();
        s2.ctrl = unionTaints(s2.ctrl, lv.t) ?? [];
        const rv = this.ev(node.right, s2, env);
        const pre = st.ctrl;
        st.copyFrom(join(st, s2));
        st.ctrl = pre;
        return joinValue(lv, rv);
      }
      case T.ConditionalExpression: {
        const tv = this.ev(node.test, st, env);
        const pre = st.ctrl;
        const a = st.clone();
        a.ctrl = unionTaints(pre, tv.t) ?? [];
        const b = a.clone();
        const av = this.ev(node.consequent, a, env);
        const bv = this.ev(node.alternate, b, env);
        st.copyFrom(join(a, b));
        st.ctrl = pre;
        return joinValue(joinValue(av, bv), taintOnly(tv));
      }
      case T.SequenceExpression: {
        let v: Value = EMPTY;
        for (const e of node.expressions) v = this.ev(e, st, env);
        return v;
      }
      case T.AwaitExpression: {
        const inner = unwrapTs(node.argument);
        const v = this.ev(node.argument, st, env, inner.type === T.CallExpression ? (hint ? { awaited: true, outer: hint } : { awaited: true }) : undefined);
        this.suspend(node, 'await', st, node.range[0], node.range[0] + 5);
        if (!this.libHeld.has(inner) && !this.lockOps.has(inner)) this.leaseCheck(node, st);
        if (this.tries.length === 0 && this.rep.silent === 0 && st.live) this.awaitMayThrow(node, st);
        return this.libHeld.has(inner) ? v : taintOnly(v);
      }
      case T.YieldExpression: {
        if (node.argument) this.ev(node.argument, st, env);
        this.suspend(node, 'yield', st, node.range[0], node.range[0] + 5);
        return EMPTY;
      }
      case T.ArrayExpression: {
        let v: Value = EMPTY;
        for (const e of node.elements) if (e) v = joinValue(v, taintOnly(this.ev(e, st, env)));
        return v;
      }
      case T.ObjectExpression: {
        let v: Value = EMPTY;
        for (const p of node.properties) {
          if (p.type === T.SpreadElement) v = joinValue(v, taintOnly(this.ev(p.argument, st, env)));
          else {
            if (p.computed) this.ev(p.key, st, env);
            const val = p.value;
            if (val.type === T.FunctionExpression || val.type === T.ArrowFunctionExpression) this.defer(val);
            else v = joinValue(v, taintOnly(this.ev(val, st, env)));
          }
        }
        return v;
      }
      case T.SpreadElement:
        return taintOnly(this.ev(node.argument, st, env));
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        return this.fnValue(node);
      case T.ClassExpression:
        this.deferClass(node);
        return EMPTY;
      case T.TSAsExpression:
      case T.TSNonNullExpression:
      case T.TSTypeAssertion:
      case T.TSSatisfiesExpression:
      case T.TSInstantiationExpression:
        return this.ev(node.expression, st, env, hint);
      case T.ImportExpression:
        this.ev(node.source, st, env);
        return EMPTY;
      default: {
        let v: Value = EMPTY;
        forEachChild(node, (c) => {
          if (isFunction(c)) this.defer(c);
          else if (!c.type.startsWith('TS')) v = joinValue(v, taintOnly(this.ev(c, st, env)));
        });
        return v;
      }
    }
  }

  private fnValue(node: FunctionNode): Value {
    this.defer(node);
    return { fn: node };
  }

  /**
   * `x === fresh`: a value read in an earlier lock scope, compared with one
   * read in the current scope, is valid again, and so is everything derived
   * from the same read (the kernel's fix: re-read under the new lock and compare).
   */
  private revalidate(side: Node, v: Value, other: Value, st: State): void {
    const n = unwrapTs(side);
    if (!isPlace(n) || !v.t || !other.t) return;
    const current = new Set<string>();
    for (const [, f] of st.guards) if (f.s === HELD) current.add(f.ep);
    const fresh = other.t.find((t) => current.has(t.epoch));
    if (!fresh) return;
    const old = v.t.filter((t) => t.lock === fresh.lock && t.epoch !== fresh.epoch);
    if (old.length === 0) return;
    const same = (t: Taint): boolean => old.some((o) => o.start === t.start && o.epoch === t.epoch && o.lock === t.lock);
    const renew = (ts: readonly Taint[]): readonly Taint[] =>
      ts.some(same) ? ts.map((t) => (same(t) ? { ...t, epoch: fresh.epoch, siteAt: fresh.siteAt } : t)) : ts;
    this.renewals.push(renew);
    renewState(st, renew);
  }

  /** Applies the revalidations made since `mark` to `st` and to `ts`. */
  private renewSince(mark: number, st: State, ts: readonly Taint[]): readonly Taint[] {
    let out = ts;
    for (const renew of this.renewals.slice(mark)) {
      renewState(st, renew);
      out = renew(out);
    }
    return out;
  }

  private evMember(node: TSESTree.MemberExpression, st: State, env: Env): Value {
    const ov = this.ev(node.object, st, env);
    if (node.computed) this.ev(node.property, st, env);
    if (node.optional) this.chainSkips[this.chainSkips.length - 1]?.push(st.clone());
    const prop = !node.computed && node.property.type === T.Identifier ? node.property.name : undefined;
    const preset = this.file.preset;
    if (ov.g && !ov.gm) {
      const site = this.sites.get(ov.g[0] as number);
      if (prop === 'xarray' && site) return { key: site.lock, lk: true };
      if (prop !== undefined && preset.guardSafeProps.includes(prop)) return EMPTY;
      this.checkUse(ov.g, st, unwrapTs(node.object), 'use');
      return EMPTY;
    }
    if (ov.c) {
      this.checkUse(ov.c, st, unwrapTs(node.object), 'use');
      if (prop !== undefined && CURSOR_PROPS.has(prop)) return this.readTaint(ov.c, st, node, `${keyText(this.file.src, node.object)}.${prop}`);
      return EMPTY;
    }
    const v: Value = { key: keyText(this.file.src, node) };
    return ov.t ? { ...v, t: ov.t } : v;
  }

  /** A use of a guard (or of a cursor of it): reported when it was released. */
  private checkUse(ids: readonly number[], st: State, at: Node, use: 'use' | 'unlock' | 'pass', callee?: string, evidence?: string, call?: string): void {
    let released: { site: GuardSite; f: GuardFact } | undefined;
    let held = false;
    for (const id of ids) {
      const f = st.guards.get(id);
      const site = this.sites.get(id);
      if (!f || !site) continue;
      if (f.s & HELD) held = true;
      if (f.s & RELEASED && f.rel && !released) released = { site, f };
    }
    if (!released?.f.rel) return;
    const u: Parameters<typeof reportUseAfterUnlock>[1] = {
      start: at.range[0],
      end: at.range[1],
      name: keyText(this.file.src, at),
      site: released.site,
      release: released.f.rel,
      every: !held,
      use,
    };
    if (callee !== undefined) u.callee = callee;
    if (evidence !== undefined) u.evidence = evidence;
    if (call !== undefined) u.call = call;
    reportUseAfterUnlock(this.rep, u);
  }

  private readTaint(ids: readonly number[], st: State, at: Node, reader: string): Value {
    const id = ids[0] as number;
    const site = this.sites.get(id);
    const f = st.guards.get(id);
    if (!site || !f) return EMPTY;
    const t: Taint = {
      lock: site.lock,
      epoch: f.ep,
      name: reader,
      named: false,
      reader,
      start: at.range[0],
      end: at.range[1],
      siteAt: site.id,
      plain: false,
    };
    return { t: [t] };
  }

  /** A mutation of `lock` in lock scope `epoch`: stale lock-derived values must not decide or parameterise it. */
  private checkStale(lock: string, epoch: string, viaGuard: boolean, mutation: string, callee: Node, args: readonly { node: Node; v: Value }[], st: State): void {
    const stale = (t: Taint): boolean => t.lock === lock && t.epoch !== epoch && (viaGuard || !t.plain);
    const pick = (ts: readonly Taint[] | undefined): Taint | undefined => ts?.find((t) => stale(t) && !t.plain) ?? ts?.find(stale);
    for (const a of args) {
      const t = pick(a.v.t);
      if (t) {
        reportStale(this.rep, t, 'argument', mutation, a.node.range[0], a.node.range[1]);
        return;
      }
    }
    const t = pick(st.ctrl);
    if (t) reportStale(this.rep, t, 'decides', mutation, callee.range[0], callee.range[1]);
  }

  private suspend(node: Node, op: 'await' | 'yield' | 'for await', st: State, start: number, end: number): void {
    for (const [id, f] of st.guards) {
      if (!(f.s & HELD)) continue;
      const site = this.sites.get(id);
      if (!site || !site.spin || site.asyncCallback || site.kind === 'param') continue;
      const s: Parameters<typeof reportSuspend>[1] = { start, end, op, site, every: f.s === HELD };
      const move = this.moveBefore(node, site);
      if (move) s.move = move;
      reportSuspend(this.rep, s);
      return;
    }
  }

  /** Edits moving the statement of an `await` before the acquisition, when nothing in between is needed. */
  private moveBefore(node: Node, site: GuardSite): TextEdit[] | undefined {
    const list = this.lists[this.lists.length - 1];
    const at = site.list;
    if (!list || !at || list.body !== at.body || node.type !== T.AwaitExpression) return undefined;
    const stmt = list.body[list.index];
    const first = at.body[at.index];
    if (!stmt || !first || list.index <= at.index) return undefined;
    const direct =
      (stmt.type === T.ExpressionStatement && stmt.expression === node) ||
      (stmt.type === T.VariableDeclaration && stmt.declarations.length === 1 && stmt.declarations[0]?.init === node);
    if (!direct) return undefined;
    const between = new Set<string>();
    for (let i = at.index; i < list.index; i++) declaredNames(at.body[i] as Stmt, between);
    const used: TSESTree.Identifier[] = [];
    collectRefs(stmt, new Set(), used);
    if (used.some((u) => between.has(u.name))) return undefined;
    const src = this.file.src;
    const indent = src.slice(src.lineStart(first.range[0]), first.range[0]);
    if (indent.trim() !== '') return undefined;
    const text = src.slice(stmt.range[0], stmt.range[1]);
    return [
      { range: [first.range[0], first.range[0]], text: `${text}\n${indent}` },
      removeLine(src.text, stmt.range[0], stmt.range[1]),
    ];
  }

  private isAcquireCall(e: TSESTree.CallExpression): boolean {
    const c = unwrapTs(e.callee);
    return c.type === T.MemberExpression && !c.computed && c.property.type === T.Identifier && this.file.preset.acquire.includes(c.property.name) && e.arguments.length === 0;
  }

  private newSite(id: number, lock: string, kind: GuardSite['kind'], start: number, end: number, name: string): GuardSite {
    const existing = this.sites.get(id);
    if (existing) return existing;
    const site: GuardSite = { id, lock, kind, start, end, name, line: this.file.src.line(start), spin: this.file.preset.spin };
    if (kind !== 'param') {
      const scope: LockScopeInfo = { lock, kind, acquired: this.file.src.span(start, end), releases: [] };
      if (name) scope.guard = name;
      site.scope = scope;
      this.scopes.push(scope);
    }
    this.sites.set(id, site);
    return site;
  }

  /** Taking `lock` while it is held (reported); true when it may be held. */
  private checkRelock(lock: string, st: State, how: 'relock' | 'write' | 'callee' | 'wait', at: Node, env: Env, extra: { method?: string; callee?: string; evidence?: string; receiver?: Node; mode?: LockMode } = {}): boolean {
    for (const [id, f] of st.guards) {
      if (!(f.s & HELD)) continue;
      const site = this.sites.get(id);
      if (!site || site.lock !== lock) continue;
      // Readers share a read/write lock.
      if (extra.mode === 'shared' && this.siteModes.get(id) === 'shared') continue;
      const d: Parameters<typeof reportDeadlock>[1] = { start: at.range[0], end: at.range[1], site, every: f.s === HELD, how };
      if (extra.method !== undefined) d.method = extra.method;
      if (extra.callee !== undefined) d.callee = extra.callee;
      if (extra.evidence !== undefined) d.evidence = extra.evidence;
      if (how === 'write' && extra.receiver && site.name && f.s === HELD) {
        const v = st.vars.get(env.lookup(site.name));
        if (v?.g?.includes(id) && !v.gm) {
          d.useGuard = { guard: site.name, edits: [{ range: [extra.receiver.range[0], extra.receiver.range[1]], text: site.name }] };
        }
      }
      reportDeadlock(this.rep, d);
      return true;
    }
    return false;
  }

  private evArg(a: Node, st: State, env: Env, runs: 'now' | 'later' | 'unknown', runner?: string): Value {
    if (a.type === T.FunctionExpression || a.type === T.ArrowFunctionExpression) {
      if (runs === 'now' && !a.async && !a.generator) {
        const r = this.runInline(a, st, env, []);
        return r;
      }
      if (runs === 'later' || ((a.async || a.generator) && runs === 'now')) this.checkCapture(a, st, runner ?? 'a callback');
      this.defer(a);
      return { fn: a };
    }
    const v = this.ev(a, st, env);
    if (v.fn && runs === 'later') this.checkCapture(v.fn, st, runner ?? 'a callback');
    if (v.g && (v.gm === RELEASER || v.gm === RELEASER_FACTORY)) {
      // A releaser passed on: whoever receives it now owes the release.
      for (const id of v.g) {
        const f = st.guards.get(id);
        if (f && this.sites.get(id)?.lib) st.guards.set(id, { ...f, escaped: true });
      }
    }
    return v;
  }

  /** Runs a callback now, in the caller's state (it may run zero times unless `always`). */
  private runInline(fn: FunctionNode, st: State, env: Env, values: readonly Value[], always = false): Value {
    this.seenFns.add(fn);
    const before = always ? null : st.clone();
    const r = this.runBody(fn, st, env, values);
    this.pending.push(...r.throws);
    const out = joinAll([r.end, ...r.returns.map((c) => c.st)]);
    st.copyFrom(before ? join(before, out) : out);
    return r.value;
  }

  private evCall(node: TSESTree.CallExpression, st: State, env: Env, hint?: Hint): Value {
    const callee = unwrapTs(node.callee);
    this.envAt = env;
    let result: Value = EMPTY;
    const cls = this.fns[this.fns.length - 1]?.className;
    if (
      callee.type === T.MemberExpression &&
      callee.object.type === T.ThisExpression &&
      !callee.computed &&
      cls !== undefined &&
      (callee.property.type === T.Identifier || callee.property.type === T.PrivateIdentifier)
    ) {
      const k = callee.property.type === T.Identifier ? callee.property.name : `#${callee.property.name}`;
      const name = `${cls}.prototype.${k}`;
      if (this.summaries.has(name)) {
        const r = this.namedCall(node, name, st, env, hint);
        const tc0 = this.tries[this.tries.length - 1];
        if (tc0?.catchState && st.live) tc0.catchState = join(tc0.catchState, st);
        return r;
      }
    }
    if (callee.type === T.MemberExpression) {
      const ov = this.ev(callee.object, st, env);
      if (callee.computed) this.ev(callee.property, st, env);
      if (callee.optional) this.chainSkips[this.chainSkips.length - 1]?.push(st.clone());
      const m = !callee.computed && callee.property.type === T.Identifier ? callee.property.name : undefined;
      const dispose = callee.computed && keyText(this.file.src, callee.property) === 'Symbol.dispose';
      if (node.optional) this.chainSkips[this.chainSkips.length - 1]?.push(st.clone());
      const lc =
        (m !== undefined && !ov.g && !ov.c && this.file.lib.specs.length > 0 ? libraryCall(this.file.lib, this.file.src, unwrapTs(callee.object), m, node) : undefined) ??
        (m !== undefined && !ov.g && !ov.c && this.file.types ? typedLibraryCall(this.file, unwrapTs(callee.object), m, node) : undefined);
      const typedKey = this.file.typedCalls?.get(node);
      if (lc) {
        const tc1 = lc.kind === 'acquire' ? this.tries[this.tries.length - 1] : undefined;
        if (tc1?.catchState && st.live) tc1.catchState = join(tc1.catchState, st);
        result = this.libCall(node, callee, lc, st, env, hint);
        if (tc1?.catchState) return result;
      } else if (ov.g && !ov.gm) {
        result = this.guardCall(node, callee, ov.g, dispose ? 'unlock' : m, st, env, dispose);
      } else if (ov.c) {
        result = this.cursorCall(node, callee, ov.c, m, st, env);
      } else if (typedKey !== undefined && this.summaries.has(typedKey)) {
        result = this.namedCall(node, typedKey, st, env, hint);
      } else if (m !== undefined) {
        result = this.lockableCall(node, callee, ov, m, st, env, hint);
      } else {
        for (const a of node.arguments) result = joinValue(result, taintOnly(this.evArg(a, st, env, 'unknown')));
      }
    } else if (callee.type === T.Identifier) {
      const fv = st.vars.get(env.lookup(callee.name));
      const lc = !fv?.g && this.file.lib.byKey.has(callee.name) ? libraryCall(this.file.lib, this.file.src, callee, null, node) : undefined;
      if (lc) {
        result = this.libCall(node, callee, lc, st, env, hint);
      } else if (fv?.gm && fv.g) {
        result = this.guardCall(node, callee, fv.g, fv.gm, st, env, false);
      } else {
        const typedKey = this.summaries.has(callee.name) ? undefined : this.file.typedCalls?.get(node);
        result = this.namedCall(node, typedKey ?? callee.name, st, env, hint);
      }
    } else if (callee.type === T.FunctionExpression || callee.type === T.ArrowFunctionExpression) {
      const values = node.arguments.map((a) => this.evArg(a, st, env, 'unknown'));
      if (callee.async || callee.generator) {
        this.defer(callee);
      } else result = this.runInline(callee, st, env, values, true);
    } else {
      const cv = this.ev(callee, st, env);
      if (cv.g && cv.gm === RELEASER) result = this.guardCall(node, callee, cv.g, RELEASER, st, env, false);
      else for (const a of node.arguments) result = joinValue(result, taintOnly(this.evArg(a, st, env, 'unknown')));
    }
    if (this.file.types && !result.g && !result.c && !hint?.awaited) result = this.typedResult(node, result, st, hint);
    const tc = this.tries[this.tries.length - 1];
    if (tc?.catchState && st.live) tc.catchState = join(tc.catchState, st);
    return result;
  }

  /**
   * With types, what a call returns when the syntax did not tell: a guard
   * (ownership moves to the caller, as for a summary's `returnsGuard`) or a
   * lockable. The guard's lock is the call's lockable argument or receiver.
   */
  private typedResult(node: TSESTree.CallExpression, result: Value, st: State, hint?: Hint): Value {
    const kind = this.file.types?.guardKind(node);
    if (kind === 'lockable') return { ...result, lk: true };
    if (kind !== 'guard') return result;
    const callee = unwrapTs(node.callee);
    const from = node.arguments.find((a) => this.file.types?.guardKind(a) === 'lockable') ?? (callee.type === T.MemberExpression ? callee.object : undefined);
    const lock = from ? keyText(this.file.src, unwrapTs(from)) : `${keyText(this.file.src, callee)}()`;
    const site = this.newSite(callee.range[0], lock, hint?.using ? 'using' : 'explicit', node.range[0], node.range[1], hint?.name ?? '');
    if (hint?.decl) site.decl = hint.decl;
    if (hint?.list) site.list = hint.list;
    st.guards.set(site.id, { s: HELD, escaped: !!hint?.discard, ep: `e${site.id}` });
    return { g: [site.id] };
  }

  private guardCall(node: TSESTree.CallExpression, callee: Node, ids: readonly number[], m: string | undefined, st: State, env: Env, dispose: boolean): Value {
    const preset = this.file.preset;
    const recv = unwrapTs(callee.type === T.MemberExpression ? callee.object : callee);
    const args = node.arguments.map((a) => ({ node: a as Node, v: this.evArg(a, st, env, 'unknown') }));
    const site0 = this.sites.get(ids[0] as number);
    const releases = site0?.libRelease ?? preset.release;
    if (m === RELEASER_FACTORY) {
      for (const a of node.arguments) this.evArg(a, st, env, 'unknown');
      return { g: ids, gm: RELEASER };
    }
    if (site0?.lib) this.lockOps.add(node);
    const lease = this.specOf(site0?.lib)?.lease;
    if (m !== undefined && lease?.extendGuard?.includes(m)) {
      // `lease.extend(ttl)`: the same lease (or its successor), renewed.
      this.checkUse(ids, st, recv, 'use');
      this.extendLease(ids, node, st);
      this.libHeld.add(node);
      return { g: ids };
    }
    if (m !== undefined && (releases.includes(m) || m === RELEASER)) {
      const call = m === RELEASER ? `${keyText(this.file.src, recv)}()` : site0?.lib ? `${keyText(this.file.src, recv)}.${m}()` : undefined;
      this.releaseGuards(ids, node, recv, call, st, !dispose);
      return EMPTY;
    }
    if (m !== undefined && preset.guardSafeProps.includes(m)) return EMPTY;
    this.checkUse(ids, st, recv, 'use');
    if (m === undefined) return EMPTY;
    const recvText = keyText(this.file.src, recv);
    if (preset.cursorCreate.includes(m)) return { c: ids };
    if (preset.guardWrites.includes(m)) {
      const id = ids[0] as number;
      const site = this.sites.get(id);
      const f = st.guards.get(id);
      if (site && f) this.checkStale(site.lock, f.ep, true, `${recvText}.${m}()`, callee, args, st);
    }
    if (preset.guardReads.includes(m)) {
      const v = this.readTaint(ids, st, node, `${recvText}.${m}()`);
      return v;
    }
    return EMPTY;
  }

  private cursorCall(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, ids: readonly number[], m: string | undefined, st: State, env: Env): Value {
    const recvText = keyText(this.file.src, unwrapTs(callee.object));
    // forEach(fn, max) / forEachMarked(mark, fn, max): fn runs now, under the
    // cursor's lock, given an entry and an index read through the cursor.
    const walker = m !== undefined ? CURSOR_WALKS.get(m) : undefined;
    const walked = walker !== undefined ? node.arguments[walker] : undefined;
    if (walked !== undefined && (walked.type === T.FunctionExpression || walked.type === T.ArrowFunctionExpression) && !walked.async && !walked.generator) {
      this.checkUse(ids, st, unwrapTs(callee.object), 'use');
      for (const a of node.arguments) if (a !== walked) this.evArg(a, st, env, 'unknown');
      // The entry and the index carry the same taint: one read of the cursor.
      const read = this.readTaint(ids, st, node, `${recvText}.${m}()`);
      this.runInline(walked, st, env, [read, read]);
      return EMPTY;
    }
    const args = node.arguments.map((a) => ({ node: a as Node, v: this.evArg(a, st, env, 'unknown') }));
    this.checkUse(ids, st, unwrapTs(callee.object), 'use');
    if (m === undefined) return EMPTY;
    if (this.file.preset.cursorWrites.includes(m)) {
      const id = ids[0] as number;
      const site = this.sites.get(id);
      const f = st.guards.get(id);
      if (site && f) this.checkStale(site.lock, f.ep, true, `${recvText}.${m}()`, callee, args, st);
    }
    if (CURSOR_READS.has(m)) return this.readTaint(ids, st, node, `${recvText}.${m}()`);
    return EMPTY;
  }

  private lockableCall(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, ov: Value, m: string, st: State, env: Env, hint?: Hint): Value {
    const preset = this.file.preset;
    const src = this.file.src;
    const lock = ov.key ?? keyText(src, callee.object);
    const prop = callee.property;
    if ((preset.acquire.includes(m) && node.arguments.length === 0 && !hint?.awaited) || preset.scoped.includes(m)) {
      this.lockKeys.add(lock);
      this.xarrayKeys.add(lock);
    }
    if (preset.acquire.includes(m) && node.arguments.length === 0 && !hint?.awaited) {
      const tracked = hint?.using || this.file.lockFile || ov.lk || (hint?.name !== undefined && this.file.guardNames.has(hint.name)) || this.file.types?.guardKind(callee.object) === 'lockable';
      if (!tracked) return EMPTY;
      this.checkRelock(lock, st, 'relock', node, env);
      this.orderTake(lock, false, node.range[0], node.range[1], st, env);
      const kind = hint?.using ? 'using' : 'explicit';
      const site = this.newSite(prop.range[0], lock, kind, node.range[0], node.range[1], hint?.discard ? '' : (hint?.name ?? ''));
      if (hint?.decl) site.decl = hint.decl;
      if (hint?.list) site.list = hint.list;
      this.order.noteSite(site, this.orderScope(env), false);
      if (kind === 'using') {
        const block = this.lists[this.lists.length - 1];
        const b = block?.body;
        if (b && b.length > 0) {
          const last = b[b.length - 1] as Stmt;
          site.scopeRangeAt = [node.range[0], last.range[1] + 1];
        }
      }
      st.guards.set(site.id, { s: HELD, escaped: !!hint?.discard, ep: `e${site.id}` });
      if (hint?.discard) reportDiscarded(this.rep, lock, node.range[0], node.range[1]);
      return { g: [site.id] };
    }
    const first = node.arguments[0];
    if (preset.scoped.includes(m) && first?.type === T.Identifier) {
      // A named callback (`xa.withLock(refill)`): its summary says whether it may suspend.
      const named = this.summaries.get(first.name);
      if (named?.mayAwait) reportAsyncCallback(this.rep, lock, named.mayAwait, first.range[0], first.range[1]);
    }
    if (preset.scoped.includes(m) && first && (first.type === T.ArrowFunctionExpression || first.type === T.FunctionExpression)) {
      this.checkRelock(lock, st, 'relock', node, env);
      this.orderTake(lock, false, callee.range[0], callee.range[1], st, env);
      const p0 = first.params[0];
      const name = p0 ? (p0.type === T.Identifier ? p0.name : keyText(src, p0)) : '';
      const site = this.newSite(prop.range[0], lock, 'callback', callee.range[0], callee.range[1], name);
      this.order.noteSite(site, this.orderScope(env), false);
      const b = first.body;
      const endStart = b.type === T.BlockStatement ? b.range[1] - 1 : b.range[0];
      if (site.scope && !site.scope.implicitEnd) site.scope.implicitEnd = src.span(endStart, b.range[1]);
      if (first.async || first.generator) {
        site.asyncCallback = true;
        const start = first.range[0];
        const end = first.async ? start + 5 : (b.range[0] > start ? Math.min(b.range[0], start + 9) : start + 8);
        reportAsyncCallback(this.rep, lock, first.async ? 'async' : 'generator', start, end);
      }
      st.guards.set(site.id, { s: HELD, escaped: false, ep: `e${site.id}` });
      for (const a of node.arguments.slice(1)) this.ev(a, st, env);
      this.seenFns.add(first);
      const r = this.runBody(first, st, env, [{ g: [site.id] }]);
      const throws = r.throws;
      const out = joinAll([r.end, ...r.returns.map((c) => c.st)]);
      const rel = { start: endStart, end: b.range[1], how: 'callback' as const };
      const release = (s: State): void => {
        const f = s.guards.get(site.id);
        if (f) s.guards.set(site.id, { ...f, s: (f.s & ABSENT) | RELEASED, rel });
      };
      for (const c of throws) {
        release(c.st);
        this.pending.push(c);
      }
      release(out);
      st.copyFrom(out);
      return stripFn(r.value);
    }
    if (preset.lockableWrites.includes(m)) {
      const args = node.arguments.map((a) => ({ node: a as Node, v: this.evArg(a, st, env, 'unknown') }));
      const held = this.checkRelock(lock, st, 'write', callee, env, { method: m, receiver: callee.object });
      this.orderTake(lock, false, callee.range[0], callee.range[1], st, env);
      if (!held) this.checkStale(lock, `p${node.range[0]}`, false, `${lock}.${m}()`, callee, args, st);
      this.collectCheck(m, args, st);
      return EMPTY;
    }
    const runs = RUNS_NOW.has(m) ? 'now' : RUNS_LATER.has(m) ? 'later' : 'unknown';
    const args = node.arguments.map((a) => ({ node: a as Node, v: this.evArg(a, st, env, runs, `${m}()`) }));
    if (COLLECT.has(m)) this.collectCheck(m, args, st);
    if (preset.lockableReads.includes(m)) {
      const t: Taint = { lock, epoch: `p${node.range[0]}`, name: `${lock}.${m}()`, named: false, reader: `${lock}.${m}()`, start: node.range[0], end: node.range[1], siteAt: node.range[0], plain: true };
      return { t: [t] };
    }
    let v: Value = ov.t ? { t: ov.t } : EMPTY;
    for (const a of args) v = joinValue(v, taintOnly(a.v));
    return v;
  }

  /** A call on a lock of a lock library (async-mutex, Web Locks, async-lock…): see `presets/library.ts`. */
  private libCall(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression | TSESTree.Identifier, lc: LibraryCall, st: State, env: Env, hint?: Hint): Value {
    const src = this.file.src;
    const prop = callee.type === T.MemberExpression ? callee.property : callee;
    this.lockKeys.add(lc.lock);
    const evalArgs = (skip?: Node): void => {
      for (const a of node.arguments) if (a !== skip) this.evArg(a, st, env, 'unknown');
    };
    switch (lc.kind) {
      case 'acquire': {
        evalArgs();
        const awaited = !!hint?.awaited;
        // A pending acquisition is not a held lock; a try-lock is held only when it says so.
        if (lc.acq.async === true && !awaited) return EMPTY;
        const tried = lc.acq.attempts?.some((a) => (a.failure === 'false' || a.failure === 'undefined') && !a.when);
        const tested = tried && this.tryTest !== undefined && this.tryTest.call === node && this.tryTest.site === undefined;
        if (tried && !tested) return EMPTY;
        if (deadlocksOnRetake(lc.spec, this.file.lib, lc.binding, node)) this.checkRelock(lc.lock, st, 'relock', node, env, lc.mode ? { mode: lc.mode } : {});
        if (orderable(lc, node)) this.orderTake(lc.lock, sharedAt(lc, node), node.range[0], node.range[1], st, env);
        const bound = awaited ? hint?.outer : hint;
        // `using g = lock.hold()` of a disposable guard: released at the block end.
        const disposed = !!bound?.using && lc.acq.yields.kind === 'guard' && lc.acq.yields.disposable !== undefined;
        const site = this.newSite(prop.range[0], lc.lock, disposed ? 'using' : 'explicit', node.range[0], node.range[1], bound?.name ?? '');
        site.spin = lc.spec.spin;
        site.lib = lc.spec.id;
        if (orderable(lc, node)) this.order.noteSite(site, this.orderScope(env), sharedAt(lc, node));
        if (lc.mode) this.siteModes.set(site.id, lc.mode);
        const here = this.lists[this.lists.length - 1];
        if (!site.list && here) site.list = { ...here };
        const y = lc.acq.yields;
        if (y.kind === 'guard') site.libRelease = y.release;
        this.siteRelease.set(site.id, releaseWay(lc.spec, y, lc.lock, site.name, callee, src, lc.acq.async === false));
        const fact: GuardFact = { s: HELD, escaped: false, ep: `e${site.id}` };
        if (lc.spec.lease?.renewal === 'manual') {
          const ttl = argumentValue(lc.spec.lease.ttl, node.arguments);
          if (ttl !== undefined) fact.left = ttl;
        }
        st.guards.set(site.id, fact);
        if (tested && this.tryTest) {
          this.tryTest.site = site.id;
          this.exitReported.add(site.id);
        }
        this.libHeld.add(node);
        if (y.kind === 'releaser') return { g: [site.id], gm: RELEASER };
        if (y.kind === 'tuple') return { g: [site.id], gm: `[${y.releaser}]` };
        if (y.kind === 'guard') return { g: [site.id] };
        return EMPTY;
      }
      case 'callback': {
        const cb = lc.callback ? unwrapTs(lc.callback) : undefined;
        // Re-entry deadlocks whatever the callback is (a function expression or a variable).
        if (deadlocksOnRetake(lc.spec, this.file.lib, lc.binding, node)) this.checkRelock(lc.lock, st, 'relock', node, env, lc.mode ? { mode: lc.mode } : {});
        if (orderable(lc, node)) this.orderTake(lc.lock, sharedAt(lc, node), callee.range[0], callee.range[1], st, env);
        if (!cb || (cb.type !== T.ArrowFunctionExpression && cb.type !== T.FunctionExpression)) {
          evalArgs();
          return EMPTY;
        }
        const params = lc.acq.params ?? [];
        const done = lc.acq.doneParam !== undefined && cb.params.length > lc.acq.doneParam ? lc.acq.doneParam : -1;
        const p0 = cb.params[0];
        const name = p0 && (params[0] === 'guard' || params[0] === 'releaser') ? (p0.type === T.Identifier ? p0.name : keyText(src, p0)) : '';
        // Held until the releaser parameter is called: an explicit lock whose releaser may travel.
        const untilRelease = lc.acq.heldUntil === 'release-param';
        const site = this.newSite(prop.range[0], lc.lock, untilRelease ? 'explicit' : 'callback', callee.range[0], callee.range[1], name);
        site.spin = lc.spec.spin;
        site.lib = lc.spec.id;
        if (orderable(lc, node)) this.order.noteSite(site, this.orderScope(env), sharedAt(lc, node));
        if (lc.mode) this.siteModes.set(site.id, lc.mode);
        if (cb.async || cb.generator) site.asyncCallback = true;
        const b = cb.body;
        const endStart = b.type === T.BlockStatement ? b.range[1] - 1 : b.range[0];
        if (site.scope && !site.scope.implicitEnd) site.scope.implicitEnd = src.span(endStart, b.range[1]);
        evalArgs(lc.callback);
        st.guards.set(site.id, { s: HELD, escaped: false, ep: `e${site.id}` });
        const values: Value[] = cb.params.map((_, i) =>
          i === done ? EMPTY : params[i] === 'releaser' ? { g: [site.id], gm: RELEASER } : (params[i] as string) === 'releaser-factory' ? { g: [site.id], gm: RELEASER_FACTORY } : params[i] === 'guard' ? { g: [site.id] } : EMPTY,
        );
        if (untilRelease) {
          const pn = cb.params[params.indexOf('releaser') >= 0 ? params.indexOf('releaser') : params.indexOf('releaser-factory')];
          const rname = pn?.type === T.Identifier ? pn.name : undefined;
          const lockable = lc.spec.release?.find((r) => r.by === 'lockable');
          this.siteRelease.set(
            site.id,
            rname !== undefined ? (params.includes('releaser-factory') ? `${rname}()()` : `${rname}()`) : lockable?.by === 'lockable' ? `${keyText(src, callee.type === T.MemberExpression ? callee.object : callee)}.${lockable.method}()` : 'the release function',
          );
        }
        if (lc.acq.heldUntil === 'settle' && done < 0 && this.rep.silent === 0) this.checkUnawaited(cb, site);
        this.seenFns.add(cb);
        const r = this.runBody(cb, st, env, values);
        if (untilRelease) return this.leaveReleaseParam(cb, site, r, st);
        const out = joinAll([r.end, ...r.returns.map((c) => c.st)]);
        const rel = { start: endStart, end: b.range[1], how: 'callback' as const };
        const release = (s: State): void => {
          const f = s.guards.get(site.id);
          if (f) s.guards.set(site.id, { ...f, s: (f.s & ABSENT) | RELEASED, rel });
        };
        for (const c of r.throws) {
          release(c.st);
          this.pending.push(c);
        }
        release(out);
        st.copyFrom(out);
        return EMPTY;
      }
      case 'continuation': {
        // `lockfile.lock(path, [opts,] cb)`: the callback runs later, holding the lock once its error is null.
        const cb = lc.callback ? unwrapTs(lc.callback) : undefined;
        if (deadlocksOnRetake(lc.spec, this.file.lib, lc.binding, node)) this.checkRelock(lc.lock, st, 'relock', node, env);
        if (!cb || (cb.type !== T.ArrowFunctionExpression && cb.type !== T.FunctionExpression)) {
          evalArgs();
          return EMPTY;
        }
        evalArgs(lc.callback);
        const before = st.clone();
        const site = this.newSite(prop.range[0], lc.lock, 'explicit', node.range[0], node.range[1], '');
        site.spin = lc.spec.spin;
        site.lib = lc.spec.id;
        this.exitReported.add(site.id);
        this.siteRelease.set(site.id, releaseWay(lc.spec, { kind: 'none' }, lc.lock, '', callee, src));
        st.guards.set(site.id, { s: HELD, escaped: false, ep: `e${site.id}` });
        const values: Value[] = cb.params.map((_, i) => (i === 0 && lc.acq.errorFirst ? { g: [site.id], gm: ERROR_FLAG } : EMPTY));
        this.seenFns.add(cb);
        const mark = this.pending.length;
        const r = this.runBody(cb, st, env, values);
        this.leakAtExits(cb, site, r);
        this.pending.length = mark;
        st.copyFrom(before);
        return EMPTY;
      }
      case 'release': {
        this.lockOps.add(node);
        const recv = callee.type === T.MemberExpression ? callee.object : callee;
        const h0 = lc.passes === 'handle' ? node.arguments[0] : undefined;
        const hv = h0 ? this.evArg(h0, st, env, 'unknown') : EMPTY;
        for (const a of node.arguments) if (a !== h0) this.evArg(a, st, env, 'unknown');
        if (h0 && hv.g && !hv.gm) {
          // `redlock.unlock(lease)`: the handle names the held lock.
          this.releaseGuards(hv.g, node, h0, `${keyText(src, callee)}()`, st);
          return EMPTY;
        }
        const rel = { start: node.range[0], end: node.range[1], how: 'unlock' as const };
        const ofMode = (id: number): boolean => lc.mode === undefined || this.siteModes.get(id) === lc.mode;
        const mine = [...st.guards.keys()].filter((id) => this.sites.get(id)?.lock === lc.lock && this.sites.get(id)?.kind === 'explicit' && ofMode(id));
        if (mine.length > 0 && mine.every((id) => !((st.guards.get(id)?.s ?? 0) & HELD))) {
          this.checkUse(mine, st, recv, 'unlock', undefined, undefined, `${keyText(src, callee)}()`);
          return EMPTY;
        }
        // Several holds at once (readers, units of a semaphore): one unlock gives back one hold (the latest).
        const several = lc.mode === 'shared' || !deadlocksOnRetake(lc.spec, this.file.lib, lc.binding, node);
        const shared = several ? mine.filter((id) => st.guards.get(id)?.s === HELD) : [];
        const only = shared.length > 1 ? shared.reduce((a, b) => ((this.sites.get(a)?.start ?? 0) > (this.sites.get(b)?.start ?? 0) ? a : b)) : undefined;
        for (const [id, f] of st.guards) {
          const site = this.sites.get(id);
          if (!site || site.lock !== lc.lock || site.kind !== 'explicit' || !(f.s & HELD) || !ofMode(id)) continue;
          if (only !== undefined && id !== only) continue;
          st.guards.set(id, { ...f, s: (f.s & ABSENT) | RELEASED, rel });
          if (site.scope && this.rep.silent === 0 && !site.scope.releases.some((x) => x.range[0] === node.range[0])) {
            site.scope.releases.push(src.span(node.range[0], node.range[1]));
          }
        }
        return EMPTY;
      }
      case 'extend': {
        // `redlock.extend(lease, ttl)`: the same lease, renewed.
        this.lockOps.add(node);
        const hv = lc.handle ? this.evArg(lc.handle, st, env, 'unknown') : EMPTY;
        for (const a of node.arguments) if (a !== lc.handle) this.evArg(a, st, env, 'unknown');
        if (!hv.g || hv.gm || !lc.handle) return EMPTY;
        this.checkUse(hv.g, st, lc.handle, 'use');
        this.extendLease(hv.g, node, st);
        this.libHeld.add(node);
        return { g: hv.g };
      }
      case 'wait':
        evalArgs();
        this.checkRelock(lc.lock, st, 'wait', node, env, { method: prop.type === T.Identifier ? prop.name : '' });
        return EMPTY;
      case 'assert':
        evalArgs();
        return EMPTY;
    }
  }

  /** The spec of a library site. */
  private specOf(id: string | undefined): LockSpec | undefined {
    return id === undefined ? undefined : this.file.lib.specs.find((s) => s.id === id);
  }

  /**
   * Releases the guards `ids` at `node`; with `check`, a release of guards
   * already released is a use after unlock.
   */
  private releaseGuards(ids: readonly number[], node: Node, recv: Node, call: string | undefined, st: State, check = true): void {
    if (check) this.checkUse(ids, st, recv, 'unlock', undefined, undefined, call);
    const rel = { start: node.range[0], end: node.range[1], how: 'unlock' as const };
    for (const id of ids) {
      const f = st.guards.get(id);
      if (!f) continue;
      const s = ids.length === 1 ? (f.s & ABSENT) | RELEASED : f.s | RELEASED;
      st.guards.set(id, { ...f, s, rel });
      const site = this.sites.get(id);
      if (site?.scope && this.rep.silent === 0 && !site.scope.releases.some((r) => r.range[0] === node.range[0])) {
        site.scope.releases.push(this.file.src.span(node.range[0], node.range[1]));
      }
    }
  }

  /** A lease renewed by `call`: its time left is the new TTL (the call's last numeric argument), else unknown. */
  private extendLease(ids: readonly number[], call: TSESTree.CallExpression, st: State): void {
    let ttl: number | undefined;
    for (const a of call.arguments) if (a.type === T.Literal && typeof a.value === 'number') ttl = a.value;
    for (const id of ids) {
      const f = st.guards.get(id);
      if (!f) continue;
      const g: GuardFact = { ...f };
      if (ttl !== undefined) g.left = ttl;
      else delete g.left;
      st.guards.set(id, g);
    }
  }

  /** Whether a call in `root` extends a lease of `spec`. */
  private extendsIn(root: Node, spec: LockSpec): boolean {
    const names = new Set([...(spec.lease?.extendGuard ?? []), ...(spec.lease?.extendLockable ?? [])]);
    let found = false;
    const visit = (n: Node): void => {
      if (found) return;
      if (n.type === T.CallExpression) {
        const c = unwrapTs(n.callee);
        if (c.type === T.MemberExpression && !c.computed && c.property.type === T.Identifier && names.has(c.property.name)) {
          found = true;
          return;
        }
      }
      forEachChild(n, visit);
    };
    visit(root);
    return found;
  }

  /**
   * An `await` under a lease that must be renewed by hand (redlock): work
   * known to last at least the time the lease has left, or repeated by a
   * loop that never extends the lease, may outlive it.
   */
  private leaseCheck(node: TSESTree.AwaitExpression, st: State): void {
    if (!st.live) return;
    const inner = unwrapTs(node.argument);
    let est: number | undefined;
    if (inner.type === T.CallExpression) {
      for (const a of inner.arguments) if (a.type === T.Literal && typeof a.value === 'number') est = Math.max(est ?? 0, a.value);
    }
    for (const [id, f] of st.guards) {
      if (!(f.s & HELD) || f.escaped) continue;
      const site = this.sites.get(id);
      const spec = this.specOf(site?.lib);
      if (!site || !spec?.lease || spec.lease.renewal !== 'manual') continue;
      const extend = spec.lease.extendGuard?.[0] ?? spec.lease.extendLockable?.[0] ?? 'extend';
      const loop = this.loops.find((l) => l.range[0] > site.start && !this.extendsIn(l, spec));
      const lease = { start: node.range[0], end: node.range[1], site, call: callText(this.file.src, inner), extend: site.name ? `${site.name}.${extend}()` : `${extend}()` };
      if (est !== undefined && f.left !== undefined && est >= f.left) {
        reportLeaseExpiry(this.rep, { ...lease, why: 'long', ms: est, left: f.left });
      } else if (loop) {
        reportLeaseExpiry(this.rep, { ...lease, why: 'loop', loopLine: this.file.src.line(loop.range[0]) });
      }
      if (est !== undefined && f.left !== undefined) st.guards.set(id, { ...f, left: Math.max(0, f.left - est) });
    }
  }

  /**
   * `return work()` in an async function, inside a `try` whose `finally`
   * runs first: the promise is returned unsettled, and the lock held here
   * is released by the `finally` while the work still runs.
   */
  private checkReturnedFromTry(arg: Node, st: State): void {
    const fn = this.fns[this.fns.length - 1]?.node;
    if (!fn?.async || !this.tries.some((t) => t.fin)) return;
    const call = unwrapTs(arg);
    if (!this.startsPromise(call)) return;
    for (const [id, f] of st.guards) {
      const site = this.sites.get(id);
      if (!site?.lib || site.kind !== 'explicit' || !(f.s & HELD) || f.escaped) continue;
      const text = callText(this.file.src, call);
      reportReturnedFromTry(this.rep, { start: call.range[0], end: call.range[1], call: text, site, await: [{ range: [call.range[0], call.range[0]], text: 'await ' }] });
      return;
    }
  }

  /**
   * The end of a callback that holds the lock until it calls its releaser
   * (mutexify, semaphore's `take`): a way out with the lock held and the
   * releaser not handed on is a leak, reported at that exit.
   */
  private leaveReleaseParam(cb: FunctionNode, site: GuardSite, r: ReturnType<Interpreter['runBody']>, st: State): Value {
    this.leakAtExits(cb, site, r);
    this.pending.push(...r.throws);
    const out = joinAll([r.end, ...r.returns.map((c) => c.st)]);
    const f = out.guards.get(site.id);
    if (f) out.guards.set(site.id, { ...f, escaped: true });
    st.copyFrom(out);
    return EMPTY;
  }

  /** The first way out of `cb` with the lock of `site` still held is a leak, reported there. */
  private leakAtExits(cb: FunctionNode, site: GuardSite, r: ReturnType<Interpreter['runBody']>): void {
    const exits: ExitPoint[] = r.returns.map((c) => ({ st: c.st, exit: 'the return' as const, node: c.node }));
    if (r.end.live) exits.push({ st: r.end, exit: 'the end of the function', start: cb.body.range[1] - 1, end: cb.body.range[1] });
    for (const x of exits) {
      const f = x.st.guards.get(site.id);
      if (!f || !(f.s & HELD) || f.escaped) continue;
      const start = exitStart(x);
      const end = x.node ? x.node.range[1] : (x.end ?? start);
      const leak: Leak = { site, exit: x.exit, exitStart: start, exitEnd: end, every: f.s === HELD, at: [start, end] };
      const way = this.siteRelease.get(site.id);
      if (way !== undefined) leak.release = way;
      reportLeak(this.rep, leak);
      break;
    }
  }

  /** An awaited promise may reject: with a library lock held and no `try` around, the exception leaves with the lock. */
  private awaitMayThrow(node: TSESTree.AwaitExpression, st: State): void {
    for (const [id, f] of st.guards) {
      const site = this.sites.get(id);
      if (site?.lib && site.kind === 'explicit' && f.s & HELD && !f.escaped && !this.libHeld.has(unwrapTs(node.argument))) {
        this.awaitExits.push({ st: st.clone(), exit: 'the await, if it rejects', node });
        return;
      }
    }
  }

  /**
   * Statements of a callback-scoped lock's callback that start a promise and
   * drop it (`void save()`, `save();` of a function known to return a
   * promise, `p.then(…)`): the lock ends when the callback settles, before them.
   */
  private checkUnawaited(cb: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, site: GuardSite): void {
    if (cb.body.type !== T.BlockStatement) return;
    const src = this.file.src;
    const startsPromise = (e: Node): boolean => this.startsPromise(e);
    const visit = (stmt: Node): void => {
      if (stmt.type === T.ExpressionStatement) {
        const e = stmt.expression;
        const isVoid = e.type === T.UnaryExpression && e.operator === 'void';
        const call = isVoid ? e.argument : e;
        if (!startsPromise(call)) return;
        const text = keyText(src, unwrapTs(call).type === T.CallExpression ? (unwrapTs(call) as TSESTree.CallExpression).callee : call);
        const u: Parameters<typeof reportUnawaited>[1] = { start: call.range[0], end: call.range[1], call: `${text.length > 40 ? `${text.slice(0, 39)}…` : text}()`, site };
        if (cb.async) u.await = isVoid ? [{ range: [e.range[0], call.range[0]], text: 'await ' }] : [{ range: [call.range[0], call.range[0]], text: 'await ' }];
        reportUnawaited(this.rep, u);
        return;
      }
      if (isFunction(stmt) || stmt.type === T.ClassDeclaration || stmt.type === T.ClassExpression) return;
      forEachChild(stmt, (c) => {
        if (c.type.endsWith('Statement') || c.type === T.SwitchCase || c.type === T.CatchClause || c.type === T.VariableDeclaration) visit(c);
      });
    };
    for (const s of cb.body.body) visit(s);
  }

  /** Whether `e` starts a promise (a call of an async function, `fetch`, `.then()`, a library's async call). */
  private startsPromise(e: Node): boolean {
    const src = this.file.src;
    const asyncNames = this.file.asyncNames();
    const x = unwrapTs(e);
    if (x.type === T.NewExpression) return x.callee.type === T.Identifier && x.callee.name === 'Promise';
    if (x.type !== T.CallExpression) return false;
    const c = unwrapTs(x.callee);
    if (c.type === T.Identifier) return asyncNames.has(c.name) || c.name === 'fetch';
    if (c.type === T.MemberExpression && !c.computed && c.property.type === T.Identifier) {
      if (['then', 'catch', 'finally'].includes(c.property.name)) return true;
      const o = unwrapTs(c.object);
      if (o.type === T.Identifier && o.name === 'Promise') return true;
      if (o.type === T.ThisExpression && asyncNames.has(`this.${c.property.name}`)) return true;
      const lc = libraryCall(this.file.lib, src, o, c.property.name, x);
      if (lc?.kind === 'release') return lc.spec.release?.some((r) => r.by === 'lockable' && r.method === (c.property as TSESTree.Identifier).name && r.async === true) ?? false;
      return lc !== undefined && lc.kind !== 'assert' && lc.kind !== 'continuation' && (lc.kind !== 'acquire' || lc.acq.async === true) && (lc.kind !== 'callback' || lc.acq.async);
    }
    return false;
  }

  private collectCheck(m: string, args: readonly { node: Node; v: Value }[], st: State): void {
    if (!COLLECT.has(m)) return;
    for (const a of args) {
      const site = this.liveScoped(a.v, st);
      if (site) reportEscape(this.rep, { start: a.node.range[0], end: a.node.range[1], name: this.guardName(a.v, site), site, how: 'collected', method: m });
      this.markEscaped(a.v, st);
    }
  }

  /**
   * `name` is a module-level binding created as the preset's lockable
   * (`const cache = new XArray()` at the top level of the file).
   */
  private moduleXArray(name: string, env: Env): boolean {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || env.lookup(name) !== `${name}@global`) return false;
    const types = [...this.file.lockableTypes, this.file.preset.types.lockable].map((t) => t.replace(/[$]/g, '\\$&'));
    const decl = new RegExp(`^(?:export\\s+)?(?:const|let|var)\\s+${name.replace(/[$]/g, '\\$&')}\\s*(?::[^=\\n]+)?=\\s*new\\s+(?:[\\w$]+\\.)?(?:${types.join('|')})\\b`, 'm');
    return decl.test(this.file.src.text);
  }

  /** Some guard of `lock` may be held here. */
  private heldAnywhere(lock: string, st: State): boolean {
    for (const [id, f] of st.guards) if (f.s & HELD && this.sites.get(id)?.lock === lock) return true;
    return false;
  }

  /**
   * Suggestions for a call whose callee needs `lock` held: take the lock
   * around the call (an XArray, not held on any path here), or annotate the
   * calling function with `@lockctx-requires` when the lock means the same
   * there (a module-level name, `this…` in a method, or a parameter).
   */
  private requirementFixes(node: TSESTree.CallExpression, lock: string, some: boolean, env: Env, hint?: Hint): SuggestionDraft[] | undefined {
    const out: SuggestionDraft[] = [];
    const src = this.file.src;
    const scoped = this.file.preset.scoped[0];
    if (!some && !hint?.awaited && scoped !== undefined && (this.xarrayKeys.has(lock) || this.moduleXArray(lock, env))) out.push(wrapInScope(src, node, lock, scoped));
    const top = this.fns[this.fns.length - 1];
    const fn = top?.node;
    // A function that takes the lock itself cannot require its callers to hold it.
    const takesIt = top?.name !== undefined && this.summaries.get(top.name)?.acquires.some((a) => a.lock === lock) === true;
    const root = /^(?:this\b|#?[A-Za-z_$][\w$]*)/.exec(lock)?.[0];
    if (fn && !takesIt && root !== undefined) {
      const key = root === 'this' ? undefined : env.lookup(root);
      const at = key === undefined ? NaN : Number(key.slice(key.lastIndexOf('@') + 1));
      const inParams = fn.params.some((p) => p.range[0] <= at && at < p.range[1]);
      const meaningful = root === 'this' ? fn.type === T.FunctionExpression : key === `${root}@global` || inParams;
      if (meaningful) {
        const tag = addRequiresTag(src, fn, lock);
        if (tag) out.push(tag);
      }
    }
    return out.length > 0 ? out : undefined;
  }

  private namedCall(node: TSESTree.CallExpression, name: string, st: State, env: Env, hint?: Hint): Value {
    const runs = RUNS_LATER.has(name) ? 'later' : 'unknown';
    const args = node.arguments.map((a) => ({ node: a as Node, v: this.evArg(a, st, env, runs, `${name}()`) }));
    const s = this.summaries.get(name);
    let result: Value = EMPTY;
    for (const a of args) result = joinValue(result, taintOnly(a.v));
    if (!s) return result;
    const src = this.file.src;
    const argLock = (lock: string): string | undefined => {
      if (lock.includes('[')) return mapKeyedLock(lock, (i) => (args[i] ? keyText(src, unwrapTs(args[i].node)) : undefined));
      if (!lock.startsWith('#')) return lock;
      const a = args[Number(lock.slice(1))];
      if (!a) return undefined;
      if (a.v.g) return this.sites.get(a.v.g[0] as number)?.lock;
      return a.v.key ?? keyText(src, a.node);
    };
    for (const req of s.requires) {
      const a = args[req.param];
      const evidence = evidenceWords(req, req.evidence.loc.start.line);
      if (a && this.rep.silent === 0) {
        const k = `${a.node.range[0]}|${req.param}`;
        if (!this.guardArgSeen.has(k)) {
          this.guardArgSeen.add(k);
          this.guardArguments.push({ callee: name, argument: src.span(a.node.range[0], a.node.range[1]), paramName: req.paramName, evidence: req.evidence });
        }
      }
      if (!a) {
        reportRequireGuard(this.rep, name, req, undefined, node.range[0], node.range[1]);
        continue;
      }
      if (a.v.g && !a.v.gm) {
        this.checkUse(a.v.g, st, a.node, 'pass', name, evidence);
        continue;
      }
      const what = notAGuard(unwrapTs(a.node), a.v.key !== undefined && this.lockKeys.has(a.v.key) ? { ...a.v, lk: true } : a.v);
      if (!what) continue;
      // The XArray itself where its guard is needed: offer to take the lock around the call.
      const lockText = keyText(src, a.node);
      const isXa = a.v.lk === true || (a.v.key !== undefined && this.xarrayKeys.has(a.v.key));
      const fixes: SuggestionDraft[] = [];
      const scoped = this.file.preset.scoped[0];
      // Only a plain reference (`xa`, `this.cache.xa`) names the same lock inside the callback.
      const target = unwrapTs(a.node);
      const refText = src.text.slice(target.range[0], target.range[1]);
      const plain = isPlainRef(target) && /^(?:this|[A-Za-z_$][\w$]*)(?:\.#?[A-Za-z_$][\w$]*)*$/.test(refText);
      if (isXa && plain && scoped !== undefined && !hint?.awaited && !this.heldAnywhere(a.v.key ?? lockText, st)) {
        fixes.push(wrapInScope(src, node, refText, scoped, a.node));
      }
      reportRequireGuard(this.rep, name, req, { text: lockText, what }, a.node.range[0], a.node.range[1], fixes.length > 0 ? fixes : undefined);
    }
    for (const r of s.releases) {
      const a = args[r.param];
      if (!a?.v.g) continue;
      const rel = { start: node.range[0], end: node.range[1], how: 'callee' as const, callee: `${name}()` };
      if (!s.requires.some((q) => q.param === r.param)) {
        this.checkUse(a.v.g, st, a.node, 'pass', name, `${r.evidence.message} at line ${r.evidence.loc.start.line}`);
      }
      for (const id of a.v.g) {
        const f = st.guards.get(id);
        if (!f) continue;
        st.guards.set(id, { ...f, s: r.always && a.v.g.length === 1 ? (f.s & ABSENT) | RELEASED : f.s | RELEASED, rel });
      }
    }
    for (const req of s.requiresHeld ?? []) {
      const lock = argLock(req.lock);
      if (lock === undefined) continue;
      let every = false;
      let some = false;
      for (const [id, f] of st.guards) {
        if (!(f.s & HELD) || this.sites.get(id)?.lock !== lock) continue;
        some = true;
        if (f.s === HELD) every = true;
      }
      if (!every && st.live) reportLockNotHeld(this.rep, name, lock, req.evidence, some, node.range[0], node.range[1], this.requirementFixes(node, lock, some, env, hint));
    }
    for (const acq of s.acquires) {
      const lock = argLock(acq.lock);
      if (lock === undefined) continue;
      this.checkRelock(lock, st, 'callee', node, env, { callee: name, evidence: `${acq.evidence.message} at line ${acq.evidence.loc.start.line}`, ...(acq.shared ? { mode: 'shared' as const } : {}) });
      this.orderTake(lock, false, node.range[0], node.range[1], st, env, { callee: name, evidence: acq.evidence, inside: false });
    }
    if (s.orderEdges && this.rep.silent === 0 && st.live) {
      this.order.call(name, s, (i) => argLock(`#${i}`), node.range[0], node.range[1], this.orderScope(env));
    }
    // `@lockctx-asserts L`: held from here on, with nothing to release.
    (s.asserts ?? []).forEach((a, i) => {
      const lock = argLock(a.lock);
      if (lock === undefined) return;
      const site = this.newSite(-(node.range[0] * 16 + i + 1), lock, 'param', node.range[0], node.range[1], '');
      st.guards.set(site.id, { s: HELD, escaped: true, ep: `e${site.id}` });
    });
    if (s.returnsGuard) {
      const lock = argLock(s.returnsGuard.lock);
      if (lock !== undefined) {
        const site = this.newSite(node.callee.range[0], lock, 'explicit', node.range[0], node.range[1], hint?.name ?? '');
        if (hint?.decl) site.decl = hint.decl;
        if (hint?.list) site.list = hint.list;
        st.guards.set(site.id, { s: HELD, escaped: !!hint?.discard, ep: `e${site.id}` });
        return { g: [site.id] };
      }
    }
    if (s.returnsLockValue) {
      const lock = argLock(s.returnsLockValue.lock);
      if (lock !== undefined) {
        const t: Taint = { lock, epoch: `c${node.range[0]}`, name: `${name}()`, named: false, reader: `${name}()`, start: node.range[0], end: node.range[1], siteAt: node.range[0], plain: false };
        result = joinValue(result, { t: [t] });
      }
    }
    return result;
  }

  // ----------------------------------------------------------------- exits

  private exitChecks(exits: ExitPoint[], start: number, end: number): void {
    const done = new Set<number>();
    exits.sort((a, b) => exitStart(a) - exitStart(b));
    for (const x of exits) {
      for (const [id, f] of x.st.guards) {
        if (done.has(id) || !(f.s & HELD) || f.escaped) continue;
        const site = this.sites.get(id);
        if (!site || site.kind !== 'explicit' || site.start < start || site.start >= end) continue;
        done.add(id);
        const exitS = exitStart(x);
        const exitE = x.node ? x.node.range[1] : (x.end ?? exitS);
        const leak: Leak = { site, exit: x.exit, exitStart: exitS, exitEnd: exitE, every: f.s === HELD };
        // A try-lock is taken in a test whose failure branch leaves: the leak is at the exit.
        if (this.exitReported.has(id)) leak.at = [exitS, exitE];
        const way = this.siteRelease.get(id);
        if (way !== undefined) leak.release = way;
        const fixes = site.lib ? this.libLeakFixes(site) : this.leakFixes(site);
        if (fixes.using) leak.fix = fixes.using;
        if (fixes.tryFinally) leak.tryFinally = fixes.tryFinally;
        reportLeak(this.rep, leak);
      }
    }
  }

  /** `const g = xa.lock(); … g.unlock();` in one block: offer `using`, and try/finally. */
  /**
   * A library lock taken by one statement and released by a later one of
   * the same block (`release();`, `await lease.unlock();`, `lock.release();`,
   * as its spec releases it): offer try/finally around what is between.
   * Library handles are not disposable, so `using` is never offered.
   */
  private libLeakFixes(site: GuardSite): { using?: TextEdit[]; tryFinally?: TextEdit[] } {
    const list = site.list;
    const way = this.siteRelease.get(site.id);
    if (!list || !list.block || way === undefined) return {};
    const first = list.body[list.index];
    if (!first || site.start < first.range[0] || site.end > first.range[1]) return {};
    const src = this.file.src;
    const norm = (t: string): string => t.replace(/\s+/g, '').replace(/;$/, '').replace(/^await/, '');
    const want = norm(way);
    let at = -1;
    for (let i = list.index + 1; i < list.body.length; i++) {
      const st = list.body[i] as Stmt;
      if (st.type === T.ExpressionStatement && norm(src.slice(st.range[0], st.range[1])) === want) {
        if (at >= 0) return {};
        at = i;
      }
    }
    if (at <= list.index + 1) return {};
    // Names declared in the wrapped statements and used after the release would leave their scope.
    const wrapped = new Set<string>();
    for (let i = list.index + 1; i < at; i++) declaredNames(list.body[i] as Stmt, wrapped);
    const used: TSESTree.Identifier[] = [];
    for (const rest of list.body.slice(at + 1)) collectRefs(rest, new Set(), used);
    if (used.some((u) => wrapped.has(u.name))) return {};
    const indent = src.slice(src.lineStart(first.range[0]), first.range[0]);
    if (indent.trim() !== '') return {};
    const from = src.lineStart((list.body[list.index + 1] as Stmt).range[0]);
    const release = list.body[at] as Stmt;
    const last = list.body[at - 1] as Stmt;
    const inner = src
      .slice(from, last.range[1])
      .split('\n')
      .map((l) => (l.trim() === '' ? l : `  ${l}`))
      .join('\n');
    const text = src.slice(release.range[0], release.range[1]);
    return { tryFinally: [{ range: [from, release.range[1]], text: `${indent}try {\n${inner}\n${indent}} finally {\n${indent}  ${text}\n${indent}}` }] };
  }

  private leakFixes(site: GuardSite): { using?: TextEdit[]; tryFinally?: TextEdit[] } {
    const decl = site.decl;
    const list = site.list;
    if (!decl || !list || !list.block || !site.name || decl.declarations.length !== 1) return {};
    if (decl.kind !== 'const' && decl.kind !== 'let') return {};
    if (list.body[list.index] !== decl) return {};
    const src = this.file.src;
    const name = site.name;
    let unlockAt = -1;
    for (let i = list.index + 1; i < list.body.length; i++) {
      const s = list.body[i] as Stmt;
      if (isUnlockStmt(s, name)) {
        if (unlockAt >= 0) return {};
        unlockAt = i;
      }
    }
    if (unlockAt < 0) return {};
    const fnText = src.slice(list.body[list.index]?.range[0] ?? 0, (list.body[list.body.length - 1] as Stmt).range[1]);
    const unlockCount = fnText.split(`${name}.unlock(`).length - 1;
    if (unlockCount !== 1) return {};
    if (new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}\\s*=[^=]`).test(fnText.slice(fnText.indexOf(';') + 1))) return {};
    const unlock = list.body[unlockAt] as Stmt;
    const out: { using?: TextEdit[]; tryFinally?: TextEdit[] } = {};
    const after = list.body.slice(unlockAt + 1);
    const simpleTail = after.every((s) => s.type === T.ReturnStatement && (!s.argument || s.argument.type === T.Identifier || s.argument.type === T.Literal));
    if (simpleTail && decl.kind === 'const') {
      out.using = [
        { range: [decl.range[0], decl.range[0] + decl.kind.length], text: 'using' },
        removeLine(src.text, unlock.range[0], unlock.range[1]),
      ];
    }
    const firstBody = list.body[list.index + 1] as Stmt;
    if (unlockAt > list.index + 1) {
      const indent = src.slice(src.lineStart(decl.range[0]), decl.range[0]);
      if (indent.trim() === '') {
        const from = src.lineStart(firstBody.range[0]);
        const last = list.body[unlockAt - 1] as Stmt;
        const inner = src
          .slice(from, last.range[1])
          .split('\n')
          .map((l) => (l.trim() === '' ? l : `  ${l}`))
          .join('\n');
        const unlockText = src.slice(unlock.range[0], unlock.range[1]);
        out.tryFinally = [
          {
            range: [from, unlock.range[1]],
            text: `${indent}try {\n${inner}\n${indent}} finally {\n${indent}  ${unlockText}\n${indent}}`,
          },
        ];
      }
    }
    return out;
  }
}

interface ExitPoint {
  st: State;
  exit: Leak['exit'];
  node?: Node;
  start?: number;
  end?: number;
}

/** The call of a try-lock a test is about (`!lock.tryAcquire()`, `await m.tryAcquire()`), and whether it is negated. */
function tryLockTest(test: Node): { call: Node; neg: boolean } | undefined {
  let t = unwrapTs(test);
  let neg = false;
  while (t.type === T.UnaryExpression && t.operator === '!') {
    neg = !neg;
    t = unwrapTs(t.argument);
  }
  if (t.type === T.AwaitExpression) t = unwrapTs(t.argument);
  return t.type === T.CallExpression ? { call: t, neg } : undefined;
}

/** A call as written for messages, shortened: `slowStep()`. */
function callText(src: FileContext['src'], e: Node): string {
  const c = e.type === T.CallExpression ? unwrapTs(e.callee) : e;
  const text = keyText(src, c);
  return `${text.length > 40 ? `${text.slice(0, 39)}…` : text}()`;
}

/**
 * How a library lock is released, as code for messages: the releaser or
 * guard method the acquisition yields, else the lock's own release method.
 */
function releaseWay(spec: LockSpec, y: { kind: string; release?: readonly string[]; async?: boolean }, lock: string, name: string, callee: Node, src: FileContext['src'], sync = false): string {
  const wait = y.async ? 'await ' : '';
  if (y.kind === 'releaser' || y.kind === 'tuple') return `${wait}${name || 'release'}()`;
  if (y.kind === 'guard' && y.release?.[0]) return `${wait}${name || 'lock'}.${y.release[0]}()`;
  const obj = callee.type === T.MemberExpression ? unwrapTs(callee.object) : undefined;
  const objText = obj ? keyText(src, obj) : undefined;
  const lockables = (spec.release ?? []).flatMap((x) => (x.by === 'lockable' ? [x] : []));
  const side = (x: (typeof lockables)[number]): boolean => !!x.via && objText !== undefined && objText.endsWith(`.${x.via.join('.')}`);
  // A lock taken synchronously is best released synchronously (`lockSync` … `unlockSync`).
  const plain = (x: (typeof lockables)[number]): boolean => !x.via && (!sync || (!x.async && !x.callback));
  const r = lockables.find(side) ?? lockables.find(plain) ?? lockables.find((x) => !x.via) ?? lockables[0];
  if (!r) return 'its release';
  const w = r.async ? 'await ' : '';
  const key = /\[(.*)\]$/.exec(lock)?.[1]?.replace(/^~/, '') ?? '';
  const args = r.passes === 'key' ? key : '';
  if (objText === undefined) return `${w}${r.method}(${args})`;
  const recv = side(r) || !r.via ? objText : `${objText}.${r.via.join('.')}`;
  return `${w}${recv}.${r.method}(${args})`;
}

function exitStart(x: ExitPoint): number {
  return x.node ? x.node.range[0] : (x.start ?? 0);
}

function stripFn(v: Value): Value {
  if (!v.fn) return v;
  const rest = { ...v };
  delete rest.fn;
  return rest;
}

function isUnlockStmt(s: Stmt, name: string): boolean {
  if (s.type !== T.ExpressionStatement) return false;
  const e = s.expression;
  return (
    e.type === T.CallExpression &&
    e.arguments.length === 0 &&
    e.callee.type === T.MemberExpression &&
    !e.callee.computed &&
    e.callee.object.type === T.Identifier &&
    e.callee.object.name === name &&
    e.callee.property.type === T.Identifier &&
    e.callee.property.name === 'unlock'
  );
}

/** An edit deleting a statement, with its whole line when it stands alone on it. */
function removeLine(text: string, start: number, end: number): TextEdit {
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if ((s === 0 || text[s - 1] === '\n') && (e === text.length || text[e] === '\n' || text[e] === '\r')) {
    if (text[e] === '\r') e++;
    if (text[e] === '\n') e++;
    return { range: [s, e], text: '' };
  }
  return { range: [start, end], text: '' };
}

function paramId(p: TSESTree.Parameter): TSESTree.Identifier | undefined {
  if (p.type === T.Identifier) return p;
  if (p.type === T.AssignmentPattern && p.left.type === T.Identifier) return p.left;
  if (p.type === T.TSParameterProperty) {
    const q = p.parameter;
    if (q.type === T.Identifier) return q;
    if (q.type === T.AssignmentPattern && q.left.type === T.Identifier) return q.left;
  }
  return undefined;
}

/** What an argument is, when it is certainly not a guard. */
/** `xa`, `this.xa`, `a.b.c`: identifiers and non-computed member steps only. */
function isPlainRef(n: Node): boolean {
  if (n.type === T.Identifier || n.type === T.ThisExpression) return true;
  return n.type === T.MemberExpression && !n.computed && !n.optional && isPlainRef(unwrapTs(n.object));
}

function notAGuard(n: Node, v: Value): string | undefined {
  if (v.lk) return 'the lockable itself, not a guard (pass the guard from lock() or withLock())';
  if (v.c) return 'a cursor, not a guard';
  switch (n.type) {
    case T.Literal:
      return 'a literal, not a guard';
    case T.Identifier:
      return n.name === 'undefined' ? 'undefined, not a guard' : undefined;
    case T.ObjectExpression:
      return 'a plain object, not a guard';
    case T.ArrayExpression:
      return 'an array, not a guard';
    case T.ArrowFunctionExpression:
    case T.FunctionExpression:
      return 'a function, not a guard';
    case T.TemplateLiteral:
      return 'a string, not a guard';
    default:
      return undefined;
  }
}

function patternNames(p: Node, out: Set<string>): void {
  switch (p.type) {
    case T.Identifier:
      out.add(p.name);
      return;
    case T.ObjectPattern:
      for (const q of p.properties) patternNames(q.type === T.RestElement ? q.argument : q.value, out);
      return;
    case T.ArrayPattern:
      for (const e of p.elements) if (e) patternNames(e, out);
      return;
    case T.RestElement:
      patternNames(p.argument, out);
      return;
    case T.AssignmentPattern:
      patternNames(p.left, out);
      return;
    case T.TSParameterProperty:
      patternNames(p.parameter, out);
      return;
    default:
      return;
  }
}

function declaredNames(s: Stmt, out: Set<string>): void {
  if (s.type === T.VariableDeclaration) for (const d of s.declarations) patternNames(d.id, out);
  else if ((s.type === T.FunctionDeclaration || s.type === T.ClassDeclaration) && s.id) out.add(s.id.name);
}

/** Identifier references under `root`, and the names declared there (an approximation of scoping). */
function collectRefs(root: Node, declared: Set<string>, refs: TSESTree.Identifier[]): void {
  const visit = (n: Node, parent: Node | undefined): void => {
    if (n.type === T.Identifier) {
      if (parent?.type === T.MemberExpression && parent.property === n && !parent.computed) return;
      if ((parent?.type === T.Property || parent?.type === T.MethodDefinition || parent?.type === T.PropertyDefinition) && parent.key === n && !parent.computed && !(parent.type === T.Property && parent.shorthand)) return;
      if (parent?.type === T.LabeledStatement || parent?.type === T.BreakStatement || parent?.type === T.ContinueStatement) return;
      refs.push(n);
      return;
    }
    if (isFunction(n)) {
      for (const p of n.params) patternNames(p, declared);
      if (n.id) declared.add(n.id.name);
    } else if (n.type === T.VariableDeclarator) patternNames(n.id, declared);
    else if (n.type === T.CatchClause && n.param) patternNames(n.param, declared);
    else if (n.type === T.ClassDeclaration && n.id) declared.add(n.id.name);
    else if (n.type.startsWith('TS') && n.type !== T.TSAsExpression && n.type !== T.TSNonNullExpression && n.type !== T.TSSatisfiesExpression) return;
    forEachChild(n, (c) => visit(c, n));
  };
  visit(root, undefined);
}

/** `x`, `x.y`, `x?.y.z`: a place whose value a comparison can revalidate. */
function isPlace(n: Node): boolean {
  let e: Node = n.type === T.ChainExpression ? n.expression : n;
  while (e.type === T.MemberExpression) e = e.object;
  return e.type === T.Identifier || e.type === T.ThisExpression;
}

/** Applies a revalidation to every variable and to the control taints of `st`. */
function renewState(st: State, renew: (ts: readonly Taint[]) => readonly Taint[]): void {
  for (const [k, val] of st.vars) {
    if (val.t) {
      const t = renew(val.t);
      if (t !== val.t) st.vars.set(k, { ...val, t });
    }
  }
  st.ctrl = renew(st.ctrl);
}

/** A library acquisition that waits for the lock held exclusively by others (not a semaphore, not a try-lock). */
function orderable(lc: LibraryCall, call: TSESTree.CallExpression): boolean {
  if (lc.kind !== 'acquire' && lc.kind !== 'callback') return false;
  if (lc.spec.kind === 'semaphore' || lc.spec.capacity !== undefined) return false;
  return !(lc.acq.attempts ?? []).some((a) => a.failure !== 'reject' && (!a.when || (a.when.on !== 'constructor' && conditionHolds(a.when, call.arguments))));
}

/** The acquisition takes the lock for reading (shared), by its fixed mode or its options literal. */
function sharedAt(lc: LibraryCall, call: TSESTree.CallExpression): boolean {
  if (lc.kind !== 'acquire' && lc.kind !== 'callback') return false;
  if (lc.acq.mode) return lc.acq.mode === 'shared';
  const mo = lc.acq.modeOption;
  return mo !== undefined && conditionHolds({ on: 'acquire', arg: mo.arg, property: mo.property, equals: mo.shared }, call.arguments);
}
