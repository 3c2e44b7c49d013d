/**
 * `lockctx.json`: parsing, validation and lookup. The same object may come
 * from ESLint settings (`settings.lockctx`) or editor settings; every host
 * validates it here. Only JSON is read: nothing from the project is ever
 * imported or evaluated.
 */
import type { Stats } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckId } from '../types.js';
import { PRESETS } from './presets.js';
import { LOCKCTX_SCHEMA } from './schema.js';
import type { Acquisition, LockSpec } from './types.js';
import { formatPath, validateSchema } from './validate.js';

/** The file name looked up by {@link findConfig}. */
export const CONFIG_FILE = 'lockctx.json';

/** The severity of a check: `off`, or how a host shows its findings. */
export type RuleSeverity = 'off' | 'hint' | 'info' | 'warn' | 'error';

/**
 * A valid `lockctx.json`. Every host reads the same keys: the analysis
 * core `presets` and `locks`, the command line and the language server
 * `rules` and `ignorePatterns`.
 */
export interface LockctxConfig {
  $schema?: string;
  /** The built-in presets to use, by id; absent: all. */
  presets?: string[];
  /** Custom lock APIs. */
  locks?: LockSpec[];
  /** Severity per check; `off` turns a check off. */
  rules?: Partial<Record<CheckId, RuleSeverity>>;
  /**
   * `.gitignore`-style patterns relative to the file: not checked by the
   * command line, not indexed by the language server.
   */
  ignorePatterns?: string[];
}

/** One problem with a configuration, located by its JSON path. */
export interface ConfigProblem {
  /** Where the configuration came from (a file path, `settings.lockctx`…). */
  origin: string;
  /** JSON path of the offending value (`locks[0].acquire[1].form`). */
  path: string;
  message: string;
  /** 1-based line and column, for JSON syntax errors in a file. */
  line?: number;
  column?: number;
}

/** The outcome of reading a configuration. */
export type ConfigResult =
  | { ok: true; config: LockctxConfig; origin: string }
  | { ok: false; problems: ConfigProblem[]; origin: string };

/** Thrown by {@link assertConfig}: every problem, one per line. */
export class LockctxConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LockctxConfigError';
    this.problems = problems;
  }
}

/** `origin: path: message`, with the line and column when known. */
export function formatProblem(p: ConfigProblem): string {
  const where =
    p.line !== undefined ? `${p.origin}:${p.line}:${p.column ?? 1}` : p.origin;
  return `${where}: ${p.path}: ${p.message}`;
}

/**
 * Validates a configuration object (parsed `lockctx.json`, or the
 * `lockctx` object of ESLint or editor settings): the schema first, then
 * the consistency of each custom lock ({@link lintLockSpec}).
 */
export function parseConfig(value: unknown, origin: string): ConfigResult {
  const schemaProblems = validateSchema(value, LOCKCTX_SCHEMA).map(
    (p): ConfigProblem => ({
      origin,
      path: formatPath(p.path),
      message: p.message,
    }),
  );
  if (schemaProblems.length > 0) {
    return { ok: false, problems: schemaProblems, origin };
  }
  const config = value as LockctxConfig;
  const problems: ConfigProblem[] = [];
  const builtIn = new Set(config.presets ?? PRESETS.map((p) => p.id));
  const seen = new Map<string, number>();
  (config.locks ?? []).forEach((spec, i) => {
    const at = (path: (string | number)[]) => formatPath(['locks', i, ...path]);
    const first = seen.get(spec.id);
    if (first !== undefined) {
      problems.push({
        origin,
        path: at(['id']),
        message: `repeats the id '${spec.id}' of locks[${first}]`,
      });
    } else seen.set(spec.id, i);
    if (builtIn.has(spec.id)) {
      problems.push({
        origin,
        path: at(['id']),
        message: `'${spec.id}' is a built-in preset in use: to replace it, list the presets to keep in 'presets' without it`,
      });
    }
    for (const p of lintLockSpec(spec)) {
      problems.push({ origin, path: at(p.path), message: p.message });
    }
  });
  return problems.length > 0
    ? { ok: false, problems, origin }
    : { ok: true, config, origin };
}

/**
 * Parses `lockctx.json` text. A JSON syntax error is reported with its line
 * and column.
 */
export function parseConfigText(text: string, origin: string): ConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = jsonSyntaxError(text) ?? { offset: 0, message: 'unreadable' };
    return {
      ok: false,
      origin,
      problems: [
        {
          origin,
          path: '(root)',
          message: `is not valid JSON: ${error.message}`,
          ...lineColumn(text, error.offset),
        },
      ],
    };
  }
  return parseConfig(value, origin);
}

/**
 * The valid configuration, or a {@link LockctxConfigError} listing every
 * problem.
 */
export function assertConfig(result: ConfigResult): LockctxConfig {
  if (!result.ok) throw new LockctxConfigError(result.problems);
  return result.config;
}

