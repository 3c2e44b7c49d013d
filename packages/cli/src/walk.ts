/**
 * Finds the files to check under the paths given on the command line.
 *
 * Directories are walked in sorted order (so output is stable), skipping
 * `node_modules`, `dist` and `.git` and every path that a `.gitignore` in
 * the walked folders, in their ancestors up to the repository root, or the
 * settings' `ignorePatterns` ignores. A file named explicitly is checked
 * whatever its extension and whatever ignores it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './args.js';

export const EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
];
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

/** A set of ignore rules that apply below `base`. */
interface Rules {
  base: string;
  ig: Ignore;
}

/**
 * Lists the files to check, as absolute paths, without duplicates.
 *
 * @param extraIgnores - patterns relative to `ignoreBase`.
 * @throws UsageError when a path does not exist.
 */
export function findFiles(
  cwd: string,
  paths: readonly string[],
  extraIgnores: readonly string[] = [],
  ignoreBase: string = cwd,
): string[] {
  const out = new Set<string>();
  const extra: Rules[] =
    extraIgnores.length > 0
      ? [{ base: ignoreBase, ig: ignore().add([...extraIgnores]) }]
      : [];
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`);
    }
    if (stat.isFile()) {
      out.add(abs);
    } else if (stat.isDirectory()) {
      walk(abs, [...extra, ...ancestorRules(abs)], out);
    }
  }
  return [...out];
}

function walk(dir: string, rules: Rules[], out: Set<string>): void {
  const own = readRules(dir);
  const active = own === undefined ? rules : [...rules, own];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // unreadable folder: nothing to check there
  }
  for (const name of names) {
    if (SKIPPED.has(name)) continue;
    const abs = join(dir, name);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      continue; // a dangling link
    }
    const isDir = stat.isDirectory();
    if (ignored(abs, isDir, active)) continue;
    if (isDir) walk(abs, active, out);
    else if (stat.isFile() && EXTENSIONS.some((ext) => name.endsWith(ext))) {
      if (!name.endsWith('.d.ts')) out.add(abs);
    }
  }
}

function ignored(
  abs: string,
  isDir: boolean,
  rules: readonly Rules[],
): boolean {
  for (const { base, ig } of rules) {
    const rel = relative(base, abs);
    if (rel === '' || rel.startsWith('..')) continue;
    const posix = rel.split(sep).join('/');
    if (ig.ignores(isDir ? `${posix}/` : posix)) return true;
  }
  return false;
}

function readRules(dir: string): Rules | undefined {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return { base: dir, ig: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** The .gitignore files of the folders above `dir`, up to the repository root. */
function ancestorRules(dir: string): Rules[] {
  const rules: Rules[] = [];
  let current = dirname(dir);
  let previous = dir;
  if (existsSync(join(dir, '.git'))) return rules;
  while (current !== previous) {
    const own = readRules(current);
    if (own !== undefined) rules.unshift(own);
    if (existsSync(join(current, '.git'))) break;
    previous = current;
    current = dirname(current);
  }
  return rules;
}
