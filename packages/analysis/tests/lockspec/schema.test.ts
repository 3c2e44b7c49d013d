/**
 * The shipped `schema/lockctx.schema.json` is `LOCKCTX_SCHEMA` written out,
 * the validator agrees with it on every example, and every invalid example
 * is reported at its JSON path with its message.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCKCTX_SCHEMA,
  PRESETS,
  parseConfig,
  validateSchema,
} from '../../src/lockspec/index.js';

const SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'schema');
const EXAMPLES = join(SCHEMA_DIR, 'examples');

interface InvalidCase {
  why: string;
  layer: 'schema' | 'consistency';
  config: unknown;
  problems: { path: string; message: string }[];
}

const invalid = JSON.parse(
  readFileSync(join(EXAMPLES, 'invalid-configs.json'), 'utf8'),
) as InvalidCase[];

describe('lockctx.schema.json', () => {
  it('is LOCKCTX_SCHEMA written out (regenerate it after changing schema.ts)', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(join(SCHEMA_DIR, 'lockctx.schema.json'), 'utf8'),
    );
    expect(shipped).toEqual(LOCKCTX_SCHEMA);
  });

  it('every $ref points at a definition', () => {
    const refs = JSON.stringify(LOCKCTX_SCHEMA).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) {
      const name = /#\/definitions\/([^"]+)/.exec(r)?.[1];
      expect(LOCKCTX_SCHEMA.definitions, r).toHaveProperty(name!);
    }
  });
});

describe('valid examples', () => {
  const files = readdirSync(EXAMPLES).filter(
    (f) => f.endsWith('.json') && f !== 'invalid-configs.json',
  );
  it.each(files)('%s is valid', (file) => {
    const config: unknown = JSON.parse(
      readFileSync(join(EXAMPLES, file), 'utf8'),
    );
    expect(parseConfig(config, file)).toMatchObject({ ok: true });
  });

  it.each(PRESETS.map((p) => [p.id, p]))(
    'preset %s, declared as a custom lock, is valid',
    (_id, preset) => {
      expect(parseConfig({ presets: [], locks: [preset] }, 'test')).toEqual({
        ok: true,
        config: { presets: [], locks: [preset] },
        origin: 'test',
      });
    },
  );
});

describe('invalid examples', () => {
  it.each(invalid.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const result = parseConfig(c.config, 'lockctx.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.problems.map(({ path, message }) => ({ path, message })),
    ).toEqual(c.problems);
    // Schema problems come from the schema alone; consistency problems from
    // values the schema accepts.
    expect(validateSchema(c.config, LOCKCTX_SCHEMA).length > 0).toBe(
      c.layer === 'schema',
    );
  });

  it('has at least 15 cases of each layer', () => {
    expect(
      invalid.filter((c) => c.layer === 'schema').length,
    ).toBeGreaterThanOrEqual(15);
    expect(
      invalid.filter((c) => c.layer === 'consistency').length,
    ).toBeGreaterThanOrEqual(10);
  });
});
