/**
 * Where simulated kernel code may sleep: allocations that may block and I/O.
 * In the simulations every such point is an `await` on this interface, so a
 * scheduler can run other tasks there.
 */
export interface Sleep {
  /** Suspends the caller; `label` says what it waits for. */
  pause(label: string): Promise<void>;
}

/** A `Sleep` that only yields to the microtask queue (no scheduler). */
export const noSleep: Sleep = {
  pause: () => Promise.resolve(),
};
