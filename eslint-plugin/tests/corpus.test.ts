import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

import { findingsListener } from '../src/adapter.js';
import { setInternalErrorHandler } from '../src/internal-error.js';
import {
  listCorpusFiles,
  lintCorpus,
  pickSample,
  summaryLine,
} from '../src/tools/corpus.js';

const CORPUS = fileURLToPath(new URL('fixtures/corpus', import.meta.url));
const PLUGIN_ROOT = fileURLToPath(new URL('..', import.meta.url));

const relative = (files: string[]) =>
  files.map((file) => file.slice(CORPUS.length + 1));

// The corpus linter installs its own internal-error handler while it runs
// and puts the test setup's one back afterwards; check that it does.
const testHandler = setInternalErrorHandler(undefined);
setInternalErrorHandler(testHandler);
afterEach(() => {
  expect(setInternalErrorHandler(testHandler)).toBe(testHandler);
});

describe('listCorpusFiles', () => {
  it('walks JS and TS files, sorted, into nested node_modules, not dot-folders', () => {
    expect(relative(listCorpusFiles(CORPUS))).toEqual([
      'lib/broken.js',
      'lib/clean.ts',
      'lib/leak.js',
      'lib/script.cjs',
      'lib/types.d.ts',
      'lib/view.jsx',
      'pkg/node_modules/dep/index.js',
    ]);
  });
});

describe('pickSample', () => {
  const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  it.each([
    { count: undefined, expected: items, why: 'no sample: everything' },
    { count: 20, expected: items, why: 'more than there is: everything' },
    { count: 5, expected: [0, 2, 4, 6, 8], why: 'an even stride' },
    { count: 3, expected: [0, 3, 6], why: 'floor(i * n / count)' },
    { count: 1, expected: [0], why: 'one: the first' },
  ])('$why', ({ count, expected }) => {
    expect(pickSample(items, count)).toEqual(expected);
  });
});

describe('lintCorpus', () => {
  it('lints every file, counts parse errors apart, and finds our reports', () => {
    const result = lintCorpus({ dir: CORPUS });
    expect(result.files).toBe(7);
    expect(result.parseErrors).toBe(1);
    expect(result.crashes).toEqual([]);
    expect(result.skippedLarge).toBe(0);
    expect(result.baselineErrors).toBe(0);
    // leak.js discards a guard; clean.ts and the rest are clean.
    expect(result.reports).toEqual({ 'lockctx/no-lock-leak': 1 });
    // Time inside the rules' listeners: leak.js is analysed, so ours is not zero.
    expect(result.lockctxMs).toBeGreaterThan(0);
    expect(result.baselineMs).toBeGreaterThan(0);
    expect(result.parseMs).toBeGreaterThan(0);
  });

  it('skips and counts files over the size limit', () => {
    const result = lintCorpus({ dir: CORPUS, maxBytes: 70 });
    // Only view.jsx (53 bytes), types.d.ts (66) and broken.js (67) fit.
    expect(result.skippedLarge).toBe(4);
    expect(result.files).toBe(3);
  });

  it('lints only the sample', () => {
    const result = lintCorpus({ dir: CORPUS, sample: 3 });
    expect(result.files + result.skippedLarge + result.unreadable).toBe(3);
  });

  it('counts an exception thrown by a rule as a crash, per file', () => {
    const crashing: ESLint.Plugin = {
      rules: {
        boom: {
          create() {
            throw new Error('boom');
          },
        },
      },
    };
    const result = lintCorpus({ dir: CORPUS, plugin: crashing });
    // Every file that parses crashes; the unparsable one is not linted.
    expect(result.crashes).toHaveLength(6);
    expect(result.crashes[0]?.message).toMatch(
      /^Error while loading rule 'lockctx\/boom': boom/,
    );
    expect(result.parseErrors).toBe(1);
  });

  it('counts an internal error swallowed by a rule as a crash', () => {
    const swallowing = {
      rules: {
        swallow: {
          meta: { messages: {} },
          create: (context: never) =>
            findingsListener(context, 'no-lock-leak', () => {
              throw new Error('internal');
            }),
        },
      },
    } as unknown as ESLint.Plugin;
    const result = lintCorpus({ dir: CORPUS, plugin: swallowing });
    // Only leak.js has a no-lock-leak finding for `keep` to throw on.
    expect(result.crashes).toEqual([
      { file: 'lib/leak.js', message: expect.stringMatching(/^internal/) },
    ]);
  });
});

describe('summaryLine', () => {
  it('is the exact line CI reads', () => {
    expect(
      summaryLine({
        files: 2001,
        crashes: [{ file: 'a.js', message: 'x' }],
        parseErrors: 3,
        skippedLarge: 1,
        unreadable: 0,
        baselineErrors: 0,
        lockctxMs: 120.4,
        baselineMs: 980.6,
        parseMs: 400,
        reports: {},
      }),
    ).toBe('files: 2001, crashes: 1, lockctx ms: 120, baseline ms: 981');
  });
});

describe('the lint-corpus command (built output)', () => {
  const cli = ['dist/tools/lint-corpus.js'];
  it('ends with the summary line and exits 0 without crashes', () => {
    const out = execFileSync('node', [...cli, CORPUS], {
      cwd: PLUGIN_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trimEnd().split('\n').at(-1)).toMatch(
      /^files: 7, crashes: 0, lockctx ms: \d+, baseline ms: \d+$/,
    );
  });

  it.each([
    { args: [], why: 'no folder', message: /a folder to lint is required/ },
    {
      args: ['no/such/dir'],
      why: 'a missing folder',
      message: /'no\/such\/dir' is not a folder/,
    },
    {
      args: [CORPUS, '--sample', '0'],
      why: 'a sample of zero',
      message: /--sample must be a positive integer, got '0'/,
    },
  ])('exits 2 on bad arguments: $why', ({ args, message }) => {
    const run = spawnSync('node', [...cli, ...args], {
      cwd: PLUGIN_ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
