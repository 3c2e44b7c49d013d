/**
 * Lock libraries in the flow engine: which values of a file are locks of a
 * {@link LockSpec} (by import, `require`, global or hand-written shape), and
 * what a call on one of them does (take, release, wait for, run a callback
 * under the lock). The specs are data; nothing here runs library code.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type {
  Acquisition,
  CallAcquisition,
  CallbackAcquisition,
  LockSpec,
  OptionCondition,
} from '../lockspec/types.js';
import { PRESETS } from '../lockspec/presets.js';
import type { SourceText } from '../source.js';

/** The library locks bound in a file, by the text that names them. */
export interface LibraryLocks {
  /** Binding text (`mutex`, `this.lock`) to its spec. */
  byKey: Map<string, LockSpec>;
  /** The specs in play (package presets and custom locks), global ones included. */
  specs: readonly LockSpec[];
  /** Binding text to the arguments of the call that created the lock (for options). */
  created: Map<string, readonly TSESTree.Node[]>;
}

/** What one call on a library lock does. */
export type LibraryCall =
  | { kind: 'acquire'; spec: LockSpec; lock: string; acq: CallAcquisition; binding?: string }
  | {
      kind: 'callback';
      spec: LockSpec;
      lock: string;
      acq: CallbackAcquisition;
      callback: TSESTree.Node | undefined;
      binding?: string;
    }
  | { kind: 'release'; spec: LockSpec; lock: string }
  | { kind: 'wait'; spec: LockSpec; lock: string }
  | { kind: 'assert'; spec: LockSpec; lock: string };

const GLOBAL_ROOTS = ['globalThis', 'window', 'self'];

