/**
 * The corpus linter: lints every JavaScript and TypeScript file under a
 * folder with `configs.recommended` (no type information), counts crashes of
 * our rules, and times our rules against ESLint's `js.configs.recommended` on
 * the same texts in the same run.
 *
 * Timing: every file is linted twice from the same text — with lockctx's
 * recommended rules and with the baseline — in an order that rotates from
 * file to file, with ESLint's own statistics on (`stats: true`). A config's
 * cost is the time spent inside its rules' listeners, summed over its rules:
 * it is never below zero and it leaves out what both runs share (parsing,
 * scope and code-path analysis, traversal), which is reported apart.
 *
 * Inline configuration comments (`eslint-disable`, `/* eslint … *\/`) are
 * ignored: they name the corpus authors' own rules and configs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import js from '@eslint/js';
import * as tsParser from '@typescript-eslint/parser';
import type { ESLint } from 'eslint';
import { Linter } from 'eslint';

import plugin from '../index.js';
import { setInternalErrorHandler } from '../internal-error.js';

/** What to lint and how. */
export interface CorpusOptions {
  /** The folder to walk. Symbolic links and dot-folders are not followed. */
  dir: string;
  /**
   * Lint only this many files, spread evenly over the sorted list of all
   * candidates (a deterministic selection for a given folder content).
   */
  sample?: number;
  /** Files larger than this are skipped and counted (default 1 MiB). */
  maxBytes?: number;
  /** The plugin under test (default: ours). */
  plugin?: ESLint.Plugin;
  /** Called after every file with the number done and the total. */
  onProgress?: (done: number, total: number, crashes: number) => void;
}

/** One crash of our rules. */
export interface CorpusCrash {
  file: string;
  message: string;
}

/** The outcome of a corpus run. */
export interface CorpusResult {
  /** Files read and linted (parse failures included). */
  files: number;
  /** Exceptions and internal errors of our rules. */
  crashes: CorpusCrash[];
  /** Files the parsers rejected (odd syntax, Flow…): not our crashes. */
  parseErrors: number;
  /** Files over `maxBytes`, not linted. */
  skippedLarge: number;
  /** Files that could not be read. */
  unreadable: number;
  /** Exceptions thrown by the baseline's own rules (ESLint's problem). */
  baselineErrors: number;
  /** Milliseconds spent in our rules' listeners (ESLint's per-rule statistics). */
  lockctxMs: number;
  /** Milliseconds spent in the listeners of `js.configs.recommended`'s rules. */
  baselineMs: number;
  /** Milliseconds ESLint spent parsing the files (the lockctx runs). */
  parseMs: number;
  /** lockctx reports (not crashes), by rule id. */
  reports: Record<string, number>;
}

/** The extensions the recommended config covers. */
export const CORPUS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TS_FILE = /\.(?:[cm]?ts|tsx)$/;

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Lints a folder and returns the counts and timings; never throws on a file. */
export function lintCorpus(options: CorpusOptions): CorpusResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const underTest = options.plugin ?? (plugin as unknown as ESLint.Plugin);
  const files = pickSample(listCorpusFiles(options.dir), options.sample);
  const result: CorpusResult = {
    files: 0,
    crashes: [],
    parseErrors: 0,
    skippedLarge: 0,
    unreadable: 0,
    baselineErrors: 0,
    lockctxMs: 0,
    baselineMs: 0,
    parseMs: 0,
    reports: {},
  };
  // Our rules swallow their internal errors (a user must never see them);
  // here every one of them is a crash.
  let current = '';
  const previous = setInternalErrorHandler((error) => {
    result.crashes.push({ file: current, message: describe(error) });
  });
  const linter = new Linter({ cwd: options.dir });
  const lockctxRules = recommendedRules(underTest);
  try {
    files.forEach((file, index) => {
      current = relative(options.dir, file);
      const text = readText(file, maxBytes, result);
      if (text !== undefined) {
        result.files += 1;
        lintOne(linter, current, text, index, underTest, lockctxRules, result);
      }
      options.onProgress?.(index + 1, files.length, result.crashes.length);
    });
  } finally {
    setInternalErrorHandler(previous);
  }
  return result;
}

/** The summary line the CI reads. */
export function summaryLine(result: CorpusResult): string {
  return (
    `files: ${result.files}, crashes: ${result.crashes.length}, ` +
    `lockctx ms: ${Math.round(result.lockctxMs)}, ` +
    `baseline ms: ${Math.round(result.baselineMs)}`
  );
}

/** Every corpus file under `dir`, sorted by path (code-unit order). */
export function listCorpusFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && CORPUS_FILE.test(entry.name)) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `count` items spread evenly over `items` (all of them when fewer). */
export function pickSample<T>(items: T[], count: number | undefined): T[] {
  if (count === undefined || count >= items.length) return items;
  const picked: T[] = [];
  for (let i = 0; i < count; i++) {
    picked.push(items[Math.floor((i * items.length) / count)] as T);
  }
  return picked;
}

function readText(
  file: string,
  maxBytes: number,
  result: CorpusResult,
): string | undefined {
  try {
    if (statSync(file).size > maxBytes) {
      result.skippedLarge += 1;
      return undefined;
    }
    return readFileSync(file, 'utf8');
  } catch {
    result.unreadable += 1;
    return undefined;
  }
}

type Config = Linter.Config;

/**
 * Lets node_modules (ignored by default) be linted like any folder, and
 * ignores the corpus's own inline configuration comments.
 */
const UNIGNORE: Config = {
  ignores: ['!**/node_modules/'],
};
const NO_INLINE: Config = {
  linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
};

