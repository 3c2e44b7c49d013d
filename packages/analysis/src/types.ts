/**
 * The data the analysis core hands to its hosts (the ESLint plugin, the
 * language server, the CLI). Everything here is plain data: no host types,
 * no functions except {@link FileAnalysis.lockStateAt}.
 *
 * Positions follow ESLint: `line` is 1-based, `column` is 0-based and counts
 * UTF-16 code units; `range` is a pair of 0-based offsets into the text.
 */

import type { TypeOracle } from './typed/oracle.js';

/** The stable id of every check; the ESLint rule is `lockctx/<id>`. */
export type CheckId =
  | 'no-use-after-unlock'
  | 'no-guard-escape'
  | 'no-await-while-locked'
  | 'no-stale-lock-value'
  | 'no-lock-leak'
  | 'no-self-deadlock'
  | 'require-guard'
  | 'no-unawaited-in-lock'
  | 'lock-order'
  | 'no-lease-expiry';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

/** A span of the analysed text. */
export interface Span {
  range: [number, number];
  loc: SourceLocation;
}

/** One replacement of the text in `range` by `text`. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/** A location that explains a finding: where the lock was taken, released… */
export interface RelatedLocation extends Span {
  message: string;
  /**
   * The file the span is in, by base name, when it is not the analysed file
   * (evidence from an imported module's summary).
   */
  file?: string;
}

export interface Suggestion {
  messageId: string;
  data: Record<string, string>;
  /** The rendered description, ready to show. */
  desc: string;
  edits: TextEdit[];
}

/** One report of one check. */
export interface Finding extends Span {
  check: CheckId;
  messageId: string;
  data: Record<string, string>;
  /** The rendered message (the catalogue's template filled with `data`). */
  message: string;
  related: RelatedLocation[];
  /** A fix that is always safe to apply automatically. */
  fix?: TextEdit[];
  /** Fixes that change behaviour and need a person to choose them. */
  suggestions?: Suggestion[];
  /** The span is dead or redundant code (an editor may fade it). */
  unnecessary?: boolean;
}

/** What is known about one lock at one point of the program. */
export interface LockStateInfo {
  /** The lock, as written: the receiver expression (`xa`, `this.cache`) or a lock name. */
  lock: string;
  /** `held` on every path, `maybe` on some paths only, `released` on every path. */
  state: 'held' | 'maybe' | 'released';
  /** Where it was taken (the acquiring expression). */
  acquired?: RelatedLocation;
  /** Where it was last released, when `state` is `released` or `maybe`. */
  released?: RelatedLocation;
}

/** A lock scope as written in the source. */
export interface LockScopeInfo {
  lock: string;
  /** `using` declaration, `withLock`-style callback, or explicit `lock()`…`unlock()`. */
  kind: 'using' | 'callback' | 'explicit';
  /** The guard variable or callback parameter, when there is one. */
  guard?: string;
  acquired: Span;
  /** Where the scope ends without a call saying so (block end, callback end). */
  implicitEnd?: Span;
  /** Explicit releases (`g.unlock()`), in source order. */
  releases: Span[];
}

/** What a function needs from its callers. */
export interface FunctionRequirement {
  /** Index of the parameter that must be a live guard. */
  param: number;
  paramName: string;
  /** Why: the first use that makes it a guard (e.g. `g.setMark` at line 2). */
  evidence: RelatedLocation;
  /** `declared` from a type annotation or JSDoc tag, `inferred` from the body. */
  source: 'declared' | 'inferred';
}

/** One function of the file and its summary. */
export interface FunctionInfo {
  /** The name a caller uses (`tagDirty`, `Cache.prototype.add`); `<anonymous>` otherwise. */
  name: string;
  /** The whole function. */
  span: Span;
  /** The name token (for code lenses and hovers). */
  nameSpan: Span;
  requires: FunctionRequirement[];
  /** Locks the function takes itself (so a caller must not hold them). */
  acquires: string[];
}

/** A call that must be given a live guard at `argument`. */
export interface GuardArgumentInfo {
  callee: string;
  /** The argument expression. */
  argument: Span;
  paramName: string;
  evidence: RelatedLocation;
}

/** Everything the core knows about one file. */
export interface FileAnalysis {
  filename: string;
  findings: Finding[];
  scopes: LockScopeInfo[];
  functions: FunctionInfo[];
  guardArguments: GuardArgumentInfo[];
  /** Lock states at a 0-based offset of the text (empty when no lock is in play). */
  lockStateAt(offset: number): LockStateInfo[];
  /** Set when the text could not be parsed; findings are then empty. */
  parseError?: string;
  /**
   * Set when the analysis itself failed on this input (a bug of the core, never
   * of the user's code); findings are then empty. Hosts log it and carry on.
   */
  internalError?: string;
  /**
   * Set when {@link AnalyzeOptions.settings} were invalid (every problem, one
   * per line); the file was then analysed with the default settings.
   */
  settingsError?: string;
}

/** How a check presents itself to hosts (rule meta, docs, settings). */
export interface CheckInfo {
  id: CheckId;
  /** One sentence, for rule docs and editor settings. */
  description: string;
  /** In `configs.recommended`. */
  recommended: boolean;
  /** Message templates by `messageId`, with `{{placeholders}}` as in ESLint. */
  messages: Record<string, string>;
  /** Some findings carry an automatic fix. */
  fixable: boolean;
  /** Some findings carry suggestions. */
  hasSuggestions: boolean;
}

