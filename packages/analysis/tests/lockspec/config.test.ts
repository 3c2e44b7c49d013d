/**
 * `lockctx.json` text, settings objects, the effective lock list, and the
 * lookup of the file from a folder, with its cache.
 */
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LockctxConfigError,
  PRESETS,
  assertConfig,
  clearConfigCache,
  effectiveLocks,
  findConfig,
  formatProblem,
  jsonSyntaxError,
  parseConfig,
  parseConfigText,
} from '../../src/lockspec/index.js';

describe('parseConfigText', () => {
  it.each<[string, string, Record<string, unknown>]>([
    [
      'a syntax error carries its line and column',
      '{\n  "locks": [,]\n}',
      { path: '(root)', line: 2, column: 13 },
    ],
    [
      'a trailing comma is a syntax error',
      '{ "presets": ["xarray"], }',
      { path: '(root)', line: 1 },
    ],
    ['an empty file is not JSON', '', { path: '(root)' }],
    [
      'comments are not JSON',
      '// settings\n{}',
      { path: '(root)', line: 1, column: 1 },
    ],
  ])('%s', (_why, text, expected) => {
    const result = parseConfigText(text, '/p/lockctx.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      origin: '/p/lockctx.json',
      ...expected,
    });
    expect(result.problems[0]!.message).toMatch(/^is not valid JSON: /);
  });

  it('a valid file parses to its object', () => {
    expect(parseConfigText('{ "presets": ["xarray"] }', 'f')).toEqual({
      ok: true,
      config: { presets: ['xarray'] },
      origin: 'f',
    });
  });
});

describe('jsonSyntaxError', () => {
  it('finds an error exactly when JSON.parse does, on JSON with one character changed', () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', ' '),
        (json, at, replacement) => {
          const i = json.length === 0 ? 0 : at % json.length;
          const text = json.slice(0, i) + replacement + json.slice(i + 1);
          let parses = true;
          try {
            JSON.parse(text);
          } catch {
            parses = false;
          }
          const error = jsonSyntaxError(text);
          expect(error === undefined).toBe(parses);
          if (error) expect(error.offset).toBeLessThanOrEqual(text.length);
        },
      ),
      { seed: 6, numRuns: 2000 },
    );
  });
});

describe('settings objects from other hosts', () => {
  it.each<[string, unknown, boolean]>([
    [
      'ESLint settings.lockctx with presets and locks',
      { presets: ['async-mutex.Mutex'], locks: [] },
      true,
    ],
    [
      'editor settings with rules',
      { rules: { 'no-lock-leak': 'error' } },
      true,
    ],
    ['an empty object is the defaults', {}, true],
    [
      'ESLint severities are not lockctx rule severities',
      { rules: { 'no-lock-leak': 'warning' } },
      false,
    ],
    ['a settings value that is a string', 'async-mutex', false],
    ['null', null, false],
  ])('%s', (_why, value, ok) => {
    expect(parseConfig(value, 'settings.lockctx').ok).toBe(ok);
  });

  it('problems name their origin and path', () => {
    const r = parseConfig(
      { rules: { 'no-lock-leak': 'warning' } },
      'settings.lockctx',
    );
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      'settings.lockctx: rules.no-lock-leak: must be one of "off", "hint", "info", "warn", "error" (got "warning")',
    ]);
  });

  it('assertConfig throws every problem at once', () => {
    const r = parseConfig({ lcoks: [], presets: ['nope'] }, 'x.json');
    expect(() => assertConfig(r)).toThrow(LockctxConfigError);
    try {
      assertConfig(r);
    } catch (error) {
      expect((error as LockctxConfigError).problems).toHaveLength(2);
      expect((error as Error).message.split('\n')).toHaveLength(2);
    }
  });
});

