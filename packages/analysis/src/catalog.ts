import type { CheckId, CheckInfo } from './types.js';
import { info as noUseAfterUnlock } from './checks/no-use-after-unlock.js';
import { info as noGuardEscape } from './checks/no-guard-escape.js';
import { info as noAwaitWhileLocked } from './checks/no-await-while-locked.js';
import { info as noStaleLockValue } from './checks/no-stale-lock-value.js';
import { info as noLockLeak } from './checks/no-lock-leak.js';
import { info as noSelfDeadlock } from './checks/no-self-deadlock.js';
import { info as requireGuard } from './checks/require-guard.js';
import { info as noUnawaitedInLock } from './checks/no-unawaited-in-lock.js';
import { info as lockOrder } from './checks/lock-order.js';
import { info as noLeaseExpiry } from './checks/no-lease-expiry.js';

/** Every check, in the order rule lists show them. */
export const CHECK_IDS: readonly CheckId[] = Object.freeze([
  'no-use-after-unlock',
  'no-guard-escape',
  'no-await-while-locked',
  'no-stale-lock-value',
  'no-lock-leak',
  'no-self-deadlock',
  'require-guard',
  'no-unawaited-in-lock',
  'lock-order',
  'no-lease-expiry',
] as const);

/** How each check presents itself: description, messages, fixability. */
export const CHECKS: Readonly<Record<CheckId, CheckInfo>> = Object.freeze({
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
});
