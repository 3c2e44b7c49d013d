import {
  IGNORE_LOCKS,
  ON_SOME_PATHS,
  createCheckRule,
  isIgnoredLock,
  isSomePaths,
} from '../check-rule.js';

/** The options of `lockctx/no-await-while-locked`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
  /** Also report what happens on some paths only. */
  onSomePaths?: boolean;
}

/** `lockctx/no-await-while-locked`: see docs/rules/no-await-while-locked.md. */
export default createCheckRule<Options>({
  check: 'no-await-while-locked',
  properties: { ignoreLocks: IGNORE_LOCKS, onSomePaths: ON_SOME_PATHS },
  defaults: { ignoreLocks: [], onSomePaths: true },
  keep: (finding, options) =>
    !isIgnoredLock(finding, options.ignoreLocks) &&
    (options.onSomePaths || !isSomePaths(finding)),
});
