/**
 * The lock API of `@lockctx/xarray`, described as data. The core knows locks
 * only through presets like this one; other lock libraries become presets of
 * the same shape.
 */
export interface LockPreset {
  /** The preset's name (`xarray`). */
  name: string;
  /** The package whose exports carry the types below. */
  package: string;
  /** Exported type names: the lockable object and its guard. */
  types: { lockable: string; guard: string; cursor?: string };
  /** Methods of the lockable that return a held guard synchronously. */
  acquire: readonly string[];
  /** Methods of the lockable that run a callback under the lock, guard as first parameter. */
  scoped: readonly string[];
  /** Methods of a guard that release it. */
  release: readonly string[];
  /** Methods that exist only on a guard: using one marks the receiver as a guard. */
  guardOnly: readonly string[];
  /**
   * Guard-only methods distinctive enough to infer, from one call on a
   * parameter, that the parameter is a guard (`split` is also a string
   * method). Absent: every guard-only method counts.
   */
  guardEvidence?: readonly string[];
  /** Guard methods that read the locked structure (their results are lock-derived). */
  guardReads: readonly string[];
  /** Guard methods that change the locked structure. */
  guardWrites: readonly string[];
  /** Lockable methods that take the lock themselves to write. */
  lockableWrites: readonly string[];
  /** Lockable methods that read without needing the caller to hold the lock. */
  lockableReads: readonly string[];
  /** Guard properties that are safe to read after release. */
  guardSafeProps: readonly string[];
  /** Guard methods that create a cursor bound to the guard. */
  cursorCreate: readonly string[];
  /** Cursor methods that change the structure. */
  cursorWrites: readonly string[];
  /** A spin lock must not be held across a suspension point. */
  spin: boolean;
  /** Taking the lock again while held deadlocks. */
  reentrant: boolean;
}

/** The built-in preset: the XArray's spin lock, not re-entrant. */
export const XARRAY_PRESET: LockPreset = {
  name: 'xarray',
  package: '@lockctx/xarray',
  types: { lockable: 'XArray', guard: 'Guard', cursor: 'Cursor' },
  acquire: ['lock'],
  scoped: ['withLock'],
  release: ['unlock'],
  guardOnly: [
    'getOrder',
    'getMark',
    'setMark',
    'clearMark',
    'marked',
    'storeOrder',
    'split',
    'cursor',
  ],
  guardEvidence: ['getOrder', 'getMark', 'setMark', 'clearMark', 'storeOrder'],
  guardReads: [
    'getOrder',
    'getMark',
    'marked',
    'load',
    'find',
    'findAfter',
    'findIndex',
    'extract',
    'entries',
    'keys',
    'values',
    'isEmpty',
  ],
  guardWrites: [
    'setMark',
    'clearMark',
    'storeOrder',
    'split',
    'store',
    'storeRange',
    'erase',
    'insert',
    'cmpxchg',
    'reserve',
    'release',
    'alloc',
    'allocCyclic',
  ],
  lockableWrites: [
    'store',
    'storeRange',
    'erase',
    'insert',
    'cmpxchg',
    'reserve',
    'release',
    'alloc',
    'allocCyclic',
    'destroy',
  ],
  lockableReads: ['load', 'find', 'findAfter', 'findIndex', 'extract'],
  guardSafeProps: ['released', 'xarray'],
  cursorCreate: ['cursor'],
  cursorWrites: ['store', 'setMark', 'clearMark', 'initMarks'],
  spin: true,
  reentrant: false,
};
