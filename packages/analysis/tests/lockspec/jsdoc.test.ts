/**
 * JSDoc lock tags: each tag, lock expressions, several locks, descriptions,
 * exact ranges, and the malformed forms.
 */
import { describe, expect, it } from 'vitest';
import { parseLockTags } from '../../src/lockspec/index.js';

/** The annotations as `tag lock` strings, with `!` for negation. */
function tags(text: string): string[] {
  const { annotations, problems } = parseLockTags(text);
  expect(problems).toEqual([]);
  return annotations.map(
    (a) => `${a.tag} ${a.lock.negated ? '!' : ''}${a.lock.text}`,
  );
}

describe('valid tags', () => {
  it.each<[string, string, string[]]>([
    [
      'requires',
      '/** @lockctx-requires this.mutex */',
      ['requires this.mutex'],
    ],
    ['acquires', '/**\n * @lockctx-acquires mutex\n */', ['acquires mutex']],
    ['releases', '/**\n * @lockctx-releases g\n */', ['releases g']],
    [
      'excludes',
      '/** @lockctx-excludes this.#lock */',
      ['excludes this.#lock'],
    ],
    ['asserts', '/** @lockctx-asserts this.mutex */', ['asserts this.mutex']],
    [
      'returns-held (ownership transfer)',
      '/** @lockctx-returns-held this.nonceLock */',
      ['returns-held this.nonceLock'],
    ],
    [
      'a negative requirement',
      '/** @lockctx-requires !this.mutex */',
      ['requires !this.mutex'],
    ],
    ['a parameter by index', '/** @lockctx-requires #0 */', ['requires #0']],
    [
      'a constant key',
      "/** @lockctx-requires locks['journal'] */",
      ["requires locks['journal']"],
    ],
    [
      'a double-quoted key and a number index',
      '/** @lockctx-requires a["b"][0].c */',
      ['requires a["b"][0].c'],
    ],
    [
      'several locks, comma-separated',
      '/** @lockctx-requires a, b,c */',
      ['requires a', 'requires b', 'requires c'],
    ],
    [
      'several tags',
      '/**\n * Moves.\n * @lockctx-requires a\n * @lockctx-excludes b\n * @param x the index\n */',
      ['requires a', 'excludes b'],
    ],
    [
      'other tags are ignored',
      '/**\n * @param lockctx the thing\n * @returns a lock\n */',
      [],
    ],
    [
      'a tag in running text is not a tag',
      '/** Do not use @lockctx-requires here. */',
      [],
    ],
    [
      'tags inside a fenced example are ignored',
      '/**\n * ```ts\n * @lockctx-requires x\n * ```\n */',
      [],
    ],
    [
      'comment.value form (no delimiters)',
      '*\n * @lockctx-requires m\n ',
      ['requires m'],
    ],
    [
      'a line without a leading star',
      '/**\n   @lockctx-requires m\n */',
      ['requires m'],
    ],
  ])('%s', (_why, text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
});

describe('descriptions and paths', () => {
  it.each<[string, string, string | undefined, string[]]>([
    [
      'after a hyphen',
      '/** @lockctx-requires m - the caller holds it */',
      'the caller holds it',
      ['m'],
    ],
    [
      'without a hyphen',
      '/** @lockctx-requires m held by the caller */',
      'held by the caller',
      ['m'],
    ],
    ['none', '/** @lockctx-requires this.#m */', undefined, ['this', '#m']],
    [
      'key steps keep their quotes',
      "/** @lockctx-requires this.locks['a'] */",
      undefined,
      ['this', 'locks', "['a']"],
    ],
  ])('%s', (_why, text, description, path) => {
    const [a] = parseLockTags(text).annotations;
    expect(a?.description).toBe(description);
    expect(a?.lock.path).toEqual(path);
  });
});

describe('ranges', () => {
  it('stay exact with CRLF line endings', () => {
    const text =
      '/**\r\n * Moves.\r\n * @lockctx-requires this.m - held\r\n */';
    const [a] = parseLockTags(text).annotations;
    expect(text.slice(a!.range[0], a!.range[1])).toBe('this.m');
    expect(a!.description).toBe('held');
  });

  it('point at the lock (with its !) and at the tag, shifted by the offset', () => {
    const text = '/**\n * @lockctx-requires a, !b\n */';
    const { annotations } = parseLockTags(text, 1000);
    const slice = (r: [number, number]) => text.slice(r[0] - 1000, r[1] - 1000);
    expect(annotations.map((a) => slice(a.range))).toEqual(['a', '!b']);
    expect(slice(annotations[0]!.tagRange)).toBe('@lockctx-requires');
  });
});

describe('malformed tags', () => {
  it.each<[string, string, string, string]>([
    [
      'a misspelt tag',
      '/** @lockctx-require m */',
      "unknown lock tag '@lockctx-require' (did you mean '@lockctx-requires'?)",
      '@lockctx-require',
    ],
    [
      'an unknown tag',
      '/** @lockctx-holds m */',
      "unknown lock tag '@lockctx-holds' (known: @lockctx-requires, @lockctx-acquires, @lockctx-releases, @lockctx-excludes, @lockctx-asserts, @lockctx-returns-held)",
      '@lockctx-holds',
    ],
    [
      'a returns-held without its hyphen',
      '/** @lockctx-returnsheld m */',
      "unknown lock tag '@lockctx-returnsheld' (did you mean '@lockctx-returns-held'?)",
      '@lockctx-returnsheld',
    ],
    [
      'no lock',
      '/** @lockctx-requires */',
      "'@lockctx-requires' names no lock (write e.g. '@lockctx-requires this.mutex')",
      '@lockctx-requires',
    ],
    [
      'not an expression',
      '/** @lockctx-acquires 3m */',
      "'3m' is not a lock expression (a name, this.name, this.#name, a['key'] or #0)",
      '3m',
    ],
    [
      'a call is not a lock expression',
      '/** @lockctx-acquires getLock() */',
      "'getLock()' is not a lock expression (a name, this.name, this.#name, a['key'] or #0)",
      'getLock()',
    ],
    [
      'a trailing comma',
      '/** @lockctx-requires a, */',
      "a lock must follow ','",
      ',',
    ],
    [
      '! with another tag',
      '/** @lockctx-excludes !m */',
      "'!' (a negative requirement) only goes with @lockctx-requires; use @lockctx-excludes",
      '!m',
    ],
    [
      'a lock named twice',
      '/** @lockctx-requires m, m */',
      "'m' is already named by this tag",
      'm',
    ],
    [
      'requires and excludes the same lock',
      '/**\n * @lockctx-requires m\n * @lockctx-excludes m\n */',
      "'m': @lockctx-requires and @lockctx-excludes conflict: cannot require a lock to be both held and not held",
      'm',
    ],
    [
      'requires and acquires the same lock',
      '/**\n * @lockctx-requires m\n * @lockctx-acquires m\n */',
      "'m': @lockctx-requires and @lockctx-acquires conflict: acquires a lock it requires held (it would deadlock)",
      'm',
    ],
    [
      'requires m and !m',
      '/** @lockctx-requires m, !m */',
      "'m' is required both held and not held",
      '!m',
    ],
  ])('%s', (_why, text, message, at) => {
    const { problems } = parseLockTags(text);
    expect(problems.map((p) => p.message)).toEqual([message]);
    const r = problems[0]!.range;
    expect(text.slice(r[0], r[1])).toBe(at);
  });

  it('a good tag next to a bad one still parses', () => {
    const r = parseLockTags(
      '/**\n * @lockctx-requires a\n * @lockctx-acquires 1\n */',
    );
    expect(r.annotations.map((a) => a.lock.text)).toEqual(['a']);
    expect(r.problems).toHaveLength(1);
  });
});
