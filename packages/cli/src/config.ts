/**
 * `lockctx.json`: the project's settings for the CLI. It is data only and
 * is validated key by key; anything unexpected is a usage error that names
 * the key.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckId, LockctxSettings } from '@lockctx/analysis';
import { UsageError } from './args.js';

export const CONFIG_FILE = 'lockctx.json';

export interface CliConfig {
  /** The file it came from, when there was one. */
  file: string | undefined;
  /** Checks turned off. */
  off: Set<string>;
  /** Every check the settings name. */
  named: string[];
  /** .gitignore-style patterns, relative to the config file's folder. */
  ignorePatterns: string[];
  /** Passed to the analysis core as they are. */
  settings: LockctxSettings;
}

const KEYS = ['$schema', 'checks', 'ignorePatterns', 'locks'];

/**
 * Loads the settings: `explicit` when given (it must exist), otherwise
 * `lockctx.json` in `cwd` when present, otherwise defaults.
 *
 * @throws UsageError for a missing explicit file, invalid JSON or an
 *   invalid value, naming the file and the key.
 */
export function loadConfig(
  cwd: string,
  explicit: string | undefined,
): CliConfig {
  const file = resolve(cwd, explicit ?? CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (
      explicit === undefined &&
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      return {
        file: undefined,
        off: new Set(),
        named: [],
        ignorePatterns: [],
        settings: {},
      };
    }
    throw new UsageError(
      `cannot read settings file ${file}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file} must hold a JSON object`);
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.includes(key)) {
      throw new UsageError(
        `${file}: unknown key '${key}' (allowed: ${KEYS.slice(1).join(', ')})`,
      );
    }
  }
  const off = new Set<string>();
  const on: string[] = [];
  if (record.checks !== undefined) {
    if (
      typeof record.checks !== 'object' ||
      record.checks === null ||
      Array.isArray(record.checks)
    ) {
      throw new UsageError(
        `${file}: 'checks' must be an object of check id to "on" or "off"`,
      );
    }
    for (const [id, value] of Object.entries(record.checks)) {
      if (value === 'off') off.add(id);
      else if (value === 'on') on.push(id);
      else {
        throw new UsageError(
          `${file}: checks.${id} must be "on" or "off", got ${JSON.stringify(value)}`,
        );
      }
    }
  }
  let ignorePatterns: string[] = [];
  if (record.ignorePatterns !== undefined) {
    if (
      !Array.isArray(record.ignorePatterns) ||
      !record.ignorePatterns.every((p) => typeof p === 'string')
    ) {
      throw new UsageError(
        `${file}: 'ignorePatterns' must be an array of strings`,
      );
    }
    ignorePatterns = record.ignorePatterns as string[];
  }
  const settings: LockctxSettings = {};
  if (record.locks !== undefined) {
    if (!Array.isArray(record.locks)) {
      throw new UsageError(
        `${file}: 'locks' must be an array of lock descriptions`,
      );
    }
    settings.locks = record.locks as unknown[];
  }
  return { file, off, named: [...off, ...on], ignorePatterns, settings };
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
        `${config.file ?? CONFIG_FILE}: unknown check '${id}' in 'checks' (known: ${knownChecks.join(', ')})`,
      );
    }
  }
}
