/**
 * The errors the XArray throws for programmer mistakes, and the argument
 * checks that throw them. Expected failures (an occupied index on insert, no
 * free id on alloc) are return values, never errors.
 *
 * Every check runs before anything changes, so a call that throws leaves the
 * array exactly as it was.
 */

/** The largest index: 2^53 - 1 (`Number.MAX_SAFE_INTEGER`). */
export const MAX_INDEX: number = Number.MAX_SAFE_INTEGER;
/** The largest allocation id or limit: 2^32 - 1, as the kernel's u32 ids. */
export const U32_MAX: number = 0xffffffff;
/** The largest order of a multi-index entry: it covers every index. */
export const MAX_ORDER = 53;

/** Base class of every error the XArray throws; `code` is stable. */
export class XArrayError extends Error {
  /** A stable machine-readable code, e.g. `'ERR_XA_INVALID_INDEX'`. */
  readonly code: string;
  /** @param code - the stable code; @param message - what was wrong and how to fix it. */
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An index that is not an integer from 0 to {@link MAX_INDEX}. */
export class InvalidIndexError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_INDEX', message);
  }
}

/** An order that is not an integer the operation accepts. */
export class InvalidOrderError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_ORDER', message);
  }
}

/** A mark or filter that is not 0, 1, 2 (or `'present'`), or mark 0 of an allocating array. */
export class InvalidMarkError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_MARK', message);
  }
}

/** An allocation limit or `next` that is not a u32 integer. */
export class InvalidLimitError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_LIMIT', message);
  }
}

/** An entry the array cannot hold (a lock guard or cursor, which must not escape its lock scope). */
export class InvalidEntryError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_ENTRY', message);
  }
}

/** A guard, or a cursor made from it, used after the guard was released. */
export class GuardReleasedError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_GUARD_RELEASED', message);
  }
}

/** The lock was taken while already held (a re-entrant call, or a holder suspended at `await`). */
export class LockHeldError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_LOCK_HELD', message);
  }
}

/** A write through the `XArray` itself while its lock is held by a guard. */
export class WriteWhileLockedError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_WRITE_WHILE_LOCKED', message);
  }
}

/** `withLock` was given an async callback, or its callback returned a thenable. */
export class AsyncCallbackError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_ASYNC_CALLBACK', message);
  }
}

/** An allocating operation on an array created without `alloc`. */
export class NotAllocatingError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_NOT_ALLOCATING', message);
  }
}

/** Formats a bad argument for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number')
    return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  return `a value of type ${typeof value}`;
}

/**
 * Throws {@link InvalidIndexError} unless `index` is an integer in
 * 0..{@link MAX_INDEX}. `what` names the argument in the message.
 */
export function checkIndex(
  index: unknown,
  what: string,
): asserts index is number {
  if (
    typeof index !== 'number' ||
    !(index >= 0 && index <= MAX_INDEX) ||
    Math.floor(index) !== index
  ) {
    throw badIndex(index, what);
  }
}

/** Builds the error {@link checkIndex} throws (kept out of the hot path). */
export function badIndex(index: unknown, what: string): InvalidIndexError {
  let why: string;
  if (typeof index !== 'number') why = 'it is not a number';
  else if (Number.isNaN(index)) why = 'it is NaN';
  else if (index < 0) why = 'it is negative';
  else if (index > MAX_INDEX) why = 'it is above 2^53 - 1 (MAX_INDEX)';
  else why = 'it is not an integer';
  return new InvalidIndexError(
    `Invalid ${what} ${describe(index)}: ${why}. XArray indices are integers ` +
      `from 0 to 2^53 - 1 (MAX_INDEX); round or validate the value before using it.`,
  );
}

/** Throws {@link InvalidOrderError} unless `order` is an integer in 0..`max`. */
export function checkOrder(
  order: unknown,
  max: number,
  what = 'order',
): asserts order is number {
  if (
    typeof order !== 'number' ||
    !(order >= 0 && order <= max) ||
    Math.floor(order) !== order
  ) {
    throw new InvalidOrderError(
      `Invalid ${what} ${describe(order)}: an order is an integer from 0 to ${max} ` +
        `(an entry of order k covers 2^k indices).`,
    );
  }
}

/** Throws {@link InvalidLimitError} unless `value` is an integer in 0..{@link U32_MAX}. */
export function checkU32(
  value: unknown,
  what: string,
): asserts value is number {
  if (
    typeof value !== 'number' ||
    !(value >= 0 && value <= U32_MAX) ||
    Math.floor(value) !== value
  ) {
    throw new InvalidLimitError(
      `Invalid ${what} ${describe(value)}: allocation ids, limits and \`next\` ` +
        `are u32 integers from 0 to 2^32 - 1 (U32_MAX), as in the kernel.`,
    );
  }
}

/** Throws {@link InvalidIndexError} unless `n` is a non-negative safe integer (a count). */
export function checkCount(n: unknown, what: string): asserts n is number {
  if (
    typeof n !== 'number' ||
    !(n >= 0 && n <= MAX_INDEX) ||
    Math.floor(n) !== n
  ) {
    throw new InvalidIndexError(
      `Invalid ${what} ${describe(n)}: it must be a non-negative integer count.`,
    );
  }
}

/** An XArray option (or a `withLock` callback) that is not what the API takes. */
export class InvalidOptionError extends XArrayError {
  /** @param message - what was wrong and how to fix it. */
  constructor(message: string) {
    super('ERR_XA_INVALID_OPTION', message);
  }
}
