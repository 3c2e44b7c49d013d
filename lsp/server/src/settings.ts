/**
 * The server's settings: what a client sends under the `lockctx` section of
 * `workspace/configuration`, merged with the project's `lockctx.json`.
 *
 * Settings are resolved per resource (per document URI) and cached until the
 * client says the configuration changed. `lockctx.json` is found and
 * validated by the analysis core (`findConfig`, `parseConfig`), the reader
 * the ESLint plugin and the command line use: it is only parsed as JSON,
 * the server never executes workspace code.
 */
import {
  CONFIG_FILE,
  findConfig,
  formatProblem,
  parseConfig,
} from '@lockctx/analysis';
import type { CheckId, LockctxSettings, LockSpec } from '@lockctx/analysis';

/** The severities a rule can be set to, as in ESLint plus `info`/`hint`. */
export type RuleSeverity = 'off' | 'hint' | 'info' | 'warn' | 'error';

/** `onType` validates while typing; `onSave` only on open and save. */
export type RunMode = 'onType' | 'onSave';

/** Where "disable for this line" puts its comment. */
export type DisableCommentLocation = 'separateLine' | 'sameLine';

/** Fully resolved settings for one document. */
export interface ServerSettings {
  /** Master switch: when false the document gets no diagnostics or hints. */
  enable: boolean;
  run: RunMode;
  /** Per-rule severity; rules not listed use {@link DEFAULT_SEVERITY}. */
  rules: Partial<Record<CheckId, RuleSeverity>>;
  /** Custom lock APIs (same schema as `lockctx.json` `locks`), validated. */
  locks: LockSpec[];
  /** The built-in presets to use, by id; absent: all of them. */
  presets?: string[];
  /** Documents larger than this many UTF-16 code units are not analysed. */
  maxFileSize: number;
  /** Upper bound of the adaptive typing debounce, in milliseconds. */
  debounceMs: number;
  inlayHints: { scopeEnds: boolean; guardArguments: boolean };
  codeLens: { enable: boolean };
  codeAction: { disableRuleComment: { location: DisableCommentLocation } };
}

/** Severity of a rule nobody configured. */
export const DEFAULT_SEVERITY: RuleSeverity = 'warn';

/** The settings of a client that sent nothing. */
export const DEFAULT_SETTINGS: Readonly<ServerSettings> =
  Object.freeze<ServerSettings>({
    enable: true,
    run: 'onType',
    rules: {},
    locks: [],
    maxFileSize: 2_000_000,
    debounceMs: 200,
    inlayHints: { scopeEnds: true, guardArguments: true },
    codeLens: { enable: true },
    codeAction: { disableRuleComment: { location: 'separateLine' } },
  });

/** The name of the project file the server reads beside the sources. */
export const PROJECT_FILE = CONFIG_FILE;

/** The contents of `lockctx.json` the server uses (validated by the core). */
export interface ProjectFile {
  /** Where it was found. */
  path: string;
  locks: LockSpec[];
  /** The built-in presets to use; absent: all. */
  presets?: string[];
  rules: Partial<Record<CheckId, RuleSeverity>>;
  /** `.gitignore`-style patterns (`ignorePatterns`, relative to the file) not to index. */
  ignore: string[];
}

const SEVERITIES: readonly string[] = ['off', 'hint', 'info', 'warn', 'error'];
const SEVERITY_ALIASES: Record<string, RuleSeverity> = {
  '0': 'off',
  '1': 'warn',
  '2': 'error',
  warning: 'warn',
  information: 'info',
};

/**
 * Turns whatever the client sent into complete settings. Wrong values are
 * replaced by defaults and described in `problems` (one line each), so a
 * typo in a user's settings is reported instead of breaking the server.
 */
