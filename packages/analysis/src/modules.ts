/**
 * Reading the modules a file imports, without running them: a relative
 * import (ESM or CommonJS, through re-exports) is resolved on disk, parsed
 * with the same parser and summarised. Summaries are cached per process by
 * path, modification time and size, so a workspace is read once and a file
 * is read again only when it changes; nothing else is shared between files.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import { parse } from '@typescript-eslint/typescript-estree';

/** What a module exports that matters to its importers. */
export interface ModuleExports {
  /** Exported names whose value is a function returning a promise (`async`, or declared `Promise<…>`). */
  asyncFunctions: Set<string>;
}

/** What identifies one version of a file on disk. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** The stamp of a file that did not exist: creating it is a change. */
export const ABSENT: FileStamp = Object.freeze({ mtimeMs: -1, size: -1 });

/**
 * Whether every file of `deps` still has its stamp (a deleted file has
 * changed, and so has a created one that was {@link ABSENT}). Results
 * computed from those files stay valid only while this holds.
 */
export function stampsUnchanged(deps: ReadonlyMap<string, FileStamp>): boolean {
  for (const [path, stamp] of deps) {
    let now;
    try {
      now = statSync(path, { throwIfNoEntry: false });
    } catch {
      now = undefined;
    }
    if (now === undefined) {
      if (stamp.size !== ABSENT.size) return false;
      continue;
    }
    if (now.mtimeMs !== stamp.mtimeMs || now.size !== stamp.size) return false;
  }
  return true;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_DEPTH = 6;

interface CacheEntry {
  mtimeMs: number;
  size: number;
  exports: ModuleExports;
  /** Every file the exports were read from (the module and its re-export sources). */
  deps: Map<string, FileStamp>;
}

const cache = new Map<string, CacheEntry>();
const CACHE_SIZE = 2048;

/**
 * The file a relative specifier names, trying TypeScript's extension
 * substitutions; undefined when none exists. Then, when `missing` is given,
 * every candidate is recorded there as {@link ABSENT}, so a result that
 * depends on the import not resolving is redone once one of them appears.
 */
export function resolveRelative(from: string, specifier: string, missing?: Map<string, FileStamp>): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const candidates = [base];
  for (const ext of EXTENSIONS) candidates.push(stem + ext);
  for (const ext of EXTENSIONS) candidates.push(`${base}/index${ext}`);
  for (const c of candidates) {
    try {
      // No exception per missing candidate: most of them are.
      if (statSync(c, { throwIfNoEntry: false })?.isFile()) return c;
    } catch {
      // not this candidate
    }
  }
  if (missing) for (const c of candidates) if (!missing.has(c)) missing.set(c, ABSENT);
  return undefined;
}

function isPromiseType(node: TSESTree.TypeNode | undefined): boolean {
  return (
    node?.type === T.TSTypeReference &&
    node.typeName.type === T.Identifier &&
    (node.typeName.name === 'Promise' || node.typeName.name === 'PromiseLike')
  );
}

function returnsPromise(fn: TSESTree.Node | null | undefined): boolean {
  if (!fn) return false;
  if (
    fn.type !== T.FunctionDeclaration &&
    fn.type !== T.FunctionExpression &&
    fn.type !== T.ArrowFunctionExpression &&
    fn.type !== T.TSDeclareFunction
  ) {
    return false;
  }
  return fn.async || isPromiseType(fn.returnType?.typeAnnotation);
}

/** Names of the program's own functions that return a promise, by local name. */
export function localAsyncFunctions(program: TSESTree.Program): Set<string> {
  const out = new Set<string>();
  const consider = (stmt: TSESTree.Node): void => {
    if (stmt.type === T.FunctionDeclaration || stmt.type === T.TSDeclareFunction) {
      if (stmt.id && returnsPromise(stmt)) out.add(stmt.id.name);
    } else if (stmt.type === T.VariableDeclaration) {
      for (const d of stmt.declarations) {
        if (d.id.type === T.Identifier && returnsPromise(d.init)) out.add(d.id.name);
      }
    }
  };
  for (const stmt of program.body) {
    const d = (stmt.type === T.ExportNamedDeclaration || stmt.type === T.ExportDefaultDeclaration) && stmt.declaration ? stmt.declaration : stmt;
    consider(d);
    // Methods of the file's classes, as `this.<name>` (a method calls its siblings so).
    if (d.type === T.ClassDeclaration) {
      for (const m of d.body.body) {
        if (m.type === T.MethodDefinition && !m.computed && m.key.type === T.Identifier && returnsPromise(m.value)) out.add(`this.${m.key.name}`);
      }
    }
  }
  return out;
}

