/**
 * A lock API described as data: how a lock object is recognised, how it is
 * acquired and released, and what kind of lock it is. The analysis never
 * runs library or project code to learn this; every built-in preset and every
 * lock declared in `lockctx.json` is a {@link LockSpec}.
 *
 * The vocabulary follows Clang's capability attributes (acquire, release,
 * try-acquire, assert, re-entrant, shared/exclusive) and adds what only
 * JavaScript has: callback-scoped locks held until a promise settles, spin
 * versus sleeping locks (may the lock be held across `await`?), keyed locks
 * and leases that expire.
 *
 * Every type here is plain JSON: no functions, no `undefined` values, no
 * classes. `schema/lockctx.schema.json` describes exactly these shapes.
 */

/** What kind of lock this is; used in messages ("the mutex `m`"). */
export type LockKind =
  | 'spinlock'
  | 'mutex'
  | 'semaphore'
  | 'rwlock'
  | 'keyed-mutex'
  | 'file-lock'
  | 'lease';

/** The two modes a lock can be held in (Clang's exclusive / shared). */
export type LockMode = 'exclusive' | 'shared';

/**
 * One lock API. A spec is the unit a project enables, disables or declares.
 *
 * Invariants (checked by `lintLockSpec`): `id` is unique among the specs in
 * use; every acquisition whose lock outlives the call (`call` and
 * `continuation`) has a way to be released; a `'lease'` has a {@link Lease}.
 */
export interface LockSpec {
  /** Stable identifier, `<package>` or `<package>.<export>` (`async-mutex.Mutex`). */
  id: string;
  /** What kind of lock it is. */
  kind: LockKind;
  /** One sentence for hovers and docs. */
  description?: string;
  /**
   * The library version range the spec was checked against (informative;
   * the analysis does not read `node_modules`).
   */
  checkedAgainst?: string;
  /** How values holding this lock are found in source code. */
  sources: LockSource[];
  /** The ways the lock is taken. At least one. */
  acquire: Acquisition[];
  /** Ways to release a lock taken by a `call` or `continuation` acquisition. */
  release?: Release[];
  /**
   * `true`: a spin lock, never held across a suspension point (`await`,
   * `yield`, `for await`); `false`: a sleeping lock, which may be.
   */
  spin: boolean;
  /**
   * Whether taking the lock again while holding it is allowed. `false`: a
   * second acquisition by the same holder deadlocks (or throws). A condition
   * makes it depend on how the lock object was constructed.
   */
  reentrant: boolean | OptionCondition;
  /** A counting lock (semaphore): how many holders at once. Absent: one. */
  capacity?: Capacity;
  /** A lease that can expire while held. */
  lease?: Lease;
  /** Runtime checks that, asserted, make the lock held from there on. */
  asserts?: Assertion[];
  /**
   * Lockable methods that wait for the lock to be free without taking it.
   * Calling one while holding the lock never returns (`waitForUnlock`).
   */
  waitsForRelease?: string[];
  /** Lockable members that change the protected state and take the lock themselves. */
  lockableWrites?: string[];
  /** Lockable members that read without needing the caller to hold the lock. */
  lockableReads?: string[];
  /**
   * Functions exported by the package that return the same lock behind a
   * different acquisition policy (`withTimeout(mutex, ms)`).
   */
  wrappers?: Wrapper[];
}

// ---------------------------------------------------------------------------
// Recognising the lock object

/** One way to find values that are this lock (or that create it). */
export type LockSource =
  PackageSource | GlobalSource | TypeSource | ShapeSource;

/**
 * An export of a package: `import { Mutex } from 'async-mutex'`,
 * `const AsyncLock = require('async-lock')`.
 */
export interface PackageSource {
  from: 'package';
  /** The module specifier, including a subpath (`mutexify/promise`). */
  package: string;
  /**
   * The exported binding: a name, `default` for the default export (and for
   * `module.exports` of a CommonJS package), or `*` for the module namespace
   * itself (its functions are the acquisitions).
   */
  export: string;
  /**
   * How the lock object is made from that export: `new` (`new Mutex()`),
   * `call` (`mutexify()`, `pLimit(1)`), or `self` when the export is already
   * the lock (module-level functions such as `proper-lockfile`'s `lock`).
   */
  create: 'new' | 'call' | 'self';
}

