/**
 * The one place where analysis findings become ESLint reports. Every rule is
 * this adapter filtered to one check: the core analyses a file once (it
 * caches per program object) and each rule reports its own findings.
 */
import { dirname } from 'node:path';
import {
  LockctxConfigError,
  analyzeProgram,
  findConfig,
  mergeConfig,
  oracleFromProgram,
  parseConfig,
} from '@lockctx/analysis';
import type {
  CheckId,
  FileAnalysis,
  Finding,
  LockctxSettings,
  TextEdit,
  LockctxConfig,
  TypeOracle,
} from '@lockctx/analysis';
import type { TSESLint } from '@typescript-eslint/utils';

import { reportInternalError } from './internal-error.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The listener of a rule that reports the findings of `check` for which
 * `keep` (the rule's options) says yes. An internal error of the analysis or
 * of the conversion never reaches ESLint: the rule reports nothing for the
 * file and the error goes to {@link reportInternalError}.
 */
export function findingsListener(
  context: Context,
  check: CheckId,
  keep: (finding: Finding) => boolean = () => true,
): TSESLint.RuleListener {
  const settings = settingsOf(context);
  return {
    Program(program): void {
      try {
        const types = typeOracle(context);
        const analysis: FileAnalysis = analyzeProgram(
          program,
          context.sourceCode.text,
          types === undefined
            ? { filename: context.filename, settings }
            : { filename: context.filename, settings, types },
        );
        if (analysis.internalError !== undefined) {
          throw new Error(`analysis failed: ${analysis.internalError}`);
        }
        const descriptors = analysis.findings
          .filter((finding) => finding.check === check && keep(finding))
          .map(toDescriptor);
        for (const descriptor of descriptors) context.report(descriptor);
      } catch (error) {
        reportInternalError(error, { rule: check, filename: context.filename });
      }
    },
  };
}

/**
 * Type information for the analysis when the file was parsed by
 * typescript-eslint with a project (`parserOptions.projectService` or
 * `project`, as in `recommended-type-checked`); undefined otherwise, and
 * the analysis then works by syntax alone.
 */
export function typeOracle(context: Context): TypeOracle | undefined {
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  return oracleFromProgram(services.program, services.esTreeNodeToTSNodeMap);
}

/** A finding as an ESLint report: same range, message, fix and suggestions. */
export function toDescriptor(
  finding: Finding,
): TSESLint.ReportDescriptor<string> {
  return {
    loc: finding.loc,
    messageId: finding.messageId,
    data: finding.data,
    fix: finding.fix === undefined ? null : toFix(finding.fix),
    suggest: finding.suggestions?.map((suggestion) => ({
      messageId: suggestion.messageId,
      data: suggestion.data,
      fix: toFix(suggestion.edits),
    })),
  };
}

function toFix(edits: readonly TextEdit[]): TSESLint.ReportFixFunction {
  return (fixer) =>
    edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}

/**
 * The settings of the file being linted, read once per lint of the file:
 * every rule of one pass shares the file's `SourceCode` object.
 */
const perSource = new WeakMap<object, LockctxSettings | undefined>();

function settingsOf(context: Context): LockctxSettings | undefined {
  const key = context.sourceCode;
  if (perSource.has(key)) return perSource.get(key);
  const settings = readSettings(context.settings, context.filename);
  perSource.set(key, settings);
  return settings;
}

/** Validated `settings.lockctx` objects, by identity (ESLint shares one per config). */
const validated = new WeakMap<object, LockctxConfig>();

/**
 * The analysis settings for `filename`: the nearest `lockctx.json` above the
 * file (up to the project root; see `findConfig`) with `settings.lockctx` of
 * the ESLint config merged over it (its `presets` replace the file's, its
 * `locks` replace the file's locks of the same id and add the others). Both
 * are data only and are validated by the analysis core's `parseConfig`.
 *
 * @throws LockctxConfigError when either is invalid, naming every problem
 *   with its origin and JSON path: a configuration mistake is reported at
 *   once, never silently ignored.
 */
export function readSettings(
  settings: Readonly<Record<string, unknown>>,
  filename?: string,
): LockctxSettings | undefined {
  const value = settings['lockctx'];
  let fromEslint: LockctxConfig | undefined;
  if (value !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(
        `lockctx: \`settings.lockctx\` must be an object such as { locks: [] }, got ${
          Array.isArray(value) ? 'an array' : JSON.stringify(value)
        }.`,
      );
    }
    fromEslint = validated.get(value);
    if (fromEslint === undefined) {
      const result = parseConfig(value, 'settings.lockctx');
      if (!result.ok) throw new LockctxConfigError(result.problems);
      fromEslint = result.config;
      validated.set(value, fromEslint);
    }
  }
  let fromFile: LockctxConfig | undefined;
  if (filename !== undefined && isAbsolutePath(filename)) {
    const found = findConfig(dirname(filename));
    if (found !== undefined) {
      if (!found.result.ok) throw new LockctxConfigError(found.result.problems);
      fromFile = found.result.config;
    }
  }
  if (fromEslint === undefined && fromFile === undefined) return undefined;
  const merged = mergeConfig(fromFile, fromEslint);
  const out: LockctxSettings = {};
  if (merged.presets !== undefined) out.presets = merged.presets;
  if (merged.locks !== undefined) out.locks = merged.locks;
  return out;
}

/** ESLint gives `<input>` or `<text>` for text without a file. */
function isAbsolutePath(filename: string): boolean {
  return filename.startsWith('/') || /^[A-Za-z]:[\\/]/.test(filename);
}
