/**
 * JSDoc lock tags, the vocabulary of Clang's capability attributes written
 * as block tags:
 *
 * | tag | Clang | meaning for the annotated function |
 * |---|---|---|
 * | `@lockctx-requires L` | `REQUIRES(L)` | callers hold L; still held on return |
 * | `@lockctx-requires !L` | `REQUIRES(!L)` | callers must not hold L, and say so up the chain |
 * | `@lockctx-acquires L` | `ACQUIRE(L)` | L not held on entry, held on return |
 * | `@lockctx-releases L` | `RELEASE(L)` | L held on entry, released on return |
 * | `@lockctx-excludes L` | `EXCLUDES(L)` | callers must not hold L (it takes L itself) |
 * | `@lockctx-asserts L` | `ASSERT_CAPABILITY(L)` | after the call, L is held (a runtime check) |
 * | `@lockctx-returns-held L` | `ACQUIRE` + returned scope | returns L held (or its releaser): the caller must release it |
 *
 * A lock is an expression as the function body sees it: `this.mutex`,
 * `this.#lock`, `mutex`, a parameter name, `#0` (the first parameter), with
 * property and constant-key steps (`locks['journal']`). Several locks are
 * separated by commas; text after them (optionally after `-`) describes.
 *
 * Pure functions over comment text; annotations carry offsets so that hosts
 * can point at the exact lock name.
 */

/** The tags, without the `@lockctx-` prefix. */
export const LOCK_TAGS = [
  'requires',
  'acquires',
  'releases',
  'excludes',
  'asserts',
  'returns-held',
] as const;

/** One of {@link LOCK_TAGS}. */
export type LockTag = (typeof LOCK_TAGS)[number];

/** A lock named in a tag. */
export interface LockRef {
  /** The expression as written, without a leading `!`. */
  text: string;
  /**
   * Its steps: `this.#lock` → `['this', '#lock']`, `locks['a']` →
   * `['locks', "'a'"]` (constant keys keep their quotes), `#0` → `['#0']`.
   */
  path: string[];
  /** `!L`: a negative requirement (only with `requires`). */
  negated: boolean;
}

/** One parsed tag, one per lock it names. */
export interface LockAnnotation {
  tag: LockTag;
  lock: LockRef;
  /** Offsets of the lock expression (including `!`), end exclusive. */
  range: [number, number];
  /** Offsets of the `@lockctx-…` tag name. */
  tagRange: [number, number];
  /** Text after the locks, if any. */
  description?: string;
}

/** A malformed tag. */
export interface JsdocProblem {
  message: string;
  range: [number, number];
}

/** What {@link parseLockTags} found. */
export interface LockTags {
  annotations: LockAnnotation[];
  problems: JsdocProblem[];
}

const TAG_PREFIX = 'lockctx-';
const IDENT = String.raw`[A-Za-z_$][\w$]*`;
const STEP = String.raw`(?:\.#?${IDENT}|\[(?:'[^'\\\n]*'|"[^"\\\n]*"|\d+)\])`;
const LOCK = new RegExp(
  String.raw`^(?:#\d+|(?:this|#?${IDENT})${STEP}*)(?![\w$#.\[(])`,
);
const STEP_SPLIT = new RegExp(String.raw`#?${IDENT}|\[[^\]]*\]|#\d+`, 'g');

/** Pairs of tags that cannot name the same lock on one function. */
const CONFLICTS: [LockTag, LockTag, string][] = [
  [
    'requires',
    'excludes',
    'cannot require a lock to be both held and not held',
  ],
  [
    'requires',
    'acquires',
    'acquires a lock it requires held (it would deadlock)',
  ],
  ['releases', 'excludes', 'releases a lock it requires not held'],
  [
    'acquires',
    'returns-held',
    'returns-held already says the lock is acquired: keep one',
  ],
];

/**
 * Parses the lock tags of one comment.
 *
 * @param text The comment: the whole `/** … *\/`, or ESLint's
 *   `comment.value` (then pass `offset` = `comment.range[0] + 2`).
 * @param offset The file offset of `text[0]`; ranges are `offset`-based.
 */