/** Options every host passes to the core. */
export interface AnalyzeOptions {
  filename: string;
  /** Project settings (custom locks and the like); absent means defaults. */
  settings?: LockctxSettings;
  /**
   * Type information for the file (`oracleFromProgram` over a TypeScript
   * program): guards and locks are then found through any alias, generic or
   * return type, and calls resolve through the checker. Absent: syntax only.
   */
  types?: TypeOracle;
}

/**
 * Project-level settings: the `presets` and `locks` of `lockctx.json`, of
 * ESLint's `settings.lockctx` or of editor settings (other keys of those
 * objects are for the hosts and are ignored here).
 */
export interface LockctxSettings {
  /** The built-in lock presets to use, by id; absent: all of them. */
  presets?: string[];
  /**
   * Custom lock APIs, `LockSpec` objects as in `lockctx.json` (validated;
   * never executed).
   */
  locks?: unknown[];
}

/**
 * The summary of one function, as callers see it. Summaries are keyed by the
 * name a caller uses (see {@link FunctionInfo.name}) and are the only thing a
 * unit needs to know about the functions it calls.
 */
export interface FunctionSummary {
  name: string;
  /** Parameters that must be live guards. */
  requires: FunctionRequirement[];
  /**
   * Locks the function takes (so a caller must not hold them). A lock that is
   * a parameter is written `#<index>` (`#0` is the first parameter) so the
   * caller can map it to its argument; other locks are written as in the source.
   */
  acquires: {
    lock: string;
    evidence: RelatedLocation;
    /** Taken in shared mode only (a reader): other readers may hold it. */
    shared?: boolean;
  }[];
  /** Guard parameters the function releases (`g.unlock()`), and whether on every path. */
  releases: { param: number; always: boolean; evidence: RelatedLocation }[];
  /**
   * The function suspends its caller's callback scope: it is `async` (it may
   * await) or a generator (it may yield). A spin lock's scoped callback must
   * be neither.
   */
  mayAwait?: 'async' | 'generator';
  /** The function returns a value read under a lock (`#<index>` or a name, as in `acquires`). */
  returnsLockValue?: { lock: string; evidence: RelatedLocation };
  /** The function returns a held guard: ownership moves to the caller. */
  returnsGuard?: { lock: string; evidence: RelatedLocation };
  /** Parameters used as lockables (`p.lock()`): they are never guards. */
  lockables?: number[];
  /**
   * Locks the caller must hold (`@lockctx-requires L` where `L` is a lock,
   * not a guard parameter); named as in {@link acquires}.
   */
  requiresHeld?: { lock: string; evidence: RelatedLocation }[];
  /**
   * Locks held once the function returns, with no obligation to release
   * them (`@lockctx-asserts L`, a runtime check that the lock is held).
   */
  asserts?: { lock: string; evidence: RelatedLocation }[];
  /**
   * Locks the function takes while holding others (its lock-order edges),
   * keyed as in `acquires` (`#<index>` for a parameter's lock).
   */
  orderEdges?: LockOrderEdge[];
}

/**
 * One edge of a lock-order graph: `taken` is acquired while `held` is held.
 * Locks are graph keys (module-level locks as written, `Class:this.x` for a
 * field, `#<index>` for a parameter in summaries); names are as written.
 */
export interface LockOrderEdge {
  held: string;
  taken: string;
  heldName: string;
  takenName: string;
  /** The lock is held / taken for reading (shared); absent: exclusive. */
  heldShared?: boolean;
  takenShared?: boolean;
  /** Where `taken` is acquired, or the call that acquires it. */
  at: RelatedLocation;
  /** Where `held` was taken, when that is in the same function. */
  heldAt?: RelatedLocation;
  /** `held` is held on every path to `at` (else on some paths only). */
  every: boolean;
  /**
   * The acquisition happens in a callee: its name, why (`evidence`), and
   * whether the callee also holds `held` itself (`inside`).
   */
  via?: { callee: string; evidence: RelatedLocation; inside: boolean };
}

/**
 * A unit of analysis: one top-level function, class, or declaration of a
 * function, or the rest of the module's top-level statements (one unit keyed
 * `<module>`). The language server re-runs only the units whose text or whose
 * callees' summaries changed.
 */
export interface AnalysisUnit {
  /** Stable key: `function:<name>`, `class:<name>`, `<module>`, or `<n>:<offset>`. */
  key: string;
  /** The top-level statements of the unit, in source order. */
  range: [number, number];
}

/** What {@link AnalysisUnit} summarisation yields: the summaries of the functions it declares. */
export interface UnitSummary {
  key: string;
  functions: FunctionSummary[];
  /** Function names the unit calls (so a host knows which summaries it depends on). */
  calls: string[];
  /** The unit mentions a lock at all; false means checking it finds nothing. */
  lockish: boolean;
}

/** What checking one unit yields. */
export interface UnitResult {
  key: string;
  findings: Finding[];
  scopes: LockScopeInfo[];
  functions: FunctionInfo[];
  guardArguments: GuardArgumentInfo[];
  /** Lock states at statement granularity, for {@link FileAnalysis.lockStateAt}. */
  states: LockStateSnapshot[];
  /** Lock-order edges of the unit, located in this file (the file's graph). */
  orderEdges?: LockOrderEdge[];
  /** Lock-order edges of each named function, as its summary states them. */
  functionOrderEdges?: Record<string, LockOrderEdge[]>;
}

/** The lock states inside one statement (`range`), as recorded by the core. */
export interface LockStateSnapshot {
  range: [number, number];
  locks: LockStateInfo[];
}
