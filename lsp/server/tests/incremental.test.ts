import { analyzeSource, type FileAnalysis } from '@lockctx/analysis';
import { describe, expect, it } from 'vitest';

import { IncrementalAnalyzer } from '../src/incremental.js';
// @ts-expect-error: a plain ES module without types
import { largeFile } from '../bench/generate.mjs';

const HELPERS = `import { XArray, type Guard } from '@lockctx/xarray';

export function tagDirty(g: Guard<number>, k: number): void {
  g.setMark(k, 0);
}

export function update(xa: XArray<number>, k: number): void {
  using g = xa.lock();
  tagDirty(g, k);
}

export function leak(xa: XArray<number>, k: number): number {
  const g = xa.lock();
  const o = g.getOrder(k);
  return o;
}

export function callsUnlocked(xa: XArray<number>, g2: Guard<number>) {
  tagDirty(g2, 1);
}
`;

function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'x',
  '1',
  '\n',
  '\n\n',
  ';',
  ' ',
  'g.unlock();',
  'await Promise.resolve();',
  'tagDirty(g, 2);',
  '\nexport function extra(g: Guard<number>) { g.setMark(1, 0); }\n',
];

/** The parts of an analysis a host sees, with lock states sampled. */
function view(a: FileAnalysis, text: string): unknown {
  const states: unknown[] = [];
  for (let offset = 0; offset < text.length; offset += 37) states.push(a.lockStateAt(offset));
  return {
    findings: a.findings,
    scopes: a.scopes,
    functions: a.functions,
    guardArguments: a.guardArguments,
    states,
    // the same words as the core's: the server answers a syntax error
    // without a second whole-file parse
    parseError: a.parseError,
  };
}

function reference(text: string): FileAnalysis {
  // a file name of its own: analyzeSource's cache must not answer for us
  return analyzeSource(text, { filename: `/ref/${text.length}-${text.charCodeAt(text.length >> 1)}.ts` });
}

describe('IncrementalAnalyzer', () => {
  const sources: [string, number, string][] = [
    ['helpers that call each other', 1, HELPERS],
    ['helpers that call each other', 2, HELPERS],
    ['a generated 300-line file', 3, largeFile(300) as string],
    ['a generated 300-line file', 4, largeFile(300) as string],
  ];
  it.each(sources)(
    'equals a whole-file analysis after every one of 60 random edits (%s, seed %i)',
    (_name, seed, base) => {
      const random = prng(seed);
      const analyzer = new IncrementalAnalyzer('/doc/x.ts', {});
      let text = base;
      let incremental = 0;
      expect(view(analyzer.analyze(text), text)).toEqual(view(reference(text), text));
      for (let step = 0; step < 60; step++) {
        const start = Math.floor(random() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(random() * 3));
        const insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)] ?? '';
        const next = text.slice(0, start) + insert + text.slice(end);
        const got = analyzer.analyze(next);
        if (!analyzer.lastStats.fullParse) incremental++;
        const want = reference(next);
        expect(view(got, next), `step ${step}: ${JSON.stringify(insert)} at ${start}`).toEqual(
          view(want, next),
        );
        // keep editing a text that parses (as a person mostly does); the
        // analyzer has seen the broken one and must recover from it
        if (want.parseError === undefined) text = next;
      }
      // the point: most edits are handled without a whole-file parse
      expect(incremental).toBeGreaterThan(0);
    },
    120_000,
  );

  it('re-checks only the edited unit for an edit inside one function', () => {
    const text = largeFile(300) as string;
    const analyzer = new IncrementalAnalyzer('/doc/y.ts', {});
    analyzer.analyze(text);
    const edited = text.replace('g.setMark(k + 7, 1)', 'g.setMark(k + 8, 1)');
    analyzer.analyze(edited);
    expect(analyzer.lastStats).toMatchObject({ mode: 'incremental', fullParse: false, unitsChecked: 1 });
  });

  it.each([
    [
      "the callee's requirement goes away (no guard parameter, no guard use): its three callers are checked again",
      ['export function tagDirty(g: Guard<number>, k: number): void {\n  g.setMark(k, 0);\n}', 'export function tagDirty(g: unknown, k: number): void {\n  void [g, k];\n}'],
      3,
    ],
    [
      "the callee's body changes but its summary does not (the parameter is still declared a Guard): only the callee is checked",
      ['  g.setMark(k, 0);\n', '  void k;\n'],
      1,
    ],
  ] as const)('re-checks callers exactly when a summary changes: %s', (_why, [from, to], checked) => {
    const analyzer = new IncrementalAnalyzer('/doc/z.ts', {});
    analyzer.analyze(HELPERS);
    expect(HELPERS.includes(from)).toBe(true);
    const edited = HELPERS.replace(from, to);
    const got = analyzer.analyze(edited);
    expect(view(got, edited)).toEqual(view(reference(edited), edited));
    expect(analyzer.lastStats.unitsChecked).toBe(checked);
  });
});
