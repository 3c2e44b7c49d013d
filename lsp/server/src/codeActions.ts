/**
 * Code actions: every fix and suggestion of the core as a quick fix, "disable
 * for this line", and `source.fixAll.lockctx` for fix-on-save. Actions carry
 * their edits directly (no server-side command), which every client applies
 * the same way. Fix-all applies the automatic fixes that do not overlap, in
 * one pass: it runs on save, so it must stay cheap.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';

import type { Finding, TextEdit } from '@lockctx/analysis';

import { editToLsp, positionToOffset, rangesTouch } from './convert.js';
import { diagnosticData, SOURCE } from './diagnostics.js';
import {
  disableLineComment,
  disableNextLineComment,
} from './directives.js';
import type { AnalysisResult } from './documents.js';
import type { ServerSettings } from './settings.js';

/** The fix-all kind of this server (`editor.codeActionsOnSave` key). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lockctx`;

/** The kinds the server offers, for `codeActionProvider.codeActionKinds`. */
export const CODE_ACTION_KINDS: readonly string[] = [
  CodeActionKind.QuickFix,
  FIX_ALL_KIND,
];

/**
 * The actions for a request on an analysed document. `visible` are the
 * findings the user sees (rules on, lines not disabled).
 */
export function codeActions(
  uri: string,
  result: AnalysisResult,
  visible: readonly Finding[],
  params: CodeActionParams,
  settings: ServerSettings,
): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (only !== undefined && only.length > 0 && requested(only, FIX_ALL_KIND)) {
    const fixAll = fixAllAction(uri, result, visible);
    if (fixAll !== undefined) actions.push(fixAll);
  }
  if (only !== undefined && only.length > 0 && !requested(only, CodeActionKind.QuickFix)) {
    return actions;
  }
  const { doc } = result;
  const range: [number, number] = [
    positionToOffset(doc, params.range.start),
    positionToOffset(doc, params.range.end),
  ];
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
  for (const finding of visible) {
    if (!rangesTouch(finding.range, range)) continue;
    const diagnostic = matchingDiagnostic(finding, ours, result);
    if (ours.length > 0 && diagnostic === undefined) continue;
    const diagnostics = diagnostic !== undefined ? [diagnostic] : undefined;
    if (finding.fix !== undefined && finding.fix.length > 0) {
      actions.push({
        title: `Fix this ${finding.check} problem`,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        ...(diagnostics !== undefined ? { diagnostics } : {}),
        edit: { changes: { [uri]: toLspEdits(result, finding.fix) } },
      });
    }
    for (const suggestion of finding.suggestions ?? []) {
      actions.push({
        title: suggestion.desc,
        kind: CodeActionKind.QuickFix,
        ...(diagnostics !== undefined ? { diagnostics } : {}),
        edit: { changes: { [uri]: toLspEdits(result, suggestion.edits) } },
      });
    }
    actions.push({
      title: `Disable ${finding.check} for this line`,
      kind: CodeActionKind.QuickFix,
      ...(diagnostics !== undefined ? { diagnostics } : {}),
      edit: { changes: { [uri]: [disableEdit(result, finding, settings)] } },
    });
  }
  const fixable = visible.filter((f) => f.fix !== undefined && f.fix.length > 0);
  if (actions.length > 0 && fixable.length > 1) {
    const fixAll = fixAllAction(uri, result, visible);
    if (fixAll !== undefined) {
      actions.push({
        ...fixAll,
        title: 'Fix all auto-fixable lockctx problems',
        kind: CodeActionKind.QuickFix,
      });
    }
  }
  return dedupe(actions);
}

/**
 * `source.fixAll.lockctx`: the automatic fixes of all visible findings that
 * do not overlap an earlier one, or undefined when there is nothing to fix.
 */
export function fixAllAction(
  uri: string,
  result: AnalysisResult,
  visible: readonly Finding[],
): CodeAction | undefined {
  const edits = fixAllEdits(visible);
  if (edits.length === 0) return undefined;
  return {
    title: 'lockctx: fix all auto-fixable problems',
    kind: FIX_ALL_KIND,
    edit: { changes: { [uri]: toLspEdits(result, edits) } },
  };
}

/** Non-overlapping automatic fixes, in text order. */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const fixes = findings
    .filter((f): f is Finding & { fix: TextEdit[] } => (f.fix?.length ?? 0) > 0)
    .map((f) => ({
      edits: f.fix,
      start: Math.min(...f.fix.map((e) => e.range[0])),
      end: Math.max(...f.fix.map((e) => e.range[1])),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  // As ESLint's fixer: a fix that starts at or before the end of the last
  // applied one is left for the next run.
  let last = Number.NEGATIVE_INFINITY;
  for (const fix of fixes) {
    if (fix.start <= last) continue;
    out.push(...fix.edits);
    last = fix.end;
  }
  return out;
}

/** Whether kind `kind` is asked for by an `only` list (prefix match by dots). */
function requested(only: readonly string[], kind: string): boolean {
  return only.some((o) => o === kind || kind.startsWith(`${o}.`) || o === '');
}

function toLspEdits(result: AnalysisResult, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => editToLsp(result.doc, e));
}

/** The client's diagnostic for `finding`, matched by our `data` key or by position. */
function matchingDiagnostic(
  finding: Finding,
  diagnostics: readonly Diagnostic[],
  result: AnalysisResult,
): Diagnostic | undefined {
  const start = result.doc.positionAt(finding.range[0]);
  return diagnostics.find((d) => {
    const data = diagnosticData(d);
    if (data !== undefined && data.version === result.version) {
      return (
        data.check === finding.check &&
        data.messageId === finding.messageId &&
        data.range[0] === finding.range[0] &&
        data.range[1] === finding.range[1]
      );
    }
    return (
      d.code === finding.check &&
      d.range.start.line === start.line &&
      d.range.start.character === start.character
    );
  });
}

/** The edit that adds a disable comment for the finding's line. */
function disableEdit(
  result: AnalysisResult,
  finding: Finding,
  settings: ServerSettings,
): LspTextEdit {
  const { doc } = result;
  const text = doc.getText();
  const line = doc.positionAt(finding.range[0]).line;
  const lineStart = doc.offsetAt({ line, character: 0 });
  const next = doc.offsetAt({ line: line + 1, character: 0 });
  const lineText = text.slice(lineStart, next).replace(/\r?\n$|\r$/, '');
  if (settings.codeAction.disableRuleComment.location === 'sameLine') {
    const end = { line, character: lineText.length };
    return {
      range: { start: end, end },
      newText: ` ${disableLineComment(finding.check)}`,
    };
  }
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const start = { line, character: 0 };
  return {
    range: { start, end: start },
    newText: `${indent}${disableNextLineComment(finding.check)}${eol}`,
  };
}

/** Drops repeated actions (two findings on a line give one disable action). */
function dedupe(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = `${a.title}\u0000${JSON.stringify(a.edit)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
