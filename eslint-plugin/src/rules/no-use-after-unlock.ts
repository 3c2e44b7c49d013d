import {
  IGNORE_LOCKS,
  ON_SOME_PATHS,
  createCheckRule,
  isIgnoredLock,
  isSomePaths,
} from '../check-rule.js';

/** The options of `lockctx/no-use-after-unlock`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
  /** Also report what happens on some paths only. */
  onSomePaths?: boolean;
}

/** `lockctx/no-use-after-unlock`: see docs/rules/no-use-after-unlock.md. */
export default createCheckRule<Options>({
  check: 'no-use-after-unlock',
  properties: { ignoreLocks: IGNORE_LOCKS, onSomePaths: ON_SOME_PATHS },
  defaults: { ignoreLocks: [], onSomePaths: true },
  keep: (finding, options) =>
    !isIgnoredLock(finding, options.ignoreLocks) &&
    (options.onSomePaths || !isSomePaths(finding)),
});