/**
 * `over` applied on top of `base` (ESLint or editor settings over
 * `lockctx.json`): `presets` replaced when `over` gives them, `locks` merged
 * by id (a lock of `over` replaces the one of `base` with its id), `rules`
 * check by check, `ignorePatterns` added. Both must be valid already.
 */
export function mergeConfig(
  base: LockctxConfig | undefined,
  over: LockctxConfig | undefined,
): LockctxConfig {
  if (base === undefined) return over ?? {};
  if (over === undefined) return base;
  const out: LockctxConfig = {};
  const presets = over.presets ?? base.presets;
  if (presets !== undefined) out.presets = presets;
  if (base.locks !== undefined || over.locks !== undefined) {
    const mine = new Set((over.locks ?? []).map((l) => l.id));
    out.locks = [
      ...(base.locks ?? []).filter((l) => !mine.has(l.id)),
      ...(over.locks ?? []),
    ];
  }
  if (base.rules !== undefined || over.rules !== undefined) {
    out.rules = { ...base.rules, ...over.rules };
  }
  if (base.ignorePatterns !== undefined || over.ignorePatterns !== undefined) {
    out.ignorePatterns = [
      ...(base.ignorePatterns ?? []),
      ...(over.ignorePatterns ?? []),
    ];
  }
  return out;
}

/** The lock specs a configuration puts in force: its presets, then its locks. */
export function effectiveLocks(config: LockctxConfig): LockSpec[] {
  const presets =
    config.presets === undefined
      ? [...PRESETS]
      : PRESETS.filter((p) => config.presets!.includes(p.id));
  return [...presets, ...(config.locks ?? [])];
}

/** One consistency problem inside a lock spec, relative to the spec. */
export interface SpecProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Consistency rules a schema cannot state: every lock that outlives its
 * acquiring call can be released, releases refer to something an
 * acquisition produces, callback scopes name their releaser, a spin lock is
 * never held across a promise, a lease says how it is kept.
 */
export function lintLockSpec(spec: LockSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  const release = spec.release ?? [];
  const handles = spec.acquire.filter(
    (a) => a.form === 'call' && !['none', 'token'].includes(a.yields.kind),
  );
  const lockableReleases = release.filter((r) => r.by === 'lockable');
  const viaKey = (via: readonly string[] | undefined) => (via ?? []).join('.');

  spec.acquire.forEach((a: Acquisition, i) => {
    const at = (...p: (string | number)[]) => ['acquire', i, ...p];
    if (a.form === 'call' || a.form === 'continuation') {
      const handleReleases =
        a.form === 'call' && !['none', 'token'].includes(a.yields.kind);
      const byLockable = lockableReleases.some(
        (r) => viaKey(r.via) === viaKey(a.via),
      );
      const byHandle = handleReleases && release.some((r) => r.by === 'handle');
      if (!byLockable && !byHandle) {
        out.push({
          path: at(),
          message:
            a.form === 'call' && handleReleases
              ? 'keeps the lock after the call but nothing releases it: add { "by": "handle" } to \'release\''
              : `keeps the lock after the call but nothing releases it: add a 'release' of { "by": "lockable" }${a.via ? ` with "via": ${JSON.stringify(a.via)}` : ''}`,
        });
      }
    }
    if (a.form === 'callback') {
      if (
        a.heldUntil === 'release-param' &&
        !a.params?.some((p) => p === 'releaser' || p === 'releaser-factory')
      ) {
        out.push({
          path: at('params'),
          message:
            "heldUntil 'release-param' needs a 'releaser' or 'releaser-factory' among the callback's params",
        });
      }
      if (a.doneParam !== undefined && a.heldUntil !== 'settle') {
        out.push({
          path: at('doneParam'),
          message: "only applies to heldUntil 'settle'",
        });
      }
      if (spec.spin && a.heldUntil !== 'return') {
        out.push({
          path: at('heldUntil'),
          message:
            "a spin lock cannot be held until a promise settles or a releaser runs: use 'return'",
        });
      }
    }
    if (a.mode !== undefined && a.modeOption !== undefined) {
      out.push({
        path: at('mode'),
        message: "give either 'mode' or 'modeOption', not both",
      });
    }
  });

  release.forEach((r, i) => {
    if (r.by === 'handle' && handles.length === 0) {
      out.push({
        path: ['release', i],
        message:
          'releases through a handle, but no call acquisition yields a releaser, tuple or guard',
      });
    }
    if (r.by === 'lockable') {
      if (!spec.acquire.some((a) => viaKey(a.via) === viaKey(r.via))) {
        out.push({
          path: ['release', i, 'via'],
          message: `no acquisition goes through ${r.via ? JSON.stringify(r.via) : 'the lock object itself'}`,
        });
      }
      if (
        r.passes === 'key' &&
        !spec.acquire.some((a) => a.key !== undefined)
      ) {
        out.push({
          path: ['release', i, 'passes'],
          message: "is 'key' but no acquisition is keyed",
        });
      }
      if (
        r.passes === 'handle' &&
        !spec.acquire.some((a) => a.form === 'call' && a.yields.kind !== 'none')
      ) {
        out.push({
          path: ['release', i, 'passes'],
          message: "is 'handle' but no acquisition yields a handle or token",
        });
      }
    }
  });

  if (spec.kind === 'lease' && spec.lease === undefined) {
    out.push({ path: ['lease'], message: "a 'lease' kind needs a 'lease'" });
  }
  if (
    spec.lease?.renewal === 'manual' &&
    (spec.lease.extendGuard ?? []).length === 0 &&
    (spec.lease.extendLockable ?? []).length === 0
  ) {
    out.push({
      path: ['lease', 'renewal'],
      message:
        "a manual lease needs a way to extend it ('extendGuard' or 'extendLockable')",
    });
  }
  if (spec.capacity?.lockOnlyWhenOne && spec.kind !== 'semaphore') {
    out.push({
      path: ['capacity', 'lockOnlyWhenOne'],
      message: "only applies to a 'semaphore'",
    });
  }
  return out;
}

