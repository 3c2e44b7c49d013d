import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type { FileContext, FunctionNode } from './context.js';
import {
  RUNS_NOW,
  annotationKind,
  calleeName,
  forEachChild,
  isFunction,
  keyText,
  unwrapTs,
} from './context.js';
import type {
  FunctionInfo,
  FunctionRequirement,
  FunctionSummary,
  RelatedLocation,
} from './types.js';
import type { UnitInput } from './units.js';
import { deadlocksOnRetake, libraryCall, localLockName, mapKeyedLock, paramKeyedLock } from './presets/library.js';
import { parseLockTags } from './lockspec/jsdoc.js';

/** One argument of a call, as the caller's summary needs it. */
interface ArgFact {
  /** The caller's parameter passed here, if the argument is one. */
  param?: number;
  /** The lock the argument names (`#i` for a parameter, else its text). */
  lock: string;
}

interface CallFact {
  callee: string;
  args: ArgFact[];
  start: number;
  end: number;
  /** The call is a statement of the function body itself (runs on every path). */
  top: boolean;
}

/** What one walk of a function's syntax finds, before propagation. */
export interface FunctionFacts {
  name: string;
  node: FunctionNode;
  nameRange: [number, number];
  params: string[];
  declared: FunctionRequirement[];
  uses: Map<number, RelatedLocation>;
  acquires: Map<string, RelatedLocation>;
  /** Locks of {@link acquires} taken in shared mode only (readers). */
  shared?: Set<string>;
  releases: Map<number, { always: boolean; evidence: RelatedLocation }>;
  calls: CallFact[];
  returnsLockValue?: { lock: string; evidence: RelatedLocation };
  returnsGuard?: { lock: string; evidence: RelatedLocation };
  /** Parameters used as lockables (`p.lock()`, `p.withLock(…)`): never guards. */
  lockables: Set<number>;
  /** Locks callers must hold (`@lockctx-requires L`, `L` not a guard parameter). */
  requiresHeld?: Map<string, RelatedLocation>;
  /** Locks held after the call (`@lockctx-asserts L`). */
  asserts?: Map<string, RelatedLocation>;
}

interface Frame {
  fn: FunctionFacts | undefined;
  node: FunctionNode;
  params: Map<string, number>;
  runsNow: boolean;
  className: string | undefined;
  guardLocals: Map<string, string>;
  taintLocals: Map<string, string>;
  /** Parameters of callbacks given to withLock: guards. */
  callbackGuard: boolean;
}

function paramName(p: TSESTree.Parameter): TSESTree.Identifier | undefined {
  if (p.type === T.Identifier) return p;
  if (p.type === T.AssignmentPattern && p.left.type === T.Identifier) return p.left;
  if (p.type === T.TSParameterProperty) {
    const q = p.parameter;
    if (q.type === T.Identifier) return q;
    if (q.type === T.AssignmentPattern && q.left.type === T.Identifier) return q.left;
  }
  return undefined;
}

/** The name callers use for a function node, from where it is declared. */
function nameOf(
  node: FunctionNode,
  parent: TSESTree.Node | undefined,
  className: string | undefined,
): { name: string; at: TSESTree.Node } | undefined {
  if (node.type === T.FunctionDeclaration && node.id) return { name: node.id.name, at: node.id };
  if (!parent) return undefined;
  if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) {
    return { name: parent.id.name, at: parent.id };
  }
  if (parent.type === T.MethodDefinition || parent.type === T.PropertyDefinition) {
    const key = parent.key;
    const k = key.type === T.Identifier ? key.name : key.type === T.PrivateIdentifier ? `#${key.name}` : undefined;
    if (k === undefined || !className) return undefined;
    return { name: parent.static ? `${className}.${k}` : `${className}.prototype.${k}`, at: key };
  }
  if (node.type === T.FunctionExpression && node.id) return { name: node.id.name, at: node.id };
  return undefined;
}

function evidence(file: FileContext, node: TSESTree.Node, message: string): RelatedLocation {
  return file.src.related(node.range[0], node.range[1], message);
}

/**
 * Walks a unit once and returns the raw facts of every named function in it
 * (anonymous callbacks contribute to the function they run in).
 */
