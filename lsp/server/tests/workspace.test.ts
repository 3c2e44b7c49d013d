import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  IgnoreList,
  ignoreListFor,
  listSourceFiles,
  namesMatch,
} from '../src/workspace.js';

describe('IgnoreList', () => {
  const list = new IgnoreList(['dist/', '/build', '*.gen.ts', '# comment', 'out/tmp']);
  it.each([
    ['dist/a.ts', true, 'a folder name matches at any depth'],
    ['pkg/dist/a.ts', true, 'a folder name matches below the root too'],
    ['build/a.ts', true, 'a rooted path matches at the root'],
    ['pkg/build/a.ts', false, 'a rooted path does not match deeper'],
    ['src/x.gen.ts', true, 'a glob matches file names'],
    ['src/x.ts', false, 'plain sources are kept'],
    ['out/tmp/a.ts', true, 'a path with a slash is rooted'],
    ['comment', false, 'comments are not patterns'],
  ])('%s → %s (%s)', (path, ignored) => {
    expect(list.ignores(path)).toBe(ignored);
  });
});

describe('listSourceFiles', () => {
  it('walks JS/TS sources, skipping node_modules, .git, .d.ts and ignored folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lockctx-ws-'));
    const files = [
      'src/a.ts',
      'src/b.js',
      'src/c.tsx',
      'src/types.d.ts',
      'src/readme.md',
      'node_modules/dep/index.js',
      '.git/hooks/x.js',
      'gen/g.ts',
      'lib/l.mjs',
    ];
    for (const f of files) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), '');
    }
    writeFileSync(join(root, '.gitignore'), 'gen/\n');
    const found = await listSourceFiles(root, await ignoreListFor(root, []));
    expect(found.map((p) => p.slice(root.length + 1))).toEqual([
      'lib/l.mjs',
      'src/a.ts',
      'src/b.js',
      'src/c.tsx',
    ]);
  });
});

describe('namesMatch', () => {
  it.each([
    ['tagDirty', 'tagDirty', true, 'same name'],
    ['Cache.prototype.add', 'this.add', true, 'a method called through this'],
    ['Cache.prototype.add', 'cache.add', true, 'a method called through an instance'],
    ['tagDirty', 'tagClean', false, 'different names'],
    ['<anonymous>', 'x.<anonymous>', false, 'anonymous functions are nobody'],
  ])('%s vs %s → %s (%s)', (declared, called, match) => {
    expect(namesMatch(declared, called)).toBe(match);
  });
});
