import type { CheckInfo, TextEdit } from '../types.js';
import type { Reporter, SuggestionDraft } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/** Taking a lock that is already held, directly, by writing through it, or through a callee. */
export const info: CheckInfo = {
  id: 'no-self-deadlock',
  description:
    'Disallow taking a lock that is already held: lock() or withLock() again, writing through the same XArray inside its own lock scope, or calling a function that takes it.',
  recommended: true,
  messages: {
    relock:
      'The lock on `{{lock}}` is already held here (taken at line {{line}}): taking it again deadlocks.',
    relockOnSomePaths:
      'The lock on `{{lock}}` may already be held here (taken at line {{line}} and not released on some paths): taking it again deadlocks.',
    writeWhileLocked:
      '`{{lock}}.{{method}}()` takes the lock on `{{lock}}`, which is already held here (taken at line {{line}}); write through the guard instead.',
    writeWhileLockedOnSomePaths:
      '`{{lock}}.{{method}}()` takes the lock on `{{lock}}`, which may already be held here (taken at line {{line}}, not released on some paths).',
    calleeLocks:
      '`{{callee}}` takes the lock on `{{lock}}` ({{evidence}}), which is already held here (taken at line {{line}}).',
    calleeLocksOnSomePaths:
      '`{{callee}}` takes the lock on `{{lock}}` ({{evidence}}), which may already be held here (taken at line {{line}}) on some paths.',
    waitWhileHeld:
      '`{{lock}}.{{method}}()` waits until the lock on `{{lock}}` is free, but it is held here (taken at line {{line}}): it never returns.',
    waitWhileHeldOnSomePaths:
      '`{{lock}}.{{method}}()` waits until the lock on `{{lock}}` is free, but it may be held here (taken at line {{line}}, not released on some paths).',
    useGuard: 'Write through the guard `{{guard}}` instead.',
  },
  fixable: false,
  hasSuggestions: true,
};

export interface Deadlock {
  start: number;
  end: number;
  site: GuardSite;
  every: boolean;
  how: 'relock' | 'write' | 'callee' | 'wait';
  method?: string;
  callee?: string;
  evidence?: string;
  /** Replace the receiver by the live guard, when one is in scope. */
  useGuard?: { guard: string; edits: TextEdit[] };
}

export function reportDeadlock(rep: Reporter, d: Deadlock): void {
  const data: Record<string, string> = { lock: d.site.lock, line: String(d.site.line) };
  let messageId: string;
  if (d.how === 'relock') messageId = d.every ? 'relock' : 'relockOnSomePaths';
  else if (d.how === 'wait') {
    messageId = d.every ? 'waitWhileHeld' : 'waitWhileHeldOnSomePaths';
    data.method = d.method ?? '';
  }
  else if (d.how === 'write') {
    messageId = d.every ? 'writeWhileLocked' : 'writeWhileLockedOnSomePaths';
    data.method = d.method ?? '';
  } else {
    messageId = d.every ? 'calleeLocks' : 'calleeLocksOnSomePaths';
    data.callee = d.callee ?? '';
    data.evidence = d.evidence ?? '';
  }
  const suggestions: SuggestionDraft[] = [];
  if (d.useGuard) {
    suggestions.push({ messageId: 'useGuard', data: { guard: d.useGuard.guard }, edits: d.useGuard.edits });
  }
  rep.add(info, messageId, data, d.start, d.end, {
    related: [rep.src.related(d.site.start, d.site.end, `The lock on \`${d.site.lock}\` is taken here.`)],
    suggestions,
  });
}
