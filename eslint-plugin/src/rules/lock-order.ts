import {
  IGNORE_LOCKS,
  ON_SOME_PATHS,
  createCheckRule,
  isIgnoredLock,
  isSomePaths,
} from '../check-rule.js';

/** The options of `lockctx/lock-order`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
  /** Also report an order taken while the first lock is held on some paths only. */
  onSomePaths?: boolean;
}

/** `lockctx/lock-order`: see docs/rules/lock-order.md. */
export default createCheckRule<Options>({
  check: 'lock-order',
  properties: { ignoreLocks: IGNORE_LOCKS, onSomePaths: ON_SOME_PATHS },
  defaults: { ignoreLocks: [], onSomePaths: true },
  keep: (finding, options) =>
    !isIgnoredLock(finding, options.ignoreLocks) &&
    !(
      finding.data['held'] !== undefined &&
      options.ignoreLocks.includes(finding.data['held'])
    ) &&
    (options.onSomePaths || !isSomePaths(finding)),
});
