/**
 * ESLint-style disable comments, honoured by the server so that the editor
 * shows exactly what `eslint` reports:
 *
 * - `// eslint-disable-next-line lockctx/<id>` and `eslint-disable-line`
 *   (line or block comment), for the named rules or for all rules;
 * - `/* eslint-disable lockctx/<id> *\/` … `/* eslint-enable … *\/` regions.
 *
 * Text after ` -- ` is a reason and is ignored, as in ESLint. Rules of other
 * plugins are ignored. Pure text scanning: no parse is needed, so the cost is
 * one regular-expression pass, skipped when the text names no directive.
 */

/** Which lines each rule (or every rule, key `*`) is disabled on. */
export interface Directives {
  /** True when `rule` is disabled on the 0-based `line`. */
  isDisabled(rule: string, line: number): boolean;
}

/** Directives of a text without any disable comment. */
export const NO_DIRECTIVES: Directives = { isDisabled: () => false };

const PREFIX = 'lockctx/';
const DIRECTIVE =
  /\/\/[ \t]*(eslint-disable-next-line|eslint-disable-line)(?![\w-])([^\r\n\u2028\u2029]*)|\/\*\s*(eslint-disable-next-line|eslint-disable-line|eslint-disable|eslint-enable)(?![\w-])([\s\S]*?)\*\//g;

/** A region `[fromLine, toLine)` where `rule` (or `*`) is off. */
interface Region {
  rule: string;
  from: number;
  to: number;
}

/**
 * Scans `text` for disable comments. `lineOf` maps an offset to its 0-based
 * line (the document's own line index, so lines agree with diagnostics).
 */
export function scanDirectives(
  text: string,
  lineOf: (offset: number) => number,
): Directives {
  if (!text.includes('eslint-')) return NO_DIRECTIVES;
  const lines = new Map<number, Set<string>>();
  const regions: Region[] = [];
  const open = new Map<string, number>();
  const disableOn = (line: number, rules: string[]): void => {
    let set = lines.get(line);
    if (set === undefined) lines.set(line, (set = new Set()));
    for (const rule of rules) set.add(rule);
  };
  for (const match of text.matchAll(DIRECTIVE)) {
    const kind = match[1] ?? match[3];
    const rest = match[2] ?? match[4] ?? '';
    const rules = parseRules(rest);
    if (rules.length === 0) continue; // names only other plugins' rules
    const start = match.index;
    if (kind === 'eslint-disable-next-line') {
      disableOn(lineOf(start + match[0].length) + 1, rules);
    } else if (kind === 'eslint-disable-line') {
      disableOn(lineOf(start), rules);
    } else if (kind === 'eslint-disable') {
      const line = lineOf(start);
      for (const rule of rules) if (!open.has(rule)) open.set(rule, line);
    } else {
      const line = lineOf(start);
      const closing = rules.includes('*') ? [...open.keys()] : rules;
      for (const rule of closing) {
        const from = open.get(rule);
        if (from === undefined) continue;
        regions.push({ rule, from, to: line });
        open.delete(rule);
      }
    }
  }
  for (const [rule, from] of open) {
    regions.push({ rule, from, to: Number.POSITIVE_INFINITY });
  }
  return {
    isDisabled(rule, line) {
      const set = lines.get(line);
      if (set !== undefined && (set.has('*') || set.has(rule))) return true;
      return regions.some(
        (r) => (r.rule === '*' || r.rule === rule) && line >= r.from && line <= r.to,
      );
    },
  };
}

/**
 * The lockctx rule ids a directive names, `*` when it names none. Returns an
 * empty list when it names only rules of other plugins.
 */
function parseRules(rest: string): string[] {
  const body = rest.split(/\s--\s|\s--$/)[0] ?? '';
  const names = body
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) return ['*'];
  return names
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => name.slice(PREFIX.length));
}

/** The comment text that disables `rule` on the next line. */
export function disableNextLineComment(rule: string): string {
  return `// eslint-disable-next-line ${PREFIX}${rule}`;
}

/** The comment text that disables `rule` on its own line. */
export function disableLineComment(rule: string): string {
  return `// eslint-disable-line ${PREFIX}${rule}`;
}
