import type { CheckInfo } from '../types.js';
import type { Reporter } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/** A guard leaving the scope that owns its lock. */
export const info: CheckInfo = {
  id: 'no-guard-escape',
  description:
    'Disallow guards and cursors leaving their lock scope: returned from withLock, stored outside, put in a collection, or captured by a callback that runs later.',
  recommended: true,
  messages: {
    returned:
      'The guard `{{name}}` for `{{lock}}` is returned from {{scope}}, which releases the lock when it ends; return the values you need instead.',
    stored:
      'The guard `{{name}}` for `{{lock}}` is stored in `{{target}}`, which outlives {{scope}}; the lock is released when it ends.',
    collected:
      'The guard `{{name}}` for `{{lock}}` is put into a collection by `{{method}}`, which outlives {{scope}}; the lock is released when it ends.',
    capturedLater:
      'The guard `{{name}}` for `{{lock}}` (taken at line {{line}}) is captured by a callback that runs later ({{runner}}), when the lock is no longer held or is held across time.',
  },
  fixable: false,
  hasSuggestions: false,
};

/** Words for the scope a guard belongs to. */
function scopeWords(site: GuardSite): string {
  switch (site.kind) {
    case 'callback':
      return 'its withLock callback';
    case 'using':
      return 'its using block';
    default:
      return 'its lock scope';
  }
}

export interface Escape {
  start: number;
  end: number;
  name: string;
  site: GuardSite;
  how: 'returned' | 'stored' | 'collected' | 'capturedLater';
  target?: string;
  method?: string;
  runner?: string;
}

export function reportEscape(rep: Reporter, e: Escape): void {
  const data: Record<string, string> = {
    name: e.name,
    lock: e.site.lock,
    scope: scopeWords(e.site),
    line: String(e.site.line),
  };
  if (e.target !== undefined) data.target = e.target;
  if (e.method !== undefined) data.method = e.method;
  if (e.runner !== undefined) data.runner = e.runner;
  rep.add(info, e.how, data, e.start, e.end, {
    related: [
      rep.src.related(e.site.start, e.site.end, `The lock on \`${e.site.lock}\` is taken here.`),
    ],
  });
}
