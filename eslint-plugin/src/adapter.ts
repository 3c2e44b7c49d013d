/**
 * The one place where analysis findings become ESLint reports. Every rule is
 * this adapter filtered to one check: the core analyses a file once (it
 * caches per program object) and each rule reports its own findings.
 */
import { analyzeProgram } from '@lockctx/analysis';
import type {
  CheckId,
  FileAnalysis,
  Finding,
  LockctxSettings,
  TextEdit,
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
  const settings = readSettings(context.settings);
  return {
    Program(program): void {
      try {
        const analysis: FileAnalysis = analyzeProgram(
          program,
          context.sourceCode.text,
          { filename: context.filename, settings },
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
 * `settings.lockctx` of the ESLint config. A wrong shape is a configuration
 * mistake: it is reported at once, with what was expected.
 */
export function readSettings(
  settings: Readonly<Record<string, unknown>>,
): LockctxSettings | undefined {
  const value = settings['lockctx'];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `lockctx: \`settings.lockctx\` must be an object such as { locks: [] }, got ${
        Array.isArray(value) ? 'an array' : JSON.stringify(value)
      }.`,
    );
  }
  return value as LockctxSettings;
}
