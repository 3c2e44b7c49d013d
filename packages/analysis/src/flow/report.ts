import { formatMessage } from '../format.js';
import type { SourceText } from '../source.js';
import type {
  CheckInfo,
  Finding,
  RelatedLocation,
  Suggestion,
  TextEdit,
} from '../types.js';

/** A suggestion before rendering: its description comes from the catalogue. */
export interface SuggestionDraft {
  messageId: string;
  data: Record<string, string>;
  edits: TextEdit[];
}

/** Optional parts of a report. */
export interface ReportExtra {
  related?: RelatedLocation[];
  fix?: TextEdit[];
  suggestions?: SuggestionDraft[];
  unnecessary?: boolean;
}

/**
 * Collects findings for one unit. Several visits of the same code (a
 * `finally` block run for each way out of its `try`) report once: the first
 * report of a check at a range wins.
 */
export class Reporter {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  /** While positive, nothing is reported (fixpoint iterations of loops). */
  silent = 0;

  constructor(readonly src: SourceText) {}

  add(
    check: CheckInfo,
    messageId: string,
    data: Record<string, string>,
    start: number,
    end: number,
    extra: ReportExtra = {},
  ): void {
    if (this.silent > 0) return;
    const key = `${check.id}|${start}|${end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const template = check.messages[messageId] ?? messageId;
    const finding: Finding = {
      check: check.id,
      messageId,
      data,
      message: formatMessage(template, data),
      ...this.src.span(start, end),
      related: extra.related ?? [],
    };
    if (extra.fix) finding.fix = extra.fix;
    if (extra.suggestions && extra.suggestions.length > 0) {
      finding.suggestions = extra.suggestions.map(
        (s): Suggestion => ({
          messageId: s.messageId,
          data: s.data,
          desc: formatMessage(check.messages[s.messageId] ?? s.messageId, s.data),
          edits: s.edits,
        }),
      );
    }
    if (extra.unnecessary) finding.unnecessary = true;
    this.findings.push(finding);
  }
}
