/**
 * await-semaphore 0.1.3 ships its TypeScript source (`index.ts`) instead of
 * declarations, and that source does not compile as a CommonJS module under
 * `verbatimModuleSyntax`; `tsconfig.json` maps the package here. These
 * declarations are written from that source (the runtime test checks every
 * member named here).
 */
export declare class Semaphore {
  count: number;
  constructor(count: number);
  /** Resolves to a release function once a unit is free. */
  acquire(): Promise<() => void>;
  /** Runs `f` holding a unit until its promise settles. */
  use<T>(f: () => Promise<T>): Promise<T>;
}

export declare class Mutex extends Semaphore {
  constructor();
}
