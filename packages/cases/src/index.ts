/**
 * The shared case table: every case runs through the analysis core, the
 * ESLint RuleTester and the language server, so they can never disagree.
 */
import type { Case } from './types.js';
import { build } from './build.js';
import { useAfterUnlock } from './table/no-use-after-unlock.js';
import { guardEscape } from './table/no-guard-escape.js';
import { awaitWhileLocked } from './table/no-await-while-locked.js';
import { staleLockValue } from './table/no-stale-lock-value.js';
import { lockLeak } from './table/no-lock-leak.js';
import { selfDeadlock } from './table/no-self-deadlock.js';
import { requireGuard } from './table/require-guard.js';
import { unawaitedInLock } from './table/no-unawaited-in-lock.js';
import { presets } from './table/presets.js';
import { multiFile } from './table/multi-file.js';
import { jsdoc } from './table/jsdoc.js';
import { lease } from './table/lease.js';
import { config } from './table/config.js';
import { lockOrder, lockOrderMultiFile } from './table/lock-order.js';
import { asserts } from './table/asserts.js';
import { typed } from './table/typed.js';

export type { Case, ExpectedFinding } from './types.js';
export type { CaseSpec, FindingSpec, At, SuggestionSpec } from './build.js';
export { build, code, locate } from './build.js';

/** Every case, grouped by the check it is about. */
export const cases: Case[] = [
  ...useAfterUnlock,
  ...guardEscape,
  ...awaitWhileLocked,
  ...staleLockValue,
  ...lockLeak,
  ...selfDeadlock,
  ...requireGuard,
  ...unawaitedInLock,
  ...presets,
  ...jsdoc,
  ...lease,
  ...lockOrder,
  ...asserts,
].map(build);

/**
 * Cases that are small projects (`files` beside `filename`): hosts write
 * them to a directory first. Kept apart from {@link cases} until every
 * host materialises them.
 */
export const multiFileCases: Case[] = [...multiFile, ...lockOrderMultiFile].map(build);

/**
 * Typed-only cases: small TypeScript projects (`files` beside `x.ts`) whose
 * findings need type information. Hosts write them to a directory where
 * `@lockctx/xarray` and `async-mutex` resolve, build a TypeScript program
 * over them, and analyse with its types; without types these findings must
 * not appear. Kept apart from {@link cases} for that reason.
 */
export const typedCases: Case[] = typed.map(build);

/**
 * Cases that need project settings (`settings`: the `presets` and custom
 * `locks` of a `lockctx.json`): hosts pass them as a project would (the core
 * as `AnalyzeOptions.settings`, ESLint as `settings.lockctx`, the command
 * line as a `lockctx.json`, the language server through its configuration).
 * Kept apart from {@link cases} until every host passes settings.
 */
export const configCases: Case[] = config.map(build);
