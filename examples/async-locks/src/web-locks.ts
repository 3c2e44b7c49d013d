/**
 * The Web Locks API (`navigator.locks`) as the examples use it, and an
 * in-process implementation for runtimes that lack it (Node.js before 22).
 * The implementation follows the specification's request queue: a request
 * is granted when no held lock of the same name conflicts and no earlier
 * request for that name is still waiting; `exclusive` conflicts with
 * everything, `shared` only with `exclusive`.
 */

export type LockMode = 'exclusive' | 'shared';

export interface LockInfo {
  readonly name: string;
  readonly mode: LockMode;
}

export interface LockOptions {
  mode?: LockMode;
  /** Grant now or call back with `null`; never wait. */
  ifAvailable?: boolean;
  /** Aborting it withdraws a request that is still waiting. */
  signal?: AbortSignal;
}

/** The part of `LockManager` the examples need. */
export interface LockManagerLike {
  request<T>(
    name: string,
    callback: (lock: LockInfo | null) => T | Promise<T>,
  ): Promise<T>;
  request<T>(
    name: string,
    options: LockOptions,
    callback: (lock: LockInfo | null) => T | Promise<T>,
  ): Promise<T>;
}

interface Waiter {
  name: string;
  mode: LockMode;
  /** The lock it is granted, by identity. */
  lock: LockInfo;
  grant: () => void;
}

/** A spec-following Web Locks manager for one process. */
export class InProcessLockManager implements LockManagerLike {
  readonly #held = new Map<string, LockInfo[]>();
  readonly #queue: Waiter[] = [];

  request<T>(
    name: string,
    callback: (lock: LockInfo | null) => T | Promise<T>,
  ): Promise<T>;
  request<T>(
    name: string,
    options: LockOptions,
    callback: (lock: LockInfo | null) => T | Promise<T>,
  ): Promise<T>;
  async request<T>(
    name: string,
    optionsOrCallback:
      LockOptions | ((lock: LockInfo | null) => T | Promise<T>),
    maybeCallback?: (lock: LockInfo | null) => T | Promise<T>,
  ): Promise<T> {
    const options =
      typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    const callback =
      typeof optionsOrCallback === 'function'
        ? optionsOrCallback
        : maybeCallback;
    if (typeof callback !== 'function') {
      throw new TypeError(
        'locks.request(name, [options], callback): callback must be a function',
      );
    }
    if (name.startsWith('-')) {
      throw new DOMException(
        `lock names starting with '-' are reserved: '${name}'`,
        'NotSupportedError',
      );
    }
    const mode = options.mode ?? 'exclusive';
    options.signal?.throwIfAborted();
    if (
      options.ifAvailable === true &&
      !this.#grantable(name, mode, undefined)
    ) {
      return callback(null);
    }
    const lock: LockInfo = { name, mode };
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { name, mode, lock, grant: resolve };
      this.#queue.push(waiter);
      options.signal?.addEventListener(
        'abort',
        () => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) {
            this.#queue.splice(i, 1);
            reject(options.signal!.reason);
            this.#process();
          }
        },
        { once: true },
      );
      this.#process();
    });
    try {
      return await callback(lock);
    } finally {
      const held = this.#held.get(name)!;
      held.splice(held.indexOf(lock), 1);
      if (held.length === 0) this.#held.delete(name);
      this.#process();
    }
  }

  /** Names and modes of the locks held and requested, as `query()` reports. */
  query(): { held: LockInfo[]; pending: LockInfo[] } {
    return {
      held: [...this.#held.values()].flat().map((l) => ({ ...l })),
      pending: this.#queue.map(({ name, mode }) => ({ name, mode })),
    };
  }

  #grantable(
    name: string,
    mode: LockMode,
    waiter: Waiter | undefined,
  ): boolean {
    const held = this.#held.get(name) ?? [];
    if (
      mode === 'exclusive'
        ? held.length > 0
        : held.some((l) => l.mode === 'exclusive')
    ) {
      return false;
    }
    // No earlier request for the same name may be skipped.
    for (const other of this.#queue) {
      if (other === waiter) break;
      if (other.name === name) return false;
    }
    return true;
  }

  #process(): void {
    for (const waiter of [...this.#queue]) {
      if (this.#grantable(waiter.name, waiter.mode, waiter)) {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        const held = this.#held.get(waiter.name) ?? [];
        held.push(waiter.lock);
        this.#held.set(waiter.name, held);
        waiter.grant();
      }
    }
  }
}

/** `navigator.locks` where the runtime has it, else an in-process manager. */
export function lockManager(): LockManagerLike {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } })
    .navigator;
  return nav?.locks ?? new InProcessLockManager();
}
