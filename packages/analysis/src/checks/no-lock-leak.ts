import type { CheckInfo, TextEdit } from '../types.js';
import type { Reporter, SuggestionDraft } from '../flow/report.js';
import type { GuardSite } from '../flow/model.js';

/** A lock that is not released on some path, or a guard thrown away. */
export const info: CheckInfo = {
  id: 'no-lock-leak',
  description:
    'Require every lock taken without using or try/finally to be released on every path (return, throw, break), and disallow discarding a guard.',
  recommended: true,
  messages: {
    notReleased:
      'The lock on `{{lock}}` taken here is still held at {{exit}} (line {{exitLine}}): release it on that path, or {{advice}}.',
    notReleasedOnSomePaths:
      'The lock on `{{lock}}` taken here may still be held at {{exit}} (line {{exitLine}}): on some paths it is not released. {{Advice}}.',
    discarded:
      'The guard returned by `{{lock}}.lock()` is discarded: the lock stays held and nothing can release it. Bind it with `using`.',
    useUsing: 'Take the lock with `using` so it is released on every path.',
    wrapInTryFinally: 'Release the lock in a `finally` block.',
  },
  fixable: true,
  hasSuggestions: true,
};

export interface Leak {
  site: GuardSite;
  exit:
    | 'the return'
    | 'the throw'
    | 'the await, if it rejects'
    | 'the end of the function'
    | 'the end of the module';
  exitStart: number;
  exitEnd: number;
  every: boolean;
  fix?: TextEdit[];
  tryFinally?: TextEdit[];
  /** Where to report (default: the acquisition). */
  at?: [number, number];
  /**
   * How the lock is released, as code (`release()`, `await lease.unlock()`),
   * for locks whose handle is not disposable; absent: a guard `using` releases.
   */
  release?: string;
}

export function reportLeak(rep: Reporter, l: Leak): void {
  const suggestions: SuggestionDraft[] = [];
  if (l.tryFinally) {
    suggestions.push({
      messageId: 'wrapInTryFinally',
      data: {},
      edits: l.tryFinally,
    });
  }
  rep.add(
    info,
    l.every ? 'notReleased' : 'notReleasedOnSomePaths',
    {
      lock: l.site.lock,
      exit: l.exit,
      exitLine: String(rep.src.line(l.exitStart)),
      line: String(l.site.line),
      advice:
        l.release !== undefined
          ? `call \`${l.release}\` in \`finally\``
          : 'take it with `using`',
      Advice:
        l.release !== undefined
          ? `Call \`${l.release}\` in \`finally\``
          : 'Take it with `using` or release it in `finally`',
    },
    l.at ? l.at[0] : l.site.start,
    l.at ? l.at[1] : l.site.end,
    {
      related: l.at
        ? [
            rep.src.related(
              l.site.start,
              l.site.end,
              `The lock on \`${l.site.lock}\` is taken here.`,
            ),
          ]
        : [
            rep.src.related(
              l.exitStart,
              l.exitEnd,
              'The lock may still be held here.',
            ),
          ],
      ...(l.fix ? { fix: l.fix } : {}),
      suggestions,
    },
  );
}

export function reportDiscarded(
  rep: Reporter,
  lock: string,
  start: number,
  end: number,
): void {
  rep.add(info, 'discarded', { lock }, start, end);
}
