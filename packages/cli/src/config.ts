/**
 * `lockctx.json`: the project's settings for the CLI, read and validated by
 * the analysis core (`parseConfigText`, `findConfig`), the same reader the
 * ESLint plugin and the language server use. It is data only; any problem
 * is a usage error that names the file, the JSON path and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CONFIG_FILE,
  findConfig,
  formatProblem,
  parseConfigText,
} from '@lockctx/analysis';
import type { CheckId, ConfigResult, LockctxSettings } from '@lockctx/analysis';
import { UsageError } from './args.js';

export { CONFIG_FILE };

export interface CliConfig {
  /** The file it came from, when there was one. */
  file: string | undefined;
  /** Checks turned off (`"rules": { "<check>": "off" }`). */
  off: Set<string>;
  /** Every check the settings name. */
  named: string[];
  /** .gitignore-style patterns, relative to the config file's folder. */
  ignorePatterns: string[];
  /** What the analysis core reads: `presets` and custom `locks`. */
  settings: LockctxSettings;
}

/**
 * Loads the settings: `explicit` when given (it must exist), otherwise the
 * nearest `lockctx.json` from `cwd` upwards to the project root (a folder
 * with `.git`, or a `package.json` with `workspaces`), otherwise defaults.
 *
 * @throws UsageError for a missing explicit file, invalid JSON or an
 *   invalid value, naming the file, the JSON path and the problem.
 */
export function loadConfig(
  cwd: string,
  explicit: string | undefined,
): CliConfig {
  let file: string;
  let result: ConfigResult;
  if (explicit !== undefined) {
    file = resolve(cwd, explicit);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read settings file ${file}: ${(error as Error).message}`,
      );
    }
    result = parseConfigText(text, file);
  } else {
    const found = findConfig(cwd);
    if (found === undefined) {
      return {
        file: undefined,
        off: new Set(),
        named: [],
        ignorePatterns: [],
        settings: {},
      };
    }
    file = found.file;
    result = found.result;
  }
  if (!result.ok) {
    throw new UsageError(
      `invalid settings:\n${result.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
  const config = result.config;
  const rules = Object.entries(config.rules ?? {});
  const settings: LockctxSettings = {};
  if (config.presets !== undefined) settings.presets = config.presets;
  if (config.locks !== undefined) settings.locks = config.locks;
  return {
    file,
    off: new Set(rules.filter(([, v]) => v === 'off').map(([id]) => id)),
    named: rules.map(([id]) => id),
    ignorePatterns: config.ignorePatterns ?? [],
    settings,
  };
}

/**
 * Checks that every check the settings name exists.
 *
 * @throws UsageError naming the unknown check.
 */
export function validateChecks(
  config: CliConfig,
  knownChecks: readonly CheckId[],
): void {
  for (const id of config.named) {
    if (!(knownChecks as readonly string[]).includes(id)) {
      throw new UsageError(
        `${config.file ?? CONFIG_FILE}: unknown check '${id}' in 'rules' (known: ${knownChecks.join(', ')})`,
      );
    }
  }
}
