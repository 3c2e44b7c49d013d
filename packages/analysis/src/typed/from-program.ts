/**
 * A {@link TypeOracle} over a TypeScript `Program` and the map from the
 * ESTree nodes of one file to the TypeScript nodes they came from (what
 * typescript-eslint's parser services give: `program`,
 * `esTreeNodeToTSNodeMap`).
 *
 * A type is a guard, lockable or cursor when its symbol, after alias
 * resolution, through unions whose every member agrees (`null` and
 * `undefined` aside), intersections, type-parameter constraints and base
 * classes or interfaces, is the XArray preset's type of that name declared
 * in `@lockctx/xarray`. A library lock is a type a lock preset names as its
 * lockable (`async-mutex`'s `Mutex`/`MutexInterface`…), declared in that
 * package. Answers are memoised per type for the life of the oracle, which
 * is one file's analysis.
 *
 * Only `import type` of TypeScript: the checker's own objects carry every
 * method used here, so the core needs no run-time TypeScript of its own.
 */
import type { TSESTree } from '@typescript-eslint/types';
import type * as ts from 'typescript';
import type { LockSpec } from '../lockspec/types.js';
import { LIBRARY_SPECS } from '../presets/library.js';
import { XARRAY_PRESET } from '../presets/xarray.js';
import type { CalleeRef, TypeKind, TypeOracle, TypedParam } from './oracle.js';

/** The ESTree-to-TypeScript node map of typescript-eslint's parser services. */
export interface EsTreeToTsMap {
  get(node: TSESTree.Node): ts.Node | undefined;
}

/** Declarations of the XArray package: its sources, its build, or its install. */
const XARRAY_FILE = /[\\/](?:@lockctx[\\/]xarray|xarray)[\\/](?:dist|src)[\\/][^\\/]+$/;
/** The package a file belongs to, from its last `node_modules` segment. */
const PACKAGE = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/;
/** TypeScript's own `lib.*.d.ts` (global types such as `LockManager`). */
const TS_LIB = /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/;

interface Answer {
  kind: TypeKind;
  spec?: LockSpec;
}

interface TypeSourceEntry {
  pkg: string | undefined;
  name: string;
  spec: LockSpec;
}

/** The lockable types of the lock presets, by their last name segment. */
function lockableTypes(specs: readonly LockSpec[]): Map<string, TypeSourceEntry[]> {
  const out = new Map<string, TypeSourceEntry[]>();
  for (const spec of specs) {
    for (const s of spec.sources) {
      if (s.from !== 'type' || s.role !== 'lockable') continue;
      const last = s.name.slice(s.name.lastIndexOf('.') + 1);
      const list = out.get(last) ?? [];
      list.push({ pkg: s.package, name: s.name, spec });
      out.set(last, list);
    }
  }
  return out;
}

const LOCKABLES = lockableTypes(LIBRARY_SPECS);
const LOCK_PACKAGES = new Set(
  [...LOCKABLES.values()].flat().flatMap((e) => (e.pkg === undefined ? [] : [e.pkg])),
);

/** Whether a program declares any lock type at all, per program object. */
const programHasLocks = new WeakMap<ts.Program, boolean>();

function declaresLocks(program: ts.Program): boolean {
  let has = programHasLocks.get(program);
  if (has === undefined) {
    has = program.getSourceFiles().some((sf) => {
      if (XARRAY_FILE.test(sf.fileName)) return true;
      const pkg = PACKAGE.exec(sf.fileName)?.[1]?.replace(/\\/g, '/');
      return pkg !== undefined && LOCK_PACKAGES.has(pkg);
    });
    programHasLocks.set(program, has);
  }
  return has;
}

/**
 * Builds the oracle for one file of `program`. `map` takes that file's
 * ESTree nodes to TypeScript nodes. Never throws on user code: a checker
 * failure makes a question unanswered (undefined).
 */