/** A global object path (`navigator.locks`). Reached also through `globalThis`, `window` and `self`. */
export interface GlobalSource {
  from: 'global';
  /** The property path from the global object. */
  path: string[];
}

/**
 * A declared type, for typed analysis and for TypeScript annotations read
 * syntactically (`m: Mutex` where `Mutex` is imported from `async-mutex`).
 */
export interface TypeSource {
  from: 'type';
  /** The package that exports the type; absent for a global type (`LockManager`). */
  package?: string;
  /** The exported type name, dotted for a namespace member (`MutexInterface.Releaser`). */
  name: string;
  /**
   * What values of the type are: the lock object, a held handle (guard,
   * releaser), or a cursor created from a guard.
   */
  role: 'lockable' | 'handle' | 'cursor';
}

/**
 * Hand-written locks, recognised by shape in untyped code: an object or class
 * is the lock when, for every inner list of {@link members}, it has at least
 * one member of that list.
 */
export interface ShapeSource {
  from: 'shape';
  /** Required members: each inner list is "one of these names". */
  members: string[][];
  /**
   * Only when the acquisition's result is later called as a function (an
   * `acquire()` that resolves to a release function).
   */
  resultCalled?: boolean;
}

// ---------------------------------------------------------------------------
// Acquisition

/** The ways a lock is taken. */
export type Acquisition =
  CallAcquisition | CallbackAcquisition | ContinuationAcquisition;

/** Members common to every acquisition. */
export interface AcquisitionBase {
  /**
   * The method called on the lock object; `null` when the lock object is
   * itself the function to call (`mutexify`'s `lock(cb)`, `p-limit`'s
   * `limit(fn)`).
   */
  method: string | null;
  /**
   * A property path from the lock object to the receiver of `method`, for
   * locks with several sides (`rw.write.lock()` has `via: ['write']`).
   */
  via?: string[];
  /** The mode taken. Absent: exclusive, or the mode chosen by {@link modeOption}. */
  mode?: LockMode;
  /** Chooses the mode from an options argument (Web Locks `{ mode: 'shared' }`). */
  modeOption?: ModeOption;
  /** The lock is keyed: the key argument names the lock among those of one object. */
  key?: KeySpec;
  /** How the acquisition can complete without taking the lock. */
  attempts?: Attempt[];
  /** Units taken from a counting lock (async-mutex `Semaphore#acquire(weight)`). */
  weight?: ArgumentValue;
}

/**
 * A call that takes the lock and returns (or resolves to) something that
 * stays held after the call: `const release = await mutex.acquire()`,
 * `using g = xa.lock()`, `await lock.acquireAsync()`.
 */
export interface CallAcquisition extends AcquisitionBase {
  form: 'call';
  /**
   * `true` when the call returns a promise that fulfils once the lock is
   * held; `either` (hand-written locks) is decided at each call by whether
   * its result is awaited.
   */
  async: boolean | 'either';
  /** What the call yields while the lock is held. */
  yields: Handle;
}

/**
 * A call that runs a callback under the lock: `mutex.runExclusive(cb)`,
 * `xa.withLock(g => …)`, `navigator.locks.request(name, opts, cb)`,
 * `asyncLock.acquire(key, fn)`, `limit(fn)`. The lock is never held after
 * {@link heldUntil}, so the callback's value must not escape.
 */
export interface CallbackAcquisition extends AcquisitionBase {
  form: 'callback';
  /** Which argument is the callback: an index, or `last`. */
  callback: number | 'last';
  /** `true` when the call returns a promise (of the callback's result). */
  async: boolean;
  /**
   * When the lock is released: `return` (when the callback returns; a sync
   * scope), `settle` (when the promise the callback returns settles), or
   * `release-param` (when the callback calls its releaser parameter, or
   * the function its releaser-factory parameter returns).
   */
  heldUntil: 'return' | 'settle' | 'release-param';
  /** What each callback parameter is, by position. */
  params?: CallbackParam[];
  /**
   * With `heldUntil: 'settle'`: a callback that declares a parameter at this
   * index is called node-style and holds the lock until it calls that
   * parameter instead (async-lock's `done`).
   */
  doneParam?: number;
  /** Whether an `async` callback is rejected by the library (a spin lock's `withLock`). */
  rejectsAsyncCallback?: boolean;
}

