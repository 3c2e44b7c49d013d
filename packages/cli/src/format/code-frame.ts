import type { Span } from '@lockctx/analysis';
import type { Paint } from './paint.js';

/**
 * The lines around a span, numbered, with the span's first line marked
 * `>` and underlined with `^`:
 *
 * ```
 *     41 |     {
 *   > 42 |       using peek = xa.lock();
 *        |                    ^^^^^^^^^
 *     43 |       order = peek.getOrder(index);
 * ```
 */
export function codeFrame(
  text: string,
  span: Span,
  paint: Paint,
  context = 1,
): string {
  const lines = text.split(/\r\n|\r|\n/);
  const line = span.loc.start.line;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const source = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    const number = String(n).padStart(width);
    if (n === line) {
      out.push(`${paint.red('>')} ${paint.dim(`${number} |`)} ${source}`);
      const start = span.loc.start.column;
      const end =
        span.loc.end.line === line
          ? Math.max(span.loc.end.column, start + 1)
          : Math.max(source.length, start + 1);
      const gutter = ' '.repeat(width);
      out.push(
        `  ${paint.dim(`${gutter} |`)} ${' '.repeat(start)}${paint.red('^'.repeat(end - start))}`,
      );
    } else {
      out.push(`  ${paint.dim(`${number} |`)} ${source}`);
    }
  }
  return out.join('\n');
}
