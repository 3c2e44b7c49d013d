/**
 * The cases of `@lockctx/cases` that carry project settings (custom locks
 * and `presets` of a `lockctx.json`): each runs through `analyzeSource` with
 * its settings, and its findings are asserted exactly. Without the settings
 * the invalid cases lose their findings: the settings, not the code alone,
 * make them invalid. The same file name is analysed with and without
 * settings, so this also checks that the core's caches are keyed by them.
 */
import type { Case, ExpectedFinding } from '@lockctx/cases';
import { configCases } from '@lockctx/cases';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/index.js';
import { CHECK_IDS, analyzeSource } from '../src/index.js';
import { apply } from './apply-edits.js';


function actual(
  c: Case,
  f: Finding,
  expected: ExpectedFinding | undefined,
): ExpectedFinding {
  const out: ExpectedFinding = {
    check: f.check,
    messageId: f.messageId,
    line: f.loc.start.line,
    column: f.loc.start.column + 1,
    endLine: f.loc.end.line,
    endColumn: f.loc.end.column + 1,
  };
  if (expected?.data) {
    out.data = Object.fromEntries(
      Object.keys(expected.data).map((k) => [k, f.data[k] ?? '<missing>']),
    );
  }
  if (f.fix) out.fix = apply(c.code, f.fix);
  if (f.suggestions) {
    out.suggestions = f.suggestions.map((s) => ({
      messageId: s.messageId,
      output: apply(c.code, s.edits),
    }));
  }
  return out;
}

const order = (a: ExpectedFinding, b: ExpectedFinding): number =>
  a.line - b.line || a.column - b.column || a.check.localeCompare(b.check);

const fileOf = (c: Case): string =>
  `/config-cases/${c.name.replace(/\W+/g, '-')}/${c.filename}`;

function run(c: Case): void {
  const result = analyzeSource(c.code, {
    filename: fileOf(c),
    settings: c.settings,
  });
  expect(result.parseError).toBeUndefined();
  expect(result.internalError).toBeUndefined();
  expect(result.settingsError).toBeUndefined();
  const want = [...c.findings].sort(order);
  const got = result.findings
    .map((f) =>
      actual(
        c,
        f,
        want.find(
          (w) =>
            w.check === f.check &&
            w.line === f.loc.start.line &&
            w.column === f.loc.start.column + 1,
        ),
      ),
    )
    .sort(order);
  expect(got).toEqual(want);
  for (const f of result.findings) expect(f.message).not.toMatch(/\{\{/);
}

const invalid = configCases.filter(
  (c) => c.todo === undefined && c.findings.some((f) => f.check === c.rule),
);
const valid = configCases.filter(
  (c) => c.todo === undefined && !c.findings.some((f) => f.check === c.rule),
);

describe('cases with project settings', () => {
  for (const c of configCases) {
    const title = `${c.rule}: ${c.name} (${c.filename}): ${c.why}`;
    if (c.todo !== undefined)
      it.fails(`TODO ${title} — ${c.todo}`, () => run(c));
    else it(title, () => run(c));
  }

  it.each(invalid.map((c) => [c.name, c] as const))(
    'without its settings, %s is not reported',
    (_name, c) => {
      const without = analyzeSource(c.code, { filename: fileOf(c) });
      const mine = (
        fs: readonly { check: string; loc?: unknown; line?: number }[],
      ) => fs.filter((f) => f.check === c.rule).length;
      // Either the finding vanishes (a custom lock), or it appears only with
      // the default presets (a `presets` list that keeps one).
      if (c.settings?.locks !== undefined)
        expect(mine(without.findings)).toBe(0);
      else expect(without.findings.length).toBeGreaterThan(0);
      // And with the settings again, the cached result is not the settings-free one.
      expect(
        mine(
          analyzeSource(c.code, { filename: fileOf(c), settings: c.settings })
            .findings,
        ),
      ).toBeGreaterThan(0);
    },
  );

  it('has at least 15 valid and 15 invalid cases, every one with settings and a known check', () => {
    expect({
      invalid: invalid.length >= 15,
      valid: valid.length >= 15,
    }).toEqual({ invalid: true, valid: true });
    for (const c of configCases) {
      expect(c.settings).toBeDefined();
      expect(CHECK_IDS).toContain(c.rule);
    }
  });
});

describe('settings in the core', () => {
  const code = [
    "import { Mutex } from 'async-mutex';",
    'const mutex = new Mutex();',
    'export async function put(map, k) {',
    '  const release = await mutex.acquire();',
    '  if (map.has(k)) return;',
    '  release();',
    '}',
    '',
  ].join('\n');
  const leaks = (settings?: object) =>
    analyzeSource(code, {
      filename: '/settings/put.js',
      settings: settings as never,
    }).findings.filter((f) => f.check === 'no-lock-leak').length;

  it.each<[string, object | undefined, number]>([
    ['no settings: every preset', undefined, 1],
    ['an empty object is the defaults', {}, 1],
    ['presets that keep async-mutex', { presets: ['async-mutex.Mutex'] }, 1],
    ['presets that leave it out', { presets: ['xarray'] }, 0],
    [
      'equal settings written in another key order give the same result',
      { locks: [], presets: ['xarray'] },
      0,
    ],
    ['an empty presets list', { presets: [] }, 0],
  ])('%s', (_why, settings, n) => {
    expect(leaks(settings)).toBe(n);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an unknown preset',
      { presets: ['no-such-lock'] },
      /presets\[0\]: must be one of/,
    ],
    [
      'a lock without acquire',
      {
        locks: [
          {
            id: 'x',
            kind: 'mutex',
            spin: false,
            reentrant: false,
            sources: [{ from: 'global', path: ['x'] }],
          },
        ],
      },
      /locks\[0\]: is missing 'acquire'|locks\[0\].*acquire/,
    ],
    [
      'a lock that can never be released',
      {
        locks: [
          {
            id: 'x',
            kind: 'mutex',
            spin: false,
            reentrant: false,
            sources: [{ from: 'global', path: ['x'] }],
            acquire: [
              {
                form: 'call',
                method: 'take',
                async: true,
                yields: { kind: 'none' },
              },
            ],
          },
        ],
      },
      /locks\[0\]\.acquire\[0\]: keeps the lock after the call but nothing releases it/,
    ],
    ['locks that is not an array', { locks: {} }, /locks: must be an array/],
  ])(
    'invalid settings (%s) are reported in settingsError and the defaults apply',
    (_why, settings, problem) => {
      const result = analyzeSource(code, {
        filename: '/settings/bad.js',
        settings: settings as never,
      });
      expect(result.settingsError).toMatch(problem);
      expect(
        result.findings.filter((f) => f.check === 'no-lock-leak'),
      ).toHaveLength(1);
    },
  );
});
