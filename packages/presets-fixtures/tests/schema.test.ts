/**
 * The shipped JSON Schema and lockctx's own validator agree: a standard
 * draft-07 validator (Ajv) accepts every preset and example configuration,
 * rejects every schema-level invalid example, accepts the ones that are
 * only inconsistent (those are caught by lockctx's consistency rules), and
 * gives the same verdict as lockctx's validator on thousands of seeded
 * mutations of valid configurations.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCKCTX_SCHEMA, PRESETS, validateSchema } from './lockspec.js';

const SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'analysis', 'schema');
const EXAMPLES = join(SCHEMA_DIR, 'examples');
const schemaFile: unknown = JSON.parse(
  readFileSync(join(SCHEMA_DIR, 'lockctx.schema.json'), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const ajvValidate = ajv.compile(schemaFile as object);

const ours = (value: unknown): boolean =>
  validateSchema(value, LOCKCTX_SCHEMA).length === 0;
const theirs = (value: unknown): boolean => ajvValidate(value) === true;

interface InvalidCase {
  why: string;
  layer: 'schema' | 'consistency';
  config: unknown;
}
const invalid = JSON.parse(
  readFileSync(join(EXAMPLES, 'invalid-configs.json'), 'utf8'),
) as InvalidCase[];

const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json') && f !== 'invalid-configs.json')
  .map(
    (f) => [f, JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8'))] as const,
  );

describe('Ajv accepts what lockctx accepts', () => {
  it.each(examples)('example %s', (_file, config) => {
    expect([theirs(config), ours(config)]).toEqual([true, true]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    'preset %s as a custom lock',
    (_id, p) => {
      const config = { presets: [], locks: [p] };
      expect([theirs(config), ours(config)]).toEqual([true, true]);
    },
  );
});

describe('Ajv rejects the schema-level invalid examples, and only those', () => {
  it.each(invalid.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const schemaValid = c.layer === 'consistency';
    expect([theirs(c.config), ours(c.config)]).toEqual([
      schemaValid,
      schemaValid,
    ]);
  });
});

/** Every path to a value inside `value`, with the value. */
function paths(
  value: unknown,
  at: (string | number)[] = [],
): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [[at, value]];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value))
      out.push(...paths(v, [...at, k]));
  }
  return out;
}

/** A copy of `root` with the value at `path` replaced (or deleted). */
function mutate(
  root: unknown,
  path: (string | number)[],
  change:
    | { kind: 'set'; value: unknown }
    | { kind: 'delete' }
    | { kind: 'add'; key: string; value: unknown },
): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  if (path.length === 0) {
    return change.kind === 'set' ? change.value : copy;
  }
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as typeof copy;
  const last = path[path.length - 1]!;
  if (change.kind === 'set') parent[last] = change.value;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (
      typeof target === 'object' &&
      target !== null &&
      !Array.isArray(target)
    ) {
      (target as Record<string, unknown>)[change.key] = change.value;
    }
  }
  return copy;
}

describe('Ajv and lockctx agree on mutated configurations', () => {
  const seeds: unknown[] = [
    ...examples.map(([, c]) => c),
    ...PRESETS.map((p) => ({ presets: [], locks: [p] })),
  ];
  const replacement = fc.oneof(
    fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      1,
      -1,
      1.5,
      '',
      'x',
      'last',
      'either',
      'call',
      'callback',
      'guard',
      'releaser',
      'lockable',
      'handle',
      'settle',
      'mutex',
      [],
      [''],
      ['x'],
      {},
      { arg: 0 },
      { kind: 'none' },
      { by: 'handle' },
    ),
    fc.string({ maxLength: 6 }),
    fc.integer({ min: -2, max: 3 }),
  );
  it('on 3,000 seeded mutations', () => {
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.nat(),
        fc.constantFrom('set', 'delete', 'add'),
        replacement,
        fc.constantFrom('method', 'form', 'extra', 'kind', 'arg', 'from', 'by'),
        (seedIndex, pathIndex, kind, value, key) => {
          const seed = seeds[seedIndex];
          const all = paths(seed);
          const [path] = all[pathIndex % all.length]!;
          const mutated = mutate(
            seed,
            path,
            kind === 'set'
              ? { kind, value }
              : kind === 'delete'
                ? { kind }
                : { kind, key, value },
          );
          const verdict = ours(mutated);
          expect(verdict).toBe(theirs(mutated));
          verdicts[verdict ? 'valid' : 'invalid']++;
        },
      ),
      { seed: 42, numRuns: 3000 },
    );
    // The mutations exercise both verdicts.
    expect(verdicts.invalid).toBeGreaterThan(1000);
    expect(verdicts.valid).toBeGreaterThan(200);
  }, 120_000);
});
