import type { Position, RelatedLocation, Span } from './types.js';

/** Offsets ↔ positions for one text, computed once (binary search per lookup). */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 0x2028 || c === 0x2029) starts.push(i + 1);
    }
    this.lineStarts = starts;
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
