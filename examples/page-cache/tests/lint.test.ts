import { fileURLToPath } from 'node:url';
import lockctx from '@lockctx/eslint-plugin';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** ESLint with only our rule, ignoring disable comments in the sources. */
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  allowInlineConfig: false,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { lockctx },
      rules: { 'lockctx/no-stale-lock-value': 'error' },
    },
  ],
});

async function lint(file: string) {
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.map((m) => ({
    rule: m.ruleId,
    line: m.line,
    source: result!.source?.split('\n')[m.line - 1]?.trim() ?? '',
    message: m.message,
  }));
}

describe('lockctx/no-stale-lock-value on the page cache', () => {
  it('flags the pre-6.10 addFolio where the order read before sleeping is acted on', async () => {
    const messages = await lint('src/add-folio-buggy.ts');
    const stale = messages.filter(
      (m) => m.rule === 'lockctx/no-stale-lock-value',
    );
    // The split is linked in with the order and entry of the first scope.
    expect(stale).toContainEqual(
      expect.objectContaining({
        source: 'g.storeOrder(i, folio.order, prefill);',
        message: expect.stringMatching(
          /^`order` was read by `peek\.getOrder\(\)`|^`prefill` was read by `peek\.load\(\)`/,
        ),
      }),
    );
    expect(
      messages.every((m) => m.rule === 'lockctx/no-stale-lock-value'),
    ).toBe(true);
  });

  // A read and a use in one lock scope of a retry loop are not stale.
  it('reports nothing in the fixed addFolio', async () => {
    expect(await lint('src/add-folio.ts')).toEqual([]);
  });
});
