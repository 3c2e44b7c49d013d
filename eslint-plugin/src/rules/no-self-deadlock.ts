import {
  IGNORE_LOCKS,
  ON_SOME_PATHS,
  createCheckRule,
  isIgnoredLock,
  isSomePaths,
} from '../check-rule.js';

/** The options of `lockctx/no-self-deadlock`. */
export interface Options {
  /** Locks, as written in the source, whose findings are not reported. */
  ignoreLocks?: string[];
  /** Also report what happens on some paths only. */
  onSomePaths?: boolean;
}

/** `lockctx/no-self-deadlock`: see docs/rules/no-self-deadlock.md. */
export default createCheckRule<Options>({
  check: 'no-self-deadlock',
  properties: { ignoreLocks: IGNORE_LOCKS, onSomePaths: ON_SOME_PATHS },
  defaults: { ignoreLocks: [], onSomePaths: true },
  keep: (finding, options) =>
    !isIgnoredLock(finding, options.ignoreLocks) &&
    (options.onSomePaths || !isSomePaths(finding)),
});
