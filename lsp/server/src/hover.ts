/**
 * Hover: the lock state at the cursor ("`xa` held since line 12
 * (`using g = xa.lock()`)", "`xa` not held: released at line 20") and, on a
 * call or a guard argument, what the callee requires and why.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';

import type {
  FunctionInfo,
  LockStateInfo,
  RelatedLocation,
} from '@lockctx/analysis';

import { offsetsToRange, type LineIndex } from './convert.js';
import type { AnalysisResult } from './documents.js';

/** A function summary and the document it lives in. */
export interface FunctionRef {
  uri: string;
  fn: FunctionInfo;
  /** The line index and text of the function's document. */
  doc: LineIndex & { getText(): string };
}

/** Finds the summaries of functions called `name`, this document first. */
export type FunctionLookup = (name: string) => FunctionRef[];

const IDENT = /[\p{ID_Continue}$\u200c\u200d]/u;
const MAX_SNIPPET = 60;

/** The hover at `offset` of an analysed document, or null. */
export function hoverAt(
  result: AnalysisResult,
  offset: number,
  lookup: FunctionLookup,
): Hover | null {
  const { analysis, doc } = result;
  const text = doc.getText();
  const sections: string[] = [];

  const word = identifierAt(text, offset);
  if (word !== undefined) {
    const argument = analysis.guardArguments.find(
      (g) => g.argument.range[0] <= offset && offset <= g.argument.range[1],
    );
    if (argument !== undefined) {
      sections.push(
        `\`${argument.callee}\` needs a live guard here (parameter \`${argument.paramName}\`): ${evidenceText(argument.evidence, doc)}.`,
      );
    }
    if (isCall(text, word.end)) {
      const callees = lookup(word.name).filter((r) => r.fn.requires.length > 0);
      for (const ref of callees.slice(0, 3)) sections.push(requirementText(ref));
    }
  }

  const states = analysis.lockStateAt(offset);
  if (states.length > 0) {
    sections.push(states.map((s) => `- ${stateText(s, doc)}`).join('\n'));
  }
  if (sections.length === 0) return null;
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: ['**lockctx**', ...sections].join('\n\n'),
    },
    ...(word !== undefined
      ? { range: offsetsToRange(doc, word.start, word.end) }
      : {}),
  };
}

/** One lock's state as a sentence. */
export function stateText(
  state: LockStateInfo,
  doc: LineIndex & { getText(): string },
): string {
  const lock = `\`${state.lock}\``;
  const taken =
    state.acquired !== undefined
      ? `line ${lineOf(doc, state.acquired)} (\`${snippet(doc, state.acquired)}\`)`
      : undefined;
  const released =
    state.released !== undefined
      ? `released at line ${lineOf(doc, state.released)}`
      : undefined;
  switch (state.state) {
    case 'held':
      return taken !== undefined ? `${lock} held since ${taken}` : `${lock} held`;
    case 'maybe':
      return [
        `${lock} held on some paths only`,
        taken !== undefined ? `taken at ${taken}` : undefined,
        released,
      ]
        .filter((x) => x !== undefined)
        .join('; ');
    case 'released':
      return released !== undefined
        ? `${lock} not held: ${released}`
        : `${lock} not held`;
  }
}

/** What a function requires of its callers, with the evidence. */
export function requirementText(ref: FunctionRef): string {
  const reqs = ref.fn.requires.map(
    (r) =>
      `- parameter ${r.param + 1} \`${r.paramName}\` must be a live guard (${r.source}): ${evidenceText(r.evidence, ref.doc)}`,
  );
  return [`\`${ref.fn.name}\` requires:`, ...reqs].join('\n');
}

function evidenceText(
  evidence: RelatedLocation,
  doc: LineIndex & { getText(): string },
): string {
  return `${evidence.message} (\`${snippet(doc, evidence)}\` at line ${lineOf(doc, evidence)})`;
}

/** The 1-based line of a span, in the document's own line numbering. */
function lineOf(doc: LineIndex, span: { range: [number, number] }): number {
  return doc.positionAt(span.range[0]).line + 1;
}

/**
 * The source line that holds a span, trimmed: enough to recognise the
 * statement (`using g = xa.lock()`), never the whole function.
 */
function snippet(
  doc: LineIndex & { getText(): string },
  span: { range: [number, number] },
): string {
  const start = doc.positionAt(span.range[0]);
  const lineStart = doc.offsetAt({ line: start.line, character: 0 });
  const lineEnd = doc.offsetAt({ line: start.line + 1, character: 0 });
  let line = doc.getText().slice(lineStart, lineEnd).trim();
  line = line.replace(/[;{]\s*$/, '').trim();
  if (line.length > MAX_SNIPPET) line = `${line.slice(0, MAX_SNIPPET - 1)}…`;
  return line.replaceAll('`', "'");
}

/** The identifier under or just before `offset`. */
export function identifierAt(
  text: string,
  offset: number,
): { name: string; start: number; end: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && IDENT.test(text[start - 1] ?? '')) start--;
  while (end < text.length && IDENT.test(text[end] ?? '')) end++;
  if (start === end || /\d/.test(text[start] ?? '')) return undefined;
  return { name: text.slice(start, end), start, end };
}

/** Whether the identifier ending at `end` is called (`name(`, `name?.(`, `name<T>(`). */
function isCall(text: string, end: number): boolean {
  const rest = text.slice(end, end + 200);
  return /^\s*(\?\.)?\s*(<[^<>()]*>)?\s*\(/.test(rest);
}
