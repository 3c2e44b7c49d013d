import type { CheckId, LockctxConfig } from '@lockctx/analysis';

/**
 * One expected finding. Positions follow ESLint's RuleTester: `line` and
 * `column` are 1-based, `endLine`/`endColumn` point just past the range.
 */
export interface ExpectedFinding {
  check: CheckId;
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The message data, when the case asserts it. */
  data?: Record<string, string>;
  /** The whole text after applying this finding's fix alone. */
  fix?: string;
  /** Every suggestion, with the whole text after applying it. */
  suggestions?: { messageId: string; output: string }[];
}

/** One case: a source text and every finding of every check on it. */
export interface Case {
  name: string;
  /** Why the case is valid or invalid, in one sentence. */
  why: string;
  /** The check the case is about (it is valid or invalid for that check). */
  rule: CheckId;
  /** `x.js`, `x.ts`, `x.tsx`…: the language comes from the extension. */
  filename: string;
  code: string;
  /** Every finding of every check, in source order. */
  findings: ExpectedFinding[];
  /** A known gap of the analysis: the findings are what it should report. */
  todo?: string;
  /**
   * Other files of the case, beside `filename`, by relative path: the case
   * is a small project (imports between its files are followed). Hosts
   * write them to a directory before analysing `filename` there.
   */
  files?: Record<string, string>;
  /**
   * Project settings the case needs: a `lockctx.json` (its `presets` and
   * custom `locks`). Hosts pass it as they would in a project: the core as
   * `AnalyzeOptions.settings`, ESLint as `settings.lockctx`, the command line
   * as a `lockctx.json` beside the file, the language server through its
   * configuration.
   */
  settings?: Pick<LockctxConfig, 'presets' | 'locks'>;
}
