/**
 * The suggestions of `require-guard` must do what they say: applied to the
 * case's code, the call no longer breaks a requirement (taking the lock
 * around it), or the requirement moves to the calling function (annotating
 * it), and the edited file still parses and analyses without new problems
 * at that call.
 */
import { cases } from '@lockctx/cases';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index.js';
import { apply } from './apply-edits.js';


const withSuggestions = cases.filter((c) =>
  c.findings.some(
    (f) => f.check === 'require-guard' && (f.suggestions?.length ?? 0) > 0,
  ),
);

describe('require-guard suggestions', () => {
  it('are offered in the case table for both kinds', () => {
    const ids = new Set(
      withSuggestions.flatMap((c) =>
        c.findings.flatMap((f) => f.suggestions?.map((s) => s.messageId) ?? []),
      ),
    );
    expect([...ids].sort()).toEqual(['addRequires', 'wrapInScope']);
  });

  for (const c of withSuggestions) {
    it(`${c.name}: every suggestion resolves the finding at its call`, () => {
      const filename = `/fixes/${c.name.replace(/\W+/g, '-')}/${c.filename}`;
      const options = {
        filename,
        ...(c.settings ? { settings: c.settings } : {}),
      };
      const before = analyzeSource(c.code, options);
      const targets = before.findings.filter(
        (f) => f.check === 'require-guard' && f.suggestions,
      );
      expect(targets.length).toBeGreaterThan(0);
      for (const finding of targets) {
        for (const suggestion of finding.suggestions ?? []) {
          const text = apply(c.code, suggestion.edits);
          const after = analyzeSource(text, {
            ...options,
            filename: `${filename}.${suggestion.messageId}.${finding.loc.start.line}`,
          });
          expect(after.parseError, text).toBeUndefined();
          expect(after.internalError, text).toBeUndefined();
          // No require-guard finding about the same callee remains in the edited file.
          const callee = finding.data.callee;
          const left = after.findings.filter(
            (f) =>
              f.check === 'require-guard' &&
              f.data.callee === callee &&
              f.data.callee !== undefined,
          );
          expect(
            left.map((f) => `${f.loc.start.line}: ${f.message}`),
            text,
          ).toEqual([]);
          // And nothing new of the lock checks appears (no deadlock, no leak).
          const kinds = (r: typeof before) =>
            r.findings
              .filter((f) => f.check !== 'require-guard')
              .map((f) => f.check)
              .sort();
          expect(kinds(after), text).toEqual(kinds(before));
        }
      }
    });
  }
});