describe('effectiveLocks', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no presets key: every preset', {}, PRESETS.map((p) => p.id)],
    ['an empty list: none', { presets: [] }, []],
    [
      'a subset, in preset order',
      { presets: ['web-locks', 'xarray'] },
      ['xarray', 'web-locks'],
    ],
  ])('%s', (_why, config, ids) => {
    expect(effectiveLocks(config).map((s) => s.id)).toEqual(ids);
  });

  it('custom locks come after the presets', () => {
    const lock = PRESETS.find((p) => p.id === 'await-lock')!;
    const custom = { ...lock, id: 'my-lock' };
    const config = assertConfig(
      parseConfig({ presets: ['xarray'], locks: [custom] }, 't'),
    );
    expect(effectiveLocks(config).map((s) => s.id)).toEqual([
      'xarray',
      'my-lock',
    ]);
  });

  it('a custom lock may take a preset id once the preset is left out', () => {
    const lock = PRESETS.find((p) => p.id === 'await-lock')!;
    expect(parseConfig({ presets: ['xarray'], locks: [lock] }, 't').ok).toBe(
      true,
    );
  });
});

describe('findConfig', () => {
  const root = mkdtempSync(join(tmpdir(), 'lockctx-config-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const make = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(root, 'case-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };

  it.each<[string, Record<string, string>, string, string | undefined]>([
    [
      'in the folder itself',
      { '.git/HEAD': '', 'lockctx.json': '{}' },
      '.',
      'lockctx.json',
    ],
    [
      'in a parent',
      { '.git/HEAD': '', 'lockctx.json': '{}', 'src/a/x.ts': '' },
      'src/a',
      'lockctx.json',
    ],
    [
      'the nearest one wins',
      {
        '.git/HEAD': '',
        'lockctx.json': '{}',
        'pkg/lockctx.json': '{}',
        'pkg/src/x.ts': '',
      },
      'pkg/src',
      'pkg/lockctx.json',
    ],
    [
      'not above the git root',
      { 'lockctx.json': '{}', 'repo/.git/HEAD': '', 'repo/src/x.ts': '' },
      'repo/src',
      undefined,
    ],
    [
      'not above a workspaces package.json',
      {
        'lockctx.json': '{}',
        'mono/package.json': '{"workspaces":["a"]}',
        'mono/a/x.ts': '',
      },
      'mono/a',
      undefined,
    ],
    [
      'through a package.json without workspaces',
      {
        '.git/HEAD': '',
        'lockctx.json': '{}',
        'pkg/package.json': '{"name":"p"}',
        'pkg/x.ts': '',
      },
      'pkg',
      'lockctx.json',
    ],
    [
      'at the root itself',
      {
        'mono/package.json': '{"workspaces":[]}',
        'mono/lockctx.json': '{}',
        'mono/a/x.ts': '',
      },
      'mono/a',
      'mono/lockctx.json',
    ],
    [
      'a folder named lockctx.json is not the file',
      { '.git/HEAD': '', 'lockctx.json/x': '' },
      '.',
      undefined,
    ],
  ])('%s', (_why, files, start, expected) => {
    const dir = make(files);
    const found = findConfig(join(dir, start));
    expect(found?.file).toBe(
      expected === undefined ? undefined : join(dir, expected),
    );
  });

  it('reports a malformed file instead of throwing', () => {
    const dir = make({ '.git/HEAD': '', 'lockctx.json': '{ "locks": 1 }' });
    const found = findConfig(dir);
    expect(found?.result).toMatchObject({
      ok: false,
      problems: [{ path: 'locks', message: 'must be an array (got 1)' }],
    });
  });

  it('caches by path and modification time', () => {
    clearConfigCache();
    const dir = make({ '.git/HEAD': '', 'lockctx.json': '{"presets":[]}' });
    const first = findConfig(dir);
    expect(findConfig(dir)).toBe(first);
    writeFileSync(join(dir, 'lockctx.json'), '{"presets":["xarray"]}');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'lockctx.json'), later, later);
    const second = findConfig(dir);
    expect(second).not.toBe(first);
    expect(second?.result).toMatchObject({
      ok: true,
      config: { presets: ['xarray'] },
    });
  });
});
