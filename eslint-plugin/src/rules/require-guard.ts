import { ON_SOME_PATHS, createCheckRule, isSomePaths } from '../check-rule.js';

/** The options of `lockctx/require-guard`. */
export interface Options {
  /** Functions, as called (`tagDirty`, `cache.tag`), whose calls are not checked. */
  ignoreFunctions?: string[];
  /** Also report what happens on some paths only. */
  onSomePaths?: boolean;
}

/** `lockctx/require-guard`: see docs/rules/require-guard.md. */
export default createCheckRule<Options>({
  check: 'require-guard',
  properties: {
    ignoreFunctions: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Functions, as called (`tagDirty`, `cache.tag`), whose calls this rule does not check.',
    },
    onSomePaths: ON_SOME_PATHS,
  },
  defaults: { ignoreFunctions: [], onSomePaths: true },
  keep: (finding, options) =>
    !options.ignoreFunctions.includes(finding.data['callee'] ?? '') &&
    (options.onSomePaths || !isSomePaths(finding)),
});
