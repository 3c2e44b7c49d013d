export {
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  cliVersion,
  runCli,
  type CliEnvironment,
} from './cli.js';
export {
  HELP,
  UsageError,
  parseCommand,
  type Command,
  type Format,
} from './args.js';
export { loadConfig, type CliConfig } from './config.js';
export { findFiles } from './walk.js';
export { formatSarif } from './format/sarif.js';
