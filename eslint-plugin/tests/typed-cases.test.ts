/**
 * The typed-only cases of the shared table through ESLint: every case is a
 * small project written to a temporary directory (beside a tsconfig and a
 * link to the workspace's `node_modules`, so `@lockctx/xarray` and
 * `async-mutex` resolve to their real declarations) and linted with the
 * language options of `configs['recommended-type-checked']`. Then the
 * invalid ones without type information: the rule does not report them
 * (what they find needs types).
 */
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { typedCases } from '@lockctx/cases';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eachRule, ruleTests } from './case-tests.js';

const WORKSPACE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const typed = plugin.configs['recommended-type-checked'];

const root = mkdtempSync(join(tmpdir(), 'lockctx-typed-eslint-'));
symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'), 'dir');
writeFileSync(
  join(root, 'package.json'),
  JSON.stringify({ type: 'module', private: true }),
);
writeFileSync(
  join(root, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['p*/**/*.ts'],
  }),
);
const placed = typedCases.map((item, n) => {
  for (const [rel, text] of Object.entries({
    ...item.files,
    [item.filename]: item.code,
  })) {
    const path = join(root, `p${n}`, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { item, filename: join(root, `p${n}`, item.filename) };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const withTypes = new RuleTester({
  languageOptions: {
    parserOptions: {
      ...typed.languageOptions?.parserOptions,
      tsconfigRootDir: root,
    },
  },
});
const withoutTypes = new RuleTester({
  languageOptions: { parser: tsParser },
});

it('has typed cases to run', () => {
  expect(placed.length).toBeGreaterThanOrEqual(30);
});

for (const [name, rule] of eachRule(plugin.rules)) {
  describe(`lockctx/${name} (typed-only cases, with types)`, () => {
    const all = placed.map(({ item, filename }) =>
      ruleTests(name, [item], rule.meta.messages, { filename }),
    );
    withTypes.run(name, rule, {
      valid: all.flatMap((t) => t.valid),
      invalid: all.flatMap((t) => t.invalid),
    });
  });
  const invalid = placed.filter(({ item }) =>
    item.findings.some((f) => f.check === name),
  );
  if (invalid.length === 0) continue;
  describe(`lockctx/${name} (typed-only cases, without types)`, () => {
    withoutTypes.run(name, rule, {
      valid: invalid.map(({ item, filename }) => ({
        name: `${item.name}: not found without types`,
        code: item.code,
        filename,
      })),
      invalid: [],
    });
  });
}
