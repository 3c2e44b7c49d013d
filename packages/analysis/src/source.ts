import type { Position, RelatedLocation, Span } from './types.js';

/** Offsets ↔ positions for one text, computed once (binary search per lookup). */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string, lineStarts?: number[]) {
    this.text = text;
    if (lineStarts !== undefined) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    scanLineStarts(text, 0, text.length, starts);
    this.lineStarts = starts;
  }

  /**
   * The text after one edit of `previous.text`: `[start, oldEnd)` of the old
   * text became `[start, newEnd)` of `text`, everything else is equal. Line
   * starts before the edit are kept, those after it are moved, and only the
   * edited window is scanned, so an edit costs a copy of the line table
   * instead of a pass over the whole text.
   */
  static edited(
    previous: SourceText,
    text: string,
    start: number,
    oldEnd: number,
    newEnd: number,
  ): SourceText {
    const old = previous.lineStarts;
    const delta = newEnd - oldEnd;
    if (text.length - previous.text.length !== delta || start > oldEnd || start > newEnd) {
      throw new RangeError(
        `SourceText.edited: window [${start}, ${oldEnd}) → [${start}, ${newEnd}) does not match the lengths ${previous.text.length} → ${text.length}`,
      );
    }
    // A line start s depends on the characters at s - 1 and s (a CR is a
    // break only when no LF follows it): starts below `start` read only
    // unchanged characters, starts above `oldEnd` only moved ones.
    const starts: number[] = [0];
    let i = 1;
    for (; i < old.length && (old[i] as number) < start; i++) starts.push(old[i] as number);
    scanLineStarts(text, Math.max(start - 1, 0), newEnd, starts);
    let j = i;
    while (j < old.length && (old[j] as number) <= oldEnd) j++;
    for (; j < old.length; j++) starts.push((old[j] as number) + delta);
    return new SourceText(text, starts);
  }

  /** The 1-based line and 0-based column of an offset. */
  position(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) };
  }

  /** The 1-based line of an offset. */
  line(offset: number): number {
    return this.position(offset).line;
  }

  /** The offset where the line of `offset` starts. */
  lineStart(offset: number): number {
    return this.lineStarts[this.line(offset) - 1] as number;
  }

  span(start: number, end: number): Span {
    return {
      range: [start, end],
      loc: { start: this.position(start), end: this.position(end) },
    };
  }

  related(start: number, end: number, message: string): RelatedLocation {
    return { ...this.span(start, end), message };
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/**
 * Pushes onto `starts` the line starts that line breaks at offsets
 * `[from, to)` of `text` make (a CR LF pair is one break, ending at its LF).
 */
function scanLineStarts(text: string, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    } else if (c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
}
