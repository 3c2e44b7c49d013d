/**
 * The host-facing API besides findings: the catalogue, message templates,
 * lock states, scopes, function summaries, guard arguments and units.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECKS,
  CHECK_IDS,
  SourceText,
  analyzeProgram,
  analyzeSource,
  checkUnit,
  formatMessage,
  makeFileContext,
  parseSource,
  splitUnits,
  summarizeUnit,
} from '../src/index.js';
import type { FunctionSummary } from '../src/index.js';

const CODE = `function tag(g, i) {
  g.setMark(i, 0);
}
function run(xa) {
  const g = xa.lock();
  tag(g, 1);
  g.unlock();
  return xa.withLock((h) => h.getOrder(1));
}
`;

describe('catalogue', () => {
  it('has one entry per check id, with messages for every message id used', () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...CHECK_IDS].sort());
    for (const id of CHECK_IDS) {
      expect(CHECKS[id].id).toBe(id);
      expect(Object.keys(CHECKS[id].messages).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['fills placeholders', 'lock `{{lock}}` at {{ line }}', { lock: 'xa', line: '3' }, 'lock `xa` at 3'],
    ['keeps unknown placeholders as written', 'a {{b}}', {}, 'a {{b}}'],
    ['does not read inherited keys', '{{toString}}', {}, '{{toString}}'],
  ])('formatMessage %s', (_why, template, data, want) => {
    expect(formatMessage(template, data as Record<string, string>)).toBe(want);
  });
});

describe('editor facts', () => {
  const r = analyzeSource(CODE, { filename: '/api/run.js' });

  it('finds nothing wrong in correct code', () => {
    expect(r.findings).toEqual([]);
  });

  it.each([
    ['inside lock()…unlock()', 'tag(g, 1)', [{ lock: 'xa', state: 'held' }]],
    ['after unlock()', 'return xa', [{ lock: 'xa', state: 'released' }]],
    ['outside any lock', 'g.setMark', []],
  ])('lockStateAt %s', (_why, at, want) => {
    const got = r.lockStateAt(CODE.indexOf(at)).map((s) => ({ lock: s.lock, state: s.state }));
    expect(got).toEqual(want);
  });

  it('lists lock scopes with their kind, guard and releases', () => {
    expect(r.scopes.map((s) => ({ kind: s.kind, guard: s.guard, lock: s.lock, releases: s.releases.length }))).toEqual([
      { kind: 'explicit', guard: 'g', lock: 'xa', releases: 1 },
      { kind: 'callback', guard: 'h', lock: 'xa', releases: 0 },
    ]);
  });

  it('summarises functions: requirements with evidence, locks taken', () => {
    const tag = r.functions.find((f) => f.name === 'tag');
    expect(tag?.requires.map((q) => [q.param, q.paramName, q.source, q.evidence.message])).toEqual([
      [0, 'g', 'inferred', 'it calls `g.setMark()`'],
    ]);
    expect(r.functions.find((f) => f.name === 'run')?.acquires).toEqual(['xa']);
  });

  it('records guard arguments for inlay hints', () => {
    expect(r.guardArguments.map((a) => [a.callee, a.paramName, a.argument.loc.start.line])).toEqual([['tag', 'g', 6]]);
  });
});

describe('units', () => {
  it('re-checks one unit with the summaries of the others', () => {
    const text = CODE;
    const program = parseSource(text, 'u.js');
    const file = makeFileContext(program, new SourceText(text), 'u.js');
    const units = splitUnits(program, file);
    expect(units.map((u) => u.key)).toEqual(['function:tag', 'function:run']);
    const all = new Map<string, FunctionSummary>();
    for (const u of units) for (const s of summarizeUnit(u, all).functions) all.set(s.name, s);
    const runUnit = units[1];
    if (!runUnit) throw new Error('no run unit');
    const res = checkUnit(runUnit, all);
    expect(res.findings).toEqual([]);
    expect(res.guardArguments.length).toBe(1);
    const withoutTag = checkUnit(runUnit, new Map());
    expect(withoutTag.guardArguments).toEqual([]);
  });

  it('caches per program object', () => {
    const program = parseSource(CODE, 'c.js');
    const a = analyzeProgram(program, CODE, { filename: 'c.js' });
    expect(analyzeProgram(program, CODE, { filename: 'c.js' })).toBe(a);
  });
});
