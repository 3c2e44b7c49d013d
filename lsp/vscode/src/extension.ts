/**
 * The lockctx VS Code extension: a thin client over `lockctx-language-server`
 * (bundled beside this file as `server.cjs`). Everything about the analysis
 * lives in the server; this file starts it, forwards settings, and adds the
 * VS Code-only pieces: commands, the status bar item, and the callers list
 * behind the code lens.
 */
import * as path from 'node:path';

import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Our diagnostics' `source`, to count them in the status bar. */
const SOURCE = 'lockctx';
const FIX_ALL_KIND = 'source.fixAll.lockctx';
const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    revealOutputChannelOn: 4, // RevealOutputChannelOn.Never: never pop up at users
    initializationFailedHandler: (error) => {
      client?.outputChannel.show(true);
      void vscode.window.showErrorMessage(
        `lockctx: the language server failed to start: ${String(error)}`,
      );
      return false;
    },
  };
  client = new LanguageClient('lockctx', 'lockctx', serverOptions, clientOptions);

  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'lockctx';
  status.command = 'lockctx.showOutput';
  context.subscriptions.push(status);
  updateStatus();

  context.subscriptions.push(
    client.onDidChangeState(() => updateStatus()),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.commands.registerCommand('lockctx.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('lockctx.showOutput', () => {
      client?.outputChannel.show(true);
    }),
    vscode.commands.registerCommand('lockctx.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) return;
      await vscode.commands.executeCommand('editor.action.codeAction', {
        kind: FIX_ALL_KIND,
        apply: 'first',
      });
    }),
    vscode.commands.registerCommand(
      'lockctx.showCallers',
      async (uri: string, position: unknown, locations: unknown[]) => {
        const c = client;
        if (c === undefined) return;
        const convert = c.protocol2CodeConverter;
        await vscode.commands.executeCommand(
          'editor.action.showReferences',
          convert.asUri(uri),
          convert.asPosition(position as never),
          locations.map((l) => convert.asLocation(l as never)),
        );
      },
    ),
  );
  await client.start();
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** "lockctx: 3" (findings in all files), or the server state when it is not running. */
function updateStatus(): void {
  if (status === undefined) return;
  const state = client?.state;
  if (state !== State.Running) {
    status.text = state === State.Starting ? '$(sync~spin) lockctx' : '$(error) lockctx';
    status.tooltip =
      state === State.Starting
        ? 'lockctx: the language server is starting'
        : 'lockctx: the language server is stopped (click for its output)';
    status.show();
    return;
  }
  let count = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) if (d.source === SOURCE) count++;
  }
  status.text = count === 0 ? '$(lock) lockctx' : `$(lock) lockctx: ${count}`;
  status.tooltip =
    count === 0
      ? 'lockctx: no lock findings (click for the server output)'
      : `lockctx: ${count} lock finding${count === 1 ? '' : 's'} (click for the server output)`;
  status.show();
}
