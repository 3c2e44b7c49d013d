import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HELP, UsageError, parseCommand, type CheckCommand } from './args.js';
import { loadConfig, validateChecks } from './config.js';
import { loadCore } from './core.js';
import { formatJson } from './format/json.js';
import { colors, plain } from './format/paint.js';
import { formatSarif } from './format/sarif.js';
import { formatStylish } from './format/stylish.js';
import { checkFiles, summarize, type OnFile } from './run-check.js';
import { findFiles } from './walk.js';

/** Where the CLI writes and what it knows of its terminal. */
export interface CliEnvironment {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Progress is shown from this many files on, unless forced. */
const PROGRESS_THRESHOLD = 50;

/** The CLI's version, from its package.json. */
export function cliVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/**
 * Runs the command line and returns the exit code: 0 clean, 1 findings or
 * unparsable files, 2 usage errors. Never throws.
 */
export function runCli(argv: readonly string[], io: CliEnvironment): number {
  try {
    const command = parseCommand(argv);
    if (command.command === 'help') {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (command.command === 'version') {
      io.stdout(`${cliVersion()}\n`);
      return EXIT_OK;
    }
    return check(command, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `lockctx: ${error.message}\nRun \`lockctx --help\` for usage.\n`,
      );
      return EXIT_USAGE;
    }
    io.stderr(
      `lockctx: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_USAGE;
  }
}

function check(command: CheckCommand, io: CliEnvironment): number {
  const config = loadConfig(io.cwd, command.config);
  const files = findFiles(
    io.cwd,
    command.paths,
    config.ignorePatterns,
    config.file === undefined ? io.cwd : dirname(config.file),
  );
  const core = loadCore();
  validateChecks(config, core.checkIds);
  const results = checkFiles(
    files,
    core,
    config,
    io.cwd,
    progress(command, io, files.length),
  );
  const summary = summarize(results);
  const version = cliVersion();
  if (command.format === 'json') {
    io.stdout(formatJson(results, summary, version));
  } else if (command.format === 'sarif') {
    io.stdout(
      formatSarif(results, core.checks, core.checkIds, version, io.cwd),
    );
  } else {
    const color =
      command.color ??
      (io.stdoutIsTTY &&
        io.env.NO_COLOR === undefined &&
        io.env.TERM !== 'dumb');
    io.stdout(formatStylish(results, summary, color ? colors : plain));
  }
  return summary.findings + summary.parseErrors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function progress(
  command: CheckCommand,
  io: CliEnvironment,
  total: number,
): OnFile | undefined {
  const show =
    command.progress ?? (io.stderrIsTTY && total >= PROGRESS_THRESHOLD);
  if (!show) return undefined;
  if (io.stderrIsTTY) {
    return (done, all, rel) => {
      const line = `checking ${done}/${all} ${rel}`.slice(0, 79);
      io.stderr(`\r\u001b[K${line}${done === all ? '\r\u001b[K' : ''}`);
    };
  }
  // Not a terminal: a line per tenth of the files, then the total.
  const step = Math.max(1, Math.ceil(total / 10));
  return (done, all) => {
    if (done % step === 0 || done === all)
      io.stderr(`checked ${done}/${all} files\n`);
  };
}
