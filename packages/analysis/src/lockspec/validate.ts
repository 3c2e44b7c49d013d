/**
 * A validator for the JSON Schema subset of `schema.ts`, written for error
 * messages: each problem names the JSON path of the offending value and says
 * what was expected and what was found. A `oneOf` whose alternatives are
 * objects told apart by a constant property (`form`, `kind`, `from`, `by`)
 * is resolved by that property first, so a mistake inside an alternative is
 * reported there rather than as "matches no alternative".
 *
 * It accepts and rejects exactly what a draft-07 validator does for these
 * keywords: type, const, enum, properties, required, additionalProperties
 * (false), items, minItems, uniqueItems, minimum, minLength, pattern, oneOf,
 * $ref to `#/definitions/…`.
 */
import type { JsonSchema, JsonType } from './schema.js';

/** One schema violation. */
export interface SchemaProblem {
  /** Path segments from the root: property names and array indexes. */
  path: (string | number)[];
  message: string;
}

/**
 * Every violation of `schema` by `value`; empty when it is valid.
 * `root` holds the `definitions` that `$ref`s point into.
 */
export function validateSchema(
  value: unknown,
  schema: JsonSchema,
  root: JsonSchema = schema,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(value, schema, root, [], problems);
  return problems;
}

/** `locks[0].acquire[1].form`; `(root)` for the empty path. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** A JSON value's type, in JSON Schema's words. */
export function jsonTypeOf(value: unknown): JsonType | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'object'
  ) {
    return typeof value as JsonType;
  }
  return 'undefined';
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let depth = 0; s.$ref !== undefined; depth++) {
    const name = /^#\/definitions\/(.+)$/.exec(s.$ref)?.[1];
    const target = name === undefined ? undefined : root.definitions?.[name];
    if (target === undefined || depth > 32) {
      throw new Error(`schema: unresolvable $ref '${s.$ref}'`);
    }
    s = target;
  }
  return s;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

function typeMatches(value: unknown, type: JsonType): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** A short description of what a schema accepts, for "must be …" messages. */
function describe(schema: JsonSchema, root: JsonSchema): string {
  const s = resolve(schema, root);
  if (s.const !== undefined) return show(s.const);
  if (s.enum !== undefined) return `one of ${s.enum.map(show).join(', ')}`;
  if (s.oneOf !== undefined) {
    return s.oneOf.map((o) => describe(o, root)).join(' or ');
  }
  const types = s.type === undefined ? [] : [s.type].flat();
  const words = types.map((t) =>
    t === 'integer' && s.minimum === 0
      ? 'an integer ≥ 0'
      : t === 'integer' && s.minimum !== undefined
        ? `an integer ≥ ${s.minimum}`
        : ARTICLE[t],
  );
  return words.join(' or ') || 'a value';
}

/** Levenshtein distance, for "did you mean" on unknown properties. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(
        row[j]! + 1,
        row[j - 1]! + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, name.length / 3)
    ? ` (did you mean '${best}'?)`
    : ` (allowed: ${known.join(', ')})`;
}

/**
 * The property that tells a oneOf's object alternatives apart: required in
 * each, with a distinct `const` in each. Undefined when there is none.
 */
function discriminator(
  alternatives: JsonSchema[],
  root: JsonSchema,
): string | undefined {
  const resolved = alternatives.map((a) => resolve(a, root));
  if (resolved.some((a) => a.type !== 'object' || a.properties === undefined)) {
    return undefined;
  }
  const first = resolved[0]!;
  for (const key of first.required ?? []) {
    const values = resolved.map((a) =>
      a.required?.includes(key) ? a.properties?.[key]?.const : undefined,
    );
    if (
      values.every((v) => v !== undefined) &&
      new Set(values).size === values.length
    ) {
      return key;
    }
  }
  return undefined;
}

