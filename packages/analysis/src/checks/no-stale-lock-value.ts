import type { CheckInfo } from '../types.js';
import type { Reporter } from '../flow/report.js';

/** A lock-derived value used in a later lock scope without being re-read. */
export const info: CheckInfo = {
  id: 'no-stale-lock-value',
  description:
    'Disallow values read under a lock (order, mark, entry, anything computed from them) from deciding or parameterising a mutation in a later lock scope without being re-read and compared there.',
  recommended: true,
  messages: {
    staleDecides:
      '`{{name}}` was read by `{{reader}}` at line {{line}} in an earlier lock scope of `{{lock}}`; it decides this `{{mutation}}` in a later one. The entry may have changed in between: re-read it under the current lock and compare before acting.',
    staleArgument:
      '`{{name}}` was read by `{{reader}}` at line {{line}} in an earlier lock scope of `{{lock}}`; it is passed to `{{mutation}}` in a later one. The entry may have changed in between: re-read it under the current lock and compare before acting.',
  },
  fixable: false,
  hasSuggestions: false,
};

/** A value derived from a read under a lock. */
export interface Taint {
  lock: string;
  /** The lock scope it was read in. */
  epoch: string;
  /** The name it goes by (its first variable, or the read itself). */
  name: string;
  named: boolean;
  /** The read (`g.getOrder`), for messages. */
  reader: string;
  start: number;
  end: number;
  /** Where the lock scope of the read starts (to tell loop iterations apart). */
  siteAt: number;
  /** Read without holding the lock (the XArray's own `load`). */
  plain: boolean;
}

export function reportStale(
  rep: Reporter,
  t: Taint,
  how: 'decides' | 'argument',
  mutation: string,
  start: number,
  end: number,
): void {
  rep.add(
    info,
    how === 'decides' ? 'staleDecides' : 'staleArgument',
    {
      name: t.name,
      reader: t.reader,
      line: String(rep.src.line(t.start)),
      lock: t.lock,
      mutation,
    },
    start,
    end,
    {
      related: [rep.src.related(t.start, t.end, `\`${t.name}\` is read here.`)],
    },
  );
}
