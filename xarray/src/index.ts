/**
 * @lockctx/xarray: the Linux kernel's XArray in TypeScript, with the
 * operations that need the lock only on the lock guard.
 */
export { XArray } from './xarray.js';
export type { XArrayOptions, DumpRow } from './xarray.js';
export { Guard, Cursor } from './guard.js';
export type {
  Mark,
  Filter,
  AllocLimit,
  AllocCyclicResult,
  Found,
  IterateOptions,
} from './guard.js';
export {
  MAX_INDEX,
  MAX_ORDER,
  U32_MAX,
  XArrayError,
  InvalidIndexError,
  InvalidOrderError,
  InvalidMarkError,
  InvalidLimitError,
  InvalidEntryError,
  InvalidOptionError,
  GuardReleasedError,
  LockHeldError,
  WriteWhileLockedError,
  AsyncCallbackError,
  NotAllocatingError,
} from './errors.js';
export { checkInvariants } from './debug.js';
