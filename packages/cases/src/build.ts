import type { CheckId } from '@lockctx/analysis';
import type { Case, ExpectedFinding } from './types.js';

/** Where a finding is, written as text of the case: the `nth` match of `at`, searching from after `after`. */
export interface At {
  at: string;
  after?: string;
  nth?: number;
}

/** A finding as a case writes it: positions come from {@link At}. */
export interface FindingSpec extends At {
  check: CheckId;
  messageId: string;
  data?: Record<string, string>;
  fix?: string;
  suggestions?: SuggestionSpec[];
}

/**
 * A suggestion as a case writes it: the whole `output`, or one edit of the
 * case's code, `replace: [text, by]`, where `text` occurs exactly once.
 */
export type SuggestionSpec =
  | { messageId: string; output: string }
  | { messageId: string; replace: [string, string] };

/** The output of a {@link SuggestionSpec}; throws when its text is not there once. */
function suggestionOutput(text: string, s: SuggestionSpec): string {
  if ('output' in s) return s.output;
  const [find, by] = s.replace;
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) {
    throw new Error(`suggestion edit: ${JSON.stringify(find)} must occur exactly once in the case text`);
  }
  return text.slice(0, at) + by + text.slice(at + find.length);
}

export interface CaseSpec {
  name: string;
  why: string;
  rule: CheckId;
  filename?: string;
  code: string;
  findings?: FindingSpec[];
  todo?: string;
  /** Other files beside `filename`, by path relative to it (`db.js`, `lib/marks.js`). */
  files?: Record<string, string>;
  /** The project settings of the case (see {@link Case.settings}). */
  settings?: Case['settings'];
}

/** Strips the common indentation and the first and last blank lines of a template. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  text = text.replace(/\\`/g, '`').replace(/\\\$/g, '$');
  const lines = text.split('\n');
  if (lines[0]?.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => (/^ */.exec(l)?.[0].length ?? 0)),
  );
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/** The 1-based line and column of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The offsets of an {@link At} in `text`; throws when it is not there (a broken case). */
export function locate(text: string, at: At): [number, number] {
  let from = 0;
  if (at.after !== undefined) {
    const a = text.indexOf(at.after);
    if (a < 0) throw new Error(`case text has no ${JSON.stringify(at.after)}`);
    from = a + at.after.length;
  }
  let i = -1;
  for (let n = 0; n < (at.nth ?? 1); n++) {
    i = text.indexOf(at.at, from);
    if (i < 0) throw new Error(`case text has no ${JSON.stringify(at.at)} (#${n + 1})`);
    from = i + 1;
  }
  return [i, i + at.at.length];
}

export function finding(text: string, f: FindingSpec): ExpectedFinding {
  const [s, e] = locate(text, f);
  const start = position(text, s);
  const end = position(text, e);
  const out: ExpectedFinding = {
    check: f.check,
    messageId: f.messageId,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
  if (f.data) out.data = f.data;
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.suggestions) {
    out.suggestions = f.suggestions.map((x) => ({ messageId: x.messageId, output: suggestionOutput(text, x) }));
  }
  return out;
}

export function build(spec: CaseSpec): Case {
  const c: Case = {
    name: spec.name,
    why: spec.why,
    rule: spec.rule,
    filename: spec.filename ?? 'x.js',
    code: spec.code,
    findings: (spec.findings ?? []).map((f) => finding(spec.code, f)),
  };
  if (spec.todo !== undefined) c.todo = spec.todo;
  if (spec.files !== undefined) c.files = spec.files;
  if (spec.settings !== undefined) c.settings = spec.settings;
  return c;
}