export function collectFacts(unit: UnitInput): FunctionFacts[] {
  const file = unit.file;
  const preset = file.preset;
  const out: FunctionFacts[] = [];
  const stack: Frame[] = [];

  const resolveParam = (name: string): { frame: Frame; index: number } | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i] as Frame;
      const index = f.params.get(name);
      if (index !== undefined) return { frame: f, index };
    }
    return undefined;
  };
  /** The named function a fact belongs to: the innermost, through callbacks that run now. */
  const owner = (): Frame | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i] as Frame;
      if (f.fn) return f;
      if (!f.runsNow) return undefined;
    }
    return undefined;
  };
  const lockOf = (node: TSESTree.Node, own: Frame | undefined): string => {
    const n = unwrapTs(node);
    if (n.type === T.Identifier && own) {
      const r = resolveParam(n.name);
      if (r && r.frame === own) return `#${r.index}`;
    }
    return keyText(file.src, n);
  };
  /** The index of `name` among the parameters of the function `own` (not an enclosing one). */
  const paramIndex = (name: string, own: Frame): number | undefined => {
    const r = resolveParam(name);
    return r && r.frame === own ? r.index : undefined;
  };
  const isGuardish = (node: TSESTree.Node): boolean => {
    const n = unwrapTs(node);
    if (n.type !== T.Identifier) return false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i] as Frame;
      if (f.guardLocals.has(n.name)) return true;
      const index = f.params.get(n.name);
      if (index !== undefined) return f.callbackGuard || (f.fn?.uses.has(index) ?? false) || (f.fn?.declared.some((d) => d.param === index) ?? false);
    }
    return false;
  };
  /** The lock a return value derives from, if it reads under a lock. */
  const taintOf = (node: TSESTree.Node, own: Frame): string | undefined => {
    let found: string | undefined;
    const visit = (n: TSESTree.Node): void => {
      if (found !== undefined) return;
      if (n.type === T.Identifier) {
        const l = own.taintLocals.get(n.name);
        if (l !== undefined) found = l;
        return;
      }
      if (n.type === T.CallExpression && n.callee.type === T.MemberExpression) {
        const m = calleeName(n.callee);
        if (m && preset.scoped.includes(m)) {
          found = lockOf(n.callee.object, own);
          return;
        }
        if (m && preset.guardReads.includes(m) && isGuardish(n.callee.object)) {
          const obj = unwrapTs(n.callee.object);
          found = obj.type === T.Identifier ? lockOf(obj, own) : keyText(file.src, obj);
          return;
        }
      }
      if (isFunction(n)) return;
      forEachChild(n, visit);
    };
    visit(node);
    return found;
  };

  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined, className: string | undefined): void => {
    if (node.type === T.ClassDeclaration || node.type === T.ClassExpression) {
      let cname = node.id?.name;
      if (!cname && parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) cname = parent.id.name;
      forEachChild(node, (c) => visit(c, node, cname));
      return;
    }
    if (isFunction(node)) {
      const named = nameOf(node, parent, className);
      const params = new Map<string, number>();
      const names: string[] = [];
      node.params.forEach((p, i) => {
        const id = paramName(p);
        names.push(id?.name ?? '');
        if (id) params.set(id.name, i);
      });
      let runsNow = false;
      let callbackGuard = false;
      if (parent?.type === T.CallExpression) {
        if (parent.callee === node) runsNow = true;
        else {
          const m = calleeName(parent.callee);
          if (m && RUNS_NOW.has(m)) runsNow = true;
          if (m && preset.scoped.includes(m) && parent.arguments[0] === node) {
            runsNow = true;
            callbackGuard = true;
          }
        }
      }
      let fn: FunctionFacts | undefined;
      if (named) {
        fn = {
          name: named.name,
          node,
          nameRange: [named.at.range[0], named.at.range[1]],
          params: names,
          declared: [],
          uses: new Map(),
          acquires: new Map(),
          releases: new Map(),
          calls: [],
          lockables: new Set(),
        };
        node.params.forEach((p, i) => {
          const id = paramName(p);
          if (id && annotationKind(file, id.typeAnnotation) === 'guard') {
            fn?.declared.push({
              param: i,
              paramName: id.name,
              evidence: evidence(file, id, `\`${id.name}\` is declared a ${preset.types.guard}`),
              source: 'declared',
            });
          }
        });
        out.push(fn);
      }
      const frame: Frame = { fn, node, params, runsNow, className, guardLocals: new Map(), taintLocals: new Map(), callbackGuard };
      stack.push(frame);
      if (node.body.type !== T.BlockStatement && fn) {
        const l = taintOf(node.body, frame);
        if (l !== undefined) fn.returnsLockValue = { lock: l, evidence: evidence(file, node.body, 'it returns a value read under the lock') };
      }
      visit(node.body, node, className);
      stack.pop();
      return;
    }
    const own = owner();
    if (node.type === T.VariableDeclarator && node.id.type === T.Identifier && node.init) {
      const top = stack[stack.length - 1];
      const init = unwrapTs(node.init);
      if (top && init.type === T.CallExpression && init.callee.type === T.MemberExpression) {
        const m = calleeName(init.callee);
        if (m && preset.acquire.includes(m) && init.arguments.length === 0) {
          top.guardLocals.set(node.id.name, lockOf(init.callee.object, top));
        }
      }
      if (top) {
        const l = taintOf(node.init, top);
        if (l !== undefined) top.taintLocals.set(node.id.name, l);
      }
    }
    if (node.type === T.ReturnStatement && node.argument) {
      const top = stack[stack.length - 1];
      if (top?.fn) {
        const arg = unwrapTs(node.argument);
        let glock: string | undefined;
        if (arg.type === T.CallExpression && arg.callee.type === T.MemberExpression) {
          const m = calleeName(arg.callee);
          if (m && preset.acquire.includes(m) && arg.arguments.length === 0) glock = lockOf(arg.callee.object, top);
        } else if (arg.type === T.Identifier) {
          glock = top.guardLocals.get(arg.name);
        }
        if (glock !== undefined && !top.fn.returnsGuard) {
          top.fn.returnsGuard = { lock: glock, evidence: evidence(file, node, 'it returns a held guard') };
        } else if (!top.fn.returnsLockValue) {
          const l = taintOf(node.argument, top);
          if (l !== undefined) top.fn.returnsLockValue = { lock: l, evidence: evidence(file, node, 'it returns a value read under the lock') };
        }
      }
    }
    if (node.type === T.CallExpression) {
      const callee = unwrapTs(node.callee);
      if (callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier) {
        const m = callee.property.name;
        const obj = unwrapTs(callee.object);
        if (obj.type === T.Identifier) {
          const r = resolveParam(obj.name);
          if (r?.frame.fn && ((preset.acquire.includes(m) && node.arguments.length === 0) || preset.scoped.includes(m))) {
            r.frame.fn.lockables.add(r.index);
          }
          if (r?.frame.fn && (preset.guardEvidence ?? preset.guardOnly).includes(m)) {
            if (!r.frame.fn.uses.has(r.index)) {
              r.frame.fn.uses.set(r.index, evidence(file, callee, `it calls \`${obj.name}.${m}()\``));
            }
          }
          if (r?.frame.fn && preset.release.includes(m)) {
            const top = r.frame.node.body.type === T.BlockStatement &&
              r.frame.node.body.body.some((s) => s.type === T.ExpressionStatement && s.expression === node);
            const prev = r.frame.fn.releases.get(r.index);
            if (!prev || (!prev.always && top)) {
              r.frame.fn.releases.set(r.index, { always: top, evidence: evidence(file, callee, `it calls \`${obj.name}.${m}()\``) });
            }
          }
        }
        const lc0 = own?.fn && file.lib.specs.length > 0 ? libraryCall(file.lib, file.src, obj, m, node) : undefined;
        // A lock keyed by a parameter (`lock(file)`) is named by the parameter (`[#0]`), for callers to map.
        const lc = lc0 && own ? { ...lc0, lock: paramKeyedLock(lc0.lock, (n) => paramIndex(n, own)) } : lc0;
        if (own?.fn && lc && (lc.kind === 'acquire' || lc.kind === 'callback' || lc.kind === 'continuation') && deadlocksOnRetake(lc.spec, file.lib, lc.binding, node) && !localLockName(lc.lock)) {
          const shared = (lc.kind === 'acquire' || lc.kind === 'callback') && lc.mode === 'shared';
          if (!own.fn.acquires.has(lc.lock)) {
            own.fn.acquires.set(lc.lock, evidence(file, callee, `it calls \`${keyText(file.src, obj)}.${m}()\``));
            if (shared) (own.fn.shared ??= new Set()).add(lc.lock);
          } else if (!shared) own.fn.shared?.delete(lc.lock);
        } else if (own?.fn && !lc) {
          // Not a call on a library lock (whose release() is no XArray write).
          const takes =
            (preset.acquire.includes(m) && node.arguments.length === 0) ||
            preset.scoped.includes(m) ||
            preset.lockableWrites.includes(m);
          if (takes && !isGuardish(obj) && obj.type !== T.ThisExpression) {
            const lock = lockOf(obj, own);
            if (!own.fn.acquires.has(lock)) {
              own.fn.acquires.set(lock, evidence(file, callee, `it calls \`${keyText(file.src, obj)}.${m}()\``));
            }
          }
        }
      }
      if (own?.fn && callee.type === T.Identifier && file.lib.byKey.has(callee.name)) {
        // The lock object called itself (mutexify's `lock(cb)`, `plock()`).
        const lc0 = libraryCall(file.lib, file.src, callee, null, node);
        const lc = lc0 ? { ...lc0, lock: paramKeyedLock(lc0.lock, (n) => paramIndex(n, own)) } : lc0;
        if (lc && (lc.kind === 'acquire' || lc.kind === 'callback' || lc.kind === 'continuation') && deadlocksOnRetake(lc.spec, file.lib, lc.binding, node) && !localLockName(lc.lock) && !own.fn.acquires.has(lc.lock)) {
          own.fn.acquires.set(lc.lock, evidence(file, callee, `it calls \`${callee.name}()\``));
        }
      }
      if (own?.fn) {
        let name: string | undefined;
        if (callee.type === T.Identifier) name = callee.name;
        else if (
          callee.type === T.MemberExpression &&
          callee.object.type === T.ThisExpression &&
          !callee.computed &&
          own.className
        ) {
          const k = callee.property.type === T.Identifier ? callee.property.name : callee.property.type === T.PrivateIdentifier ? `#${callee.property.name}` : undefined;
          if (k) name = `${own.className}.prototype.${k}`;
        }
        if (name !== undefined) {
          const body = own.node.body;
          const top = body.type === T.BlockStatement && body.body.some((s) => s.type === T.ExpressionStatement && s.expression === node);
          own.fn.calls.push({
            callee: name,
            args: node.arguments.map((a) => {
              const u = unwrapTs(a);
              if (u.type === T.Identifier) {
                const r = resolveParam(u.name);
                if (r && r.frame === own) return { param: r.index, lock: `#${r.index}` };
              }
              return { lock: keyText(file.src, u) };
            }),
            start: node.range[0],
            end: node.range[1],
            top,
          });
        }
      }
    }
    forEachChild(node, (c) => visit(c, node, className));
  };
  for (const stmt of unit.nodes) visit(stmt, undefined, undefined);
  return out;
}

