import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  DEFAULT_SETTINGS,
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

describe('lockctx.json', () => {
  const root = mkdtempSync(join(tmpdir(), 'lockctx-settings-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(join(root, 'bad'), { recursive: true });
  writeFileSync(
    join(root, 'lockctx.json'),
    JSON.stringify({ locks: [{ name: 'm' }], rules: { 'no-lock-leak': 'off' }, ignore: ['gen'] }),
  );
  writeFileSync(join(root, 'bad', 'lockctx.json'), '{ "locks": [ ');

  it('is found above the file, up to the workspace root', () => {
    const file = readProjectFile(join(root, 'a', 'b'), root, IDS);
    expect(file?.path).toBe(join(root, 'lockctx.json'));
    expect(file?.ignore).toEqual(['gen']);
  });

  it('is not looked for above the workspace root', () => {
    expect(readProjectFile(join(root, 'a', 'b'), join(root, 'a'), IDS)).toBeUndefined();
  });

  it('malformed JSON is reported and ignored, never evaluated', () => {
    const problems: string[] = [];
    expect(readProjectFile(join(root, 'bad'), root, IDS, problems)).toBeUndefined();
    expect(problems[0]).toMatch(/not valid JSON/);
  });

  it('editor settings override its rules and add to its locks', () => {
    const file = readProjectFile(root, root, IDS);
    const editor = normalizeSettings(
      { rules: { 'no-lock-leak': 'error' }, locks: [{ name: 'n' }] },
      IDS,
    );
    const merged = mergeProjectFile(editor, file);
    expect(merged.rules['no-lock-leak']).toBe('error');
    expect(merged.locks).toEqual([{ name: 'm' }, { name: 'n' }]);
  });
});
