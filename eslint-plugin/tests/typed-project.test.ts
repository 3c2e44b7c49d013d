/**
 * A small typed project (tests/fixtures/typed-project: a tsconfig, a
 * `.d.ts` that re-exports `@lockctx/xarray` types under other names, a
 * store class holding an XArray and an `async-mutex` lock behind an
 * interface, a service that misuses them, and its fixed twin) linted by
 * ESLint with `configs['recommended-type-checked']`. Every finding is
 * asserted by file, line, rule and messageId; the fixed file has none.
 * Without type information the project shows none of the findings marked
 * typed-only.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

const PROJECT = fileURLToPath(new URL('fixtures/typed-project', import.meta.url));
const configs = plugin.configs as unknown as Record<string, Linter.Config>;
const typed = configs['recommended-type-checked'] as Linter.Config;
const recommended = configs.recommended as Linter.Config;

interface Seen {
  file: string;
  line: number;
  rule: string | null;
  messageId: string | undefined;
}

async function lint(withTypes: boolean): Promise<Seen[]> {
  const eslint = new ESLint({
    cwd: PROJECT,
    overrideConfigFile: true,
    overrideConfig: [
      withTypes
        ? {
            ...typed,
            languageOptions: {
              ...typed.languageOptions,
              parserOptions: { projectService: true, tsconfigRootDir: PROJECT },
            },
          }
        : {
            ...recommended,
            languageOptions: { parser: tsParser as unknown as Linter.Parser },
          },
    ],
  });
  const results = await eslint.lintFiles(['*.ts']);
  return results
    .flatMap((r) =>
      r.messages.map((m) => ({
        file: relative(PROJECT, r.filePath),
        line: m.line,
        rule: m.ruleId,
        messageId: m.messageId,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** What the service gets wrong, and why each is found. */
const EXPECTED: (Seen & { why: string; typedOnly: boolean })[] = [
  {
    file: 'service.ts',
    line: 14,
    rule: 'lockctx/require-guard',
    messageId: 'notAGuard',
    why: 'countBooks declares a BookGuard (Guard<Book> from model.d.ts); the Shelf is passed',
    typedOnly: true,
  },
  {
    file: 'service.ts',
    line: 22,
    rule: 'lockctx/no-use-after-unlock',
    messageId: 'useAfterUnlock',
    why: 'Store.lockBooks() is declared to return a BookGuard; it is used after unlock',
    typedOnly: true,
  },
  {
    file: 'service.ts',
    line: 28,
    rule: 'lockctx/no-self-deadlock',
    messageId: 'relock',
    why: 'deps.store.mutex is a MutexInterface (async-mutex), taken again inside runExclusive',
    typedOnly: true,
  },
  {
    file: 'service.ts',
    line: 36,
    rule: 'lockctx/no-lock-leak',
    messageId: 'notReleased',
    why: 'the releaser of deps.store.mutex.acquire() is never called',
    typedOnly: true,
  },
  {
    file: 'service.ts',
    line: 44,
    rule: 'lockctx/no-self-deadlock',
    messageId: 'writeWhileLocked',
    why: 'deps.store.books is a Shelf (an XArray); storing through it under its own lock deadlocks (found by shape too: the file uses withLock, so `x.lock()` is taken for an XArray lock)',
    typedOnly: false,
  },
];

describe('typed fixture project', () => {
  it('reports exactly the expected findings with types', async () => {
    const seen = await lint(true);
    expect(seen).toEqual(
      EXPECTED.map(({ file, line, rule, messageId }) => ({
        file,
        line,
        rule,
        messageId,
      })),
    );
  });

  it('reports none of the typed-only ones without types', async () => {
    const seen = await lint(false);
    const same = seen.filter((s) =>
      EXPECTED.some(
        (e) =>
          e.typedOnly &&
          e.file === s.file &&
          e.line === s.line &&
          e.rule === s.rule,
      ),
    );
    expect(same).toEqual([]);
  });
});
