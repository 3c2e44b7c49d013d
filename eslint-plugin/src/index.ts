/**
 * `@lockctx/eslint-plugin`: lock-context rules for JavaScript and TypeScript.
 *
 * The entry point has a single default export (the plugin object): tools that
 * `require()` an ES module keep the whole namespace when it has other keys,
 * and would then miss `configs`.
 *
 * @example
 * ```js
 * // eslint.config.js
 * import lockctx from '@lockctx/eslint-plugin';
 * export default [lockctx.configs.recommended];
 * ```
 */
import { createRequire } from 'node:module';

import type { TSESLint } from '@typescript-eslint/utils';

import { CHECKS } from '@lockctx/analysis';

import { createConfigs } from './configs.js';
import type { ConfigName } from './configs.js';
import { rules } from './rules/index.js';
import type { RuleName } from './rules/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as {
  version: string;
};

/** The shape of the plugin object. */
export interface LockctxPlugin {
  meta: { name: string; version: string; namespace: 'lockctx' };
  rules: typeof rules;
  configs: Record<ConfigName, TSESLint.FlatConfig.Config>;
}

const plugin: LockctxPlugin = {
  meta: {
    // ESLint treats `name` as an identifier only. It is written the way
    // eslint-doc-generator derives the rule prefix from it (`lockctx`),
    // so docs, configs and `namespace` all say `lockctx/<rule>`.
    name: 'eslint-plugin-lockctx',
    version,
    namespace: 'lockctx',
  },
  rules,
  configs: {} as LockctxPlugin['configs'],
};

Object.assign(
  plugin.configs,
  createConfigs(
    plugin,
    (Object.keys(rules) as RuleName[]).map((name) => ({
      name,
      recommended: CHECKS[name].recommended,
      pathSensitive:
        'onSomePaths' in (rules[name].meta.defaultOptions?.[0] ?? {}),
    })),
  ),
);

export default plugin;
