import type { CheckInfo, TextEdit } from '../types.js';
import type { Reporter, SuggestionDraft } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/**
 * A promise started inside a callback-scoped lock (`runExclusive`,
 * `navigator.locks.request`, async-lock's `acquire(key, fn)`) and neither
 * awaited nor returned: the lock is released when the callback's promise
 * settles, so the unawaited work runs on without it.
 */
export const info: CheckInfo = {
  id: 'no-unawaited-in-lock',
  description:
    'Disallow promises started inside a callback-scoped lock (runExclusive, navigator.locks.request, async-lock acquire) that are neither awaited nor returned: they outlive the lock.',
  recommended: true,
  messages: {
    unawaited:
      'The promise of `{{call}}` is neither awaited nor returned: the lock on `{{lock}}` (taken at line {{line}}) is released when the callback settles, while this work still runs. Await it or return it.',
    returnedFromTry:
      'The promise of `{{call}}` is returned from inside `try`: the `finally` block releases the lock on `{{lock}}` (taken at line {{line}}) before it settles, while this work still runs. Return `await {{call}}` instead.',
    addAwait: 'Await `{{call}}` so that it finishes under the lock.',
  },
  fixable: false,
  hasSuggestions: true,
};

export interface Unawaited {
  start: number;
  end: number;
  /** The call as written, shortened for messages. */
  call: string;
  site: GuardSite;
  /** Edits that await the call, when the callback is `async`. */
  await?: TextEdit[];
}

/** A promise started inside a callback-scoped lock and dropped. */
export function reportUnawaited(rep: Reporter, u: Unawaited): void {
  report(rep, u, 'unawaited');
}

/** A promise returned unawaited from a `try` whose `finally` releases the lock first. */
export function reportReturnedFromTry(rep: Reporter, u: Unawaited): void {
  report(rep, u, 'returnedFromTry');
}

function report(rep: Reporter, u: Unawaited, messageId: 'unawaited' | 'returnedFromTry'): void {
  const suggestions: SuggestionDraft[] = [];
  if (u.await) suggestions.push({ messageId: 'addAwait', data: { call: u.call }, edits: u.await });
  rep.add(
    info,
    messageId,
    { call: u.call, lock: u.site.lock, line: String(u.site.line) },
    u.start,
    u.end,
    {
      related: [rep.src.related(u.site.start, u.site.end, `The lock on \`${u.site.lock}\` is taken here.`)],
      suggestions,
    },
  );
}