export function parseLockTags(text: string, offset = 0): LockTags {
  const annotations: LockAnnotation[] = [];
  const problems: JsdocProblem[] = [];
  let inFence = false;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const start = lineStart;
    lineStart += line.length + 1;
    // The line's content after `/**`, leading `*` and spaces, before `*/`.
    const lead = /^\s*(?:\/\*\*?)?\s*(?:\*(?!\/))?\s*/.exec(line)![0].length;
    let body = line.slice(lead);
    const close = body.indexOf('*/');
    if (close >= 0) body = body.slice(0, close);
    body = body.replace(/\s+$/, '');
    if (/^(```|~~~)/.test(body)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || !body.startsWith(`@${TAG_PREFIX}`)) continue;
    const tagName = /^@([\w-]+)/.exec(body)![1]!;
    const tagStart = offset + start + lead;
    const tagRange: [number, number] = [
      tagStart,
      tagStart + tagName.length + 1,
    ];
    const tag = tagName.slice(TAG_PREFIX.length);
    if (!(LOCK_TAGS as readonly string[]).includes(tag)) {
      problems.push({
        message: `unknown lock tag '@${tagName}'${closest(tag)}`,
        range: tagRange,
      });
      continue;
    }
    parseLocks(
      tag as LockTag,
      body,
      tagName.length + 1,
      tagStart,
      tagRange,
      annotations,
      problems,
    );
  }
  conflicts(annotations, problems);
  return { annotations, problems };
}

/** Parses `L[, L…] [- description]` after a tag. */
function parseLocks(
  tag: LockTag,
  body: string,
  from: number,
  base: number,
  tagRange: [number, number],
  annotations: LockAnnotation[],
  problems: JsdocProblem[],
): void {
  const found: LockAnnotation[] = [];
  let pos = from;
  const skipSpaces = () => {
    while (body[pos] === ' ' || body[pos] === '\t') pos++;
  };
  skipSpaces();
  if (pos >= body.length) {
    problems.push({
      message: `'@${TAG_PREFIX}${tag}' names no lock (write e.g. '@${TAG_PREFIX}${tag} this.mutex')`,
      range: tagRange,
    });
    return;
  }
  for (;;) {
    const lockStart = pos;
    if (pos >= body.length) {
      problems.push({
        message: "a lock must follow ','",
        range: [base + pos - 1, base + pos],
      });
      return;
    }
    const negated = body[pos] === '!';
    if (negated) pos++;
    const match = LOCK.exec(body.slice(pos));
    if (match === null) {
      const bad =
        /^[^\s,]*/.exec(body.slice(lockStart))![0] || body[lockStart]!;
      problems.push({
        message: `'${bad}' is not a lock expression (a name, this.name, this.#name, a['key'] or #0)`,
        range: [base + lockStart, base + lockStart + bad.length],
      });
      return;
    }
    pos += match[0].length;
    if (negated && tag !== 'requires') {
      problems.push({
        message: `'!' (a negative requirement) only goes with @${TAG_PREFIX}requires; use @${TAG_PREFIX}excludes`,
        range: [base + lockStart, base + pos],
      });
      return;
    }
    found.push({
      tag,
      lock: {
        text: match[0],
        path: match[0].match(STEP_SPLIT) ?? [match[0]],
        negated,
      },
      range: [base + lockStart, base + pos],
      tagRange,
    });
    skipSpaces();
    if (body[pos] !== ',') break;
    pos++;
    skipSpaces();
  }
  const description = body
    .slice(pos)
    .replace(/^[-–—:]\s*/, '')
    .trim();
  for (const a of found) {
    if (description !== '') a.description = description;
    annotations.push(a);
  }
}

/** Duplicates and contradictory tags on the same lock. */
function conflicts(annotations: LockAnnotation[], problems: JsdocProblem[]) {
  const key = (a: LockAnnotation) =>
    `${a.tag}:${a.lock.negated ? '!' : ''}${a.lock.text}`;
  const seen = new Map<string, LockAnnotation>();
  for (const a of annotations) {
    if (seen.has(key(a))) {
      problems.push({
        message: `'${a.lock.text}' is already named by this tag`,
        range: a.range,
      });
    } else seen.set(key(a), a);
  }
  for (const [first, second, why] of CONFLICTS) {
    for (const a of annotations) {
      if (a.tag !== second || a.lock.negated) continue;
      const other = annotations.find(
        (b) =>
          b.tag === first && !b.lock.negated && b.lock.text === a.lock.text,
      );
      if (other !== undefined) {
        problems.push({
          message: `'${a.lock.text}': @${TAG_PREFIX}${first} and @${TAG_PREFIX}${second} conflict: ${why}`,
          range: a.range,
        });
      }
    }
  }
  // `requires L` with `requires !L`.
  for (const a of annotations) {
    if (a.tag === 'requires' && a.lock.negated) {
      const positive = annotations.find(
        (b) =>
          b.tag === 'requires' &&
          !b.lock.negated &&
          b.lock.text === a.lock.text,
      );
      if (positive !== undefined) {
        problems.push({
          message: `'${a.lock.text}' is required both held and not held`,
          range: a.range,
        });
      }
    }
  }
}

function closest(tag: string): string {
  const hit = LOCK_TAGS.find(
    (t) => t.startsWith(tag) || tag.startsWith(t) || t.replace('-', '') === tag,
  );
  return hit !== undefined
    ? ` (did you mean '@${TAG_PREFIX}${hit}'?)`
    : ` (known: ${LOCK_TAGS.map((t) => `@${TAG_PREFIX}${t}`).join(', ')})`;
}
