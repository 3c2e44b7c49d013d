import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  DEFAULT_SETTINGS,
  coreSettings,
  mergeProjectFile,
  normalizeSettings,
  readProjectFile,
} from '../src/settings.js';

const IDS = ['no-lock-leak', 'no-stale-lock-value', 'require-guard'];

describe('normalizeSettings', () => {
  const cases: {
    why: string;
    raw: unknown;
    expect: Record<string, unknown>;
    problems: RegExp[];
  }[] = [
    { why: 'nothing sent: defaults', raw: undefined, expect: {}, problems: [] },
    {
      why: 'valid values are kept',
      raw: { enable: false, run: 'onSave', maxFileSize: 10, debounceMs: 0 },
      expect: { enable: false, run: 'onSave', maxFileSize: 10, debounceMs: 0 },
      problems: [],
    },
    {
      why: 'a wrong run mode falls back to onType and is reported',
      raw: { run: 'always' },
      expect: { run: 'onType' },
      problems: [/lockctx\.run/],
    },
    {
      why: 'rule severities accept ESLint numbers and the lockctx/ prefix',
      raw: { rules: { 'lockctx/no-lock-leak': 2, 'require-guard': 'off' } },
      expect: { rules: { 'no-lock-leak': 'error', 'require-guard': 'off' } },
      problems: [],
    },
    {
      why: 'an unknown rule is reported, the others kept',
      raw: { rules: { 'no-such-rule': 'warn', 'no-lock-leak': 'info' } },
      expect: { rules: { 'no-lock-leak': 'info' } },
      problems: [/unknown rule "no-such-rule"/],
    },
    {
      why: 'a bad severity is reported with the allowed list',
      raw: { rules: { 'no-lock-leak': 'loud' } },
      expect: { rules: {} },
      problems: [/"loud" is not one of off, hint, info, warn, error/],
    },
    {
      why: 'a negative size limit is refused',
      raw: { maxFileSize: -1 },
      expect: { maxFileSize: DEFAULT_SETTINGS.maxFileSize },
      problems: [/maxFileSize/],
    },
    {
      why: 'settings that are not an object are refused whole',
      raw: 'yes',
      expect: {},
      problems: [/must be an object/],
    },
    {
      why: 'nested settings: hints, lens, disable-comment location',
      raw: {
        inlayHints: { scopeEnds: false },
        codeLens: { enable: false },
        codeAction: { disableRuleComment: { location: 'sameLine' } },
      },
      expect: {
        inlayHints: { scopeEnds: false, guardArguments: true },
        codeLens: { enable: false },
        codeAction: { disableRuleComment: { location: 'sameLine' } },
      },
      problems: [],
    },
  ];
  it.each(cases)('$why', ({ raw, expect: want, problems }) => {
    const seen: string[] = [];
    const settings = normalizeSettings(raw, IDS, seen);
    expect(settings).toEqual({ ...structuredClone(DEFAULT_SETTINGS), ...want });
    expect(seen).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(seen[i]).toMatch(p));
  });
});

const lock = (id: string, reentrant = false) => ({
  id,
  kind: 'mutex',
  spin: false,
  reentrant,
  sources: [{ from: 'type', name: 'TicketLock', role: 'lockable' }],
  acquire: [
    { form: 'call', method: 'enter', async: true, yields: { kind: 'none' } },
  ],
  release: [{ by: 'lockable', method: 'leave', passes: 'none' }],
});

describe('custom locks in editor settings', () => {
  it.each<[string, unknown, unknown[], string | undefined, RegExp[]]>([
    [
      'valid locks are kept',
      { locks: [lock('m')] },
      [lock('m')],
      undefined,
      [],
    ],
    ['presets are kept', { presets: ['xarray'] }, [], 'xarray', []],
    [
      'presets: null (the editor default) means every preset, without a problem',
      { presets: null },
      [],
      undefined,
      [],
    ],
    [
      'an unknown preset id is reported',
      { presets: ['no-such-lock'] },
      [],
      undefined,
      [/^lockctx settings: presets\[0\]/],
    ],
    [
      'a lock the core rejects is reported with its path, and no lock is used',
      { locks: [{ ...lock('m'), release: [] }] },
      [],
      undefined,
      [
        /^lockctx settings: locks\[0\]\.acquire\[0\]: keeps the lock after the call but nothing releases it/,
      ],
    ],
    [
      'locks that are not an array',
      { locks: { id: 'm' } },
      [],
      undefined,
      [/^lockctx settings: locks: must be an array/],
    ],
  ])('%s', (_why, raw, locks, preset, problems) => {
    const seen: string[] = [];
    const settings = normalizeSettings(raw, IDS, seen);
    expect(settings.locks).toEqual(locks);
    expect(settings.presets?.[0]).toBe(preset);
    expect(seen).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(seen[i]).toMatch(p));
  });
});

describe('lockctx.json', () => {
  const root = mkdtempSync(join(tmpdir(), 'lockctx-settings-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(join(root, 'bad'), { recursive: true });
  mkdirSync(join(root, 'old'), { recursive: true });
  writeFileSync(
    join(root, 'lockctx.json'),
    JSON.stringify({
      locks: [lock('m'), lock('n')],
      rules: { 'no-lock-leak': 'off', 'require-guard': 'hint' },
      ignorePatterns: ['gen/'],
    }),
  );
  writeFileSync(join(root, 'bad', 'lockctx.json'), '{ "locks": [ ');
  // The keys of an older format are not read: one spelling for every host.
  writeFileSync(
    join(root, 'old', 'lockctx.json'),
    JSON.stringify({ ignore: ['gen'] }),
  );

  it('is found above the file, up to the workspace root', () => {
    const file = readProjectFile(join(root, 'a', 'b'), root, IDS);
    expect(file?.path).toBe(join(root, 'lockctx.json'));
    expect(file?.ignore).toEqual(['gen/']);
    expect(file?.rules).toEqual({
      'no-lock-leak': 'off',
      'require-guard': 'hint',
    });
  });

  it('is not looked for above the workspace root', () => {
    expect(
      readProjectFile(join(root, 'a', 'b'), join(root, 'a'), IDS),
    ).toBeUndefined();
  });

  it('malformed JSON is reported with its line and column and ignored, never evaluated', () => {
    const problems: string[] = [];
    expect(
      readProjectFile(join(root, 'bad'), root, IDS, problems),
    ).toBeUndefined();
    expect(problems[0]).toMatch(
      /bad\/lockctx\.json:1:\d+: \(root\): is not valid JSON/,
    );
  });

  it('a key of no host is reported by its path', () => {
    const problems: string[] = [];
    expect(
      readProjectFile(join(root, 'old'), root, IDS, problems),
    ).toBeUndefined();
    expect(problems).toEqual([
      `${join(root, 'old', 'lockctx.json')}: ignore: is not a known property (allowed: $schema, presets, locks, rules, ignorePatterns)`,
    ]);
  });

  it('editor settings override its rules, replace its lock of the same id and add others', () => {
    const file = readProjectFile(root, root, IDS);
    const editor = normalizeSettings(
      {
        rules: { 'no-lock-leak': 'error' },
        locks: [lock('n', true), lock('o')],
      },
      IDS,
    );
    const merged = mergeProjectFile(editor, file);
    expect(merged.rules).toEqual({
      'no-lock-leak': 'error',
      'require-guard': 'hint',
    });
    expect(merged.locks).toEqual([lock('m'), lock('n', true), lock('o')]);
    expect(coreSettings(merged)).toEqual({ locks: merged.locks });
  });
});
