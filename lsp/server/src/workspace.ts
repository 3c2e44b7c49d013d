/**
 * The workspace index: for every JS/TS file of the workspace folders (open or
 * not), its function summaries, the calls it makes that need a guard, and
 * its findings (for workspace diagnostics). It answers "who calls this
 * function" (code lens, `lockctx.listCallers`) and "which files depend on
 * these functions" (re-checking callers when a callee's summary changes).
 *
 * `node_modules`, VCS folders, build output folders named in the root
 * `.gitignore`, and the `ignore` list of `lockctx.json` are skipped.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import type { FileAnalysis, FunctionInfo } from '@lockctx/analysis';

import { spanToRange } from './convert.js';
import type { Directives } from './directives.js';
import { EXTENSIONS } from './documents.js';

/** What the index keeps of one file. */
export interface IndexedFile {
  uri: string;
  /** The text's line index (and text) as analysed. */
  doc: TextDocument;
  /** The file's analysis (its functions and guard arguments are read from it). */
  analysis: FileAnalysis;
  directives: Directives;
  /** Changes whenever the entry does (workspace diagnostics' `resultId`). */
  resultId: string;
  /** True while the file is open in the editor (the editor's text wins). */
  open: boolean;
  /** The modules its analysis read for its imports (absolute paths). */
  deps: readonly string[];
}

/** Folders never indexed, wherever they are. */
export const ALWAYS_SKIPPED: readonly string[] = [
  'node_modules',
  '.git',
  '.hg',
  '.svn',
];

let nextResultId = 1;

/** All indexed files, by URI. */
export class WorkspaceIndex {
  readonly #files = new Map<string, IndexedFile>();

  /**
   * Records the analysis of a file and returns the names of functions whose
   * summary changed (added, removed or different requirements/acquires):
   * `changed` when the caller knows them, else found by comparing.
   */
  set(entry: Omit<IndexedFile, 'resultId'>, changed?: Set<string>): Set<string> {
    const previous = this.#files.get(entry.uri);
    this.#files.set(entry.uri, { ...entry, resultId: String(nextResultId++) });
    if (changed !== undefined) return changed;
    return changedFunctions(previous?.analysis.functions ?? [], entry.analysis.functions);
  }

  get(uri: string): IndexedFile | undefined {
    return this.#files.get(uri);
  }

  /** Forgets a file; returns the names of the functions it had. */
  delete(uri: string): Set<string> {
    const previous = this.#files.get(uri);
    this.#files.delete(uri);
    return new Set(previous?.analysis.functions.map((f) => f.name) ?? []);
  }

  files(): IterableIterator<IndexedFile> {
    return this.#files.values();
  }

  get size(): number {
    return this.#files.size;
  }

  /** Functions named `name` (or whose last segment is `name`), `uri` first. */
  functionsNamed(
    name: string,
    uri?: string,
  ): { uri: string; fn: FunctionInfo; doc: TextDocument }[] {
    const out: { uri: string; fn: FunctionInfo; doc: TextDocument }[] = [];
    for (const file of this.#files.values()) {
      for (const fn of file.analysis.functions) {
        if (namesMatch(fn.name, name)) {
          const ref = { uri: file.uri, fn, doc: file.doc };
          if (file.uri === uri) out.unshift(ref);
          else out.push(ref);
        }
      }
    }
    return out;
  }

  /** The calls of `fn` that pass it a guard, in every indexed file. */
  callersOf(fn: FunctionInfo): Location[] {
    const out: Location[] = [];
    for (const file of this.#files.values()) {
      for (const call of file.analysis.guardArguments) {
        if (namesMatch(fn.name, call.callee)) {
          out.push({ uri: file.uri, range: spanToRange(file.doc, call.argument) });
        }
      }
    }
    return out;
  }

  /** Files (other than `except`) whose analysis read the module at `path`. */
  dependentsOf(path: string, except: string): string[] {
    const out: string[] = [];
    for (const file of this.#files.values()) {
      if (file.uri !== except && file.deps.includes(path)) out.push(file.uri);
    }
    return out;
  }
}

