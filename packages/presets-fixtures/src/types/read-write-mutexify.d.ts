/**
 * read-write-mutexify 2.1.0 ships no type declarations; these are written
 * from its `index.js` (the runtime test checks every member named here).
 */
declare module 'read-write-mutexify' {
  interface Side {
    /** True while the side cannot be taken at once. */
    readonly locked: boolean;
    /** How many callers wait for this side. */
    readonly waiting: number;
    /** Resolves once this side is held. */
    lock(): Promise<void>;
    /** Releases this side. */
    unlock(): void;
    /** Waits until this side is free. */
    flush(): Promise<void>;
  }

  class ReadWriteMutexify {
    /** The shared side. */
    readonly read: Side;
    /** The exclusive side. */
    readonly write: Side;
    readonly destroyed: boolean;
    destroy(error?: Error): Promise<unknown>;
  }

  export = ReadWriteMutexify;
}
