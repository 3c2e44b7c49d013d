import type { Sleep } from '../src/index.js';

/**
 * A `Sleep` the test drives by hand: each pause waits until the test calls
 * `resume()`, so a race can be written out step by step.
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

/** Lets pending promise callbacks run. */
export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
