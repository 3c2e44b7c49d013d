/**
 * Code lenses on functions with requirements: "requires a guard for `g` ·
 * 3 callers". The lens runs `lockctx.showCallers` with the function's
 * position and its callers' locations, the argument shape of VS Code's
 * `editor.action.showReferences`; other clients can ask the server for the
 * same list with `workspace/executeCommand` `lockctx.listCallers`.
 */
import type { CodeLens, Location } from 'vscode-languageserver';

import type { FunctionInfo } from '@lockctx/analysis';

import { spanToRange } from './convert.js';
import type { AnalysisResult } from './documents.js';

/** The client-side command a lens runs. */
export const SHOW_CALLERS_COMMAND = 'lockctx.showCallers';

/** The callers of a function of document `uri`. */
export type CallerLookup = (uri: string, fn: FunctionInfo) => Location[];

/** The lenses of an analysed document. */
export function codeLenses(
  uri: string,
  result: AnalysisResult,
  callers: CallerLookup,
): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const fn of result.analysis.functions) {
    if (fn.requires.length === 0) continue;
    const range = spanToRange(result.doc, fn.nameSpan);
    const locations = callers(uri, fn);
    lenses.push({
      range,
      command: {
        title: lensTitle(fn, locations.length),
        command: SHOW_CALLERS_COMMAND,
        arguments: [uri, range.start, locations],
      },
    });
  }
  return lenses;
}

/** "requires a guard for `g` · 3 callers" */
export function lensTitle(fn: FunctionInfo, callerCount: number): string {
  const names = fn.requires.map((r) => r.paramName).join(', ');
  const what =
    fn.requires.length === 1
      ? `requires a guard for ${names}`
      : `requires guards for ${names}`;
  const count = callerCount === 1 ? '1 caller' : `${callerCount} callers`;
  return `${what} · ${count}`;
}
