/**
 * The multi-file cases of `@lockctx/cases`: each case's files are written to
 * a fresh temporary directory, then its main file is analysed there with
 * `analyzeSource`, so imports are resolved and read from disk as in a real
 * project. Findings are asserted exactly, as in cases.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Case, ExpectedFinding } from '@lockctx/cases';
import { multiFileCases } from '@lockctx/cases';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, analyzeSource } from '../src/index.js';
import { apply } from './apply-edits.js';

const root = mkdtempSync(join(tmpdir(), 'lockctx-cases-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));


const order = (a: ExpectedFinding, b: ExpectedFinding): number => a.line - b.line || a.column - b.column || a.check.localeCompare(b.check);

function run(c: Case, n: number): void {
  const dir = join(root, `case-${n}`);
  for (const [rel, text] of Object.entries({ ...c.files, [c.filename]: c.code })) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const result = analyzeSource(c.code, { filename: join(dir, c.filename) });
  expect(result.parseError).toBeUndefined();
  expect(result.internalError).toBeUndefined();
  const want = [...c.findings].sort(order);
  const got = result.findings
    .map((f): ExpectedFinding => {
      const w = want.find((x) => x.check === f.check && x.line === f.loc.start.line && x.column === f.loc.start.column + 1);
      const out: ExpectedFinding = { check: f.check, messageId: f.messageId, line: f.loc.start.line, column: f.loc.start.column + 1, endLine: f.loc.end.line, endColumn: f.loc.end.column + 1 };
      if (w?.data) out.data = Object.fromEntries(Object.keys(w.data).map((k) => [k, f.data[k] ?? '<missing>']));
      if (f.fix) out.fix = apply(c.code, f.fix);
      if (f.suggestions) out.suggestions = f.suggestions.map((s) => ({ messageId: s.messageId, output: apply(c.code, s.edits) }));
      return out;
    })
    .sort(order);
  expect(got).toEqual(want);
}

describe('multi-file cases', () => {
  multiFileCases.forEach((c, n) => {
    const title = `${c.rule}: ${c.name} (${Object.keys(c.files ?? {}).join(', ') || 'no other file'}): ${c.why}`;
    if (c.todo !== undefined) it.fails(`TODO ${title} — ${c.todo}`, () => run(c, n));
    else it(title, () => run(c, n));
  });

  it('has at least 15 valid and 15 invalid cases, all with known check ids', () => {
    const invalid = multiFileCases.filter((c) => c.findings.some((f) => f.check === c.rule));
    const valid = multiFileCases.filter((c) => !c.findings.some((f) => f.check === c.rule));
    expect({ invalid: invalid.length >= 15, valid: valid.length >= 15 }).toEqual({ invalid: true, valid: true });
    for (const c of multiFileCases) expect(CHECK_IDS).toContain(c.rule);
  });
});