/** Library specs: every preset except the XArray's, which the engine knows natively. */
export const LIBRARY_SPECS: readonly LockSpec[] = PRESETS.filter(
  (p) => p.id !== 'xarray',
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function packagesOf(specs: readonly LockSpec[]): string[] {
  const out = new Set<string>();
  for (const s of specs) {
    for (const src of s.sources) if (src.from === 'package') out.add(src.package);
  }
  return [...out];
}

/**
 * A cheap test on the text: may the file use a library lock at all? (An
 * import or `require` of a lock package, `navigator.locks`, or a class
 * declaring a release method.)
 */
export const LIBRARY_HINT = new RegExp(
  `['"](?:${packagesOf(LIBRARY_SPECS).map(escape).join('|')})['"]|navigator\\s*\\.\\s*locks|\\.\\s*(?:runExclusive|acquire|acquireAsync|waitForUnlock)\\s*\\(|\\b(?:unlock|release)\\s*\\([^()]*\\)\\s*(?::[^{]*)?\\{`,
);

/** The global path of a member chain (`navigator.locks`), without `globalThis.`/`window.` prefixes. */
function globalPath(node: TSESTree.Node): string[] | undefined {
  const parts: string[] = [];
  let n: TSESTree.Node = node;
  while (n.type === T.MemberExpression) {
    if (n.computed || n.property.type !== T.Identifier) return undefined;
    parts.unshift(n.property.name);
    n = n.object;
  }
  if (n.type !== T.Identifier) return undefined;
  parts.unshift(n.name);
  while (parts.length > 1 && GLOBAL_ROOTS.includes(parts[0] as string)) parts.shift();
  return parts;
}

/** The text naming a receiver (`mutex`, `this.lock`), or undefined for anything else. */
export function receiverKey(src: SourceText, node: TSESTree.Node): string | undefined {
  if (node.type === T.Identifier) return node.name;
  if (
    node.type === T.MemberExpression &&
    !node.computed &&
    (node.object.type === T.ThisExpression || node.object.type === T.Identifier) &&
    (node.property.type === T.Identifier || node.property.type === T.PrivateIdentifier)
  ) {
    return src.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
  }
  return undefined;
}

type Maker = { spec: LockSpec; create: 'new' | 'call' | 'self' };

/**
 * Finds the library locks bound in a program: `new Mutex()` of an imported
 * `Mutex`, `new (require('async-lock'))()`, wrappers (`withTimeout(new
 * Mutex(), 50)`), class fields and `this.x = …` assignments, and instances
 * of hand-written classes that have the shape of a lock.
 */
export function findLibraryLocks(
  program: TSESTree.Program,
  src: SourceText,
  specs: readonly LockSpec[] = LIBRARY_SPECS,
): LibraryLocks {
  const byKey = new Map<string, LockSpec>();
  const created = new Map<string, readonly TSESTree.Node[]>();
  const result: LibraryLocks = { byKey, specs, created };
  if (!LIBRARY_HINT.test(src.text) && specs === LIBRARY_SPECS) return result;
  const makers = new Map<string, Maker[]>();
  const wrappers = new Map<string, number>();
  const namespaces = new Map<string, string>();
  const addMaker = (local: string, pkg: string, exported: string): void => {
    for (const spec of specs) {
      for (const s of spec.sources) {
        if (s.from === 'package' && s.package === pkg && s.export === exported) {
          const list = makers.get(local) ?? [];
          list.push({ spec, create: s.create });
          makers.set(local, list);
        }
      }
      for (const w of spec.wrappers ?? []) {
        if (spec.sources.some((s) => s.from === 'package' && s.package === pkg) && w.export === exported) {
          wrappers.set(local, w.lockArg);
        }
      }
    }
  };
  const pkgs = new Set(packagesOf(specs));
  const requireOf = (e: TSESTree.Node | null | undefined): string | undefined => {
    if (
      e?.type === T.CallExpression &&
      e.callee.type === T.Identifier &&
      e.callee.name === 'require' &&
      e.arguments[0]?.type === T.Literal &&
      typeof e.arguments[0].value === 'string' &&
      pkgs.has(e.arguments[0].value)
    ) {
      return e.arguments[0].value;
    }
    return undefined;
  };
  for (const stmt of program.body) {
    if (stmt.type === T.ImportDeclaration && pkgs.has(stmt.source.value)) {
      for (const sp of stmt.specifiers) {
        if (sp.type === T.ImportDefaultSpecifier) addMaker(sp.local.name, stmt.source.value, 'default');
        else if (sp.type === T.ImportNamespaceSpecifier) {
          namespaces.set(sp.local.name, stmt.source.value);
          addMaker(sp.local.name, stmt.source.value, 'default');
          addMaker(sp.local.name, stmt.source.value, '*');
        } else {
          const imported = sp.imported.type === T.Identifier ? sp.imported.name : String(sp.imported.value);
          addMaker(sp.local.name, stmt.source.value, imported);
        }
      }
    }
    if (stmt.type === T.VariableDeclaration) {
      for (const d of stmt.declarations) {
        let init = d.init;
        let member: string | undefined;
        if (init?.type === T.MemberExpression && !init.computed && init.property.type === T.Identifier) {
          member = init.property.name;
          init = init.object;
        }
        const pkg = requireOf(init);
        if (pkg === undefined) continue;
        if (d.id.type === T.Identifier) addMaker(d.id.name, pkg, member ?? 'default');
        else if (d.id.type === T.ObjectPattern && member === undefined) {
          for (const p of d.id.properties) {
            if (p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.value.type === T.Identifier) {
              addMaker(p.value.name, pkg, p.key.name);
            }
          }
        }
      }
    }
  }
  const shapes = shapeClasses(program, specs);
  const specOf = (e: TSESTree.Node | null | undefined): LockSpec | undefined => {
    if (!e) return undefined;
    let n: TSESTree.Node = e;
    while (n.type === T.TSAsExpression || n.type === T.TSNonNullExpression || n.type === T.TSSatisfiesExpression) n = n.expression;
    if (n.type === T.Identifier) {
      const m = makers.get(n.name)?.find((x) => x.create === 'self');
      return m?.spec ?? byKey.get(n.name);
    }
    if (n.type !== T.NewExpression && n.type !== T.CallExpression) return undefined;
    let callee: TSESTree.Node = n.callee;
    let name: string | undefined;
    if (callee.type === T.Identifier) name = callee.name;
    else if (callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier && callee.object.type === T.Identifier && namespaces.has(callee.object.name)) {
      name = `${callee.object.name}.${callee.property.name}`;
      const pkg = namespaces.get(callee.object.name) as string;
      if (!makers.has(name)) addMaker(name, pkg, callee.property.name);
    } else if (requireOf(callee) !== undefined) {
      name = `require:${requireOf(callee)}`;
      if (!makers.has(name)) addMaker(name, requireOf(callee) as string, 'default');
    }
    if (name === undefined) return undefined;
    if (n.type === T.CallExpression && wrappers.has(name)) {
      return specOf(n.arguments[wrappers.get(name) as number]);
    }
    const how = n.type === T.NewExpression ? 'new' : 'call';
    const m = makers.get(name)?.find((x) => x.create === how);
    if (m) return m.spec;
    if (n.type === T.NewExpression) return shapes.get(name);
    return undefined;
  };
  // Module-level functions that are the lock themselves (proper-lockfile's `lock`).
  for (const [local, list] of makers) {
    const self = list.find((m) => m.create === 'self');
    if (self && !local.includes('.') && !local.startsWith('require:')) byKey.set(local, self.spec);
  }
  const visit = (node: TSESTree.Node, className: string | undefined): void => {
    const bindAs = (key: string | undefined, init: TSESTree.Node | null | undefined): void => {
      const spec = specOf(init);
      if (!spec || key === undefined) return;
      byKey.set(key, spec);
      if (init && (init.type === T.NewExpression || init.type === T.CallExpression)) created.set(key, init.arguments);
    };
    if (node.type === T.VariableDeclarator && node.id.type === T.Identifier) {
      bindAs(node.id.name, node.init);
    } else if (node.type === T.AssignmentExpression && node.operator === '=') {
      bindAs(receiverKey(src, node.left), node.right);
    } else if (node.type === T.PropertyDefinition && !node.computed && (node.key.type === T.Identifier || node.key.type === T.PrivateIdentifier)) {
      const key = node.key.type === T.Identifier ? node.key.name : `#${node.key.name}`;
      bindAs(node.static && className ? `${className}.${key}` : `this.${key}`, node.value);
    }
    const nextClass =
      node.type === T.ClassDeclaration || node.type === T.ClassExpression ? node.id?.name : className;
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof (c as TSESTree.Node).type === 'string') visit(c as TSESTree.Node, nextClass);
      } else if (v && typeof (v as TSESTree.Node).type === 'string' && key !== 'loc' && key !== 'range') {
        visit(v as TSESTree.Node, nextClass);
      }
    }
  };
  visit(program, undefined);
  return result;
}

