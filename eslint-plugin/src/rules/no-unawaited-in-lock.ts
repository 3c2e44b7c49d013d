import { IGNORE_LOCKS, createCheckRule, isIgnoredLock } from '../check-rule.js';

/** The options of `lockctx/no-unawaited-in-lock`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
}

/** `lockctx/no-unawaited-in-lock`: see docs/rules/no-unawaited-in-lock.md. */
export default createCheckRule<Options>({
  check: 'no-unawaited-in-lock',
  properties: { ignoreLocks: IGNORE_LOCKS },
  defaults: { ignoreLocks: [] },
  keep: (finding, options) => !isIgnoredLock(finding, options.ignoreLocks),
});
