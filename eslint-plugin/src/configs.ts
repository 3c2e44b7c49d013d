import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

type Config = TSESLint.FlatConfig.Config;
type Plugin = TSESLint.FlatConfig.Plugin;

/** The names of the flat configs the plugin exports. */
export type ConfigName = 'recommended' | 'strict' | 'recommended-type-checked';

/** Every file the rules understand: JavaScript and TypeScript, with JSX. */
export const ALL_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];
/** TypeScript files, the ones a TypeScript project service can type. */
export const TS_FILES = ['**/*.{ts,mts,cts,tsx}'];

/** What the configs need to know about one rule. */
export interface ConfigRule {
  name: string;
  /** In `configs.recommended`. */
  recommended: boolean;
  /** The rule has the `onSomePaths` option. */
  pathSensitive: boolean;
}

/**
 * The plugin's flat configs. Each registers the plugin under the name
 * `lockctx` (its `meta.namespace`).
 *
 * - `recommended`: the recommended rules, reporting what holds on every path
 *   only (`onSomePaths: false`: a finding on some paths may come from paths
 *   that cannot run together), on every JavaScript and TypeScript file.
 *   Needs no type information and no particular parser for `.js` files
 *   (TypeScript files need typescript-eslint's parser, e.g. from
 *   `tseslint.configs.base`).
 * - `strict`: every rule, reporting what holds on some paths too.
 * - `recommended-type-checked`: `recommended` for TypeScript files, parsed
 *   by typescript-eslint's parser with `parserOptions.projectService`, so the
 *   analysis sees the program's types.
 */
export function createConfigs(
  plugin: Plugin,
  rules: readonly ConfigRule[],
): Record<ConfigName, Config> {
  const severities = (strict: boolean): TSESLint.FlatConfig.Rules =>
    Object.fromEntries(
      rules
        .filter((rule) => strict || rule.recommended)
        .map((rule): [string, TSESLint.FlatConfig.RuleEntry] => [
          `lockctx/${rule.name}`,
          !strict && rule.pathSensitive
            ? ['error', { onSomePaths: false }]
            : 'error',
        ]),
    );
  return {
    recommended: {
      name: 'lockctx/recommended',
      files: ALL_FILES,
      plugins: { lockctx: plugin },
      rules: severities(false),
    },
    strict: {
      name: 'lockctx/strict',
      files: ALL_FILES,
      plugins: { lockctx: plugin },
      rules: severities(true),
    },
    'recommended-type-checked': {
      name: 'lockctx/recommended-type-checked',
      files: TS_FILES,
      plugins: { lockctx: plugin },
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: true },
      },
      rules: severities(false),
    },
  };
}
