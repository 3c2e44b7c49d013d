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
  ArgumentValue,
  CallAcquisition,
  CallbackAcquisition,
  ContinuationAcquisition,
  LockMode,
  LockSpec,
  OptionCondition,
} from '../lockspec/types.js';
import { PRESETS } from '../lockspec/presets.js';
import { formatProblem, parseConfig } from '../lockspec/config.js';
import type { SourceText } from '../source.js';
import type { LockctxSettings } from '../types.js';

/** The library locks bound in a file, by the text that names them. */
export interface LibraryLocks {
  /** Binding text (`mutex`, `this.lock`) to its spec. */
  byKey: Map<string, LockSpec>;
  /** The specs in play (package presets and custom locks), global ones included. */
  specs: readonly LockSpec[];
  /** Binding text to the arguments of the call that created the lock (for options). */
  created: Map<string, readonly TSESTree.Node[]>;
  /**
   * Module-level lock functions imported by name (`import { lock } from
   * 'proper-lockfile'`): the local name to its spec, the member it is and
   * the package, which names the lock.
   */
  functions?: Map<string, { spec: LockSpec; member: string; pkg: string }>;
}

/** What one call on a library lock does. */
export type LibraryCall =
  | { kind: 'acquire'; spec: LockSpec; lock: string; acq: CallAcquisition; binding?: string; mode?: LockMode }
  | {
      kind: 'callback';
      spec: LockSpec;
      lock: string;
      acq: CallbackAcquisition;
      callback: TSESTree.Node | undefined;
      binding?: string;
      mode?: LockMode;
    }
  | {
      kind: 'continuation';
      spec: LockSpec;
      lock: string;
      acq: ContinuationAcquisition;
      callback: TSESTree.Node | undefined;
      binding?: string;
    }
  | {
      kind: 'release';
      spec: LockSpec;
      lock: string;
      /** What names the held lock: its handle (argument 0), its key (folded into `lock`), or nothing. */
      passes?: 'handle' | 'key' | 'none';
      /** The side released (`rw.read.unlock()`): only holders in this mode. */
      mode?: LockMode;
      binding?: string;
    }
  | {
      kind: 'extend';
      spec: LockSpec;
      lock: string;
      /** The lease handle extended, at argument 0 (`redlock.extend(lease, ttl)`). */
      handle: TSESTree.Node | undefined;
    }
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
    for (const src of s.sources) {
      if (src.from === 'package' || (src.from === 'type' && src.package !== undefined)) out.add(src.package as string);
    }
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

/**
 * The library locks in force for one analysis: the built-in presets the
 * settings keep (all of them by default) and the settings' custom locks.
 */
export interface LockSetup {
  /** Library specs (never the XArray's, which the engine knows natively). */
  specs: readonly LockSpec[];
  /**
   * A stable identity of the settings that made it (`''` for the defaults):
   * equal settings give equal keys, so caches can be keyed by it.
   */
  key: string;
  /** A cheap test on the text: may it use one of {@link specs} at all? */
  hint: (text: string) => boolean;
  /**
   * The settings were invalid: every problem, one per line. The analysis
   * then runs with the defaults.
   */
  error?: string;
}

/** The setup of an analysis without settings. */
export const DEFAULT_SETUP: LockSetup = Object.freeze({
  specs: LIBRARY_SPECS,
  key: '',
  hint: (text: string) => LIBRARY_HINT.test(text),
});

const setups = new Map<string, LockSetup>();
const SETUP_CACHE_SIZE = 64;

/**
 * The lock setup that `settings` (the `presets` and `locks` of
 * `lockctx.json`, ESLint's `settings.lockctx` or editor settings) put in
 * force. Custom locks are validated with `parseConfig`; invalid settings
 * give the defaults and {@link LockSetup.error}. Cached by the settings'
 * canonical JSON, never by object identity.
 */
