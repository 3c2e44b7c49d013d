/**
 * Runs every case of the shared table through `analyzeSource` and asserts
 * its findings exactly: check, messageId, start, end, data (when the case
 * states it), the text after the fix, and every suggestion's text.
 */
import type { Case, ExpectedFinding } from '@lockctx/cases';
import { cases } from '@lockctx/cases';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/index.js';
import { CHECK_IDS, analyzeSource } from '../src/index.js';
import { apply } from './apply-edits.js';


function actual(c: Case, f: Finding, expected: ExpectedFinding | undefined): ExpectedFinding {
  const out: ExpectedFinding = {
    check: f.check,
    messageId: f.messageId,
    line: f.loc.start.line,
    column: f.loc.start.column + 1,
    endLine: f.loc.end.line,
    endColumn: f.loc.end.column + 1,
  };
  if (expected?.data) {
    out.data = Object.fromEntries(Object.keys(expected.data).map((k) => [k, f.data[k] ?? '<missing>']));
  }
  if (f.fix) out.fix = apply(c.code, f.fix);
  if (f.suggestions) {
    out.suggestions = f.suggestions.map((s) => ({ messageId: s.messageId, output: apply(c.code, s.edits) }));
  }
  return out;
}

const order = (a: ExpectedFinding, b: ExpectedFinding): number =>
  a.line - b.line || a.column - b.column || a.check.localeCompare(b.check);

function run(c: Case): void {
  const result = analyzeSource(c.code, { filename: `/cases/${c.name.replace(/\W+/g, '-')}/${c.filename}` });
  expect(result.parseError).toBeUndefined();
  expect(result.internalError).toBeUndefined();
  const want = [...c.findings].sort(order);
  const got = result.findings
    .map((f) => actual(c, f, want.find((w) => w.check === f.check && w.line === f.loc.start.line && w.column === f.loc.start.column + 1)))
    .sort(order);
  expect(got).toEqual(want);
  for (const f of result.findings) {
    expect(f.message).not.toMatch(/\{\{/);
  }
}

describe('the case table', () => {
  for (const id of CHECK_IDS) {
    describe(id, () => {
      for (const c of cases.filter((x) => x.rule === id)) {
        const title = `${c.name} (${c.filename}): ${c.why}`;
        if (c.todo !== undefined) it.fails(`TODO ${title} — ${c.todo}`, () => run(c));
        else it(title, () => run(c));
      }
    });
  }

  it('has at least 15 valid and 15 invalid cases per check, all named uniquely', () => {
    const names = new Set<string>();
    for (const c of cases) {
      expect(names.has(`${c.rule}/${c.name}`)).toBe(false);
      names.add(`${c.rule}/${c.name}`);
    }
    for (const id of CHECK_IDS) {
      const mine = cases.filter((c) => c.rule === id && c.todo === undefined);
      const invalid = mine.filter((c) => c.findings.some((f) => f.check === id));
      const valid = mine.filter((c) => !c.findings.some((f) => f.check === id));
      expect({ id, invalid: invalid.length >= 15, valid: valid.length >= 15 }).toEqual({ id, invalid: true, valid: true });
    }
  });
});
