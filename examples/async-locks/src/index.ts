export { InsufficientFundsError, Ledger, type Backend } from './ledger.js';
export {
  Session,
  TOKEN_LOCK,
  type Token,
  type TokenBackend,
} from './session.js';
export {
  InProcessLockManager,
  lockManager,
  type LockInfo,
  type LockManagerLike,
  type LockMode,
  type LockOptions,
} from './web-locks.js';
export { BuggyLedger } from './buggy/ledger.js';
export { BuggySession } from './buggy/session.js';
