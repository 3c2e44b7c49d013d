import type { CheckInfo } from '../types.js';
import type { Reporter } from '../flow/report.js';
import type { GuardSite, Release } from '../flow/model.js';
import { releaseWords } from '../flow/model.js';

/** A guard or cursor used after its lock was released. */
export const info: CheckInfo = {
  id: 'no-use-after-unlock',
  description:
    'Disallow using a guard or cursor after its lock was released (unlock(), the end of its using block or withLock callback, or a callee that releases it).',
  recommended: true,
  messages: {
    useAfterUnlock:
      '`{{name}}` is used after the lock on `{{lock}}` was released {{how}} at line {{releasedLine}}; the guard is dead here.',
    useAfterUnlockOnSomePaths:
      '`{{name}}` may be used after the lock on `{{lock}}` was released: on some paths it was released {{how}} at line {{releasedLine}}.',
    doubleUnlock:
      '`{{call}}` releases the lock on `{{lock}}` again: it was already released {{how}} at line {{releasedLine}}.',
    doubleUnlockOnSomePaths:
      '`{{call}}` may release the lock on `{{lock}}` again: on some paths it was already released {{how}} at line {{releasedLine}}.',
    passedAfterUnlock:
      '`{{name}}` is passed to `{{callee}}`, which needs a live guard ({{evidence}}), but the lock on `{{lock}}` was released {{how}} at line {{releasedLine}}.',
    passedAfterUnlockOnSomePaths:
      '`{{name}}` is passed to `{{callee}}`, which needs a live guard ({{evidence}}), but on some paths the lock on `{{lock}}` was released {{how}} at line {{releasedLine}}.',
  },
  fixable: false,
  hasSuggestions: false,
};

export interface UseAfterUnlock {
  start: number;
  end: number;
  /** The name used (guard or cursor variable). */
  name: string;
  site: GuardSite;
  release: Release;
  every: boolean;
  use: 'use' | 'unlock' | 'pass';
  callee?: string;
  evidence?: string;
  /** The releasing call as written in messages (default: `<name>.unlock()`). */
  call?: string;
}

export function reportUseAfterUnlock(rep: Reporter, u: UseAfterUnlock): void {
  const data: Record<string, string> = {
    name: u.name,
    lock: u.site.lock,
    how: releaseWords(u.release.how, u.release.callee),
    releasedLine: String(rep.src.line(u.release.start)),
  };
  let messageId: string;
  if (u.use === 'unlock') {
    messageId = u.every ? 'doubleUnlock' : 'doubleUnlockOnSomePaths';
    data.call = u.call ?? `${u.name}.unlock()`;
  } else if (u.use === 'pass') {
    messageId = u.every ? 'passedAfterUnlock' : 'passedAfterUnlockOnSomePaths';
    data.callee = u.callee ?? '';
    data.evidence = u.evidence ?? '';
  } else {
    messageId = u.every ? 'useAfterUnlock' : 'useAfterUnlockOnSomePaths';
  }
  rep.add(info, messageId, data, u.start, u.end, {
    related: [
      rep.src.related(u.site.start, u.site.end, `The lock on \`${u.site.lock}\` is taken here.`),
      rep.src.related(u.release.start, u.release.end, `It is released here.`),
    ],
    unnecessary: u.use === 'unlock' && u.every,
  });
}
