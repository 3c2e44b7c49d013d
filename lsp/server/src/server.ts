/**
 * The lockctx language server: wires the LSP connection to the documents,
 * the analysis and the features. Editor-neutral: plain LSP, no custom
 * messages a client must know about.
 *
 * Robustness rules, as in vscode-eslint: an exception while analysing one
 * document is logged and that document gets no diagnostics; a request with
 * malformed parameters gets a JSON-RPC `InvalidParams` error; the server
 * never executes workspace code.
 */
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type Position,
  type ServerCapabilities,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';

import { CHECK_IDS } from '@lockctx/analysis';
import type { FileAnalysis, FunctionInfo, ModuleTexts } from '@lockctx/analysis';

import { CODE_ACTION_KINDS, codeActions } from './codeActions.js';
import { codeLenses } from './codeLens.js';
import {
  DiagnosticCache,
  sameDiagnostics,
  toDiagnostic,
  visibleFindings,
  type DiagnosticClientSupport,
} from './diagnostics.js';
import { scanDirectives, type Directives } from './directives.js';
import {
  DocumentStore,
  isAnalysable,
  skipReason,
  type AnalysisResult,
  type DocumentState,
} from './documents.js';
import { hoverAt, type FunctionRef } from './hover.js';
import { analyzeFile, emptyAnalysis, IncrementalAnalyzer } from './incremental.js';
import { inlayHints } from './inlay.js';
import {
  coreSettings,
  errorMessage,
  mergeProjectFile,
  normalizeSettings,
  PROJECT_FILE,
  readProjectFile,
  type ServerSettings,
} from './settings.js';
import {
  documentOf,
  ignoreListFor,
  listSourceFiles,
  readSource,
  uriOf,
  WorkspaceIndex,
} from './workspace.js';

/** Ids of diagnostic sets (pull `resultId`s; push mode compares them too). */
let nextResultId = 1;

/** Indexing yields to pending requests after this much work. */
const INDEX_CHUNK_MS = 10;

/** The server's name and version, as told to clients. */
export const SERVER_INFO = { name: 'lockctx-language-server', version: '0.1.0' };

/** The command that lists a function's callers (for clients without lens UI). */
export const LIST_CALLERS_COMMAND = 'lockctx.listCallers';

/** How diagnostics reach the client. */
export type DiagnosticMode = 'auto' | 'push' | 'pull';

/** What a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** `auto` (default): pull when the client supports it, push otherwise. */
  diagnosticMode?: DiagnosticMode;
  /** Settings for clients without `workspace/configuration`. */
  settings?: unknown;
  /** Skip the workspace index (single-file use). */
  indexWorkspace?: boolean;
}

/** Starts serving on `connection`; returns once handlers are installed. */
export function startServer(connection: Connection): void {
  const server = new LockctxServer(connection);
  server.install();
  connection.listen();
}

