/**
 * Turns the shared case table (`@lockctx/cases`) into RuleTester tests: for
 * one rule, a case is valid when it expects no finding of that rule, and
 * invalid otherwise, with every expected finding of that rule as an error
 * (messageId, data, start and end, suggestions) and the autofix output.
 */
import type { Case, ExpectedFinding } from '@lockctx/cases';
import type {
  InvalidTestCase,
  ValidTestCase,
} from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';

type Options = readonly unknown[];

/**
 * The valid and invalid RuleTester cases of `rule` from `cases`. `messages`
 * (the rule's templates) decides where a case's `data` goes: RuleTester
 * checks the message rebuilt from `data`, so it gets `data` only when it
 * fills every placeholder; partial data is checked by {@link messagePattern}.
 */
export function ruleTests(
  rule: string,
  cases: readonly Case[],
  messages: Readonly<Record<string, string>>,
  extra: Partial<ValidTestCase<Options>> = {},
): {
  valid: ValidTestCase<Options>[];
  invalid: InvalidTestCase<string, Options>[];
} {
  const valid: ValidTestCase<Options>[] = [];
  const invalid: InvalidTestCase<string, Options>[] = [];
  for (const item of cases) {
    const mine = item.findings
      .filter((finding) => finding.check === rule)
      .sort(byPosition);
    const base = {
      ...extra,
      name: `${item.name}: ${item.why}${item.todo === undefined ? '' : ` (TODO: ${item.todo})`}`,
      code: item.code,
      filename: extra.filename ?? item.filename,
      // Project settings of the case, as a project gives them to ESLint.
      ...(item.settings === undefined
        ? {}
        : { settings: { ...extra.settings, lockctx: item.settings } }),
      // A known gap of the analysis stays visible as a skipped test.
      ...(item.todo === undefined ? {} : { skip: true }),
    };
    if (mine.length === 0) {
      valid.push(base);
      continue;
    }
    invalid.push({
      ...base,
      errors: mine.map((finding) => ({
        messageId: finding.messageId,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
        ...(finding.data !== undefined &&
        placeholders(messages[finding.messageId] ?? '').every(
          (name) => name in (finding.data as object),
        )
          ? { data: finding.data }
          : {}),
        suggestions: (finding.suggestions ?? []).map((suggestion) => ({
          messageId: suggestion.messageId,
          output: suggestion.output,
        })),
      })),
      output: expectedOutput(item.code, mine),
    });
  }
  return { valid, invalid };
}

/** The `{{placeholders}}` of a message template. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(
    (m) => m[1] as string,
  );
}

/**
 * A pattern for the message of `template` filled with `data`, where a
 * placeholder that `data` leaves out may be anything.
 */
export function messagePattern(
  template: string,
  data: Readonly<Record<string, string>>,
): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let pattern = '';
  let at = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    const name = m[1] as string;
    pattern += escape(template.slice(at, m.index));
    pattern += name in data ? escape(data[name] as string) : '.*?';
    at = (m.index as number) + m[0].length;
  }
  return new RegExp(`^${pattern}${escape(template.slice(at))}$`);
}

function byPosition(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * What one ESLint fix pass makes of `code`: `null` when no finding has a fix;
 * otherwise every fix applied, in source order, skipping a fix that overlaps
 * an earlier one (as ESLint does). A case states each fix as the whole text
 * after it, so each fix is recovered as the one span where that text differs.
 */
export function expectedOutput(
  code: string,
  findings: readonly ExpectedFinding[],
): string | null {
  const edits = findings
    .filter((finding) => finding.fix !== undefined)
    .map((finding) => diffEdit(code, finding.fix as string))
    .sort((a, b) => a.start - b.start);
  if (edits.length === 0) return null;
  let output = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue;
    output += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return output + code.slice(at);
}

/** The single replacement that turns `code` into `fixed`. */
export function diffEdit(
  code: string,
  fixed: string,
): { start: number; end: number; text: string } {
  let start = 0;
  while (
    start < code.length &&
    start < fixed.length &&
    code[start] === fixed[start]
  ) {
    start++;
  }
  let tail = 0;
  while (
    tail < code.length - start &&
    tail < fixed.length - start &&
    code[code.length - 1 - tail] === fixed[fixed.length - 1 - tail]
  ) {
    tail++;
  }
  return {
    start,
    end: code.length - tail,
    text: fixed.slice(start, fixed.length - tail),
  };
}

/**
 * The plugin's rules as one type: each rule's own options type makes their
 * union unusable where RuleTester wants a single rule type.
 */
export function eachRule(rules: object): [string, AnyRule][] {
  return Object.entries(rules) as [string, AnyRule][];
}

/** A rule of the plugin, options left open. */
export type AnyRule = RuleModule<string, Options>;
