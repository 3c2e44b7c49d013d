/**
 * The usage files of `@lockctx/presets-fixtures` (one per lock library, real
 * code type-checked against the library) carry `// expect: <check>` markers
 * at the end of each line the analysis must report. Every file is analysed
 * from disk, with its real relative imports, and its findings must be
 * exactly its markers. Markers the engine does not meet yet are listed in
 * GAPS with the reason; they run as expected failures, never deleted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index.js';

const DIR = fileURLToPath(
  new URL('../../presets-fixtures/src/', import.meta.url),
);
const MARKER = /\/\/\s*expect:(.*)$/;

/** `<file>:<line>:<check>` of markers not met yet, with why. */
const GAPS: Record<string, string> = {};

function markers(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    for (const id of (m[1] ?? '').split(','))
      if (id.trim() !== '') out.push(`${i + 1}:${id.trim()}`);
  });
  return out;
}

const files = readdirSync(DIR)
  .filter((f) => /\.[cm]?[jt]s$/.test(f))
  .sort();

describe('presets-fixtures markers', () => {
  it('finds the usage files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
  for (const file of files) {
    const path = `${DIR}${file}`;
    const text = readFileSync(path, 'utf8');
    const want = markers(text);
    const analyse = (): string[] => {
      const r = analyzeSource(text, { filename: path });
      expect(r.parseError).toBeUndefined();
      expect(r.internalError).toBeUndefined();
      return r.findings.map((f) => `${f.loc.start.line}:${f.check}`).sort();
    };
    const gaps = want.filter((w) => GAPS[`${file}:${w}`] !== undefined);
    it(`${file}: findings are exactly the markers met (${want.length - gaps.length} of ${want.length})`, () => {
      expect(analyse()).toEqual(want.filter((w) => !gaps.includes(w)).sort());
    });
    for (const g of gaps) {
      it.fails(`TODO ${file}:${g} — ${GAPS[`${file}:${g}`]}`, () => {
        expect(analyse()).toContain(g);
      });
    }
  }
  it('lists no gap for a marker that is gone', () => {
    const all = new Set(
      files.flatMap((f) =>
        markers(readFileSync(`${DIR}${f}`, 'utf8')).map((m) => `${f}:${m}`),
      ),
    );
    expect(Object.keys(GAPS).filter((g) => !all.has(g))).toEqual([]);
  });
});
