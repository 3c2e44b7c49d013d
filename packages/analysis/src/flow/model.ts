import type { TSESTree } from '@typescript-eslint/types';
import type { LockScopeInfo } from '../types.js';

/** A place where a guard comes to life: `xa.lock()`, a `withLock` callback, a guard parameter. */
export interface GuardSite {
  /** The offset of the acquiring node: unique in a file. */
  id: number;
  /** The lock, as written (`xa`, `this.cache`). */
  lock: string;
  kind: 'using' | 'callback' | 'explicit' | 'param';
  /** The acquiring expression (or the parameter). */
  start: number;
  end: number;
  /** The guard variable or parameter name ('' when discarded). */
  name: string;
  /** The line where the lock is taken. */
  line: number;
  /** The declaration of the guard, for fixes (`const g = xa.lock()`). */
  decl?: TSESTree.VariableDeclaration;
  /** The scope record handed to hosts (absent for parameters). */
  scope?: LockScopeInfo;
  /** The lock is a spin lock (must not cross a suspension point). */
  spin: boolean;
  /** The lock library's spec id, for locks of a library (absent: the XArray). */
  lib?: string;
  /** Release methods of a library guard handle (redlock's `unlock`); absent: the preset's. */
  libRelease?: readonly string[];
  /** A `withLock` given an async or generator callback (reported once, at the callback). */
  asyncCallback?: boolean;
  /** The statement list holding the guard's declaration, and its index there. */
  list?: StmtList;
  /** For `using` guards: the offsets of the rest of the block (variables declared outside outlive it). */
  scopeRangeAt?: [number, number];
}

/** A list of statements being run, and the index of the current one. */
export interface StmtList {
  body: readonly (TSESTree.Statement | TSESTree.ProgramStatement)[];
  index: number;
  /** The list is the body of a block or program (where `using` may be declared). */
  block: boolean;
}

/** How a guard was released, for messages. */
export type ReleaseHow = 'unlock' | 'using' | 'callback' | 'callee';

export interface Release {
  start: number;
  end: number;
  how: ReleaseHow;
  /** The callee that released it, when `how` is `callee`. */
  callee?: string;
}

/** Words for a release, used in messages. */
export function releaseWords(how: ReleaseHow, callee?: string): string {
  switch (how) {
    case 'unlock':
      return 'by unlock()';
    case 'using':
      return 'at the end of its using block';
    case 'callback':
      return 'when its withLock callback returned';
    case 'callee':
      return `by ${callee ?? 'a callee'}`;
  }
}
