import type { FileResult, Summary } from '../run-check.js';
import { codeFrame } from './code-frame.js';
import type { Paint } from './paint.js';

/**
 * Human-readable output: per file, each finding with its position, message
 * and check, a code frame, and the related locations (where the lock was
 * taken, released…) with their own frames; then a summary line.
 */
export function formatStylish(
  results: readonly FileResult[],
  summary: Summary,
  paint: Paint,
): string {
  const out: string[] = [];
  for (const result of results) {
    const problems =
      result.findings.length +
      (result.parseError === undefined ? 0 : 1) +
      (result.internalError === undefined ? 0 : 1);
    if (problems === 0) continue;
    out.push(paint.underline(result.rel));
    if (result.parseError !== undefined) {
      out.push(`  ${paint.red('error')}  cannot parse: ${result.parseError}`);
    }
    if (result.internalError !== undefined) {
      out.push(
        `  ${paint.yellow('warning')}  the analysis failed on this file (a lockctx bug; please report it): ${result.internalError}`,
      );
    }
    for (const f of result.findings) {
      const at = `${f.loc.start.line}:${f.loc.start.column + 1}`;
      out.push(
        `  ${paint.dim(at)}  ${paint.red('error')}  ${f.message}  ${paint.dim(`lockctx/${f.check}`)}`,
      );
      out.push(indent(codeFrame(result.text, f, paint), 4));
      for (const r of f.related) {
        const rat = `${r.loc.start.line}:${r.loc.start.column + 1}`;
        out.push(`    ${paint.dim('↳')} ${paint.dim(rat)}  ${r.message}`);
        out.push(indent(codeFrame(result.text, r, paint, 0), 6));
      }
      out.push('');
    }
  }
  out.push(summaryLine(summary, paint));
  return `${out.join('\n')}\n`;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `✖ 3 problems in 2 files (14 files checked)` or `✔ 14 files checked, no problems`. */
export function summaryLine(summary: Summary, paint: Paint): string {
  const checked = plural(summary.files, 'file');
  const problems = summary.findings + summary.parseErrors;
  if (problems === 0 && summary.internalErrors === 0) {
    return `✔ ${checked} checked, no problems`;
  }
  const parts = [
    `${plural(summary.findings, 'problem')} in ${plural(summary.filesWithFindings, 'file')}`,
  ];
  if (summary.parseErrors > 0) {
    parts.push(`${plural(summary.parseErrors, 'file')} not parsed`);
  }
  if (summary.internalErrors > 0) {
    parts.push(`${plural(summary.internalErrors, 'file')} not analysed`);
  }
  return paint.bold(
    `${problems > 0 ? paint.red('✖') : paint.yellow('!')} ${parts.join(', ')} (${checked} checked)`,
  );
}
