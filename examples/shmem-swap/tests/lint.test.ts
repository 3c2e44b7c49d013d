import { fileURLToPath } from 'node:url';
import lockctx from '@lockctx/eslint-plugin';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** ESLint with our recommended rules, ignoring disable comments in the sources. */
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
    source: result!.source?.split('\n')[m.line - 1]?.trim() ?? '',
    message: m.message,
  }));
}

describe('lockctx/no-stale-lock-value on shmem_free_swap', () => {
  it('flags the pre-2026 version where the order read under the first lock sizes the free', async () => {
    expect(await lint('src/free-swap-buggy.ts')).toEqual([
      {
        rule: 'lockctx/no-stale-lock-value',
        source: 'if (xa.cmpxchg(base, entry, null) !== entry) return 0;',
        message: expect.stringMatching(
          /^`order` was read by `g\.getOrder\(\)`/,
        ),
      },
    ]);
  });

  it('reports nothing in the fixed version (one lock scope)', async () => {
    expect(await lint('src/free-swap.ts')).toEqual([]);
  });
});