/** Classes of the program that have a lock's shape (a lock()/acquire() and an unlock()/release()). */
function shapeClasses(program: TSESTree.Program, specs: readonly LockSpec[]): Map<string, LockSpec> {
  const out = new Map<string, LockSpec>();
  const shapeSpecs = specs.filter((s) => s.sources.some((x) => x.from === 'shape' && !x.resultCalled));
  const releaserSpecs = specs.filter((s) => s.sources.some((x) => x.from === 'shape' && x.resultCalled));
  for (const stmt of program.body) {
    let d: TSESTree.Node = stmt;
    if ((d.type === T.ExportNamedDeclaration || d.type === T.ExportDefaultDeclaration) && d.declaration) d = d.declaration;
    if (d.type !== T.ClassDeclaration || !d.id) continue;
    const members = new Set<string>();
    for (const m of d.body.body) {
      if ((m.type === T.MethodDefinition || m.type === T.PropertyDefinition) && !m.computed && m.key.type === T.Identifier) {
        members.add(m.key.name);
      }
    }
    const fits = (s: LockSpec): boolean =>
      s.sources.some((x) => x.from === 'shape' && x.members.every((alts) => alts.some((a) => members.has(a))));
    const spec = shapeSpecs.find(fits) ?? releaserSpecs.find(fits);
    if (spec) out.set(d.id.name, spec);
  }
  return out;
}

/** The spec of a global lock object reached by `node` (`navigator.locks`). */
function globalSpec(specs: readonly LockSpec[], node: TSESTree.Node): LockSpec | undefined {
  const path = globalPath(node);
  if (!path) return undefined;
  return specs.find((s) =>
    s.sources.some((x) => x.from === 'global' && x.path.length === path.length && x.path.every((p, i) => p === path[i])),
  );
}

/**
 * The name of a keyed lock: `"journal"` for a literal, `~user` for a
 * variable or property (the same lock within one function only), undefined
 * for anything else.
 */
