/**
 * Suggestions for an unmet requirement at a call site: take the lock around
 * the call (`xa.withLock((g) => callee(g))`), or move the requirement up one
 * level by annotating the calling function with `@lockctx-requires <lock>`.
 * Pure text edits over the file; the engine decides when each is safe.
 */
import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type { SuggestionDraft } from '../flow/report.js';
import type { SourceText } from '../source.js';

type Node = TSESTree.Node;

/** A name for the callback's guard that the call's text does not use. */
function freshName(text: string): string {
  for (const name of ['g', 'guard', 'g2', 'g3', 'lockGuard']) {
    if (!new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(text)) return name;
  }
  return 'guard_';
}

/**
 * `callee(xa, …)` → `xa.withLock((g) => callee(g, …))` when `arg` is the
 * lockable itself; `callee(…)` → `xa.withLock(() => callee(…))` when the
 * callee needs `lock` held (`arg` undefined).
 */
export function wrapInScope(
  src: SourceText,
  call: Node,
  lock: string,
  scoped: string,
  arg?: Node,
): SuggestionDraft {
  const text = src.text.slice(call.range[0], call.range[1]);
  let body: string;
  let param = '';
  if (arg !== undefined) {
    param = freshName(text);
    body =
      src.text.slice(call.range[0], arg.range[0]) +
      param +
      src.text.slice(arg.range[1], call.range[1]);
  } else body = text;
  return {
    messageId: 'wrapInScope',
    data: { lock, method: scoped },
    edits: [
      {
        range: [call.range[0], call.range[1]],
        text: `${lock}.${scoped}((${param}) => ${body})`,
      },
    ],
  };
}

/** The function's name as a caller sees it, for the message. */
function functionLabel(fn: Node, src: SourceText): string | undefined {
  if (fn.type === T.FunctionDeclaration) return fn.id?.name;
  if (fn.type !== T.FunctionExpression) return undefined;
  // A method: `name(…) {`, possibly with modifiers, alone before the
  // parameters on its line.
  const start = src.lineStart(fn.range[0]);
  const before = src.text.slice(start, fn.range[0]);
  const m =
    /^\s*(?:(?:static|async|public|private|protected|override)\s+)*(?:get\s+|set\s+)?(#?[A-Za-z_$][\w$]*)\s*$/.exec(
      before,
    );
  return m?.[1];
}

/**
 * Adds `@lockctx-requires <lock>` to the JSDoc of `fn` (a function
 * declaration or a method), creating the comment when there is none.
 * Undefined when `fn` is not one of those.
 */
export function addRequiresTag(
  src: SourceText,
  fn: Node,
  lock: string,
): SuggestionDraft | undefined {
  const name = functionLabel(fn, src);
  if (name === undefined) return undefined;
  const lineStart = src.lineStart(fn.range[0]);
  const indent =
    /^[ \t]*/.exec(src.text.slice(lineStart, fn.range[0]))?.[0] ?? '';
  const data = { lock, fn: name };
  // An existing block comment ending right above the function's line.
  const raw = src.text.slice(0, lineStart);
  const above = raw.replace(/\s+$/, '');
  const gap = raw.slice(above.length);
  if (above.endsWith('*/') && gap.split('\n').length <= 2) {
    const open = above.lastIndexOf('/**');
    const close = above.length - 2;
    if (open !== -1 && !above.slice(open + 3, close).includes('*/')) {
      const inner = above.slice(open + 3, close);
      if (inner.includes('\n')) {
        // Multi-line: a new ` * @lockctx-requires` line before the `*/` line.
        const closeLine = above.lastIndexOf('\n', close) + 1;
        return {
          messageId: 'addRequires',
          data,
          edits: [
            {
              range: [closeLine, closeLine],
              text: `${indent} * @lockctx-requires ${lock}\n`,
            },
          ],
        };
      }
      // One line: `/** text */` becomes a block with the text and the tag.
      const words = inner.trim();
      return {
        messageId: 'addRequires',
        data,
        edits: [
          {
            range: [open, close + 2],
            text:
              `/**\n` +
              (words === '' ? '' : `${indent} * ${words}\n`) +
              `${indent} * @lockctx-requires ${lock}\n${indent} */`,
          },
        ],
      };
    }
  }
  return {
    messageId: 'addRequires',
    data,
    edits: [
      {
        range: [lineStart, lineStart],
        text: `${indent}/** @lockctx-requires ${lock} */\n`,
      },
    ],
  };
}