export function lockSetup(settings: LockctxSettings | undefined): LockSetup {
  if (settings === undefined || settings === null) return DEFAULT_SETUP;
  const data: Record<string, unknown> = {};
  if (settings.presets !== undefined) data['presets'] = settings.presets;
  if (settings.locks !== undefined) data['locks'] = settings.locks;
  if (Object.keys(data).length === 0) return DEFAULT_SETUP;
  const key = canonicalJson(data);
  const hit = setups.get(key);
  if (hit !== undefined) return hit;
  const parsed = parseConfig(data, 'settings');
  let setup: LockSetup;
  if (!parsed.ok) {
    setup = { ...DEFAULT_SETUP, key, error: parsed.problems.map(formatProblem).join('\n') };
  } else {
    const keep = parsed.config.presets;
    const presets = keep === undefined ? LIBRARY_SPECS : LIBRARY_SPECS.filter((p) => keep.includes(p.id));
    const custom = parsed.config.locks ?? [];
    const specs = [...presets, ...custom];
    const extra = customHint(custom);
    setup = {
      specs,
      key,
      hint: (text) => LIBRARY_HINT.test(text) || (extra !== undefined && extra.test(text)),
    };
  }
  setups.set(key, setup);
  if (setups.size > SETUP_CACHE_SIZE) {
    const first = setups.keys().next();
    if (!first.done) setups.delete(first.value);
  }
  return setup;
}

/** JSON with object keys sorted, so equal settings give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const rec = value as Record<string, unknown>;
    return `{${Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What custom specs make a file worth analysing: their packages, globals, type names and methods. */
