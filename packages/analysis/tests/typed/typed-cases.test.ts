/**
 * The typed-only cases of `@lockctx/cases`, through the core with a real
 * TypeScript program: every case is written to disk (beside a link to the
 * workspace's `node_modules`), one program is built over all of them, and
 * each main file is analysed with the oracle of that program. Findings are
 * asserted exactly. The same file analysed without types must not report
 * the case's findings: that is what makes them typed-only.
 */
import { join } from 'node:path';
import type { Case, ExpectedFinding } from '@lockctx/cases';
import { typedCases } from '@lockctx/cases';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/index.js';
import { CHECK_IDS, analyzeProgram, parseSource } from '../../src/index.js';
import { typedProject } from './project.js';
import { apply } from '../apply-edits.js';

const project = typedProject(typedCases.map((c) => ({ ...c.files, [c.filename]: c.code })));
afterAll(() => project.dispose());

const order = (a: ExpectedFinding, b: ExpectedFinding): number => a.line - b.line || a.column - b.column || a.check.localeCompare(b.check);

function found(c: Case, result: FileAnalysis): ExpectedFinding[] {
  const want = [...c.findings].sort(order);
  return result.findings
    .map((f): ExpectedFinding => {
      const w = want.find((x) => x.check === f.check && x.line === f.loc.start.line && x.column === f.loc.start.column + 1);
      const out: ExpectedFinding = { check: f.check, messageId: f.messageId, line: f.loc.start.line, column: f.loc.start.column + 1, endLine: f.loc.end.line, endColumn: f.loc.end.column + 1 };
      if (w?.data) out.data = Object.fromEntries(Object.keys(w.data).map((k) => [k, f.data[k] ?? '<missing>']));
      if (f.fix) out.fix = apply(c.code, f.fix);
      if (f.suggestions?.length) out.suggestions = f.suggestions.map((s) => ({ messageId: s.messageId, output: apply(c.code, s.edits) }));
      return out;
    })
    .sort(order);
}


describe('typed-only cases', () => {
  typedCases.forEach((c, n) => {
    const path = join(project.root, `p${n}`, c.filename);
    it(`${c.rule}: ${c.name}: ${c.why}`, () => {
      const { ast, types } = project.parse(path, c.code);
      const typed = analyzeProgram(ast, c.code, { filename: path, types });
      expect(typed.internalError).toBeUndefined();
      expect(found(c, typed)).toEqual([...c.findings].sort(order));
      // Without types, on a fresh tree: none of the case's findings.
      const untyped = analyzeProgram(parseSource(c.code, path), c.code, { filename: path });
      expect(untyped.internalError).toBeUndefined();
      const same = untyped.findings.filter((f) => c.findings.some((w) => w.check === f.check && w.line === f.loc.start.line && w.column === f.loc.start.column + 1));
      expect(same).toEqual([]);
    });
  });

  it('has at least 15 valid and 15 invalid cases, all with known check ids', () => {
    const invalid = typedCases.filter((c) => c.findings.some((f) => f.check === c.rule));
    const valid = typedCases.filter((c) => !c.findings.some((f) => f.check === c.rule));
    expect({ invalid: invalid.length >= 15, valid: valid.length >= 15 }).toEqual({ invalid: true, valid: true });
    for (const c of typedCases) expect(CHECK_IDS).toContain(c.rule);
  });

  it('the program type-checks the cases against the real declarations', () => {
    const errors = project.program
      .getSemanticDiagnostics()
      .filter((d) => d.file && d.file.fileName.startsWith(project.root))
      .map((d) => `${d.file?.fileName.slice(project.root.length)}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`);
    // Invalid cases pass an XArray where a guard is declared: those are the
    // only type errors allowed (the analysis must also catch them in `any` code).
    expect(errors.filter((e) => !/is not assignable to parameter of type/.test(e))).toEqual([]);
  });
});
