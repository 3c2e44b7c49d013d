/**
 * The TypeScript cases of the shared table again, this time inside a
 * TypeScript project (tests/fixtures/tsconfig.json) with the language options
 * of `configs['recommended-type-checked']`: type information is present, and
 * the rules must report exactly the same findings.
 */
import { fileURLToPath } from 'node:url';

import { cases } from '@lockctx/cases';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eachRule, ruleTests } from './case-tests.js';

const FIXTURES = fileURLToPath(new URL('fixtures', import.meta.url));
const typed = plugin.configs['recommended-type-checked'];

const TS_FILE = /\.[cm]?tsx?$/;
const typescript = cases.filter((item) => TS_FILE.test(item.filename));

const tester = new RuleTester({
  languageOptions: {
    parserOptions: {
      ...typed.languageOptions?.parserOptions,
      tsconfigRootDir: FIXTURES,
    },
  },
});

it('has TypeScript cases to run', () => {
  expect(typescript.length).toBeGreaterThan(0);
});

for (const [name, rule] of eachRule(plugin.rules)) {
  describe(`lockctx/${name} (typed)`, () => {
    const all = typescript.map((item) =>
      ruleTests(name, [item], rule.meta.messages, {
        filename: item.filename.endsWith('x') ? 'react.tsx' : 'file.ts',
      }),
    );
    tester.run(name, rule, {
      valid: all.flatMap((t) => t.valid),
      invalid: all.flatMap((t) => t.invalid),
    });
  });
}
