import { IGNORE_LOCKS, createCheckRule, isIgnoredLock } from '../check-rule.js';

/** The options of `lockctx/no-lease-expiry`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
}

/** `lockctx/no-lease-expiry`: see docs/rules/no-lease-expiry.md. */
export default createCheckRule<Options>({
  check: 'no-lease-expiry',
  properties: { ignoreLocks: IGNORE_LOCKS },
  defaults: { ignoreLocks: [] },
  keep: (finding, options) => !isIgnoredLock(finding, options.ignoreLocks),
});