/** Maps a callee's lock (`#j`) to the caller's words for it. */
function mapLock(lock: string, call: CallFact): string | undefined {
  if (lock.includes('[')) return mapKeyedLock(lock, (i) => call.args[i]?.lock);
  if (!lock.startsWith('#')) return lock;
  const arg = call.args[Number(lock.slice(1))];
  return arg?.lock;
}

/**
 * Summaries of the functions whose facts are given, using `callees` for the
 * functions they call (and each other: a fixpoint, so recursion is fine).
 */
export function propagate(
  facts: readonly FunctionFacts[],
  callees: ReadonlyMap<string, FunctionSummary>,
  file: FileContext,
): Map<string, FunctionSummary> {
  const result = new Map<string, FunctionSummary>();
  for (const f of facts) {
    const requires: FunctionRequirement[] = [...f.declared];
    for (const [param, ev] of f.uses) {
      if (!requires.some((r) => r.param === param)) {
        requires.push({ param, paramName: f.params[param] ?? '', evidence: ev, source: 'inferred' });
      }
    }
    const s: FunctionSummary = {
      name: f.name,
      requires,
      acquires: [...f.acquires].map(([lock, ev]) => ({ lock, evidence: ev, ...(f.shared?.has(lock) ? { shared: true } : {}) })),
      releases: [...f.releases].map(([param, r]) => ({ param, always: r.always, evidence: r.evidence })),
    };
    if (f.node.async) s.mayAwait = 'async';
    else if (f.node.generator) s.mayAwait = 'generator';
    if (f.returnsLockValue) s.returnsLockValue = f.returnsLockValue;
    if (f.returnsGuard) s.returnsGuard = f.returnsGuard;
    if (f.lockables.size > 0) s.lockables = [...f.lockables];
    if (f.requiresHeld) s.requiresHeld = [...f.requiresHeld].map(([lock, ev]) => ({ lock, evidence: ev }));
    if (f.asserts) s.asserts = [...f.asserts].map(([lock, ev]) => ({ lock, evidence: ev }));
    result.set(f.name, s);
  }
  const lookup = (name: string): FunctionSummary | undefined => result.get(name) ?? callees.get(name);
  for (let round = 0; round < 20; round++) {
    let changed = false;
    for (const f of facts) {
      const s = result.get(f.name) as FunctionSummary;
      for (const call of f.calls) {
        const c = lookup(call.callee);
        if (!c) continue;
        for (const req of c.requires) {
          const arg = call.args[req.param];
          if (arg?.param === undefined || f.lockables.has(arg.param) || s.requires.some((r) => r.param === arg.param)) continue;
          s.requires.push({
            param: arg.param,
            paramName: f.params[arg.param] ?? '',
            evidence: file.src.related(call.start, call.end, `it passes \`${f.params[arg.param] ?? ''}\` to \`${call.callee}\``),
            source: 'inferred',
          });
          changed = true;
        }
        for (const a of c.acquires) {
          const lock = mapLock(a.lock, call);
          if (lock === undefined || s.acquires.some((x) => x.lock === lock) || s.acquires.length >= 16) continue;
          s.acquires.push({ lock, evidence: file.src.related(call.start, call.end, `it calls \`${call.callee}\`, which takes it`), ...(a.shared ? { shared: true } : {}) });
          changed = true;
        }
        for (const r of c.releases) {
          const arg = call.args[r.param];
          if (arg?.param === undefined) continue;
          const prev = s.releases.find((x) => x.param === arg.param);
          const always = r.always && call.top;
          if (prev && (prev.always || !always)) continue;
          if (prev) prev.always = true;
          else s.releases.push({ param: arg.param, always, evidence: file.src.related(call.start, call.end, `it passes it to \`${call.callee}\`, which releases it`) });
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return result;
}

/** The host-facing view of a summary. */
export function functionInfo(f: FunctionFacts, s: FunctionSummary, file: FileContext): FunctionInfo {
  return {
    name: f.name,
    span: file.src.span(f.node.range[0], f.node.range[1]),
    nameSpan: file.src.span(f.nameRange[0], f.nameRange[1]),
    requires: s.requires,
    acquires: s.acquires.map((a) => (a.lock.startsWith('#') ? (f.params[Number(a.lock.slice(1))] ?? a.lock) : a.lock)),
  };
}

/** The JSDoc block right before the line where `node` starts, with its offset. */
function leadingJsdoc(text: string, node: TSESTree.Node): { text: string; start: number } | undefined {
  let i = text.lastIndexOf('\n', node.range[0] - 1) + 1;
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j] as string)) j--;
  if (j < 1 || text[j] !== '/' || text[j - 1] !== '*') return undefined;
  const start = text.lastIndexOf('/**', j - 1);
  if (start < 0) return undefined;
  i = j + 1;
  return { text: text.slice(start, i), start };
}

/**
 * Applies JSDoc lock tags to a function's facts; declared facts override
 * inference: `@lockctx-requires g` (a parameter: it must be a live guard),
 * `@lockctx-acquires L` and `@lockctx-excludes L` (callers must not hold
 * L), `@lockctx-releases g` (a guard parameter released on every path),
 * `@lockctx-returns-held L` (the lock comes back held: ownership moves to
 * the caller), `@lockctx-requires L` for a lock `L` that is not a
 * parameter (callers must hold it; the body starts with it held) and
 * `@lockctx-asserts L` (it is held once the function returns). A parameter
 * is named by its name or `#<index>`.
 */
export function applyJsdoc(facts: FunctionFacts[], file: FileContext): void {
  const text = file.src.text;
  if (!text.includes('@lockctx-')) return;
  for (const f of facts) {
    const doc = leadingJsdoc(text, f.node);
    if (!doc || !doc.text.includes('@lockctx-')) continue;
    const { annotations } = parseLockTags(doc.text, doc.start);
    for (const a of annotations) {
      const ev = file.src.related(a.tagRange[0], a.range[1], `it is annotated \`@lockctx-${a.tag} ${a.lock.negated ? '!' : ''}${a.lock.text}\``);
      const byIndex = /^#(\d+)$/.exec(a.lock.text);
      const param = byIndex ? Number(byIndex[1]) : f.params.indexOf(a.lock.text);
      const lock = param >= 0 ? `#${param}` : a.lock.text;
      if (a.tag === 'requires' && !a.lock.negated && param >= 0) {
        if (!f.declared.some((d) => d.param === param)) f.declared.push({ param, paramName: f.params[param] ?? a.lock.text, evidence: ev, source: 'declared' });
      } else if (a.tag === 'requires' && !a.lock.negated) {
        (f.requiresHeld ??= new Map()).set(lock, ev);
      } else if (a.tag === 'asserts') {
        (f.asserts ??= new Map()).set(lock, ev);
      } else if (a.tag === 'excludes' || a.tag === 'acquires' || (a.tag === 'requires' && a.lock.negated)) {
        f.acquires.set(lock, ev);
      } else if (a.tag === 'releases' && param >= 0) {
        f.releases.set(param, { always: true, evidence: ev });
      } else if (a.tag === 'returns-held') {
        f.returnsGuard = { lock, evidence: ev };
      }
    }
  }
}
