#!/usr/bin/env node
/**
 * `lint-corpus <dir> [--sample N] [--max-bytes N]`: lints every JavaScript
 * and TypeScript file under `<dir>` with `configs.recommended`, prints
 * progress on stderr, and ends with the line
 * `files: N, crashes: C, lockctx ms: X, baseline ms: Y`.
 * Exits 1 when a rule crashed, 2 on bad arguments.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: lint-corpus <dir> [--sample N] [--max-bytes N]\n' +
  '  --sample N     lint N files spread evenly over the sorted file list\n' +
  '  --max-bytes N  skip (and count) files larger than N bytes (default 1 MiB)';

function fail(message: string): never {
  process.stderr.write(`lint-corpus: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function positiveInteger(name: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    fail(`--${name} must be a positive integer, got '${value}'`);
  }
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        sample: { type: 'string' },
        'max-bytes': { type: 'string' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const [dirArg, ...extra] = parsed.positionals;
  if (dirArg === undefined) fail('a folder to lint is required');
  if (extra.length > 0) fail(`one folder only, got also '${extra.join(' ')}'`);
  const dir = resolve(dirArg);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) fail(`'${dirArg}' is not a folder`);
  const sample = positiveInteger('sample', parsed.values.sample);
  const maxBytes = positiveInteger('max-bytes', parsed.values['max-bytes']);

  // Loaded after the arguments are checked: it pulls in ESLint and parsers.
  const { displayPath, lintCorpus, summaryLine } = await import('./corpus.js');
  const started = Date.now();
  let lastProgress = 0;
  const result = lintCorpus({
    dir,
    sample,
    maxBytes,
    onProgress(done, total, crashes) {
      const now = Date.now();
      if (done === total || now - lastProgress >= 2000) {
        lastProgress = now;
        process.stderr.write(
          `lint-corpus: ${done}/${total} files, ${crashes} crashes, ` +
            `${((now - started) / 1000).toFixed(1)} s\n`,
        );
      }
    },
  });

  const out: string[] = [];
  for (const crash of result.crashes.slice(0, 50)) {
    out.push(`crash: ${displayPath(crash.file)}: ${crash.message}`);
  }
  if (result.crashes.length > 50) {
    out.push(`… and ${result.crashes.length - 50} more crashes`);
  }
  const reports = Object.entries(result.reports)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, n]) => `${rule} ${n}`);
  out.push(
    `folder: ${displayPath(dirArg)}${sample === undefined ? '' : ` (sample of ${sample})`}`,
    `parse errors (not crashes, not linted): ${result.parseErrors}`,
    `skipped (over ${maxBytes ?? 1024 * 1024} bytes): ${result.skippedLarge}`,
    `unreadable: ${result.unreadable}`,
    `baseline rule exceptions (not ours): ${result.baselineErrors}`,
    `lockctx reports: ${reports.length === 0 ? 'none' : reports.join(', ')}`,
    `parsing (both configs share it), ms: ${Math.round(result.parseMs)}`,
    `lockctx / baseline (time inside the rules): ${
      result.baselineMs > 0
        ? (result.lockctxMs / result.baselineMs).toFixed(2)
        : 'n/a'
    }`,
    summaryLine(result),
  );
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = result.crashes.length > 0 ? 1 : 0;
}

await main();
