/**
 * Each config, loaded as a flat config by a real `ESLint` instance, lints.
 */
import { fileURLToPath } from 'node:url';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('fixtures', import.meta.url));

const configs = plugin.configs as unknown as Record<string, Linter.Config>;

/** TypeScript files need typescript-eslint's parser (not part of `recommended`). */
const TS_PARSER: Linter.Config = {
  files: ['**/*.{ts,mts,cts,tsx}'],
  languageOptions: { parser: tsParser as unknown as Linter.Parser },
};

/** A discarded guard; the import tells the analysis `lock()` is the XArray's. */
const LEAK =
  "import { XArray } from '@lockctx/xarray';\n\n" +
  'export const make = () => new XArray();\n' +
  'export function pin(xa) {\n  xa.lock();\n}\n';

/** The guard is used after a release that happens on some paths only. */
const SOME_PATHS = `export function tag(xa, done) {
  const guard = xa.lock();
  if (done) {
    guard.unlock();
  }
  guard.setMark(1, 0);
  if (!done) {
    guard.unlock();
  }
}
`;

async function lint(
  config: Linter.Config[],
  code: string,
  filePath: string,
  cwd = FIXTURES,
): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: config,
  });
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error('no lint result');
  const fatal = result.messages.filter((m) => m.fatal === true);
  expect(fatal, 'no parse or config error').toEqual([]);
  return result.messages;
}

const ids = (messages: Linter.LintMessage[]) =>
  messages.map((m) => `${m.ruleId}:${m.messageId}`);

describe('configs in a real ESLint instance', () => {
  it.each([
    { name: 'recommended', file: 'pin.js', why: 'JavaScript, default parser' },
    { name: 'strict', file: 'pin.mjs', why: 'an ES module file' },
    { name: 'recommended', file: 'pin.ts', why: 'TypeScript, no type info' },
    { name: 'strict', file: 'pin.tsx', why: 'TSX' },
  ])('$name lints $file ($why)', async ({ name, file }) => {
    const config = configs[name] as Linter.Config;
    const messages = await lint([TS_PARSER, config], LEAK, file);
    expect(ids(messages)).toEqual(['lockctx/no-lock-leak:discarded']);
  });

  it('recommended leaves findings on some paths to strict', async () => {
    const recommended = await lint(
      [configs['recommended'] as Linter.Config],
      SOME_PATHS,
      'tag.js',
    );
    const strict = await lint(
      [configs['strict'] as Linter.Config],
      SOME_PATHS,
      'tag.js',
    );
    expect(ids(recommended).some((id) => id.endsWith('OnSomePaths'))).toBe(
      false,
    );
    expect(ids(strict)).toContain(
      'lockctx/no-use-after-unlock:useAfterUnlockOnSomePaths',
    );
    for (const id of ids(recommended)) expect(ids(strict)).toContain(id);
  });

  it('recommended-type-checked lints a file of a TypeScript project', async () => {
    const messages = await lint(
      [configs['recommended-type-checked'] as Linter.Config],
      `import type { XArray } from '@lockctx/xarray';\n\nexport function pin(xa: XArray<string>): void {\n  xa.lock();\n}\n`,
      `${FIXTURES}/file.ts`,
    );
    expect(ids(messages)).toEqual(['lockctx/no-lock-leak:discarded']);
  });

  it('recommended-type-checked does not apply to JavaScript files', async () => {
    const messages = await lint(
      [configs['recommended-type-checked'] as Linter.Config],
      LEAK,
      'pin.js',
    );
    expect(messages).toEqual([]);
  });

  it('works through defineConfig extends', async () => {
    const config = defineConfig({
      files: ['src/**/*.js'],
      extends: [configs['recommended'] as Linter.Config],
    });
    expect(ids(await lint(config, LEAK, 'src/pin.js'))).toEqual([
      'lockctx/no-lock-leak:discarded',
    ]);
    expect(await lint(config, LEAK, 'other/pin.js')).toEqual([]);
  });
});
