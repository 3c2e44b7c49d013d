/**
 * The cases of the shared table that need project settings (custom locks,
 * `presets`), through every rule with ESLint's RuleTester: each case's
 * settings go to `settings.lockctx`, as a project's flat config gives them.
 * Also: `lockctx.json` found above the linted file and merged under
 * `settings.lockctx`, and configuration mistakes reported at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configCases } from '@lockctx/cases';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';

import { readSettings } from '../src/adapter.js';
import plugin from '../src/index.js';
import { eachRule, ruleTests } from './case-tests.js';

const tester = new RuleTester();

describe('cases with settings', () => {
  it('every rule has its valid and invalid cases here, each with settings', () => {
    const rules = new Set(configCases.map((c) => c.rule));
    for (const c of configCases) expect(c.settings, c.name).toBeDefined();
    expect(rules.size).toBeGreaterThan(3);
  });
});

for (const [name, rule] of eachRule(plugin.rules)) {
  describe(`lockctx/${name} with settings.lockctx`, () => {
    const tests = ruleTests(name, configCases, rule.meta.messages);
    tester.run(name, rule, tests);
  });
}

const TICKET = {
  id: 'acme.TicketLock',
  kind: 'mutex',
  spin: false,
  reentrant: false,
  sources: [{ from: 'type', name: 'TicketLock', role: 'lockable' }],
  acquire: [
    { form: 'call', method: 'enter', async: true, yields: { kind: 'none' } },
  ],
  release: [{ by: 'lockable', method: 'leave', passes: 'none' }],
};

describe('readSettings', () => {
  const root = mkdtempSync(join(tmpdir(), 'lockctx-eslint-settings-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // A project root (a .git folder stops the lookup) with a lockctx.json.
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  writeFileSync(
    join(root, 'lockctx.json'),
    JSON.stringify({ presets: ['xarray'], locks: [TICKET] }),
  );
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'lockctx.json'), '{ "locks": [ }');
  mkdirSync(join(root, 'typo'));
  writeFileSync(
    join(root, 'typo', 'lockctx.json'),
    JSON.stringify({ lcoks: [] }),
  );
  const file = (...parts: string[]) => join(root, ...parts);

  it.each<[string, Record<string, unknown>, string, unknown]>([
    [
      'no settings, no file: defaults',
      {},
      '/nowhere-near-a-config/x.js',
      undefined,
    ],
    [
      'the file above the linted file applies',
      {},
      file('src', 'deep', 'x.js'),
      { presets: ['xarray'], locks: [TICKET] },
    ],
    [
      'settings.lockctx presets replace the file presets',
      { lockctx: { presets: ['xarray', 'async-mutex.Mutex'] } },
      file('src', 'x.js'),
      { presets: ['xarray', 'async-mutex.Mutex'], locks: [TICKET] },
    ],
    [
      'a settings lock replaces the file lock of the same id',
      { lockctx: { locks: [{ ...TICKET, reentrant: true }] } },
      file('src', 'x.js'),
      { presets: ['xarray'], locks: [{ ...TICKET, reentrant: true }] },
    ],
    [
      'text without a file reads settings only',
      { lockctx: { locks: [TICKET] } },
      '<input>',
      { locks: [TICKET] },
    ],
  ])('%s', (_why, settings, filename, want) => {
    expect(readSettings(settings, filename)).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'settings.lockctx that is not an object',
      { lockctx: ['async-mutex'] },
      '<input>',
      /settings\.lockctx` must be an object/,
    ],
    [
      'an invalid lock in settings.lockctx names its path',
      {
        lockctx: {
          locks: [
            { ...TICKET, acquire: [{ ...TICKET.acquire[0], metod: 'x' }] },
          ],
        },
      },
      '<input>',
      /settings\.lockctx: locks\[0\]\.acquire\[0\]\.metod: is not a known property/,
    ],
    [
      'a lockctx.json that is not JSON names its line and column',
      {},
      file('broken', 'x.js'),
      /broken\/lockctx\.json:1:\d+: \(root\): is not valid JSON/,
    ],
    [
      'a misspelt key of lockctx.json is named',
      {},
      file('typo', 'x.js'),
      /typo\/lockctx\.json: lcoks: is not a known property/,
    ],
  ])('%s is reported at once', (_why, settings, filename, problem) => {
    expect(() => readSettings(settings, filename)).toThrow(problem);
  });
});
