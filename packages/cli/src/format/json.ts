import type { FileResult, Summary } from '../run-check.js';

/**
 * Machine-readable output: every checked file (path relative to the
 * working directory) with its findings exactly as the analysis core gives
 * them, and the totals.
 */
export function formatJson(
  results: readonly FileResult[],
  summary: Summary,
  version: string,
): string {
  return `${JSON.stringify(
    {
      tool: { name: 'lockctx', version },
      files: results.map((r) => ({
        path: r.rel,
        findings: r.findings,
        ...(r.parseError === undefined ? {} : { parseError: r.parseError }),
        ...(r.internalError === undefined
          ? {}
          : { internalError: r.internalError }),
      })),
      summary,
    },
    null,
    2,
  )}\n`;
}