/**
 * The files every run applies to. Explicit extensions: flat config does not
 * let a catch-all pattern (every file, any extension) make a file lintable.
 */
const CORPUS_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

function lintOne(
  linter: Linter,
  filename: string,
  text: string,
  index: number,
  underTest: ESLint.Plugin,
  lockctxRules: Linter.RulesRecord,
  result: CorpusResult,
): void {
  const language = pickLanguage(linter, filename, text);
  if (language === undefined) {
    result.parseErrors += 1;
    return;
  }
  const base: Config = {
    files: CORPUS_FILES,
    languageOptions: language,
    ...NO_INLINE,
  };
  const runs: Array<[string, Config[]]> = [
    [
      'lockctx',
      [
        UNIGNORE,
        base,
        { plugins: { lockctx: underTest }, rules: lockctxRules },
      ],
    ],
    ['baseline', [UNIGNORE, base, js.configs.recommended as Config]],
  ];
  const spent: Record<string, number> = {};
  for (let k = 0; k < runs.length; k++) {
    const [name, config] = runs[(index + k) % runs.length] as [
      string,
      Config[],
    ];
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verifyAndFix(text, config, withStats(filename))
        .messages;
    } catch (error) {
      if (name === 'lockctx') {
        result.crashes.push({ file: filename, message: describe(error) });
      } else {
        result.baselineErrors += 1;
      }
      continue;
    }
    const times = ruleTimes(linter);
    spent[name] = times.rules;
    if (name === 'lockctx') {
      result.parseMs += times.parse;
      countReports(filename, messages, result);
    }
  }
  // A file counts in the timings only when both runs completed.
  const { lockctx, baseline } = spent;
  if (lockctx !== undefined && baseline !== undefined) {
    result.lockctxMs += lockctx;
    result.baselineMs += baseline;
  }
}

/**
 * Options that make `verifyAndFix` (the entry point that records ESLint's
 * statistics) lint once, without fixing, and keep per-rule times. `stats`
 * is an ESLint option its type declarations list only for the `ESLint` class.
 */
function withStats(filename: string): Linter.FixOptions {
  const options: Linter.FixOptions & { stats: boolean } = {
    filename,
    fix: false,
    stats: true,
  };
  return options;
}

/**
 * The milliseconds the last `verifyAndFix` spent parsing and inside rule
 * listeners, from ESLint's own per-rule statistics (`stats: true`). The
 * shared analysis runs inside the first lockctx rule's listener, so it is
 * counted once, as part of the rules.
 */
function ruleTimes(linter: Linter): { parse: number; rules: number } {
  let parse = 0;
  let rules = 0;
  for (const pass of linter.getTimes().passes) {
    parse += pass.parse?.total ?? 0;
    for (const rule of Object.values(pass.rules ?? {})) rules += rule.total;
  }
  return { parse, rules };
}

function countReports(
  filename: string,
  messages: Linter.LintMessage[],
  result: CorpusResult,
): void {
  for (const message of messages) {
    if (message.fatal === true) {
      // A parse error was ruled out beforehand: a fatal message here is ours.
      result.crashes.push({ file: filename, message: message.message });
    } else if (message.ruleId?.startsWith('lockctx/') === true) {
      result.reports[message.ruleId] =
        (result.reports[message.ruleId] ?? 0) + 1;
    }
  }
}

/**
 * The language options that parse `text`: TypeScript files with
 * typescript-eslint's parser, JavaScript with ESLint's default (espree) as an
 * ES module, then as CommonJS, then with JSX. `undefined` when none parses.
 */
function pickLanguage(
  linter: Linter,
  filename: string,
  text: string,
): Linter.LanguageOptions | undefined {
  const candidates: Linter.LanguageOptions[] = TS_FILE.test(filename)
    ? [
        {
          parser: tsParser as unknown as Linter.Parser,
          parserOptions: { ecmaFeatures: { jsx: filename.endsWith('x') } },
        },
      ]
    : [
        espree('module', filename.endsWith('x')),
        espree(filename.endsWith('.mjs') ? 'module' : 'commonjs', false),
        espree('module', true),
        espree('commonjs', true),
      ];
  for (const language of candidates) {
    const messages = linter.verify(
      text,
      [
        UNIGNORE,
        { files: CORPUS_FILES, languageOptions: language, ...NO_INLINE },
      ],
      { filename },
    );
    if (!messages.some((m) => m.fatal === true)) return language;
  }
  return undefined;
}

function espree(
  sourceType: 'module' | 'commonjs',
  jsx: boolean,
): Linter.LanguageOptions {
  return {
    ecmaVersion: 'latest',
    sourceType,
    parserOptions: { ecmaFeatures: { jsx } },
  };
}

function recommendedRules(underTest: ESLint.Plugin): Linter.RulesRecord {
  const recommended = underTest.configs?.['recommended'] as Config | undefined;
  if (recommended?.rules !== undefined) {
    return recommended.rules as Linter.RulesRecord;
  }
  // A plugin without configs (a test double): every rule as an error.
  const rules: Linter.RulesRecord = {};
  for (const name of Object.keys(underTest.rules ?? {})) {
    rules[`lockctx/${name}`] = 'error';
  }
  return rules;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const frame = error.stack?.split('\n')[1]?.trim();
    return frame === undefined ? error.message : `${error.message} (${frame})`;
  }
  return String(error);
}

/** A path for display, with forward slashes. */
export function displayPath(path: string): string {
  return path.split(sep).join('/');
}
