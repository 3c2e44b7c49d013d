/**
 * Open documents and what the server knows about each: the text (kept with
 * LSP's incremental sync), the settings in force, and the latest analysis.
 *
 * Invariant: `result`, when set, was computed from the text of
 * `result.version`; features that need positions in the current text check
 * `result.version === doc.version` or accept that they answer for an older
 * version (hover and hints are recomputed on the next analysis anyway).
 */
import { fileURLToPath } from 'node:url';

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';

import type { FileAnalysis } from '@lockctx/analysis';

import type { Directives } from './directives.js';
import type { ServerSettings } from './settings.js';

/** Language ids the server analyses. */
export const LANGUAGE_IDS: readonly string[] = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
];

/** File extensions the server analyses (open or not). */
export const EXTENSIONS: readonly string[] = [
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
];

/** What keeps one document's analysis state between versions. */
export interface DocumentAnalyzer {
  /** The analysis of `text`, reusing what did not change; never throws. */
  analyze(text: string): FileAnalysis;
  /**
   * Names of functions whose summaries the last analysis changed, when it
   * knows them (undefined: compare the old and new function lists).
   */
  readonly lastChangedNames?: Set<string> | undefined;
  /** The modules the last analysis read for its imports (absolute paths). */
  dependencies?(): readonly string[];
  /** A module it imports changed: read the imports again next time. */
  invalidateImports?(): void;
}

/** The outcome of analysing one version of one document. */
export interface AnalysisResult {
  version: number;
  analysis: FileAnalysis;
  directives: Directives;
  /** Wall time of the analysis, in milliseconds. */
  durationMs: number;
  /** The document as analysed (its line index converts the core's offsets). */
  doc: TextDocument;
}

/** One open document. */
export interface DocumentState {
  uri: string;
  doc: TextDocument;
  /** The file name handed to the core (decides JS/TS/JSX parsing). */
  filename: string;
  settings?: ServerSettings;
  result?: AnalysisResult;
  /** Why the document is not analysed (too large, binary…), when it is not. */
  skipped?: string;
  /** Per-document incremental analysis state. */
  analyzer?: DocumentAnalyzer;
  /** When the last change arrived (performance.now()), to tell bursts. */
  lastChange?: number;
  /** Timer of the scheduled (debounced) analysis. */
  timer?: NodeJS.Timeout;
  /** Diagnostics were published for this document (push mode). */
  published: boolean;
  /**
   * The diagnostics last computed for the document and the id of that set:
   * the id changes only when the set does, so push mode publishes and pull
   * mode answers `full` only when there is something new to show.
   */
  diagnostics?: { items: Diagnostic[]; resultId: string } | undefined;
  /** The `resultId` of the set last published (push mode). */
  publishedId?: string | undefined;
}

/** The open documents, synchronised incrementally. */
export class DocumentStore {
  readonly #docs = new Map<string, DocumentState>();

  open(
    uri: string,
    languageId: string,
    version: number,
    text: string,
  ): DocumentState {
    const state: DocumentState = {
      uri,
      doc: TextDocument.create(uri, languageId, version, text),
      filename: filenameOf(uri, languageId),
      published: false,
    };
    this.#docs.set(uri, state);
    return state;
  }

  /** Applies the client's changes; undefined for a document never opened. */
  change(
    uri: string,
    version: number,
    changes: TextDocumentContentChangeEvent[],
  ): DocumentState | undefined {
    const state = this.#docs.get(uri);
    if (state === undefined) return undefined;
    state.doc = TextDocument.update(state.doc, changes, version);
    return state;
  }

  close(uri: string): DocumentState | undefined {
    const state = this.#docs.get(uri);
    if (state === undefined) return undefined;
    if (state.timer !== undefined) clearTimeout(state.timer);
    this.#docs.delete(uri);
    return state;
  }

  get(uri: string): DocumentState | undefined {
    return this.#docs.get(uri);
  }

  all(): IterableIterator<DocumentState> {
    return this.#docs.values();
  }
}

/** Whether the server analyses a document with this language id or name. */
export function isAnalysable(languageId: string, filename: string): boolean {
  return (
    LANGUAGE_IDS.includes(languageId) ||
    EXTENSIONS.some((ext) => filename.endsWith(ext))
  );
}

/**
 * The file name the core sees. For `file:` URIs the path; otherwise a name
 * whose extension matches the language, so the right parser options apply.
 */
export function filenameOf(uri: string, languageId: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI is named like an untitled one
    }
  }
  const ext =
    languageId === 'typescriptreact'
      ? '.tsx'
      : languageId === 'javascriptreact'
        ? '.jsx'
        : languageId === 'javascript'
          ? '.js'
          : '.ts';
  const last = uri.split(/[/\\]/).pop() ?? 'untitled';
  return EXTENSIONS.some((e) => last.endsWith(e)) ? last : `${last}${ext}`;
}

/**
 * Why a text should not be analysed, or undefined when it should: too large
 * for the configured limit, or binary (a NUL character near the start).
 */
export function skipReason(text: string, maxFileSize: number): string | undefined {
  if (text.length > maxFileSize) {
    return `larger than lockctx.maxFileSize (${text.length} > ${maxFileSize} characters)`;
  }
  if (text.slice(0, 8192).includes('\u0000')) return 'binary content';
  return undefined;
}