function checkOneOf(
  value: unknown,
  alternatives: JsonSchema[],
  root: JsonSchema,
  path: (string | number)[],
  out: SchemaProblem[],
): void {
  const key = discriminator(alternatives, root);
  if (key !== undefined) {
    if (jsonTypeOf(value) !== 'object') {
      out.push({ path, message: `must be an object (got ${show(value)})` });
      return;
    }
    const tag = (value as Record<string, unknown>)[key];
    const allowed = alternatives.map(
      (a) => resolve(a, root).properties![key]!.const,
    );
    const chosen = alternatives.find(
      (a) => resolve(a, root).properties![key]!.const === tag,
    );
    if (chosen === undefined) {
      out.push({
        path: tag === undefined ? path : [...path, key],
        message:
          tag === undefined
            ? `is missing required property '${key}' (one of ${allowed.map(show).join(', ')})`
            : `must be one of ${allowed.map(show).join(', ')} (got ${show(tag)})`,
      });
      return;
    }
    check(value, chosen, root, path, out);
    return;
  }
  const results = alternatives.map((a) => {
    const problems: SchemaProblem[] = [];
    check(value, a, root, path, problems);
    return problems;
  });
  const passing = results.filter((r) => r.length === 0).length;
  if (passing === 1) return;
  if (passing > 1) {
    out.push({ path, message: 'matches more than one alternative' });
    return;
  }
  // One alternative of the value's own type: its problems are the precise ones.
  const sameType = alternatives
    .map((a, i) => ({ s: resolve(a, root), i }))
    .filter(
      ({ s }) =>
        s.type !== undefined &&
        [s.type].flat().some((t) => typeMatches(value, t)),
    );
  if (sameType.length > 0) {
    // The closest alternative of the value's type: fewest problems, if unique.
    const counts = sameType.map(({ i }) => results[i]!.length);
    const fewest = Math.min(...counts);
    if (counts.filter((c) => c === fewest).length === 1) {
      out.push(...results[sameType[counts.indexOf(fewest)]!.i]!);
      return;
    }
  }
  out.push({
    path,
    message: `must be ${alternatives.map((a) => describe(a, root)).join(' or ')} (got ${show(value)})`,
  });
}

function check(
  value: unknown,
  schemaOrRef: JsonSchema,
  root: JsonSchema,
  path: (string | number)[],
  out: SchemaProblem[],
): void {
  const schema = resolve(schemaOrRef, root);
  if (schema.oneOf !== undefined) {
    checkOneOf(value, schema.oneOf, root, path, out);
    return;
  }
  if (schema.const !== undefined && value !== schema.const) {
    out.push({
      path,
      message: `must be ${show(schema.const)} (got ${show(value)})`,
    });
    return;
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) {
    out.push({
      path,
      message: `must be one of ${schema.enum.map(show).join(', ')} (got ${show(value)})`,
    });
    return;
  }
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    if (!types.some((t) => typeMatches(value, t))) {
      out.push({
        path,
        message: `must be ${describe(schema, root)} (got ${show(value)})`,
      });
      return;
    }
  }
  if (typeof value === 'string') {
    if (
      schema.minLength !== undefined &&
      [...value].length < schema.minLength
    ) {
      out.push({ path, message: 'must not be empty' });
    }
    if (
      schema.pattern !== undefined &&
      !new RegExp(schema.pattern, 'u').test(value)
    ) {
      out.push({ path, message: `must match /${schema.pattern}/` });
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      out.push({
        path,
        message: `must be ≥ ${schema.minimum} (got ${value})`,
      });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({
        path,
        message:
          schema.minItems === 1
            ? 'must not be empty'
            : `must have at least ${schema.minItems} items`,
      });
    }
    if (schema.uniqueItems === true) {
      const seen = new Map<string, number>();
      value.forEach((item, i) => {
        const k = JSON.stringify(item);
        const first = seen.get(k);
        if (first !== undefined) {
          out.push({
            path: [...path, i],
            message: `repeats item ${first} (${show(item)})`,
          });
        } else seen.set(k, i);
      });
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) =>
        check(item, schema.items!, root, [...path, i], out),
      );
    }
  }
  if (jsonTypeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(record, name)) {
        out.push({ path, message: `is missing required property '${name}'` });
      }
    }
    for (const [name, v] of Object.entries(record)) {
      const sub = properties[name];
      if (sub === undefined) {
        if (schema.additionalProperties === false) {
          out.push({
            path: [...path, name],
            message: `is not a known property${suggestion(name, Object.keys(properties))}`,
          });
        }
        continue;
      }
      check(v, sub, root, [...path, name], out);
    }
  }
}