function exportsOf(path: string, depth: number, seen: Set<string>, used: Map<string, FileStamp>): ModuleExports {
  const empty: ModuleExports = { asyncFunctions: new Set() };
  if (depth > MAX_DEPTH || seen.has(path)) return empty;
  seen.add(path);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return empty;
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && stampsUnchanged(hit.deps)) {
    for (const [p, st] of hit.deps) used.set(p, st);
    return hit.exports;
  }
  const deps = new Map<string, FileStamp>([[path, { mtimeMs: stat.mtimeMs, size: stat.size }]]);
  let program: TSESTree.Program;
  try {
    const text = readFileSync(path, 'utf8');
    program = parse(text, { range: true, loc: false, jsx: /\.[jt]sx$/.test(path), filePath: path, errorOnUnknownASTType: false });
  } catch {
    return empty;
  }
  const local = localAsyncFunctions(program);
  const out: ModuleExports = { asyncFunctions: new Set() };
  const from = (spec: string): ModuleExports => {
    const target = resolveRelative(path, spec, deps);
    return target ? exportsOf(target, depth + 1, seen, deps) : empty;
  };
  for (const stmt of program.body) {
    if (stmt.type === T.ExportNamedDeclaration) {
      if (stmt.declaration) {
        const d = stmt.declaration;
        if ((d.type === T.FunctionDeclaration || d.type === T.TSDeclareFunction) && d.id && local.has(d.id.name)) out.asyncFunctions.add(d.id.name);
        if (d.type === T.VariableDeclaration) {
          for (const v of d.declarations) if (v.id.type === T.Identifier && local.has(v.id.name)) out.asyncFunctions.add(v.id.name);
        }
      }
      const source = stmt.source ? from(stmt.source.value) : undefined;
      for (const s of stmt.specifiers) {
        const inner = s.local.type === T.Identifier ? s.local.name : String(s.local.value);
        const outer = s.exported.type === T.Identifier ? s.exported.name : String(s.exported.value);
        if (source ? source.asyncFunctions.has(inner) : local.has(inner)) out.asyncFunctions.add(outer);
      }
    } else if (stmt.type === T.ExportAllDeclaration && !stmt.exported) {
      for (const n of from(stmt.source.value).asyncFunctions) out.asyncFunctions.add(n);
    } else if (stmt.type === T.ExpressionStatement && stmt.expression.type === T.AssignmentExpression) {
      // CommonJS: `exports.f = async …`, `module.exports.f = f`, `module.exports = { f }`.
      const { left, right } = stmt.expression;
      const target = left.type === T.MemberExpression ? left : undefined;
      const isExports = (n: TSESTree.Node): boolean =>
        (n.type === T.Identifier && n.name === 'exports') ||
        (n.type === T.MemberExpression && !n.computed && n.object.type === T.Identifier && n.object.name === 'module' && n.property.type === T.Identifier && n.property.name === 'exports');
      const asyncValue = (v: TSESTree.Node): boolean => returnsPromise(v) || (v.type === T.Identifier && local.has(v.name));
      if (target && !target.computed && target.property.type === T.Identifier && isExports(target.object)) {
        if (asyncValue(right)) out.asyncFunctions.add(target.property.name);
      } else if (target && isExports(target) && right.type === T.ObjectExpression) {
        for (const p of right.properties) {
          if (p.type === T.Property && !p.computed && p.key.type === T.Identifier && asyncValue(p.value)) out.asyncFunctions.add(p.key.name);
        }
      }
    }
  }
  cache.delete(path);
  cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, exports: out, deps });
  for (const [p, st] of deps) used.set(p, st);
  if (cache.size > CACHE_SIZE) {
    const first = cache.keys().next();
    if (!first.done) cache.delete(first.value);
  }
  return out;
}

/**
 * Local names of `program` bound to functions that return a promise: its own
 * (`async`, or declared `Promise<…>`) and those imported from relative
 * modules (`import { save } from './io.js'`, `const { save } = require('./io')`).
 * Never throws: an unreadable or unparsable module contributes nothing.
 * Every file read (or found cached) is recorded in `used` with its stamp.
 */
export function asyncFunctionNames(program: TSESTree.Program, filename: string, used: Map<string, FileStamp> = new Map()): Set<string> {
  const out = localAsyncFunctions(program);
  const load = (spec: string): ModuleExports | undefined => {
    const target = resolveRelative(filename, spec, used);
    return target ? exportsOf(target, 1, new Set([filename]), used) : undefined;
  };
  for (const stmt of program.body) {
    if (stmt.type === T.ImportDeclaration && stmt.importKind !== 'type') {
      const specs = stmt.specifiers.filter((s) => s.type === T.ImportSpecifier);
      if (specs.length === 0) continue;
      const ex = load(stmt.source.value);
      if (!ex) continue;
      for (const s of specs) {
        const imported = s.imported.type === T.Identifier ? s.imported.name : String(s.imported.value);
        if (ex.asyncFunctions.has(imported)) out.add(s.local.name);
      }
    } else if (stmt.type === T.VariableDeclaration) {
      for (const d of stmt.declarations) {
        const init = d.init;
        if (
          init?.type === T.CallExpression &&
          init.callee.type === T.Identifier &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === T.Literal &&
          typeof init.arguments[0].value === 'string' &&
          d.id.type === T.ObjectPattern
        ) {
          const ex = load(init.arguments[0].value);
          if (!ex) continue;
          for (const p of d.id.properties) {
            if (p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.value.type === T.Identifier && ex.asyncFunctions.has(p.key.name)) {
              out.add(p.value.name);
            }
          }
        }
      }
    }
  }
  return out;
}