class LockctxServer {
  readonly #connection: Connection;
  readonly #documents = new DocumentStore();
  readonly #index = new WorkspaceIndex();
  readonly #settingsCache = new Map<string, Promise<ServerSettings>>();
  readonly #logged = new Set<string>();
  readonly #diagnosticCaches = new WeakMap<DocumentState, DiagnosticCache>();
  #capabilities: ClientCapabilities = {};
  #pull = false;
  #options: InitializationOptions = {};
  #globalSettings: unknown = undefined;
  #folders: string[] = [];
  #support: DiagnosticClientSupport = {
    relatedInformation: false,
    unnecessaryTag: false,
    codeDescription: false,
  };
  #indexing?: { cancelled: boolean };
  #shuttingDown = false;
  /** Index keys of documents to check again because a callee changed. */
  #recheck = new Set<string>();
  #recheckTimer?: NodeJS.Timeout;
  #clientInfo?: string;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  install(): void {
    const c = this.#connection;
    c.onInitialize((params) => this.#initialize(params));
    c.onInitialized(() => this.#initialized());
    c.onShutdown(() => {
      this.#shuttingDown = true;
      if (this.#indexing !== undefined) this.#indexing.cancelled = true;
      if (this.#recheckTimer !== undefined) clearTimeout(this.#recheckTimer);
      for (const state of this.#documents.all()) {
        if (state.timer !== undefined) clearTimeout(state.timer);
      }
    });

    c.onDidOpenTextDocument((params) => {
      const { uri, languageId, version, text } = params.textDocument;
      const state = this.#documents.open(uri, languageId, version, text);
      if (!isAnalysable(languageId, state.filename)) return;
      void this.#validate(state);
    });
    c.onDidChangeTextDocument((params) => {
      const { uri, version } = params.textDocument;
      const state = this.#documents.change(uri, version, params.contentChanges);
      if (state === undefined) return;
      if (!isAnalysable(state.doc.languageId, state.filename)) return;
      void this.#schedule(state);
    });
    c.onDidSaveTextDocument((params) => {
      const state = this.#documents.get(params.textDocument.uri);
      if (state === undefined) return;
      if (!isAnalysable(state.doc.languageId, state.filename)) return;
      void this.#settingsFor(state).then((settings) => {
        if (settings.run === 'onSave') void this.#validate(state);
      });
    });
    c.onDidCloseTextDocument((params) => {
      const state = this.#documents.close(params.textDocument.uri);
      if (state === undefined) return;
      const entry = this.#index.get(indexKey(state.uri));
      if (entry !== undefined) {
        entry.open = false;
        // the file is what the disk says again (for it and its importers)
        const path = safePath(state.uri);
        if (path !== undefined && isAnalysable(state.doc.languageId, path)) void this.#indexFile(path);
      }
      if (!this.#pull && state.published) {
        void c.sendDiagnostics({ uri: state.uri, diagnostics: [] });
      }
    });

    c.onDidChangeConfiguration((params) => {
      const raw = params.settings as { lockctx?: unknown } | null | undefined;
      if (raw !== null && typeof raw === 'object' && 'lockctx' in raw) {
        this.#globalSettings = raw.lockctx;
      }
      this.#configurationChanged();
    });
    c.onDidChangeWatchedFiles((params) => {
      let configChanged = false;
      const sources: string[] = [];
      for (const change of params.changes) {
        if (change.uri.endsWith(`/${PROJECT_FILE}`)) configChanged = true;
        else if (change.type === FileChangeType.Deleted) this.#forget(change.uri);
        else sources.push(change.uri);
      }
      if (configChanged) this.#configurationChanged();
      void this.#reindex(sources);
    });

    c.languages.diagnostics.on(async (params) => {
      const state = this.#documentFor(params.textDocument?.uri);
      const result = await this.#current(state);
      const { items, resultId } = this.#diagnosticSet(state, result);
      // the id changes only with the set: an edit that changes no finding
      // is answered `unchanged`, and the client keeps what it shows
      if (params.previousResultId === resultId) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      }
      return { kind: DocumentDiagnosticReportKind.Full, items, resultId };
    });
    c.languages.diagnostics.onWorkspace(async (params) => {
      const previous = new Map(
        (params.previousResultIds ?? []).map((p) => [p.uri, p.value]),
      );
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const file of this.#index.files()) {
        if (file.open) continue; // open documents are pulled one by one
        if (previous.get(file.uri) === file.resultId) {
          items.push({
            kind: DocumentDiagnosticReportKind.Unchanged,
            uri: file.uri,
            version: null,
            resultId: file.resultId,
          });
          continue;
        }
        const settings = await this.#settingsForUri(file.uri);
        const report: FullDocumentDiagnosticReport & { uri: string; version: null } = {
          kind: DocumentDiagnosticReportKind.Full,
          uri: file.uri,
          version: null,
          resultId: file.resultId,
          items: settings.enable
            ? this.#toDiagnostics(
                file.uri,
                0,
                { doc: file.doc, analysis: file.analysis, directives: file.directives },
                settings,
              )
            : [],
        };
        items.push(report);
      }
      return { items };
    });

    c.onHover(async (params) => {
      const state = this.#documentFor(params.textDocument?.uri);
      const position = checkPosition(params.position);
      const result = await this.#current(state);
      if (result === undefined) return null;
      const offset = result.doc.offsetAt(position);
      return hoverAt(result, offset, (name) => this.#lookup(name, state.uri));
    });

    c.onCodeAction(async (params) => {
      const state = this.#documentFor(params.textDocument?.uri);
      checkRange(params.range);
      if (params.context === undefined || !Array.isArray(params.context.diagnostics)) {
        throw new ResponseError(ErrorCodes.InvalidParams, 'codeAction: context.diagnostics must be an array');
      }
      const result = await this.#current(state);
      if (result === undefined) return [];
      const settings = await this.#settingsFor(state);
      const visible = visibleFindings(result.analysis.findings, settings, result.directives, result.doc);
      return codeActions(state.uri, result, visible, params as CodeActionParams, settings);
    });

    c.languages.inlayHint.on(async (params) => {
      const state = this.#documentFor(params.textDocument?.uri);
      checkRange(params.range);
      const result = await this.#current(state);
      if (result === undefined) return [];
      const settings = await this.#settingsFor(state);
      if (!settings.enable) return [];
      return inlayHints(
        result,
        result.doc.offsetAt(params.range.start),
        result.doc.offsetAt(params.range.end),
        settings,
      );
    });

    c.onCodeLens(async (params) => {
      const state = this.#documentFor(params.textDocument?.uri);
      const result = await this.#current(state);
      if (result === undefined) return [];
      const settings = await this.#settingsFor(state);
      if (!settings.enable || !settings.codeLens.enable) return [];
      return codeLenses(state.uri, result, (_uri, fn) => this.#callers(fn));
    });

    c.onExecuteCommand(async (params) => {
      if (params.command === LIST_CALLERS_COMMAND) {
        const [uri, position] = (params.arguments ?? []) as [unknown, unknown];
        const state = this.#documentFor(typeof uri === 'string' ? uri : undefined);
        const pos = checkPosition(position);
        const result = await this.#current(state);
        if (result === undefined) return [];
        const offset = result.doc.offsetAt(pos);
        const fn = result.analysis.functions.find(
          (f) => f.nameSpan.range[0] <= offset && offset <= f.nameSpan.range[1],
        );
        return fn !== undefined ? this.#callers(fn) : [];
      }
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command "${params.command}"`);
    });
  }

  #initialize(params: InitializeParams): InitializeResult {
    this.#capabilities = params.capabilities ?? {};
    if (params.clientInfo !== undefined) {
      this.#clientInfo = `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim();
    }
    const options = params.initializationOptions as InitializationOptions | null | undefined;
    this.#options = options !== null && typeof options === 'object' ? options : {};
    this.#globalSettings = this.#options.settings;
    const mode = this.#options.diagnosticMode ?? 'auto';
    if (mode !== 'auto' && mode !== 'push' && mode !== 'pull') {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `initializationOptions.diagnosticMode must be "auto", "push" or "pull", got ${JSON.stringify(mode)}`,
      );
    }
    const canPull = this.#capabilities.textDocument?.diagnostic !== undefined;
    this.#pull = mode === 'pull' || (mode === 'auto' && canPull);
    const publish = this.#capabilities.textDocument?.publishDiagnostics;
    this.#support = {
      relatedInformation: this.#pull || publish?.relatedInformation === true,
      unnecessaryTag: this.#pull || (publish?.tagSupport?.valueSet ?? []).includes(1),
      codeDescription: this.#pull || publish?.codeDescriptionSupport === true,
    };
    this.#folders = (params.workspaceFolders ?? [])
      .map((f) => safePath(f.uri))
      .filter((p): p is string => p !== undefined);
    // A client that sends no workspace folders may still send the older
    // root URI: it is the workspace then.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    const rootUri = params.rootUri;
    if (this.#folders.length === 0 && rootUri) {
      const root = safePath(rootUri);
      if (root !== undefined) this.#folders.push(root);
    }
    const capabilities: ServerCapabilities = {
      positionEncoding: 'utf-16',
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [LIST_CALLERS_COMMAND] },
      workspace: { workspaceFolders: { supported: true } },
    };
    if (this.#pull) {
      capabilities.diagnosticProvider = {
        identifier: 'lockctx',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      };
    }
    return { capabilities, serverInfo: SERVER_INFO };
  }

  #initialized(): void {
    const c = this.#connection;
    this.#log(
      `lockctx-language-server ${SERVER_INFO.version}: client ${this.#clientName()}, diagnostics by ${this.#pull ? 'pull' : 'push'}, folders ${JSON.stringify(this.#folders)}`,
    );
    if (this.#capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: 'lockctx' });
    }
    if (this.#capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void c.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: `**/${PROJECT_FILE}` },
          { globPattern: '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}' },
        ],
      });
    }
    if (this.#options.indexWorkspace !== false && this.#folders.length > 0) {
      void this.#indexWorkspace();
    }
  }

  #clientName(): string {
    return this.#clientInfo ?? 'unknown';
  }

  // ── settings ────────────────────────────────────────────────────────────

  #settingsFor(state: DocumentState): Promise<ServerSettings> {
    return this.#settingsForUri(state.uri).then((settings) => {
      state.settings = settings;
      return settings;
    });
  }

  #settingsForUri(uri: string): Promise<ServerSettings> {
    let pending = this.#settingsCache.get(uri);
    if (pending === undefined) {
      pending = this.#loadSettings(uri);
      this.#settingsCache.set(uri, pending);
    }
    return pending;
  }

  async #loadSettings(uri: string): Promise<ServerSettings> {
    let raw: unknown = this.#globalSettings;
    if (this.#capabilities.workspace?.configuration === true) {
      try {
        raw = await this.#connection.workspace.getConfiguration({
          scopeUri: uri,
          section: 'lockctx',
        });
      } catch (error) {
        this.#logOnce(`configuration`, `workspace/configuration failed: ${errorMessage(error)}`);
      }
    }
    const problems: string[] = [];
    let settings = normalizeSettings(raw, CHECK_IDS, problems);
    const path = safePath(uri);
    if (path !== undefined) {
      const root = this.#folders.find((f) => path.startsWith(f));
      settings = mergeProjectFile(
        settings,
        readProjectFile(dirname(path), root, CHECK_IDS, problems),
      );
    }
    for (const problem of problems) this.#logOnce(`settings:${problem}`, `settings: ${problem}`);
    return settings;
  }

  #configurationChanged(): void {
    this.#settingsCache.clear();
    for (const state of this.#documents.all()) {
      state.analyzer = undefined;
      state.result = undefined;
      if (isAnalysable(state.doc.languageId, state.filename)) void this.#validate(state);
    }
    this.#refreshViews();
    if (this.#options.indexWorkspace !== false && this.#folders.length > 0) {
      void this.#indexWorkspace();
    }
  }

  /** Asks the client to re-pull diagnostics and re-query hints and lenses. */
  #refreshViews(): void {
    const ws = this.#capabilities.workspace;
    if (this.#pull && ws?.diagnostics?.refreshSupport === true) {
      void this.#connection.languages.diagnostics.refresh();
    }
    if (ws?.inlayHint?.refreshSupport === true) {
      void this.#connection.languages.inlayHint.refresh();
    }
    if (ws?.codeLens?.refreshSupport === true) {
      void this.#connection.sendRequest('workspace/codeLens/refresh');
    }
  }

  // ── analysis ────────────────────────────────────────────────────────────

  /** Debounces typing: waits as long as the last analysis took (capped). */
  async #schedule(state: DocumentState): Promise<void> {
    const settings = await this.#settingsFor(state);
    if (settings.run !== 'onType') return;
    if (state.timer !== undefined) clearTimeout(state.timer);
    // A burst of keystrokes waits (as long as the last analysis took, capped);
    // a lone edit is analysed at once. An edit belongs to a burst only when
    // the edit before it is still waiting for its analysis: once that was
    // published the server is idle, and waiting would only add latency (it
    // did: the next keystroke waited a whole analysis time for nothing).
    const now = performance.now();
    const inBurst = state.lastChange !== undefined && now - state.lastChange < settings.debounceMs;
    state.lastChange = now;
    const delay = inBurst ? Math.min(settings.debounceMs, state.result?.durationMs ?? 0) : 0;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.#validate(state);
    }, delay);
  }

  /** Analyses the document now and publishes (push mode). */
  async #validate(state: DocumentState): Promise<void> {
    if (state.timer !== undefined) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    const result = await this.#analyze(state);
    if (this.#shuttingDown || this.#documents.get(state.uri) !== state) return;
    if (!this.#pull) {
      // published when the set changed (the first one always, empty or not):
      // an edit that changes no finding sends nothing, as in pull mode
      const set = this.#diagnosticSet(state, result);
      if (state.publishedId === set.resultId) return;
      state.publishedId = set.resultId;
      state.published = true;
      void this.#connection.sendDiagnostics({
        uri: state.uri,
        version: result?.version ?? state.doc.version,
        diagnostics: set.items,
      });
    }
  }

  /**
   * The document's diagnostics for `result` and the id of that set, a new
   * id only when the list differs from the last one (no analysis: empty).
   */
  #diagnosticSet(
    state: DocumentState,
    result: AnalysisResult | undefined,
  ): { items: Diagnostic[]; resultId: string } {
    const items = result !== undefined ? this.#diagnosticsOf(state, result) : [];
    const last = state.diagnostics;
    if (last !== undefined && sameDiagnostics(last.items, items)) return last;
    const set = { items, resultId: String(nextResultId++) };
    state.diagnostics = set;
    return set;
  }

  /**
   * The analysis of the document's current text (computed now if needed);
   * undefined when the document is disabled, skipped or failed.
   */
  async #current(state: DocumentState): Promise<AnalysisResult | undefined> {
    const settings = await this.#settingsFor(state);
    if (settings.run === 'onSave' && state.result !== undefined) return state.result;
    if (state.result?.version === state.doc.version) return state.result;
    return this.#analyze(state);
  }

  async #analyze(state: DocumentState): Promise<AnalysisResult | undefined> {
    const settings = await this.#settingsFor(state);
    const doc = state.doc;
    if (!settings.enable) {
      state.result = undefined;
      return undefined;
    }
    if (state.result?.version === doc.version && state.result.doc === doc) return state.result;
    const text = doc.getText();
    const skipped = skipReason(text, settings.maxFileSize);
    if (skipped !== undefined) {
      if (state.skipped !== skipped) this.#log(`${state.uri}: not analysed, ${skipped}`);
      state.skipped = skipped;
      state.result = undefined;
      return undefined;
    }
    state.skipped = undefined;
    const started = performance.now();
    let analysis: FileAnalysis;
    try {
      state.analyzer ??= new IncrementalAnalyzer(state.filename, coreSettings(settings), this.#texts);
      analysis = state.analyzer.analyze(text);
    } catch (error) {
      analysis = emptyAnalysis(state.filename, errorMessage(error));
      state.analyzer = undefined;
    }
    if (analysis.internalError !== undefined) {
      this.#log(`${state.uri}: analysis failed, no diagnostics for this version: ${analysis.internalError}`);
    }
    let directives: Directives;
    try {
      directives = scanDirectives(text, (offset) => doc.positionAt(offset).line);
    } catch (error) {
      this.#log(`${state.uri}: could not read disable comments: ${errorMessage(error)}`);
      directives = { isDisabled: () => false };
    }
    const result: AnalysisResult = {
      version: doc.version,
      analysis,
      directives,
      durationMs: performance.now() - started,
      doc,
    };
    state.result = result;
    // the latest edit is analysed (nothing ran between reading the text and
    // here): the next edit starts a new burst
    state.lastChange = undefined;
    this.#indexOpenDocument(state, result);
    return result;
  }

  #diagnosticsOf(state: DocumentState, result: AnalysisResult): Diagnostic[] {
    const settings = state.settings;
    if (settings === undefined || !settings.enable) return [];
    let cache = this.#diagnosticCaches.get(state);
    if (cache === undefined) {
      cache = new DiagnosticCache();
      this.#diagnosticCaches.set(state, cache);
    }
    const visible = visibleFindings(result.analysis.findings, settings, result.directives, result.doc);
    return cache.diagnostics(visible, state.uri, result.version, result.doc, settings, this.#support);
  }

  #toDiagnostics(
    uri: string,
    version: number,
    result: Pick<AnalysisResult, 'doc' | 'analysis' | 'directives'>,
    settings: ServerSettings,
  ): Diagnostic[] {
    return visibleFindings(result.analysis.findings, settings, result.directives, result.doc).map(
      (f) => toDiagnostic(f, uri, version, result.doc, settings, this.#support),
    );
  }

  // ── workspace index ────────────────────────────────────────────────────

  #indexOpenDocument(state: DocumentState, result: AnalysisResult): void {
    const key = indexKey(state.uri);
    const changed = this.#index.set(
      {
        uri: key,
        doc: result.doc,
        analysis: result.analysis,
        directives: result.directives,
        open: true,
        deps: state.analyzer?.dependencies?.() ?? [],
      },
      state.analyzer?.lastChangedNames,
    );
    this.#dependentsChanged(changed, key);
  }

  /**
   * A file's function summaries changed: the files that import it (read it
   * for their imports, directly or through re-exports) are checked again
   * with its new summaries. Open ones re-read their imports (an open module
   * is read from the editor, not the disk) and are published (push) or
   * re-pulled; closed ones are analysed again and the client is asked to
   * re-pull workspace diagnostics.
   */
  #dependentsChanged(names: Set<string>, uri: string): void {
    if (names.size === 0) return;
    const path = safePath(uri);
    if (path === undefined) return;
    const dependents = this.#index.dependentsOf(path, uri);
    if (dependents.length === 0) return;
    for (const dep of dependents) this.#recheck.add(dep);
    // one re-check of all dependents once the current burst of work is done
    this.#recheckTimer ??= setTimeout(() => {
      this.#recheckTimer = undefined;
      void this.#recheckDependents();
    }, 50);
  }

  async #recheckDependents(): Promise<void> {
    const due = this.#recheck;
    this.#recheck = new Set();
    const open = new Set<string>();
    for (const state of this.#documents.all()) {
      const key = indexKey(state.uri);
      if (!due.has(key)) continue;
      open.add(key);
      state.analyzer?.invalidateImports?.();
      state.result = undefined;
      if (!this.#pull) void this.#validate(state);
    }
    for (const key of due) {
      if (open.has(key) || this.#shuttingDown) continue;
      const path = safePath(key);
      if (path !== undefined) await this.#indexFile(path);
    }
    this.#refreshViews();
  }

  /** The text of a module open in the editor, by path (it wins over the disk). */
  readonly #texts: ModuleTexts = (path) => {
    for (const state of this.#documents.all()) {
      if (state.filename === path) return state.doc.getText();
    }
    return undefined;
  };

  async #indexWorkspace(): Promise<void> {
    if (this.#indexing !== undefined) this.#indexing.cancelled = true;
    const run = { cancelled: false };
    this.#indexing = run;
    const started = performance.now();
    const progress = this.#capabilities.window?.workDoneProgress === true
      ? await this.#connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('lockctx: indexing', 0, 'listing files', false);
    const files: { path: string; settings: ServerSettings }[] = [];
    for (const folder of this.#folders) {
      const project = readProjectFile(folder, folder, CHECK_IDS);
      const ignore = await ignoreListFor(folder, project?.ignore ?? []);
      // one settings request per folder, not one per file
      const settings = await this.#settingsForUri(uriOf(folder));
      for (const path of await listSourceFiles(folder, ignore)) files.push({ path, settings });
    }
    let done = 0;
    let skipped = 0;
    let chunkStart = performance.now();
    let lastReport = 0;
    for (const { path, settings } of files) {
      if (run.cancelled) break;
      const ok = await this.#indexFile(path, settings);
      if (!ok) skipped++;
      done++;
      // chunks of ~10 ms: requests (hover, a pull after an edit) wait at
      // most one chunk, and indexing pays one event-loop turn per chunk
      if (performance.now() - chunkStart >= INDEX_CHUNK_MS) {
        if (performance.now() - lastReport >= 250) {
          progress?.report(Math.round((done / files.length) * 100), `${done}/${files.length} files`);
          lastReport = performance.now();
        }
        await new Promise((resolve) => setImmediate(resolve));
        chunkStart = performance.now();
      }
    }
    progress?.done();
    if (run.cancelled) return;
    this.#indexing = undefined;
    this.#log(
      `indexed ${done - skipped} files (${skipped} skipped) in ${Math.round(performance.now() - started)} ms`,
    );
    this.#refreshViews();
  }

  /** Indexes one file from disk unless it is open; false when skipped. */
  async #indexFile(path: string, folderSettings?: ServerSettings): Promise<boolean> {
    const uri = uriOf(path);
    if (this.#index.get(uri)?.open === true) return true;
    const settings = folderSettings ?? (await this.#settingsForUri(uri));
    if (!settings.enable) return false;
    const read = await readSource(path, settings.maxFileSize);
    const reason = 'skipped' in read ? read.skipped : skipReason(read.text, settings.maxFileSize);
    if (reason !== undefined || 'skipped' in read) {
      this.#logOnce(`skip:${uri}`, `${uri}: not indexed, ${reason}`);
      return false;
    }
    if (this.#index.get(uri)?.open === true) return true;
    const doc = documentOf(uri, read.text);
    let analysis: FileAnalysis;
    let deps: readonly string[] = [];
    try {
      // a closed file is analysed once, as a whole, without the incremental
      // state an open document keeps; modules open in the editor are read
      // from the editor
      ({ analysis, deps } = analyzeFile(read.text, path, coreSettings(settings), this.#texts));
    } catch (error) {
      analysis = emptyAnalysis(path, errorMessage(error));
    }
    if (analysis.internalError !== undefined) {
      this.#logOnce(`internal:${uri}`, `${uri}: analysis failed: ${analysis.internalError}`);
    }
    const changed = this.#index.set({
      uri,
      doc,
      analysis,
      directives: scanDirectives(read.text, (o) => doc.positionAt(o).line),
      open: false,
      deps,
    });
    if (this.#indexing === undefined) this.#dependentsChanged(changed, uri);
    return true;
  }

  async #reindex(uris: readonly string[]): Promise<void> {
    for (const uri of uris) {
      const path = safePath(uri);
      if (path === undefined || !isAnalysable('', path)) continue;
      if (path.split(/[\\/]/).includes('node_modules')) continue;
      await this.#indexFile(path);
    }
  }

  #forget(uri: string): void {
    const key = indexKey(uri);
    if (this.#index.get(key)?.open === true) return;
    this.#dependentsChanged(this.#index.delete(key), key);
  }

  #lookup(name: string, uri: string): FunctionRef[] {
    return this.#index.functionsNamed(name, indexKey(uri));
  }

  #callers(fn: FunctionInfo): Location[] {
    return this.#index.callersOf(fn).map((loc) => ({
      ...loc,
      uri: this.#clientUri(loc.uri),
    }));
  }

  /** The URI the client uses for an indexed file (open documents keep theirs). */
  #clientUri(key: string): string {
    for (const state of this.#documents.all()) {
      if (indexKey(state.uri) === key) return state.uri;
    }
    return key;
  }

  // ── helpers ────────────────────────────────────────────────────────────

  /** The open document a request names, or a JSON-RPC error saying what is wrong. */
  #documentFor(uri: unknown): DocumentState {
    if (typeof uri !== 'string') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri must be a string');
    }
    const state = this.#documents.get(uri);
    if (state === undefined) {
      throw new ResponseError(ErrorCodes.InvalidParams, `document not open: ${uri}`);
    }
    return state;
  }

  #log(message: string): void {
    this.#connection.console.log(message);
  }

  #logOnce(key: string, message: string): void {
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    this.#log(message);
  }
}

/** Validates an LSP position from a request. */
function checkPosition(value: unknown): Position {
  const p = value as Partial<Position> | null | undefined;
  if (
    p === null ||
    typeof p !== 'object' ||
    !Number.isInteger(p.line) ||
    !Number.isInteger(p.character) ||
    (p.line as number) < 0 ||
    (p.character as number) < 0
  ) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'position must be { line, character } with non-negative integers',
    );
  }
  return p as Position;
}

/** Validates an LSP range from a request. */
function checkRange(value: unknown): void {
  const r = value as { start?: unknown; end?: unknown } | null | undefined;
  if (r === null || typeof r !== 'object') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'range must be { start, end }');
  }
  checkPosition(r.start);
  checkPosition(r.end);
}

/** The file system path of a `file:` URI, or undefined. */
function safePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The index key of a URI: `file:` URIs normalised through their path. */
function indexKey(uri: string): string {
  const path = safePath(uri);
  return path !== undefined ? uriOf(path) : uri;
}