export function oracleFromProgram(program: ts.Program, map: EsTreeToTsMap): TypeOracle {
  const checker = program.getTypeChecker();
  const anyFlags = checker.getAnyType().flags;
  const nullish = checker.getUndefinedType().flags | checker.getNullType().flags | checker.getVoidType().flags;
  const memo = new Map<ts.Type, Answer | null>();

  const bySymbol = (sym: ts.Symbol): Answer | null => {
    const name = sym.getName();
    for (const decl of sym.getDeclarations() ?? []) {
      const file = decl.getSourceFile().fileName;
      if (XARRAY_FILE.test(file)) {
        const t = XARRAY_PRESET.types;
        if (name === t.guard) return { kind: 'guard' };
        if (name === t.lockable) return { kind: 'lockable' };
        if (t.cursor !== undefined && name === t.cursor) return { kind: 'cursor' };
      }
      const entries = LOCKABLES.get(name);
      if (!entries) continue;
      const pkg = PACKAGE.exec(file)?.[1]?.replace(/\\/g, '/');
      for (const e of entries) {
        if (e.pkg === undefined ? TS_LIB.test(file) : e.pkg === pkg) return { kind: 'library-lock', spec: e.spec };
      }
    }
    return null;
  };

  const classify = (type: ts.Type, depth: number): Answer | null => {
    const hit = memo.get(type);
    if (hit !== undefined) return hit;
    memo.set(type, null); // recursive types stop here
    let out: Answer | null = null;
    if (depth <= 8 && (type.flags & anyFlags) === 0) {
      if (type.isUnion()) {
        const members = type.types.filter((t) => (t.flags & nullish) === 0);
        const answers = members.map((t) => classify(t, depth + 1));
        const first = answers[0];
        if (first && answers.every((a) => a !== null && a.kind === first.kind && a.spec === first.spec)) out = first;
      } else if (type.isIntersection()) {
        for (const t of type.types) {
          out = classify(t, depth + 1);
          if (out) break;
        }
      } else if (type.isTypeParameter()) {
        const c = checker.getBaseConstraintOfType(type);
        if (c && c !== type) out = classify(c, depth + 1);
      } else {
        const plain = type as ts.Type; // the guards above narrow it to never
        const sym = plain.getSymbol() ?? plain.aliasSymbol;
        if (sym) out = bySymbol(sym);
        if (!out) {
          const target = 'target' in plain ? (plain as ts.TypeReference).target : plain;
          if (target.isClassOrInterface()) {
            for (const base of checker.getBaseTypes(target)) {
              out = classify(base, depth + 1);
              if (out) break;
            }
          }
        }
      }
    }
    memo.set(type, out);
    return out;
  };

  const typeOf = (node: TSESTree.Node): ts.Type | undefined => {
    if (node.type === 'TSTypeAnnotation') {
      const inner = map.get(node.typeAnnotation);
      return inner ? checker.getTypeFromTypeNode(inner as ts.TypeNode) : undefined;
    }
    const tsNode = map.get(node);
    return tsNode ? checker.getTypeAtLocation(tsNode) : undefined;
  };

  const answer = (node: TSESTree.Node): Answer | null => {
    try {
      const type = typeOf(node);
      return type ? classify(type, 0) : null;
    } catch {
      return null;
    }
  };

  const callees = new Map<ts.Node, CalleeRef>();
  const paramsOf = (decl: ts.SignatureDeclaration): TypedParam[] => {
    const sf = decl.getSourceFile();
    const out: TypedParam[] = [];
    decl.parameters.forEach((p, index) => {
      // An unannotated parameter of a declaration is `any` or inferred from
      // its default: no declared lock type.
      if (!p.type) return;
      const a = classify(checker.getTypeFromTypeNode(p.type), 0);
      if (!a) return;
      const at = sf.getLineAndCharacterOfPosition(p.name.getStart(sf));
      out.push({ index, name: p.name.getText(sf), kind: a.kind, line: at.line + 1, column: at.character });
    });
    return out;
  };

  return {
    guardKind: (node) => answer(node)?.kind,
    lockSpecOf: (node) => {
      const a = answer(node);
      return a?.kind === 'library-lock' ? a.spec : undefined;
    },
    resolveCallee: (call) => {
      try {
        const tsCall = map.get(call);
        if (!tsCall) return undefined;
        const decl = checker.getResolvedSignature(tsCall as ts.CallExpression)?.getDeclaration();
        if (!decl || !('parameters' in decl)) return undefined;
        let ref = callees.get(decl);
        if (!ref) {
          ref = {
            file: decl.getSourceFile().fileName,
            name: summaryName(decl),
            hasBody: 'body' in decl && decl.body !== undefined,
            params: paramsOf(decl),
          };
          callees.set(decl, ref);
        }
        return ref;
      } catch {
        return undefined;
      }
    },
    mayUseLockTypes: () => {
      try {
        return declaresLocks(program);
      } catch {
        return false;
      }
    },
  };
}

/** `name` of a named declaration, when it is a plain identifier (or `#private`). */
function plainName(node: ts.Node | undefined): string | undefined {
  const name = (node as { name?: { text?: unknown } } | undefined)?.name;
  return typeof name?.text === 'string' ? name.text : undefined;
}

/**
 * The name the core's summaries give a declaration: `f` for a function or
 * a function-valued variable, `C.prototype.m` / `C.m` for a class method.
 * Shapes are told apart by their fields, so no run-time TypeScript is needed.
 */
function summaryName(decl: ts.SignatureDeclaration): string | undefined {
  const own = plainName(decl);
  const parent = decl.parent as ts.Node & { members?: unknown; statements?: unknown; initializer?: unknown };
  if (parent === undefined) return undefined;
  if (parent.members !== undefined) {
    const cls = plainName(parent) ?? plainName(parent.parent);
    if (cls === undefined || own === undefined) return undefined;
    const isStatic = modifiersOf(decl).includes('static');
    return isStatic ? `${cls}.${own}` : `${cls}.prototype.${own}`;
  }
  if (parent.statements !== undefined) return own;
  if (parent.initializer === decl) return plainName(parent);
  return undefined;
}

function modifiersOf(decl: ts.Node): string[] {
  const mods = (decl as { modifiers?: readonly ts.Node[] }).modifiers ?? [];
  return mods.map((m) => m.getText(decl.getSourceFile()));
}
