import { IGNORE_LOCKS, createCheckRule, isIgnoredLock } from '../check-rule.js';

/** The options of `lockctx/no-stale-lock-value`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
}

/** `lockctx/no-stale-lock-value`: see docs/rules/no-stale-lock-value.md. */
export default createCheckRule<Options>({
  check: 'no-stale-lock-value',
  properties: { ignoreLocks: IGNORE_LOCKS },
  defaults: { ignoreLocks: [] },
  keep: (finding, options) => !isIgnoredLock(finding, options.ignoreLocks),
});
