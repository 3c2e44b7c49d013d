/**
 * Inlay hints: where a lock scope ends without a call saying so (the end of a
 * `using` block, the end of a `withLock` callback), and before arguments that
 * must be live guards. Labels are short plain text (no emoji: not every
 * editor font has them); the explanation is in the tooltip.
 */
import {
  InlayHintKind,
  MarkupKind,
  type InlayHint,
} from 'vscode-languageserver';

import type { AnalysisResult } from './documents.js';
import type { ServerSettings } from './settings.js';

/** The hints of an analysed document between offsets `from` and `to`. */
export function inlayHints(
  result: AnalysisResult,
  from: number,
  to: number,
  settings: ServerSettings,
): InlayHint[] {
  const { analysis, doc } = result;
  const hints: InlayHint[] = [];
  const inside = (offset: number): boolean => offset >= from && offset <= to;
  if (settings.inlayHints.scopeEnds) {
    for (const scope of analysis.scopes) {
      const end = scope.implicitEnd;
      if (end === undefined || !inside(end.range[1])) continue;
      const taken = doc.positionAt(scope.acquired.range[0]).line + 1;
      const how =
        scope.kind === 'using'
          ? `the \`using\` block of \`${scope.guard ?? scope.lock}\` ends`
          : scope.kind === 'callback'
            ? 'the callback returns'
            : 'the scope ends';
      hints.push({
        position: doc.positionAt(end.range[1]),
        label: `${scope.lock} unlocked`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: {
          kind: MarkupKind.Markdown,
          value: `\`${scope.lock}\` (taken at line ${taken}) is released here: ${how}.`,
        },
      });
    }
  }
  if (settings.inlayHints.guardArguments) {
    for (const arg of analysis.guardArguments) {
      if (!inside(arg.argument.range[0])) continue;
      hints.push({
        position: doc.positionAt(arg.argument.range[0]),
        label: 'guard:',
        kind: InlayHintKind.Parameter,
        paddingRight: true,
        tooltip: {
          kind: MarkupKind.Markdown,
          value: `\`${arg.callee}\` needs a live guard for \`${arg.paramName}\`: ${arg.evidence.message}.`,
        },
      });
    }
  }
  return hints.sort(
    (a, b) =>
      a.position.line - b.position.line ||
      a.position.character - b.position.character,
  );
}