/** A found configuration file and its parse. */
export interface FoundConfig {
  file: string;
  result: ConfigResult;
}

const cache = new Map<
  string,
  { mtimeMs: number; size: number; found: FoundConfig }
>();

/**
 * Finds the `lockctx.json` that applies to files in `startDir`: the nearest
 * one in `startDir` or a parent, stopping at the project root (a folder with
 * `.git`, or with a `package.json` that declares workspaces) after looking
 * there, or at `stopAt` (a host's workspace folder) when given. Parses are
 * cached by path, modification time and size.
 *
 * @returns undefined when there is none.
 */
export function findConfig(
  startDir: string,
  stopAt?: string,
): FoundConfig | undefined {
  for (let dir = startDir; ;) {
    const file = join(dir, CONFIG_FILE);
    const stat = statOf(file);
    if (stat?.isFile()) return readCached(file, stat.mtimeMs, stat.size);
    if (dir === stopAt || isProjectRoot(dir)) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Forgets every cached parse (for hosts that watch files themselves). */
export function clearConfigCache(): void {
  cache.clear();
  workspaceRoots.clear();
}

function readCached(file: string, mtimeMs: number, size: number): FoundConfig {
  const hit = cache.get(file);
  if (hit !== undefined && hit.mtimeMs === mtimeMs && hit.size === size) {
    return hit.found;
  }
  let text: string;
  let found: FoundConfig;
  try {
    text = readFileSync(file, 'utf8');
    found = { file, result: parseConfigText(text, file) };
  } catch (error) {
    found = {
      file,
      result: {
        ok: false,
        origin: file,
        problems: [
          {
            origin: file,
            path: '(root)',
            message: `cannot be read: ${(error as Error).message}`,
          },
        ],
      },
    };
  }
  cache.set(file, { mtimeMs, size, found });
  return found;
}

function statOf(path: string): Stats | undefined {
  try {
    // Without throwing on a missing file: most lookups miss, and an
    // exception per miss costs more than the stat itself.
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether a `package.json` declares workspaces, by path, modification time and size. */
const workspaceRoots = new Map<
  string,
  { mtimeMs: number; size: number; root: boolean }
>();
const WORKSPACE_CACHE_SIZE = 4096;

function isProjectRoot(dir: string): boolean {
  if (statOf(join(dir, '.git')) !== undefined) return true;
  const pkg = join(dir, 'package.json');
  const stat = statOf(pkg);
  if (!stat?.isFile()) return false;
  const hit = workspaceRoots.get(pkg);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
    return hit.root;
  }
  let root: boolean;
  try {
    const data = JSON.parse(readFileSync(pkg, 'utf8')) as unknown;
    root =
      typeof data === 'object' &&
      data !== null &&
      'workspaces' in data &&
      (data as { workspaces: unknown }).workspaces !== undefined;
  } catch {
    root = false;
  }
  workspaceRoots.set(pkg, { mtimeMs: stat.mtimeMs, size: stat.size, root });
  if (workspaceRoots.size > WORKSPACE_CACHE_SIZE) {
    const first = workspaceRoots.keys().next();
    if (!first.done) workspaceRoots.delete(first.value);
  }
  return root;
}

/**
 * Where and why `text` is not JSON (undefined when it is). `JSON.parse`
 * says why but, depending on the engine, not always where; this scanner
 * finds the first offending character itself.
 */
export function jsonSyntaxError(
  text: string,
): { offset: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describeHere = () =>
    i >= text.length ? 'end of input' : `'${text[i]}'`;
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describeHere()}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (i >= text.length) break;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
            fail('bad \\u escape');
          }
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) {
          fail('bad escape');
        }
      } else if (text.charCodeAt(i) < 0x20) fail('control character in string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      text.slice(i),
    );
    if (m === null) fail(`unexpected ${describeHere()}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(`expected a property name, got ${describeHere()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':', got ${describeHere()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}', got ${describeHere()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']', got ${describeHere()}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(`unexpected ${describeHere()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describeHere()} after the value`);
  } catch (error) {
    return error as { offset: number; message: string };
  }
  return undefined;
}

function lineColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
