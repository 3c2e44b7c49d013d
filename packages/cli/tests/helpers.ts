import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin: tests run what users run (`npm run build` first). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node dist/bin.js ...args` in `cwd`. */
export function runBin(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): BinRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh folder holding `files` (path → text); removed by `cleanup()`. */
export function fixture(files: Record<string, string>): {
  dir: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'lockctx-cli-'));
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Code with a stale lock-derived value: the filemap bug in miniature. */
export const STALE = `import type { XArray } from '@lockctx/xarray';

export function grow(xa: XArray<object>, index: number, entry: object): void {
  let order: number;
  {
    using g = xa.lock();
    order = g.getOrder(index);
  }
  using g = xa.lock();
  g.storeOrder(index, order, entry);
}
`;

/** A spin lock held across await. */
export const AWAIT_LOCKED = `import type { XArray } from '@lockctx/xarray';

export async function tag(xa: XArray<object>, load: () => Promise<void>) {
  using g = xa.lock();
  await load();
  g.setMark(0, 1);
}
`;

/** Correct code: one lock scope, nothing carried out of it. */
export const CLEAN = `import type { XArray } from '@lockctx/xarray';

export function grow(xa: XArray<object>, index: number, entry: object): void {
  using g = xa.lock();
  const order = g.getOrder(index);
  g.storeOrder(index, order, entry);
}
`;

/** Code that uses a lock and does not parse. */
export const BROKEN = `import { XArray } from '@lockctx/xarray';

export function (xa: XArray<object>) {
  using g = xa.lock(;
}
`;
