import { IGNORE_LOCKS, createCheckRule, isIgnoredLock } from '../check-rule.js';

/** The options of `lockctx/no-guard-escape`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
}

/** `lockctx/no-guard-escape`: see docs/rules/no-guard-escape.md. */
export default createCheckRule<Options>({
  check: 'no-guard-escape',
  properties: { ignoreLocks: IGNORE_LOCKS },
  defaults: { ignoreLocks: [] },
  keep: (finding, options) => !isIgnoredLock(finding, options.ignoreLocks),
});
