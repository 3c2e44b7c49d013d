#!/usr/bin/env node
/**
 * `lockctx-language-server`: the command line entry point.
 *
 * Transports are chosen by the arguments, as vscode-languageserver defines
 * them: `--stdio`, `--node-ipc` or `--socket=N`. `--version` and `--help`
 * print and exit.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

import { SERVER_INFO, startServer } from './server.js';

const HELP = `Usage: lockctx-language-server (--stdio | --node-ipc | --socket=PORT)

Speaks the Language Server Protocol for the lockctx lock-context checks.
  --stdio        talk over standard input and output
  --node-ipc     talk over Node's IPC channel (the parent forked this process)
  --socket=PORT  connect to a client listening on 127.0.0.1:PORT
  --pipe=NAME    connect to a client listening on a named pipe
  --version      print the version and exit
  --help         print this text and exit`;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_INFO.version}\n`);
} else if (
  args.includes('--help') ||
  !args.some(
    (a) =>
      a === '--stdio' ||
      a === '--node-ipc' ||
      a.startsWith('--socket') ||
      a.startsWith('--pipe'),
  )
) {
  process.stdout.write(`${HELP}\n`);
  process.exitCode = args.includes('--help') ? 0 : 2;
} else {
  startServer(createConnection(ProposedFeatures.all));
}
