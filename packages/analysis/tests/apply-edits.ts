import type { TextEdit } from '../src/index.js';

/** `text` with `edits` applied (non-overlapping ranges, any order). */
export function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range[0] - a.range[0])) {
    out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  }
  return out;
}