/**
 * Whether a function called `declared` (`tagDirty`, `Cache.prototype.add`)
 * is what a call written `called` (`tagDirty`, `this.add`, `cache.add`)
 * refers to. Without types the last name segment decides.
 */
export function namesMatch(declared: string, called: string): boolean {
  if (declared === called) return true;
  const last = (s: string): string => s.slice(s.lastIndexOf('.') + 1);
  return last(declared) === last(called) && last(called) !== '<anonymous>';
}

function changedFunctions(
  before: readonly FunctionInfo[],
  after: readonly FunctionInfo[],
): Set<string> {
  const key = (f: FunctionInfo): string =>
    JSON.stringify([
      f.requires.map((r) => [r.param, r.paramName, r.source]),
      f.acquires,
    ]);
  const old = new Map(before.map((f) => [f.name, key(f)]));
  const now = new Map(after.map((f) => [f.name, key(f)]));
  const changed = new Set<string>();
  for (const [name, k] of now) if (old.get(name) !== k) changed.add(name);
  for (const name of old.keys()) if (!now.has(name)) changed.add(name);
  return changed;
}

/** A tiny `.gitignore`-style matcher: names, `/rooted` paths, `*` globs. */
export class IgnoreList {
  readonly #patterns: { regex: RegExp; rooted: boolean }[] = [];

  constructor(patterns: readonly string[]) {
    for (let raw of patterns) {
      raw = raw.trim();
      if (raw === '' || raw.startsWith('#') || raw.startsWith('!')) continue;
      const rooted = raw.startsWith('/') || raw.slice(0, -1).includes('/');
      raw = raw.replace(/^\//, '').replace(/\/$/, '');
      const source = raw
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
      this.#patterns.push({ regex: new RegExp(`^${source}$`), rooted });
    }
  }

  /** Whether `relPath` (with `/` separators, relative to the root) is ignored. */
  ignores(relPath: string): boolean {
    const segments = relPath.split('/');
    for (const { regex, rooted } of this.#patterns) {
      if (rooted) {
        for (let i = 1; i <= segments.length; i++) {
          if (regex.test(segments.slice(0, i).join('/'))) return true;
        }
      } else if (segments.some((s) => regex.test(s))) {
        return true;
      }
    }
    return false;
  }
}

/** The ignore list of a workspace folder: `.gitignore` plus extra patterns. */
export async function ignoreListFor(
  root: string,
  extra: readonly string[],
): Promise<IgnoreList> {
  let gitignore: string[] = [];
  try {
    gitignore = (await readFile(join(root, '.gitignore'), 'utf8')).split(/\r?\n/);
  } catch {
    // no .gitignore: nothing more to skip
  }
  return new IgnoreList([...gitignore, ...extra]);
}

/** Every JS/TS file under `root` that is not skipped, in a stable order. */
export async function listSourceFiles(
  root: string,
  ignore: IgnoreList,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skipped
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.includes(entry.name) || ignore.ignores(rel)) continue;
        await walk(path);
      } else if (
        entry.isFile() &&
        EXTENSIONS.some((ext) => entry.name.endsWith(ext)) &&
        !entry.name.endsWith('.d.ts') &&
        !ignore.ignores(rel)
      ) {
        out.push(path);
      }
    }
  };
  await walk(root);
  return out;
}

/** Reads a file for indexing; undefined with a reason when it is skipped. */
export async function readSource(
  path: string,
  maxFileSize: number,
): Promise<{ text: string } | { skipped: string }> {
  // Synchronous on purpose: a small file is read in well under a
  // millisecond, while each awaited step (stat, open, read, close) waited
  // for the thread pool and a turn of the event loop; under load that was
  // a sixth of indexing. The indexer yields to the editor every few files.
  try {
    const info = statSync(path);
    if (info.size > maxFileSize * 4) {
      return { skipped: `larger than lockctx.maxFileSize (${info.size} bytes)` };
    }
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { skipped: `unreadable (${(error as Error).message})` };
  }
}

/** The `file:` URI of a path, as clients write it. */
export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** A line index for a file's text. */
export function documentOf(uri: string, text: string): TextDocument {
  return TextDocument.create(uri, 'typescript', 0, text);
}
