import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { LockPreset } from './presets/xarray.js';
import { XARRAY_PRESET } from './presets/xarray.js';
import type { LibraryLocks, LockSetup } from './presets/library.js';
import { DEFAULT_SETUP, LIBRARY_HINT, findLibraryLocks } from './presets/library.js';
import type { SourceText } from './source.js';
import type { FileStamp } from './modules.js';
import { asyncFunctionNames } from './modules.js';
import type { TypeOracle } from './typed/oracle.js';

/** What the core knows about a file before looking at any function. */
export interface FileContext {
  src: SourceText;
  filename: string;
  preset: LockPreset;
  /** Local names of the preset's guard type (`Guard`, or an alias of its import). */
  guardTypes: Set<string>;
  /** Local names of the preset's lockable type (`XArray`…). */
  lockableTypes: Set<string>;
  /** Namespace imports of the preset's package (`import * as xa from …`). */
  namespaces: Set<string>;
  /**
   * The file is about the preset's locks: it imports the package, or uses
   * `withLock` or a guard-only method. Only then is a bare `x.lock()` whose
   * result is never unlocked taken for an XArray lock.
   */
  lockFile: boolean;
  /**
   * Names used anywhere in the file as guards (`g.unlock()`, `g.getMark()`):
   * evidence that a `g = x.lock()` binding holds a guard.
   */
  guardNames: Set<string>;
  /** Locks of lock libraries (async-mutex, Web Locks…) bound in the file. */
  lib: LibraryLocks;
  /**
   * Local names of functions that return a promise, the file's own and
   * those imported from relative modules (read from disk on first call).
   */
  asyncNames: () => ReadonlySet<string>;
  /** Type information for this file, when the host has a TypeScript program (see `typed/`). */
  types?: TypeOracle;
  /** Calls resolved through the types to a summary key (see `typed/hooks.ts`). */
  typedCalls?: Map<TSESTree.CallExpression, string>;
  /** Offsets where types reveal a lock: units holding one are checked (see `typed/hooks.ts`). */
  typedHits?: number[];
  /** The lock libraries in force: presets and custom locks of the settings. */
  setup: LockSetup;
  /**
   * The other files this analysis read (imported modules, transitively),
   * with their stamps: the result is valid while they are unchanged.
   */
  deps: Map<string, FileStamp>;
}

/**
 * A cheap test on the text: can this file take, use or release a lock at
 * all? Files that fail it are not even parsed by {@link analyzeSource}.
 */
export const XARRAY_LOCKISH =
  /\.\s*(?:lock|withLock|unlock|getOrder|getMark|setMark|clearMark|storeOrder)\s*\(|@lockctx\/xarray/;

/** {@link XARRAY_LOCKISH} or a lock library's import, global or hand-written lock class. */
export const LOCKISH = {
  test: (text: string): boolean =>
    XARRAY_LOCKISH.test(text) || LIBRARY_HINT.test(text),
};

const LOCK_FILE =
  /\.\s*(?:withLock|getOrder|getMark|setMark|clearMark|storeOrder)\s*\(|@lockctx\/xarray/;

export function makeFileContext(
  program: TSESTree.Program,
  src: SourceText,
  filename: string,
  setup: LockSetup = DEFAULT_SETUP,
): FileContext {
  const preset = XARRAY_PRESET;
  const deps = new Map<string, FileStamp>();
  let asyncNames: Set<string> | undefined;
  const ctx: FileContext = {
    src,
    filename,
    preset,
    guardTypes: new Set(),
    lockableTypes: new Set(),
    namespaces: new Set(),
    lockFile: LOCK_FILE.test(src.text),
    guardNames: new Set(),
    lib: findLibraryLocks(program, src, setup.specs, setup.hint),
    asyncNames: () => {
      asyncNames ??= asyncFunctionNames(program, filename, deps);
      return asyncNames;
    },
    setup,
    deps,
  };
  // Scanned on first use: a file that is about the preset's locks never
  // needs it, and the scan costs a pass over the whole text.
  let guardNames: Set<string> | undefined;
  Object.defineProperty(ctx, 'guardNames', {
    enumerable: true,
    get: () => (guardNames ??= scanGuardNames(src.text)),
  });
  for (const stmt of program.body) {
    if (stmt.type !== T.ImportDeclaration) continue;
    if (stmt.source.value !== preset.package) continue;
    for (const spec of stmt.specifiers) {
      if (spec.type === T.ImportNamespaceSpecifier) {
        ctx.namespaces.add(spec.local.name);
      } else if (spec.type === T.ImportSpecifier) {
        const imported =
          spec.imported.type === T.Identifier
            ? spec.imported.name
            : String(spec.imported.value);
        if (imported === preset.types.guard) ctx.guardTypes.add(spec.local.name);
        if (imported === preset.types.lockable) ctx.lockableTypes.add(spec.local.name);
      }
    }
  }
  return ctx;
}

/** Names used in `text` as guards: `g` of `g.unlock()`, `g.getMark()`… */
function scanGuardNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/([A-Za-z_$][\w$]*)\s*\.\s*(?:unlock|getOrder|getMark|setMark|clearMark|storeOrder)\s*\(/g)) {
    names.add(m[1] as string);
  }
  return names;
}

