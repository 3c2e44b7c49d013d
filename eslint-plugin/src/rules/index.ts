import lockOrder from './lock-order.js';
import noAwaitWhileLocked from './no-await-while-locked.js';
import noGuardEscape from './no-guard-escape.js';
import noLeaseExpiry from './no-lease-expiry.js';
import noLockLeak from './no-lock-leak.js';
import noSelfDeadlock from './no-self-deadlock.js';
import noStaleLockValue from './no-stale-lock-value.js';
import noUnawaitedInLock from './no-unawaited-in-lock.js';
import noUseAfterUnlock from './no-use-after-unlock.js';
import requireGuard from './require-guard.js';

/** Every rule of the plugin, by name (the analysis check id). */
export const rules = {
  'no-use-after-unlock': noUseAfterUnlock,
  'no-guard-escape': noGuardEscape,
  'no-await-while-locked': noAwaitWhileLocked,
  'no-stale-lock-value': noStaleLockValue,
  'no-lock-leak': noLockLeak,
  'no-self-deadlock': noSelfDeadlock,
  'require-guard': requireGuard,
  'no-unawaited-in-lock': noUnawaitedInLock,
  'lock-order': lockOrder,
  'no-lease-expiry': noLeaseExpiry,
};

/** A rule name of the plugin. */
export type RuleName = keyof typeof rules;