function keyName(src: SourceText, node: TSESTree.Node | undefined): string | undefined {
  const variable = node && receiverKey(src, node);
  if (variable !== undefined) return `~${variable}`;
  if (node?.type === T.Literal && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return JSON.stringify(node.value);
  }
  if (node?.type === T.TemplateLiteral && node.expressions.length === 0) {
    return JSON.stringify(node.quasis[0]?.value.cooked ?? '');
  }
  return undefined;
}

function argAt(call: TSESTree.CallExpression, at: number | 'last'): TSESTree.Node | undefined {
  const args = call.arguments;
  return at === 'last' ? args[args.length - 1] : args[at];
}

/**
 * What `call`, whose callee is `<object>.<method>` (or `object` itself when
 * `method` is null: `lock(cb)` of mutexify), does to a library lock,
 * or undefined when `object` is not one. The lock is named by the receiver
 * as written, and by its key for keyed locks (`navigator.locks["journal"]`);
 * a key that is not a literal names a lock of its own at that call.
 */
export function libraryCall(
  locks: LibraryLocks,
  src: SourceText,
  object: TSESTree.Node,
  method: string | null,
  call: TSESTree.CallExpression,
): LibraryCall | undefined {
  const key = receiverKey(src, object);
  const spec = (key !== undefined ? locks.byKey.get(key) : undefined) ?? globalSpec(locks.specs, object);
  if (!spec) return undefined;
  const base = key ?? (globalPath(object) ?? []).join('.');
  const acq = spec.acquire.find((a: Acquisition) => a.method === method && !a.via);
  if (acq) {
    let lock = base;
    if (acq.key && acq.key.on !== 'constructor') {
      const k = keyName(src, call.arguments[acq.key.arg]);
      lock = k === undefined ? `${base}[@${call.range[0]}]` : `${base}[${k}]`;
    }
    const binding = key !== undefined ? { binding: key } : {};
    if (acq.form === 'call') return { kind: 'acquire', spec, lock, acq, ...binding };
    if (acq.form === 'callback') return { kind: 'callback', spec, lock, acq, callback: argAt(call, acq.callback), ...binding };
    return undefined;
  }
  if (method === null) return undefined;
  if (spec.release?.some((r) => r.by === 'lockable' && r.method === method)) return { kind: 'release', spec, lock: base };
  if (spec.waitsForRelease?.includes(method)) return { kind: 'wait', spec, lock: base };
  if (spec.asserts?.some((a) => a.member === method && a.call && !a.via)) return { kind: 'assert', spec, lock: base };
  return undefined;
}

/** The lock name holds only within one function (a key that is a variable, or no key at all). */
export function localLockName(lock: string): boolean {
  return lock.includes('[~') || lock.includes('[@');
}

/**
 * Whether an option condition holds for the call or construction `args`
 * (`{ domainReentrant: true }`); false when the options are not a literal.
 */
export function conditionHolds(cond: OptionCondition, args: readonly TSESTree.Node[] | undefined): boolean {
  if (!args) return false;
  const obj = cond.arg === 'last' ? args[args.length - 1] : args[cond.arg];
  if (obj?.type !== T.ObjectExpression) return false;
  for (const p of obj.properties) {
    if (p.type !== T.Property || p.computed) continue;
    const name = p.key.type === T.Identifier ? p.key.name : p.key.type === T.Literal ? String(p.key.value) : undefined;
    if (name !== cond.property) continue;
    if (cond.equals === undefined) return true;
    return p.value.type === T.Literal && p.value.value === cond.equals;
  }
  return false;
}

/**
 * Taking the lock again while holding it deadlocks: not re-entrant (a
 * condition on the constructor's options is read from where the lock was
 * created, `binding`), and one holder at a time.
 */
export function deadlocksOnRetake(spec: LockSpec, locks?: LibraryLocks, binding?: string, call?: TSESTree.CallExpression): boolean {
  if (spec.capacity !== undefined || spec.kind === 'semaphore') return false;
  const r = spec.reentrant;
  if (r === false) return true;
  if (r === true) return false;
  const args = r.on === 'constructor' ? (binding !== undefined ? locks?.created.get(binding) : undefined) : call?.arguments;
  return !conditionHolds(r, args);
}
