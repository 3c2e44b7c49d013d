/**
 * Every case of the shared table through every rule, with ESLint's
 * RuleTester: TypeScript's parser for every case, and ESLint's default parser
 * (espree) again for the JavaScript ones, so the rules agree on both trees.
 * typed.test.ts runs the TypeScript cases again inside a TypeScript project.
 */
import { cases } from '@lockctx/cases';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import type { ESLint } from 'eslint';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eachRule, messagePattern, ruleTests } from './case-tests.js';

const JS_FILE = /\.[cm]?jsx?$/;
const javascript = cases.filter((item) => JS_FILE.test(item.filename));

const typescriptTester = new RuleTester();
const espreeTester = new RuleTester({
  languageOptions: {
    parser: espree,
    ecmaVersion: 'latest',
    sourceType: 'module',
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

describe('the case table', () => {
  it('has valid and invalid cases for every rule', () => {
    for (const [name, rule] of eachRule(plugin.rules)) {
      const { valid, invalid } = ruleTests(name, cases, rule.meta.messages);
      expect(invalid.length, `${name}: invalid cases`).toBeGreaterThan(0);
      expect(valid.length, `${name}: valid cases`).toBeGreaterThan(0);
    }
  });

  it('names only checks that are rules of the plugin', () => {
    for (const item of cases) {
      for (const finding of item.findings) {
        expect(Object.keys(plugin.rules), item.name).toContain(finding.check);
      }
    }
  });
});

for (const [name, rule] of eachRule(plugin.rules)) {
  describe(`lockctx/${name} (typescript-eslint parser)`, () => {
    typescriptTester.run(
      name,
      rule,
      ruleTests(name, cases, rule.meta.messages),
    );
  });
  describe(`lockctx/${name} (espree)`, () => {
    espreeTester.run(
      name,
      rule,
      ruleTests(name, javascript, rule.meta.messages),
    );
  });
}

describe('message data the cases assert (also when partial)', () => {
  const withData = cases.flatMap((item) =>
    item.todo !== undefined
      ? []
      : item.findings
          .filter((finding) => finding.data !== undefined)
          .map((finding) => ({ item, finding })),
  );

  it.each(withData)(
    '$item.name: $finding.check $finding.messageId at $finding.line:$finding.column',
    ({ item, finding }) => {
      const messages = new Linter().verify(
        item.code,
        {
          files: ['**/*.ts'],
          plugins: { lockctx: plugin as unknown as ESLint.Plugin },
          languageOptions: { parser: tsParser as unknown as Linter.Parser },
          rules: { [`lockctx/${finding.check}`]: 'error' },
        },
        { filename: item.filename.replace(/\.\w+$/, '.ts') },
      );
      const reported = messages.find(
        (m) =>
          m.messageId === finding.messageId &&
          m.line === finding.line &&
          m.column === finding.column,
      );
      const template = plugin.rules[finding.check].meta.messages[
        finding.messageId
      ] as string;
      expect(reported?.message).toMatch(
        messagePattern(template, finding.data ?? {}),
      );
    },
  );
});