/**
 * A node-style call whose completion callback runs once the lock is held;
 * the lock then stays held until released (`lockfile.lock(path, cb)`).
 */
export interface ContinuationAcquisition extends AcquisitionBase {
  form: 'continuation';
  /** Which argument is the completion callback: an index, or `last`. */
  callback: number | 'last';
  /** The completion callback's first parameter is an error: held only when it is null. */
  errorFirst: boolean;
}

/**
 * What a callback parameter is. A `releaser-factory` is a function whose
 * result releases the lock (the `lock` package's `release(cb)()`).
 */
export type CallbackParam =
  'guard' | 'releaser' | 'releaser-factory' | 'lock-info' | 'value' | 'ignored';

/** What a `call` acquisition yields while the lock is held. */
export type Handle =
  GuardHandle | ReleaserHandle | TupleHandle | TokenHandle | NoHandle;

/** An object whose methods release the lock (the XArray's `Guard`, redlock's `Lock`). */
export interface GuardHandle {
  kind: 'guard';
  /** Guard methods that release the lock. */
  release: string[];
  /** `true` when the release methods return a promise (redlock's `unlock()`). */
  async?: boolean;
  /** `using` (sync) or `await using` (async) disposes it, releasing the lock. */
  disposable?: 'sync' | 'async';
  /** Methods that exist only on a guard: using one marks the receiver as a guard. */
  guardOnly?: string[];
  /**
   * Guard-only methods distinctive enough to infer from one call on a
   * parameter that it is a guard (`split` is also a string method).
   */
  evidence?: string[];
  /** Guard methods that read the locked state (their results are lock-derived). */
  reads?: string[];
  /** Guard methods that change the locked state. */
  writes?: string[];
  /** Guard properties that stay safe to read after release. */
  safeProps?: string[];
  /** Cursors: guard methods that create one, and cursor methods that write. */
  cursor?: { create: string[]; writes: string[] };
}

/** A function that releases the lock when called (async-mutex's releaser). */
export interface ReleaserHandle {
  kind: 'releaser';
  /** `true` when the releaser returns a promise (proper-lockfile). */
  async?: boolean;
}

/** An array holding the releaser at {@link releaser} (async-mutex `Semaphore#acquire`). */
export interface TupleHandle {
  kind: 'tuple';
  releaser: number;
}

/** An opaque value handed back to the lock's release method (async-sema's token). */
export interface TokenHandle {
  kind: 'token';
}

/** Nothing: the lock object itself is released (`awaitLock.release()`). */
export interface NoHandle {
  kind: 'none';
}

/** Where a keyed lock's key is. */
export interface KeySpec {
  /**
   * `constructor`: the key is an argument of the call that creates the lock
   * object, so objects made with equal keys are one lock (redis-semaphore);
   * absent: an argument of the acquiring call.
   */
  on?: 'constructor';
  /** The argument index of the key. */
  arg: number;
  /** An array of keys takes every one of them. */
  array?: boolean;
  /** Keys are file paths (compared after resolving). */
  path?: boolean;
}

/** How an acquisition can complete without the lock held. */
export interface Attempt {
  /**
   * `false` (returns a boolean, held when true), `undefined` (returns a
   * token or `undefined`), `null-param` (the callback runs with `null` for
   * the lock), `reject` (the call throws or its promise rejects, e.g. on
   * timeout or when the lock is taken).
   */
  failure: 'false' | 'undefined' | 'null-param' | 'reject';
  /** Only when this option is set; absent: always a try-lock. */
  when?: OptionCondition;
}

/** Chooses the mode from an options argument. */
export interface ModeOption {
  /** Argument index of the options object, counted only when it is an object literal. */
  arg: number;
  property: string;
  /** Property value for shared mode (`'shared'`). */
  shared: string;
  /** Mode when the property is absent. */
  default: LockMode;
}

