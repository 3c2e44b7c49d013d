/**
 * What type information adds to the analysis, as a small interface the core
 * consults when a host has it (the ESLint plugin under
 * `recommended-type-checked`, a language server with a TypeScript program).
 * Without an oracle the core works by syntax and shape alone, exactly as
 * before; with one, guards, lockables and library locks are found through
 * any alias, generic, return type or base type, and calls resolve to the
 * declaration the checker picks (methods, aliases, packages with `.d.ts`).
 *
 * An oracle answers for the nodes of ONE file's syntax tree and holds no
 * state across files (ESLint may lint files in several workers).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { LockSpec } from '../lockspec/types.js';

/** What the type of an expression, binding or type annotation says. */
export type TypeKind = 'guard' | 'cursor' | 'lockable' | 'library-lock';

/** A parameter of a resolved callee whose declared type is a lock type. */
export interface TypedParam {
  index: number;
  name: string;
  kind: TypeKind;
  /** Where the parameter is declared (1-based line, 0-based column). */
  line: number;
  column: number;
}

/** The declaration a call resolves to through the type checker. */
export interface CalleeRef {
  /** The absolute path of the file that declares the callee. */
  file: string;
  /**
   * The name the core's summaries use for it: `f`, `Class.prototype.m`,
   * `Class.m` (static); undefined for a callee with no such name (an
   * interface member, an object-literal method).
   */
  name: string | undefined;
  /** The declaration has a body the core can summarise (not a `.d.ts` signature). */
  hasBody: boolean;
  /** Parameters declared as guards, cursors or locks. */
  params: TypedParam[];
}

/** Type information for one file, as the core needs it. */
export interface TypeOracle {
  /**
   * The lock kind of a node's type: an expression, a binding identifier or a
   * type annotation (`: G`, where `type G = Guard<number>`). Undefined when
   * the type is not a lock type, is `any`, or is unknown.
   */
  guardKind(node: TSESTree.Node): TypeKind | undefined;
  /** The lock spec of a library lock (`async-mutex`'s `MutexInterface`…). */
  lockSpecOf(node: TSESTree.Node): LockSpec | undefined;
  /** The declaration a call resolves to, when the checker knows it. */
  resolveCallee(call: TSESTree.CallExpression): CalleeRef | undefined;
  /**
   * The file may use a lock through types only: the program declares a
   * lock type and the file imports something. When false the core's cheap
   * text pre-scan decides, as without types.
   */
  mayUseLockTypes(): boolean;
}
