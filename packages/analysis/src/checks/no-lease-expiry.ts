import type { CheckInfo } from '../types.js';
import type { Reporter } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/**
 * Work awaited under a lease that must be renewed by hand (redlock): a lease
 * expires after its TTL whether or not its holder is done, and then another
 * process may take the same resource while this one still works on it.
 *
 * The duration of an awaited call is read from its numeric literal
 * arguments (milliseconds, the largest one); the lease's time left from
 * the TTL given at the acquisition or at the last extension, minus the
 * durations awaited since. An await in a loop that started under the lease
 * and never extends it repeats without bound. Awaits of unknown duration
 * outside such loops are not reported.
 */
export const info: CheckInfo = {
  id: 'no-lease-expiry',
  description:
    'Disallow awaiting long or unbounded work under a lease that expires unless renewed (redlock) without extending it first.',
  recommended: true,
  messages: {
    longAwait:
      'This await of `{{call}}` takes about {{ms}} ms, but the lease on `{{lock}}` (taken at line {{line}}) has at most {{left}} ms left: it may expire while the work runs, and another holder may take the lock. Extend the lease first (`{{extend}}`).',
    awaitInLoop:
      'This await repeats in the loop at line {{loopLine}}, under the lease on `{{lock}}` (taken at line {{line}}), and nothing in the loop extends it: after enough rounds the lease expires while the work goes on. Extend the lease in the loop (`{{extend}}`).',
  },
  fixable: false,
  hasSuggestions: false,
};

/** One await that may outlive its lease. */
export interface LeaseExpiry {
  start: number;
  end: number;
  site: GuardSite;
  /** The awaited call as written (`slowStep()`). */
  call: string;
  /** How to extend the lease, as code (`lease.extend()`). */
  extend: string;
  /** `long`: known to take at least the time left; `loop`: repeated without extension. */
  why: 'long' | 'loop';
  /** The awaited duration (ms), for `long`. */
  ms?: number;
  /** The lease's time left (ms), for `long`. */
  left?: number;
  /** The line of the loop, for `loop`. */
  loopLine?: number;
}

export function reportLeaseExpiry(rep: Reporter, l: LeaseExpiry): void {
  const data: Record<string, string> = {
    lock: l.site.lock,
    line: String(l.site.line),
    call: l.call,
    extend: l.extend,
  };
  if (l.why === 'long') {
    data.ms = String(l.ms ?? 0);
    data.left = String(l.left ?? 0);
  } else data.loopLine = String(l.loopLine ?? 0);
  rep.add(
    info,
    l.why === 'long' ? 'longAwait' : 'awaitInLoop',
    data,
    l.start,
    l.end,
    {
      related: [
        rep.src.related(
          l.site.start,
          l.site.end,
          `The lease on \`${l.site.lock}\` is taken here.`,
        ),
      ],
    },
  );
}
