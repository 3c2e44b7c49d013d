import { fileURLToPath } from 'node:url';
import lockctx from '@lockctx/eslint-plugin';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** ESLint with the recommended lockctx config, ignoring disable comments. */
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  allowInlineConfig: false,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    lockctx.configs.recommended,
  ],
});

async function lint(file: string) {
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.map((m) => ({
    rule: m.ruleId,
    source: result!.source?.split('\n')[m.line - 1]?.trim() ?? '',
  }));
}

describe('lockctx on async-mutex and Web Locks code', () => {
  it.each([
    {
      rule: 'lockctx/no-lock-leak',
      source: 'const release = await this.mutex.acquire();',
      why: 'deposit: a failing write skips release()',
    },
    {
      rule: 'lockctx/no-self-deadlock',
      source: 'await this.debit(from, amount);',
      why: 'transfer: debit() takes the mutex transfer() holds',
    },
  ])('flags $rule in the buggy ledger ($why)', async ({ rule, source }) => {
    expect(await lint('src/buggy/ledger.ts')).toContainEqual({ rule, source });
  });

  it.each([
    {
      file: 'src/ledger.ts',
      why: 'one lock scope per read-modify-write, release in finally, a helper that expects the lock held',
    },
    {
      file: 'src/session.ts',
      why: 'the check and the refresh share one Web Lock callback',
    },
    { file: 'src/web-locks.ts', why: 'the lock manager itself' },
  ])('reports nothing in $file ($why)', async ({ file }) => {
    expect(await lint(file)).toEqual([]);
  });

  // KNOWN GAPS: a value read in one `runExclusive` / `locks.request`
  // callback and acted on in another is not reported yet. When the
  // analysis reports them these tests fail and `.fails` must be removed.
  it.fails.each([
    {
      file: 'src/buggy/ledger.ts',
      why: 'withdraw: the balance from the first runExclusive is written in the second',
    },
    {
      file: 'src/buggy/session.ts',
      why: 'token: the expiry read under the lock decides a refresh saved under another',
    },
  ])('flags a stale value in $file ($why)', async ({ file }) => {
    const rules = (await lint(file)).map((m) => m.rule);
    expect(rules).toContain('lockctx/no-stale-lock-value');
  });
});