/** What a type annotation says about a binding: a guard, a lockable, or nothing known. */
export function annotationKind(
  ctx: FileContext,
  node: TSESTree.Node | undefined | null,
): 'guard' | 'lockable' | undefined {
  if (!node) return undefined;
  const typed = ctx.types?.guardKind(node);
  if (typed === 'guard' || typed === 'lockable') return typed;
  let type: TSESTree.Node = node;
  if (type.type === T.TSTypeAnnotation) type = type.typeAnnotation;
  if (type.type !== T.TSTypeReference) return undefined;
  const name = type.typeName;
  if (name.type === T.Identifier) {
    if (ctx.guardTypes.has(name.name)) return 'guard';
    if (ctx.lockableTypes.has(name.name)) return 'lockable';
    return undefined;
  }
  if (
    name.type === T.TSQualifiedName &&
    name.left.type === T.Identifier &&
    ctx.namespaces.has(name.left.name)
  ) {
    if (name.right.name === ctx.preset.types.guard) return 'guard';
    if (name.right.name === ctx.preset.types.lockable) return 'lockable';
  }
  return undefined;
}

type Keys = Record<string, readonly string[] | undefined>;

/** Calls `fn` on every child node, in source order. */
export function forEachChild(
  node: TSESTree.Node,
  fn: (child: TSESTree.Node) => void,
): void {
  const keys = (visitorKeys as Keys)[node.type];
  if (!keys) return;
  const rec = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const value = rec[key];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item && typeof (item as TSESTree.Node).type === 'string') fn(item as TSESTree.Node);
      }
    } else if (value && typeof (value as TSESTree.Node).type === 'string') {
      fn(value as TSESTree.Node);
    }
  }
}

export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === T.FunctionDeclaration ||
    node.type === T.FunctionExpression ||
    node.type === T.ArrowFunctionExpression
  );
}

/** Callees whose callback argument runs before they return. */
export const RUNS_NOW = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
]);

/** Callees whose callback argument runs later (timers, promises, events). */
export const RUNS_LATER = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'requestIdleCallback',
  'nextTick',
  'then',
  'catch',
  'finally',
  'addEventListener',
  'on',
  'once',
  'addListener',
  'prependListener',
  'subscribe',
]);

/** The name of a called function or method (`f`, `then`), if it has a plain one. */
export function calleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier) {
    return callee.property.name;
  }
  return undefined;
}

/** The source text of a node with its whitespace removed: the key of a lock. */
export function keyText(src: SourceText, node: TSESTree.Node): string {
  return src.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
}

/** The expression without TS-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`). */
export function unwrapTs(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  for (;;) {
    if (
      n.type === T.TSAsExpression ||
      n.type === T.TSNonNullExpression ||
      n.type === T.TSTypeAssertion ||
      n.type === T.TSSatisfiesExpression ||
      n.type === T.TSInstantiationExpression
    ) {
      n = n.expression;
    } else return n;
  }
}