export function normalizeSettings(
  raw: unknown,
  checkIds: readonly string[],
  problems: string[] = [],
): ServerSettings {
  const out: ServerSettings = structuredClone(DEFAULT_SETTINGS);
  if (raw === null || raw === undefined) return out;
  if (!isRecord(raw)) {
    problems.push(`lockctx settings must be an object, got ${typeof raw}`);
    return out;
  }
  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') out.enable = raw.enable;
    else problems.push('lockctx.enable must be true or false');
  }
  if (raw.run !== undefined) {
    if (raw.run === 'onType' || raw.run === 'onSave') out.run = raw.run;
    else problems.push(`lockctx.run must be "onType" or "onSave"`);
  }
  if (raw.rules !== undefined) {
    out.rules = normalizeRules(raw.rules, checkIds, 'lockctx.rules', problems);
  }
  // `presets: null` is the editor's default: every built-in preset.
  const presets = raw.presets === null ? undefined : raw.presets;
  if (raw.locks !== undefined || presets !== undefined) {
    // Custom locks and presets: the schema of lockctx.json, checked by the core.
    const result = parseConfig(
      {
        ...(raw.locks !== undefined ? { locks: raw.locks } : {}),
        ...(presets !== undefined ? { presets } : {}),
      },
      'lockctx settings',
    );
    if (result.ok) {
      out.locks = result.config.locks ?? [];
      if (result.config.presets !== undefined) {
        out.presets = result.config.presets;
      }
    } else problems.push(...result.problems.map(formatProblem));
  }
  if (raw.maxFileSize !== undefined) {
    const n = raw.maxFileSize;
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) {
      out.maxFileSize = n;
    } else problems.push('lockctx.maxFileSize must be a positive number');
  }
  if (raw.debounceMs !== undefined) {
    const n = raw.debounceMs;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) {
      out.debounceMs = n;
    } else problems.push('lockctx.debounceMs must be a number ≥ 0');
  }
  if (isRecord(raw.inlayHints)) {
    for (const key of ['scopeEnds', 'guardArguments'] as const) {
      const v = raw.inlayHints[key];
      if (typeof v === 'boolean') out.inlayHints[key] = v;
      else if (v !== undefined) {
        problems.push(`lockctx.inlayHints.${key} must be true or false`);
      }
    }
  }
  if (isRecord(raw.codeLens) && raw.codeLens.enable !== undefined) {
    if (typeof raw.codeLens.enable === 'boolean') {
      out.codeLens.enable = raw.codeLens.enable;
    } else problems.push('lockctx.codeLens.enable must be true or false');
  }
  const disable = isRecord(raw.codeAction)
    ? raw.codeAction.disableRuleComment
    : undefined;
  if (isRecord(disable) && disable.location !== undefined) {
    if (
      disable.location === 'separateLine' ||
      disable.location === 'sameLine'
    ) {
      out.codeAction.disableRuleComment.location = disable.location;
    } else {
      problems.push(
        'lockctx.codeAction.disableRuleComment.location must be "separateLine" or "sameLine"',
      );
    }
  }
  return out;
}

/** Reads a rule-severity map, keeping the valid entries. */
function normalizeRules(
  raw: unknown,
  checkIds: readonly string[],
  where: string,
  problems: string[],
): Partial<Record<CheckId, RuleSeverity>> {
  const rules: Partial<Record<CheckId, RuleSeverity>> = {};
  if (!isRecord(raw)) {
    problems.push(`${where} must be an object of rule id → severity`);
    return rules;
  }
  for (const [key, value] of Object.entries(raw)) {
    const id = key.startsWith('lockctx/') ? key.slice('lockctx/'.length) : key;
    if (!checkIds.includes(id)) {
      problems.push(`${where}: unknown rule "${key}"`);
      continue;
    }
    const text = String(Array.isArray(value) ? value[0] : value);
    const severity = SEVERITIES.includes(text)
      ? (text as RuleSeverity)
      : SEVERITY_ALIASES[text];
    if (severity === undefined) {
      problems.push(
        `${where}.${key}: "${text}" is not one of ${SEVERITIES.join(', ')}`,
      );
      continue;
    }
    rules[id as CheckId] = severity;
  }
  return rules;
}

/**
 * Finds the nearest `lockctx.json` from `dir` up to `root` (inclusive; or up
 * to the project root when `root` is undefined) with the core's `findConfig`
 * (cached by path, modification time and size). Returns undefined when there
 * is none; an invalid file is reported in `problems`, one line per problem
 * with its path in the file, and ignored.
 */
export function readProjectFile(
  dir: string,
  root: string | undefined,
  checkIds: readonly string[],
  problems: string[] = [],
): ProjectFile | undefined {
  const found = findConfig(dir, root);
  if (found === undefined) return undefined;
  if (!found.result.ok) {
    problems.push(...found.result.problems.map(formatProblem));
    return undefined;
  }
  const config = found.result.config;
  const file: ProjectFile = {
    path: found.file,
    locks: config.locks ?? [],
    rules: {},
    ignore: config.ignorePatterns ?? [],
  };
  if (config.presets !== undefined) file.presets = config.presets;
  for (const [id, severity] of Object.entries(config.rules ?? {})) {
    if (checkIds.includes(id)) file.rules[id as CheckId] = severity;
  }
  return file;
}

/**
 * Combines editor settings with the project file, as the ESLint plugin
 * combines `settings.lockctx` with it: the file applies first; the editor's
 * rules override it rule by rule, its locks replace the file's lock of the
 * same id and add the others, its presets (when given) replace the file's.
 */
export function mergeProjectFile(
  settings: ServerSettings,
  project: ProjectFile | undefined,
): ServerSettings {
  if (project === undefined) return settings;
  const mine = new Set(settings.locks.map((l) => l.id));
  const out: ServerSettings = {
    ...settings,
    rules: { ...project.rules, ...settings.rules },
    locks: [...project.locks.filter((l) => !mine.has(l.id)), ...settings.locks],
  };
  const presets = settings.presets ?? project.presets;
  if (presets !== undefined) out.presets = presets;
  return out;
}

/** The part of the settings the analysis core receives. */
export function coreSettings(settings: ServerSettings): LockctxSettings {
  const out: LockctxSettings = {};
  if (settings.locks.length > 0) out.locks = settings.locks;
  if (settings.presets !== undefined) out.presets = settings.presets;
  return out;
}

/** The configured severity of one rule. */
export function severityOf(
  settings: ServerSettings,
  check: CheckId,
): RuleSeverity {
  return settings.rules[check] ?? DEFAULT_SEVERITY;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