// ---------------------------------------------------------------------------
// Release

/** A way to release the lock taken by a `call` or `continuation` acquisition. */
export type Release = HandleRelease | LockableRelease;

/**
 * Through the acquisition's handle: calling the releaser (or the tuple's
 * releaser), a guard's release method, or disposing it.
 */
export interface HandleRelease {
  by: 'handle';
}

/**
 * A method of the lock object: `mutex.release()`, `rw.write.unlock()`,
 * `sema.release(token)`, `redlock.unlock(lock)`, `lockfile.unlock(path)`.
 */
export interface LockableRelease {
  by: 'lockable';
  /** The method name. */
  method: string;
  /** Property path to the receiver, as in {@link AcquisitionBase.via}. */
  via?: string[];
  /**
   * What identifies the held lock among the arguments: `handle` (the guard
   * or token at argument 0), `key` (the key at argument 0) or `none`.
   */
  passes: 'handle' | 'key' | 'none';
  /** Units returned to a counting lock. */
  weight?: ArgumentValue;
  /** `true` when the method returns a promise. */
  async?: boolean;
  /** The method takes a node-style completion callback last (`lockfile.unlock(path, cb)`). */
  callback?: boolean;
}

// ---------------------------------------------------------------------------
// Kinds of lock

/** How many holders a counting lock admits. */
export interface Capacity {
  /** Where the number comes from: a constructor argument, or a fixed value. */
  from: ArgumentValue | { value: number };
  /**
   * The object is a lock only when its capacity is statically 1 (`pLimit(1)`,
   * `new PQueue({ concurrency: 1 })`); otherwise it is a plain limiter.
   */
  lockOnlyWhenOne?: boolean;
}

/** A lease: the lock expires on its own unless renewed. */
export interface Lease {
  /** Where the time to live (ms) is given. */
  ttl: ArgumentValue;
  /**
   * `manual`: the holder must extend it (redlock; a long `await` without
   * extending may outlive it); `automatic`: the library renews it while the
   * process runs (proper-lockfile) and reports compromise.
   */
  renewal: 'manual' | 'automatic';
  /** Guard methods that extend the lease; they yield a new handle when `extendYieldsHandle`. */
  extendGuard?: string[];
  /** Lockable methods that extend a lease passed as argument 0. */
  extendLockable?: string[];
  /** The extension returns a new handle that replaces the old one (redlock). */
  extendYieldsHandle?: boolean;
}

/** A runtime check that, when asserted or branched on, proves the lock held. */
export interface Assertion {
  /** The member read or called. */
  member: string;
  /** Called (`isLocked()`) or read as a property (`acquired`). */
  call: boolean;
  /** Property path to the receiver. */
  via?: string[];
  /** For keyed locks: where the key is in the call. */
  key?: KeySpec;
  /** The check returns a promise of its answer (`await check(file)`). */
  async?: boolean;
}

/** A package export that returns the same lock with another policy. */
export interface Wrapper {
  /** The exported function (`withTimeout`). */
  export: string;
  /** The argument that is the wrapped lock. */
  lockArg: number;
  /** How acquisitions through the wrapper can fail. */
  attempt: Attempt;
}

// ---------------------------------------------------------------------------
// Values read from the source

/**
 * A value given at a call: argument `arg` when it is a numeric literal, or
 * the `property` of an object literal at `arg`; `default` otherwise (absent:
 * statically unknown).
 */
export interface ArgumentValue {
  arg: number;
  property?: string;
  default?: number;
}

/**
 * A condition on how the lock object was constructed or called: the options
 * object at argument `arg` has `property` set to `equals` (any value when
 * `equals` is absent).
 */
export interface OptionCondition {
  /** `constructor` (the creating call) or `acquire` (the acquiring call). */
  on: 'constructor' | 'acquire';
  /** Argument index of the options object, or `last` (the last argument, when it is an object literal). */
  arg: number | 'last';
  property: string;
  equals?: string | number | boolean;
}
