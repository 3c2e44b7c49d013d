/**
 * `@lockctx/language-server`: the lockctx checks over the Language Server
 * Protocol. Run the `lockctx-language-server` bin, or embed the server with
 * {@link startServer} on a connection of your own.
 */
export {
  startServer,
  SERVER_INFO,
  LIST_CALLERS_COMMAND,
  type DiagnosticMode,
  type InitializationOptions,
} from './server.js';
export { FIX_ALL_KIND } from './codeActions.js';
export { SHOW_CALLERS_COMMAND } from './codeLens.js';
export { SOURCE, ruleDocUrl } from './diagnostics.js';
export {
  DEFAULT_SETTINGS,
  PROJECT_FILE,
  type ServerSettings,
  type RuleSeverity,
  type RunMode,
} from './settings.js';
