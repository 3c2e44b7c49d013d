#!/usr/bin/env node
/**
 * `lint-corpus-typed [<project dir>…] [--runs N]`: what lockctx's typed
 * mode adds to a typed lint. Each project (a folder with a `tsconfig.json`
 * whose `src/**\/*.ts` are linted; by default the TypeScript workspaces of
 * this repository) is linted with typescript-eslint's
 * `recommended-type-checked` alone, then with lockctx's
 * `recommended-type-checked` added (one parse and one TypeScript program
 * shared by both plugins, as in a real run), alternately, `--runs` times
 * (default 3), each run in a fresh process (so neither profits from the
 * other's warm caches), keeping the median of each. Times are the lint's
 * CPU time in that process (less sensitive to other load than wall time). It prints, per
 * project and in total, both times and what lockctx adds, as a percentage
 * of the typescript-eslint run. Per-rule statistics are not used for the
 * ratio: the checker computes types lazily, so whichever rule asks first
 * pays for them. Exits 2 on bad arguments.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import plugin from '../index.js';

const USAGE =
  'usage: lint-corpus-typed [<project dir>…] [--runs N]\n' +
  '  <project dir>  a folder with a tsconfig.json whose src/**/*.ts are linted\n' +
  '                 (default: the TypeScript workspaces of this repository)\n' +
  '  --runs N       lint each project N times and keep the fastest (default 3)';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const DEFAULT_PROJECTS = [
  'xarray',
  'packages/analysis',
  'packages/cli',
  'eslint-plugin',
  'lsp/server',
  'examples/page-cache',
  'examples/block-store',
  'examples/id-table',
  'examples/shmem-swap',
  'examples/scheduler',
  'examples/async-locks',
];

function fail(message: string): never {
  process.stderr.write(`lint-corpus-typed: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface Run {
  files: number;
  /** CPU time of the lint, ms. */
  cpu: number;
  findings: number;
}

/** Lints `dir`'s `src/**\/*.ts` once: typescript-eslint's typed config, with lockctx's or not. */
async function lintOnce(dir: string, withLockctx: boolean): Promise<Run> {
  const lockctx = plugin.configs['recommended-type-checked'] as unknown as Linter.Config;
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]),
      ...(withLockctx ? [lockctx] : []),
      {
        files: ['**/*.ts'],
        languageOptions: {
          parserOptions: { projectService: true, tsconfigRootDir: dir },
        },
      },
    ],
  });
  const before = process.cpuUsage();
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const used = process.cpuUsage(before);
  return {
    files: results.length,
    cpu: (used.user + used.system) / 1000,
    findings: results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('lockctx/')).length, 0),
  };
}

/** One lint of `dir` in a fresh process (this script with `--child`). */
function lintInChild(dir: string, withLockctx: boolean): Run {
  const out = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), dir, '--child', withLockctx ? 'both' : 'base'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  return JSON.parse(out) as Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function ms(n: number): string {
  return n.toFixed(0).padStart(9);
}

function added(base: number, both: number): string {
  return base > 0 ? `${((100 * (both - base)) / base).toFixed(1)} %` : 'n/a';
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, child: { type: 'string' } } });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const child = parsed.values.child;
  if (child !== undefined) {
    const [dir] = parsed.positionals;
    if (dir === undefined || (child !== 'base' && child !== 'both')) fail('--child base|both <dir>');
    process.stdout.write(JSON.stringify(await lintOnce(resolve(dir), child === 'both')));
    return;
  }
  const runs = parsed.values.runs === undefined ? 3 : Number(parsed.values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got '${parsed.values.runs}'`);
  const dirs = (parsed.positionals.length > 0 ? parsed.positionals : DEFAULT_PROJECTS.map((p) => join(ROOT, p))).map((d) => resolve(d));
  for (const d of dirs) if (!existsSync(join(d, 'tsconfig.json'))) fail(`'${d}' has no tsconfig.json`);

  let files = 0;
  let base = 0;
  let both = 0;
  let findings = 0;
  process.stdout.write(`${'project'.padEnd(24)}  files  typescript-eslint ms  + lockctx ms   added\n`);
  for (const dir of dirs) {
    const as: number[] = [];
    const bs: number[] = [];
    let last: Run | undefined;
    for (let i = 0; i < runs; i++) {
      as.push(lintInChild(dir, false).cpu);
      last = lintInChild(dir, true);
      bs.push(last.cpu);
    }
    const a = median(as);
    const b = median(bs);
    const r = last as Run;
    files += r.files;
    findings += r.findings;
    base += a;
    both += b;
    process.stdout.write(`${(relative(ROOT, dir) || dir).padEnd(24)} ${String(r.files).padStart(6)}  ${ms(a)}             ${ms(b)}  ${added(a, b).padStart(7)}\n`);
  }
  process.stdout.write(
    `total: files: ${files}, typescript-eslint recommended-type-checked ms: ${base.toFixed(0)}, ` +
      `with lockctx recommended-type-checked ms: ${both.toFixed(0)}, lockctx adds: ${added(base, both)}, ` +
      `lockctx findings: ${findings}\n`,
  );
}

await main();
