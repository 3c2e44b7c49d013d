/**
 * The multi-file cases of the shared table (`multiFileCases`: small projects
 * whose main file imports its neighbours) through every rule with ESLint's
 * RuleTester. Each case's files are written to a fresh temporary directory
 * and the main file is linted under its real path there, so the rules follow
 * its imports from disk as they do in a real project: with typescript-eslint's
 * parser for every case, and with ESLint's default parser (espree) again for
 * the JavaScript ones.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { Case } from '@lockctx/cases';
import { multiFileCases } from '@lockctx/cases';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eachRule, ruleTests } from './case-tests.js';

const ROOT = mkdtempSync(join(tmpdir(), 'lockctx-rule-cases-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

/**
 * Writes a case's files under its own directory and returns the case with
 * `filename` set to the main file's absolute path.
 */
function materialise(item: Case, n: number): Case {
  const dir = join(ROOT, `case-${n}`);
  const files = { ...item.files, [item.filename]: item.code };
  for (const [relative, text] of Object.entries(files)) {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { ...item, filename: join(dir, item.filename) };
}

const onDisk = multiFileCases.map(materialise);
const JS_FILE = /\.[cm]?jsx?$/;
const javascript = onDisk.filter((item) => JS_FILE.test(item.filename));

const typescriptTester = new RuleTester();
const espreeTester = new RuleTester({
  languageOptions: {
    parser: espree,
    ecmaVersion: 'latest',
    sourceType: 'module',
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

describe('the multi-file cases', () => {
  it('are written to disk and linted under their real path', () => {
    expect(onDisk.length).toBeGreaterThan(0);
    for (const item of onDisk) {
      expect(item.filename.startsWith(ROOT), item.name).toBe(true);
    }
    // Most cases are about a neighbour (a case without one is about a missing module).
    expect(
      onDisk.filter((item) => Object.keys(item.files ?? {}).length > 0).length,
    ).toBeGreaterThan(onDisk.length / 2);
  });

  it('have invalid cases for some rules and name only rules of the plugin', () => {
    const reported = new Set(
      onDisk.flatMap((item) => item.findings.map((finding) => finding.check)),
    );
    expect(reported.size).toBeGreaterThan(0);
    for (const check of reported) {
      expect(Object.keys(plugin.rules)).toContain(check);
    }
  });
});

for (const [name, rule] of eachRule(plugin.rules)) {
  describe(`lockctx/${name} (multi-file, typescript-eslint parser)`, () => {
    typescriptTester.run(
      name,
      rule,
      ruleTests(name, onDisk, rule.meta.messages),
    );
  });
  describe(`lockctx/${name} (multi-file, espree)`, () => {
    espreeTester.run(
      name,
      rule,
      ruleTests(name, javascript, rule.meta.messages),
    );
  });
}
