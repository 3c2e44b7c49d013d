import type { Sleep } from './sleep.js';

/**
 * A `Sleep` driven by hand: each pause waits until `resume()` is called, so
 * a test can write a race out step by step, without a scheduler.
 */
export class Gate implements Sleep {
  readonly waiting: { label: string; resume: () => void }[] = [];

  pause(label: string): Promise<void> {
    return new Promise((resume) => this.waiting.push({ label, resume }));
  }

  /** Lets the oldest paused caller continue; returns its label. */
  resume(): string {
    const next = this.waiting.shift();
    if (next === undefined) throw new Error('nothing is paused');
    next.resume();
    return next.label;
  }
}

/** Lets every pending promise callback run (one macrotask turn). */
export const flush = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));
