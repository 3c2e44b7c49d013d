// Generated inputs for the language-server benchmark: one large file of
// lock-using functions, and a workspace of many small files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A TypeScript file of about `lines` lines: pairs of functions, one taking
 * the lock with `using` and reading under it, one reading an order under a
 * `withLock` callback and using it in a later scope (a stale value).
 */
export function largeFile(lines) {
  const out = ["import { XArray, type Guard } from '@lockctx/xarray';", ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `export function readUnder${i}(xa: XArray<number>, k: number): number {`,
      '  using g = xa.lock();',
      '  const order = g.getOrder(k);',
      `  if (g.getMark(k, 0)) g.setMark(k + ${i}, 1);`,
      '  const value = g.load(k) ?? 0;',
      '  return order + value;',
      '}',
      `export async function staleOrder${i}(xa: XArray<number>, k: number) {`,
      '  const order = xa.withLock((g) => g.getOrder(k));',
      '  await Promise.resolve();',
      '  xa.withLock((g) => {',
      `    if (order > ${i % 7}) g.split(k, 0);`,
      '  });',
      '}',
    );
  }
  return out.join('\n') + '\n';
}

/** A small file: a helper that needs a guard and a caller that passes one. */
export function smallFile(i) {
  return [
    "import { XArray, type Guard } from '@lockctx/xarray';",
    '',
    `export function tagDirty${i}(g: Guard<number>, k: number): void {`,
    '  g.setMark(k, 0);',
    '}',
    '',
    `export function update${i}(xa: XArray<number>, k: number): void {`,
    '  using g = xa.lock();',
    `  tagDirty${i}(g, k + ${i});`,
    '}',
    '',
  ].join('\n');
}

/** Writes `count` small files under `root/src/dNN/` and returns their paths. */
export function writeWorkspace(root, count) {
  const paths = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, 'src', `d${String(i % 20).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `file${i}.ts`);
    writeFileSync(path, smallFile(i));
    paths.push(path);
  }
  return paths;
}
