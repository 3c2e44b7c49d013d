/**
 * The README's examples are real: every JSON block that describes a lock is
 * a valid, consistent LockSpec, and the `lockctx.json` block (with its
 * placeholder comment removed) is a valid configuration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCKCTX_SCHEMA,
  lintLockSpec,
  parseConfig,
  validateSchema,
} from '../../src/lockspec/index.js';

const README = readFileSync(
  join(import.meta.dirname, '..', '..', 'src', 'lockspec', 'README.md'),
  'utf8',
);
const blocks = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => m[1]!,
);

describe('README examples', () => {
  const specs = blocks
    .filter((b) => b.includes('"id"'))
    .map((b) => JSON.parse(b) as { id: string });

  it('shows one example per lock kind', () => {
    expect(new Set(specs.map((s) => (s as { kind?: string }).kind))).toEqual(
      new Set([
        'spinlock',
        'mutex',
        'semaphore',
        'rwlock',
        'keyed-mutex',
        'file-lock',
        'lease',
      ]),
    );
  });

  it.each(specs.map((s) => [s.id, s]))(
    '%s is a valid, consistent LockSpec',
    (_id, s) => {
      expect(
        validateSchema(s, { $ref: '#/definitions/LockSpec' }, LOCKCTX_SCHEMA),
      ).toEqual([]);
      expect(lintLockSpec(s as never)).toEqual([]);
    },
  );

  it('the lockctx.json example is valid', () => {
    const block = blocks.find((b) => b.includes('"presets"'))!;
    const config: unknown = JSON.parse(block.replace(/\/\*[^*]*\*\//, ''));
    expect(parseConfig(config, 'README')).toMatchObject({ ok: true });
  });
});
