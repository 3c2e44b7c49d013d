/**
 * The one place where positions change shape.
 *
 * The core speaks in 0-based offsets into the text (`range`) and ESLint-style
 * locations; LSP speaks in 0-based lines and UTF-16 characters. Everything the
 * server sends or receives goes through the functions below, which use the
 * document's own line index (LSP line breaks: `\n`, `\r\n`, `\r`), so the
 * editor and the server always agree on where a line starts.
 */
import type {
  Position as LspPosition,
  Range as LspRange,
  TextEdit as LspTextEdit,
} from 'vscode-languageserver';

import type { Span, TextEdit } from '@lockctx/analysis';

/** What the conversions need from a document: its line index. */
export interface LineIndex {
  positionAt(offset: number): LspPosition;
  offsetAt(position: LspPosition): number;
}

/** The LSP range of a core span. */
export function spanToRange(doc: LineIndex, span: Span): LspRange {
  return offsetsToRange(doc, span.range[0], span.range[1]);
}

/** The LSP range of a pair of offsets. */
export function offsetsToRange(
  doc: LineIndex,
  start: number,
  end: number,
): LspRange {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** The offset of an LSP position (clamped to the text by the document). */
export function positionToOffset(doc: LineIndex, position: LspPosition): number {
  return doc.offsetAt(position);
}

/** A core edit as an LSP edit. */
export function editToLsp(doc: LineIndex, edit: TextEdit): LspTextEdit {
  return {
    range: offsetsToRange(doc, edit.range[0], edit.range[1]),
    newText: edit.text,
  };
}

/** Whether two offset ranges overlap or touch (an empty range at a border counts). */
export function rangesTouch(
  a: readonly [number, number],
  b: readonly [number, number],
): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** Whether LSP range `inner` is inside `outer` (borders included). */
export function rangeContains(outer: LspRange, inner: LspRange): boolean {
  return (
    comparePositions(outer.start, inner.start) <= 0 &&
    comparePositions(inner.end, outer.end) <= 0
  );
}

/** Orders two LSP positions. */
export function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}
