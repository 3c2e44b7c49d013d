import type { CheckInfo, TextEdit } from '../types.js';
import type { Reporter, SuggestionDraft } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/** A suspension point while a spin lock is held. */
export const info: CheckInfo = {
  id: 'no-await-while-locked',
  description:
    'Disallow await, yield and for await while a spin lock is held, and async or generator callbacks given to withLock.',
  recommended: true,
  messages: {
    suspendWhileLocked:
      '`{{op}}` while the spin lock on `{{lock}}` (taken at line {{line}}) is held: other code runs during the suspension and any use of `{{lock}}` then fails. Release the lock first.',
    suspendWhileLockedOnSomePaths:
      '`{{op}}` while the spin lock on `{{lock}}` (taken at line {{line}}) may be held: on some paths it is still held here.',
    asyncCallback:
      'An {{what}} callback is given to `{{lock}}.withLock()`: the lock would be held only until the callback first suspends, so withLock rejects it. Pass a synchronous callback and do the asynchronous work outside.',
    moveBeforeLock:
      'Move this statement before the lock on `{{lock}}` is taken at line {{line}}.',
  },
  fixable: false,
  hasSuggestions: true,
};

export interface Suspend {
  start: number;
  end: number;
  op: 'await' | 'yield' | 'for await' | 'await using';
  site: GuardSite;
  every: boolean;
  /** Edits that move the suspending statement before the acquisition, when safe. */
  move?: TextEdit[];
}

export function reportSuspend(rep: Reporter, s: Suspend): void {
  const data = { op: s.op, lock: s.site.lock, line: String(s.site.line) };
  const suggestions: SuggestionDraft[] = [];
  if (s.move) {
    suggestions.push({ messageId: 'moveBeforeLock', data: { lock: s.site.lock, line: data.line }, edits: s.move });
  }
  rep.add(
    info,
    s.every ? 'suspendWhileLocked' : 'suspendWhileLockedOnSomePaths',
    data,
    s.start,
    s.end,
    {
      related: [
        rep.src.related(s.site.start, s.site.end, `The lock on \`${s.site.lock}\` is taken here.`),
      ],
      suggestions,
    },
  );
}

export function reportAsyncCallback(
  rep: Reporter,
  lock: string,
  what: 'async' | 'generator',
  start: number,
  end: number,
): void {
  rep.add(info, 'asyncCallback', { lock, what }, start, end);
}