function customHint(specs: readonly LockSpec[]): RegExp | undefined {
  const parts = new Set<string>();
  const word = (w: string): string => `\\b${escape(w)}\\b`;
  for (const spec of specs) {
    for (const s of spec.sources) {
      if (s.from === 'package') parts.add(`['"]${escape(s.package)}['"]`);
      else if (s.from === 'global') parts.add(s.path.map(escape).join('\\s*\\.\\s*'));
      else if (s.from === 'type') parts.add(word(s.name.slice(s.name.lastIndexOf('.') + 1)));
      else for (const alts of s.members) for (const m of alts) parts.add(`${word(m)}\\s*\\(`);
    }
    for (const a of spec.acquire) if (a.method !== null) parts.add(`\\.\\s*${escape(a.method)}\\s*\\(`);
  }
  return parts.size === 0 ? undefined : new RegExp([...parts].join('|'));
}

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
  hint: (text: string) => boolean = DEFAULT_SETUP.hint,
): LibraryLocks {
  const byKey = new Map<string, LockSpec>();
  const created = new Map<string, readonly TSESTree.Node[]>();
  const functions = new Map<string, { spec: LockSpec; member: string; pkg: string }>();
  const result: LibraryLocks = { byKey, specs, created, functions };
  if (!hint(src.text)) return result;
  const makers = new Map<string, Maker[]>();
  const wrappers = new Map<string, number>();
  const namespaces = new Map<string, string>();
  /** Local names of imported types: the package and the exported name. */
  const typeNames = new Map<string, { pkg: string; exported: string }>();
  const addMaker = (local: string, pkg: string, exported: string): void => {
    typeNames.set(local, { pkg, exported });
    for (const spec of specs) {
      for (const s of spec.sources) {
        if (s.from === 'package' && s.package === pkg && s.export === exported) {
          const list = makers.get(local) ?? [];
          list.push({ spec, create: s.create });
          makers.set(local, list);
        }
        // A lock class known only by its type (a custom lock): `new Lock()`.
        if (s.from === 'type' && s.role === 'lockable' && s.package === pkg && s.name === exported) {
          const list = makers.get(local) ?? [];
          list.push({ spec, create: 'new' });
          makers.set(local, list);
        }
        // A member of a module that is the lock itself, imported by name.
        if (s.from === 'package' && s.package === pkg && s.export === '*' && s.create === 'self' && exported !== 'default' && exported !== '*' && moduleMember(spec, exported)) {
          functions.set(local, { spec, member: exported, pkg });
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
  // Lock classes declared by type without a package (the project's own,
  // custom locks): by name, declared in the file or imported from anywhere.
  const ownTypes = new Map<string, LockSpec>();
  for (const spec of specs) {
    for (const s of spec.sources) {
      if (s.from === 'type' && s.role === 'lockable' && s.package === undefined && !s.name.includes('.') && !ownTypes.has(s.name)) {
        ownTypes.set(s.name, spec);
        if (!typeNames.has(s.name) && !makers.has(s.name)) makers.set(s.name, [{ spec, create: 'new' }]);
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
    const callee: TSESTree.Node = n.callee;
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
  for (const [local, fn] of functions) if (!byKey.has(local)) byKey.set(local, fn.spec);
  /** The spec of a lock object declared by its type (`redlock: Redlock`). */
  const typedSpec = (ann: TSESTree.TSTypeAnnotation | undefined): LockSpec | undefined => {
    const t = ann?.typeAnnotation;
    if (t?.type !== T.TSTypeReference || t.typeName.type !== T.Identifier) return undefined;
    const local = t.typeName.name;
    const imp = typeNames.get(local);
    if (!imp) return ownTypes.get(local);
    return specs.find((sp) =>
      sp.sources.some(
        (x) =>
          x.from === 'type' &&
          x.role === 'lockable' &&
          x.package === imp.pkg &&
          (x.name === imp.exported || (imp.exported === 'default' && x.name === local)),
      ),
    );
  };
  const bindTyped = (key: string, ann: TSESTree.TSTypeAnnotation | undefined): void => {
    const spec = typedSpec(ann);
    if (spec && !byKey.has(key)) byKey.set(key, spec);
  };
  const visit = (node: TSESTree.Node, className: string | undefined): void => {
    if (node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression) {
      for (const p of node.params) {
        if (p.type === T.Identifier) bindTyped(p.name, p.typeAnnotation);
        else if (p.type === T.TSParameterProperty && p.parameter.type === T.Identifier) {
          bindTyped(`this.${p.parameter.name}`, p.parameter.typeAnnotation);
        }
      }
    }
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
      if (!node.value && !node.static) bindTyped(`this.${key}`, node.typeAnnotation);
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

/** Whether `name` is a function of a module-level lock (an acquisition, release, assertion, wait or extension). */
function moduleMember(spec: LockSpec, name: string): boolean {
  return (
    spec.acquire.some((a) => a.method === name && !a.via) ||
    (spec.release ?? []).some((r) => r.by === 'lockable' && r.method === name && !r.via) ||
    (spec.asserts ?? []).some((a) => a.member === name && a.call && !a.via) ||
    (spec.waitsForRelease ?? []).includes(name) ||
    (spec.lease?.extendLockable ?? []).includes(name)
  );
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
  if (method === null && object.type === T.Identifier) {
    const fn = locks.functions?.get(object.name);
    if (fn) return classifyCall(src, fn.spec, fn.pkg, undefined, fn.member, [], call);
  }
  let key = receiverKey(src, object);
  let spec = (key !== undefined ? locks.byKey.get(key) : undefined) ?? globalSpec(locks.specs, object);
  const via: string[] = [];
  if (!spec) {
    // A side of the lock (`rw.write.lock()`): the lock is the object the path starts from.
    let n: TSESTree.Node = object;
    while (n.type === T.MemberExpression && !n.computed && n.property.type === T.Identifier && via.length < 3) {
      via.unshift(n.property.name);
      n = n.object;
      const k = receiverKey(src, n);
      const sp = k !== undefined ? locks.byKey.get(k) : undefined;
      if (sp && hasSide(sp, via)) {
        spec = sp;
        key = k;
        break;
      }
    }
    if (!spec) return undefined;
  }
  const base = key ?? (globalPath(object) ?? []).join('.');
  return classifyCall(src, spec, base, key, method, via, call);
}

/** Whether some acquisition, release or assertion of `spec` goes through the side `via`. */
function hasSide(spec: LockSpec, via: readonly string[]): boolean {
  const same = (v: readonly string[] | undefined): boolean => (v ?? []).join('.') === via.join('.');
  return (
    spec.acquire.some((a) => a.via !== undefined && same(a.via)) ||
    (spec.release ?? []).some((r) => r.by === 'lockable' && r.via !== undefined && same(r.via)) ||
    (spec.asserts ?? []).some((a) => a.via !== undefined && same(a.via))
  );
}

/** The name of the lock a keyed call takes: `base[key]`, or a lock of its own at this call. */
function keyedLock(src: SourceText, base: string, arg: TSESTree.Node | undefined, array: boolean, call: TSESTree.CallExpression): string {
  if (array && arg?.type === T.ArrayExpression) {
    const ks = arg.elements.map((e) => (e && e.type !== T.SpreadElement ? keyName(src, e) : undefined));
    if (ks.length > 0 && ks.every((k) => k !== undefined)) return `${base}[${ks.join(',')}]`;
    return `${base}[@${call.range[0]}]`;
  }
  const k = keyName(src, arg);
  return k === undefined ? `${base}[@${call.range[0]}]` : `${base}[${k}]`;
}

/** The mode an acquisition takes at this call (a fixed mode, or one chosen by an options literal). */
function modeAt(acq: Acquisition, call: TSESTree.CallExpression): LockMode | undefined {
  if (acq.mode) return acq.mode;
  const mo = acq.modeOption;
  if (!mo) return undefined;
  const obj = call.arguments[mo.arg];
  if (obj?.type !== T.ObjectExpression) return mo.default;
  return conditionHolds({ on: 'acquire', arg: mo.arg, property: mo.property, equals: mo.shared }, call.arguments) ? 'shared' : mo.default;
}

/** What a call of `method` through the side `via` of the lock named `base` does. */
function classifyCall(
  src: SourceText,
  spec: LockSpec,
  base: string,
  key: string | undefined,
  method: string | null,
  via: readonly string[],
  call: TSESTree.CallExpression,
): LibraryCall | undefined {
  const same = (v: readonly string[] | undefined): boolean => (v ?? []).join('.') === via.join('.');
  const binding = key !== undefined ? { binding: key } : {};
  const acq = spec.acquire.find((a: Acquisition) => a.method === method && same(a.via));
  if (acq) {
    let lock = base;
    if (acq.key && acq.key.on !== 'constructor') lock = keyedLock(src, base, call.arguments[acq.key.arg], !!acq.key.array, call);
    const m = modeAt(acq, call);
    const mode = m ? { mode: m } : {};
    if (acq.form === 'call') return { kind: 'acquire', spec, lock, acq, ...binding, ...mode };
    if (acq.form === 'callback') return { kind: 'callback', spec, lock, acq, callback: argAt(call, acq.callback), ...binding, ...mode };
    return { kind: 'continuation', spec, lock, acq, callback: argAt(call, acq.callback), ...binding };
  }
  if (method === null) return undefined;
  const rel = spec.release?.find((r) => r.by === 'lockable' && r.method === method && same(r.via));
  if (rel && rel.by === 'lockable') {
    let lock = base;
    const keyed = spec.acquire.find((a) => a.key !== undefined && a.key.on !== 'constructor');
    if (rel.passes === 'key' && keyed?.key) lock = keyedLock(src, base, call.arguments[0], !!keyed.key.array, call);
    const sideMode = via.length > 0 ? spec.acquire.find((a) => a.via !== undefined && same(a.via))?.mode : undefined;
    return { kind: 'release', spec, lock, passes: rel.passes, ...binding, ...(sideMode ? { mode: sideMode } : {}) };
  }
  if (via.length > 0) return undefined;
  if (spec.lease?.extendLockable?.includes(method)) return { kind: 'extend', spec, lock: base, handle: call.arguments[0] };
  if (spec.waitsForRelease?.includes(method)) return { kind: 'wait', spec, lock: base };
  if (spec.asserts?.some((a) => a.member === method && a.call && !a.via)) return { kind: 'assert', spec, lock: base };
  return undefined;
}

/**
 * A keyed lock named by the caller's parameters: `lock[~file]` where `file`
 * is parameter 0 becomes `lock[#0]` (and a receiver that is a parameter
 * `#j`), so that a caller maps it to its own arguments.
 */
export function paramKeyedLock(lock: string, param: (name: string) => number | undefined): string {
  const m = /^([^[]*)\[(.*)\]$/.exec(lock);
  if (!m) return lock;
  const keys = (m[2] ?? '').split(',');
  if (!keys.some((k) => k.startsWith('~') && param(k.slice(1)) !== undefined)) return lock;
  const mapped = keys.map((k) => {
    const i = k.startsWith('~') ? param(k.slice(1)) : undefined;
    return i !== undefined ? `#${i}` : k;
  });
  const base = m[1] ?? '';
  const b = /^[\w$]+$/.test(base) ? param(base) : undefined;
  return `${b !== undefined ? `#${b}` : base}[${mapped.join(',')}]`;
}

/**
 * A callee's keyed lock in the caller's words: `#i` (receiver or key) is
 * replaced by argument `i` as the caller names it (`arg(i)`: a parameter
 * `#k`, or the argument's text); undefined when an argument cannot name it.
 */
export function mapKeyedLock(lock: string, arg: (i: number) => string | undefined): string | undefined {
  const m = /^([^[]*)\[(.*)\]$/.exec(lock);
  if (!m) return lock;
  let base = m[1] ?? '';
  if (/^#\d+$/.test(base)) {
    const a = arg(Number(base.slice(1)));
    if (a === undefined) return undefined;
    base = a;
  }
  const keys: string[] = [];
  for (const k of (m[2] ?? '').split(',')) {
    if (!/^#\d+$/.test(k)) {
      keys.push(k);
      continue;
    }
    const a = arg(Number(k.slice(1)));
    const named = a === undefined ? undefined : /^#\d+$/.test(a) ? a : keyOfText(a);
    if (named === undefined) return undefined;
    keys.push(named);
  }
  return `${base}[${keys.join(',')}]`;
}

/** The key name of an argument written as `text` (a variable, or a string or number literal). */
function keyOfText(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  if (/^(this\.)?[#\w$]+$/.test(t) && !/^\d/.test(t)) return `~${t}`;
  const q = /^(['"`])([^'"`$\\]*)\1$/.exec(text.trim());
  if (q) return JSON.stringify(q[2]);
  if (/^\d+(\.\d+)?$/.test(t)) return JSON.stringify(Number(t));
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
  if (spec.capacity !== undefined || spec.kind === 'semaphore') {
    // A counting lock deadlocks on re-entry only when one holder exhausts it.
    const from = spec.capacity?.from;
    const n =
      from === undefined ? undefined : 'value' in from ? from.value : argumentValue(from, binding !== undefined ? locks?.created.get(binding) : undefined);
    if (n !== 1) return false;
  }
  const r = spec.reentrant;
  if (r === false) return true;
  if (r === true) return false;
  const args = r.on === 'constructor' ? (binding !== undefined ? locks?.created.get(binding) : undefined) : call?.arguments;
  return !conditionHolds(r, args);
}

/**
 * A number given at a call: a numeric literal at `arg`, or the `property` of
 * an object literal there; the default when the argument is absent;
 * undefined when it is not known statically.
 */
export function argumentValue(v: ArgumentValue, args: readonly TSESTree.Node[] | undefined): number | undefined {
  if (!args) return undefined;
  const a = args[v.arg];
  if (a === undefined) return v.default;
  let n: TSESTree.Node = a;
  if (v.property !== undefined) {
    if (a.type !== T.ObjectExpression) return undefined;
    let found: TSESTree.Node | undefined;
    for (const q of a.properties) {
      if (q.type === T.SpreadElement) return undefined;
      if (q.computed) continue;
      const name = q.key.type === T.Identifier ? q.key.name : q.key.type === T.Literal ? String(q.key.value) : undefined;
      if (name === v.property) found = q.value;
    }
    if (!found) return v.default;
    n = found;
  }
  return n.type === T.Literal && typeof n.value === 'number' ? n.value : undefined;
}
