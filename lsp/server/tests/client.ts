/**
 * A real LSP client for the tests: spawns the built server
 * (`dist/main.js --stdio`) and talks JSON-RPC to it with vscode-jsonrpc, as
 * an editor would. It answers the server's own requests
 * (`workspace/configuration` with the test's settings, registrations,
 * progress, refreshes) and records what the server pushes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

/** The built server entry point. */
export const SERVER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** What VS Code-like clients advertise for push diagnostics. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    publishDiagnostics: {
      relatedInformation: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
      versionSupport: true,
    },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] },
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    inlayHint: {},
    codeLens: {},
  },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
};

/** The same, plus pull diagnostics (LSP 3.17), as VS Code advertises. */
export const PULL_CAPABILITIES: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  textDocument: {
    ...PUSH_CAPABILITIES.textDocument,
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
  },
};

export interface StartOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** Workspace folder paths. */
  folders?: string[];
  /** What `workspace/configuration` answers for section `lockctx`. */
  settings?: unknown;
  /** Extra arguments instead of `--stdio` (transport tests). */
  args?: string[];
}

/** A running server and the client side of its connection. */
export class TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly initializeResult: InitializeResult;
  /** Every `textDocument/publishDiagnostics`, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every `window/logMessage` text. */
  readonly logs: string[] = [];
  /** Server → client requests received, by method. */
  readonly serverRequests: string[] = [];
  settings: unknown;
  #waiters: (() => void)[] = [];

  private constructor(
    connection: MessageConnection,
    child: ChildProcess,
    result: InitializeResult,
    settings: unknown,
  ) {
    this.connection = connection;
    this.process = child;
    this.initializeResult = result;
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER_MAIN, ...(options.args ?? ['--stdio'])], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const holder: { client?: TestClient; early: PublishDiagnosticsParams[] } = { early: [] };
    const folders = options.folders ?? [];
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const client = holder.client;
      if (client === undefined) holder.early.push(p);
      else client.#record(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      holder.client?.logs.push(p.message);
    });
    connection.onNotification('$/progress', () => undefined);
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      holder.client?.serverRequests.push('workspace/configuration');
      return p.items.map(() => holder.client?.settings ?? options.settings ?? null);
    });
    for (const method of [
      'client/registerCapability',
      'window/workDoneProgress/create',
      'workspace/diagnostic/refresh',
      'workspace/inlayHint/refresh',
      'workspace/codeLens/refresh',
    ]) {
      connection.onRequest(method, () => {
        holder.client?.serverRequests.push(method);
        return null;
      });
    }
    connection.listen();
    const result = (await connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lockctx-tests', version: '1' },
      rootUri: folders[0] !== undefined ? pathUri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: pathUri(f), name: f })),
      capabilities: options.capabilities ?? PUSH_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? { indexWorkspace: folders.length > 0 },
    })) as InitializeResult;
    const client = new TestClient(connection, child, result, options.settings);
    holder.client = client;
    for (const p of holder.early) client.#record(p);
    await connection.sendNotification('initialized', {});
    return client;
  }

  #record(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  open(uri: string, text: string, languageId = 'typescript', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /**
   * The next diagnostics pushed for `uri` (at `version`, when given), waiting
   * up to `timeoutMs`; earlier pushes already received count.
   */
  async diagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.published]
        .reverse()
        .find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (found !== undefined) return found.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''} within ${timeoutMs} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Shuts the server down politely and waits for the process to exit. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once('exit', (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** The `file:` URI of a path. */
export function pathUri(path: string): string {
  return new URL(`file://${path}`).href;
}
