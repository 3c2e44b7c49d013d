/**
 * The core must never throw and never fail internally on real code: every
 * JavaScript/TypeScript file of a few real packages goes through
 * `analyzeSource`, and each result must be clean (no internal error).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index.js';

const require = createRequire(import.meta.url);

function files(root: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.(?:[cm]?[jt]sx?)$/.test(e.name) && !e.name.endsWith('.d.ts') && statSync(p).size < 500_000) {
        out.push(p);
      }
    }
  };
  walk(root);
  return out;
}

const modules = join(import.meta.dirname, '../../../node_modules');
const roots = [
  // typescript-estree's own sources: a real, varied code base.
  dirname(require.resolve('@typescript-eslint/typescript-estree/package.json')),
  // Real lock libraries: lock(), unlock() and release() of their own.
  join(modules, 'redlock'),
  join(modules, 'lockfile'),
  join(modules, 'vscode-jsonrpc'),
  // This repository's XArray, full of lock(), withLock() and guards.
  join(import.meta.dirname, '../../../xarray/src'),
];

describe('robustness on real code', () => {
  for (const root of roots) {
    it(`never throws nor fails internally under ${root.split('/').slice(-2).join('/')}`, () => {
      const list = files(root, 400);
      expect(list.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const f of list) {
        const r = analyzeSource(readFileSync(f, 'utf8'), { filename: f });
        if (r.internalError) failures.push(`${f}: ${r.internalError}`);
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('reports a parse error as data', () => {
    const r = analyzeSource('const g = xa.lock(;', { filename: 'broken.js' });
    expect(r.parseError).toMatch(/expected/i);
    expect(r.findings).toEqual([]);
  });

  it('skips files that mention no lock without parsing them', () => {
    const r = analyzeSource('this is not JavaScript at all {', { filename: 'plain.js' });
    expect(r.parseError).toBeUndefined();
    expect(r.findings).toEqual([]);
  });
});
