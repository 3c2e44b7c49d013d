/**
 * The command line: `lockctx check [options] [paths…]`, `--help`,
 * `--version`. Parsing never exits; bad input is a {@link UsageError}.
 */
import { parseArgs } from 'node:util';

export type Format = 'stylish' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif'];

export interface CheckCommand {
  command: 'check';
  paths: string[];
  format: Format;
  /** A settings file given with --config; otherwise lockctx.json is looked up. */
  config: string | undefined;
  /** true/false when forced, undefined to decide by whether stderr is a TTY. */
  progress: boolean | undefined;
  /** true/false when forced, undefined to decide by the terminal. */
  color: boolean | undefined;
}

export type Command =
  CheckCommand | { command: 'help' } | { command: 'version' };

/** Bad command-line input; the CLI prints it and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: lockctx check [options] [paths...]

Checks TypeScript and JavaScript files for lock-context bugs: a guard used
after unlock or escaping its scope, await while a spin lock is held, a value
read under one lock scope acted on in another, locks not released,
self-deadlock, and calls that need a lock their caller does not hold.
No ESLint configuration is needed.

Paths are files or directories (default: the current directory).
Directories are walked for .ts .tsx .mts .cts .js .jsx .mjs .cjs files,
skipping node_modules, dist, .git and whatever .gitignore files ignore.

Options:
  -f, --format <name>  Output format: stylish (default), json, sarif
                       (SARIF 2.1.0, with code flows for the lock path)
  -c, --config <file>  Settings file (default: the nearest lockctx.json from
                       the current directory up to the project root)
      --progress       Show progress on stderr even when it is not a TTY
      --no-progress    Never show progress
      --color          Force colored output
      --no-color       Disable colored output (NO_COLOR is honored too)
  -h, --help           Show this help
  -v, --version        Show the version

Settings file (lockctx.json):
  {
    "rules": { "no-lock-leak": "off" },      "off" turns a check off
    "ignorePatterns": ["generated/"],        .gitignore-style patterns
    "presets": ["xarray", "async-mutex.Mutex"],  built-in locks (default: all)
    "locks": [ ... ]                         custom lock APIs, described as data
  }

Exit codes:
  0  no findings
  1  findings, or files that could not be parsed
  2  usage error: bad option, missing path, invalid settings file

Examples:
  lockctx check src/
  lockctx check --format sarif . > lockctx.sarif
`;

/**
 * Parses the arguments after the program name.
 *
 * @throws UsageError naming the problem.
 */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        progress: { type: 'boolean' },
        color: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: 'help' };
  if (values.version === true) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) {
    throw new UsageError('missing command: use `lockctx check [paths...]`');
  }
  if (command !== 'check') {
    throw new UsageError(
      `unknown command '${command}': the command is \`check\``,
    );
  }
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `unknown format '${format}': use one of ${FORMATS.join(', ')}`,
    );
  }
  return {
    command: 'check',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as Format,
    config: values.config,
    progress: values.progress,
    color: values.color,
  };
}
