/**
 * A real editor: headless Neovim (Debian's 0.7) starts the built server on
 * stdio for a real file of a fixture workspace, receives diagnostics, asks
 * for a hover, and applies a quick fix to its buffer. The Lua side is
 * `tests/nvim/check.lua`; it writes what Neovim saw as JSON.
 *
 * Neovim must be installed (`.ci/run` installs it); outside CI a machine
 * without it skips this file and says so.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { SERVER_MAIN } from './client.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const hasNvim = spawnSync('nvim', ['--version']).status === 0;
if (!hasNvim && process.env.CI) {
  throw new Error('nvim is not installed: .ci/run installs Debian neovim before the tests');
}

interface NvimResult {
  nvim: string;
  diagnostics_arrived: boolean;
  diagnostics: { lnum: number; col: number; end_col: number; message: string; source: string; code: string }[];
  hover?: { kind: string; value: string };
  code_actions: string[];
  applied?: string;
  republished?: boolean;
  diagnostics_after?: unknown[];
  buffer_after?: string[];
  error?: string;
}

function runNvim(file: string, env: Record<string, string>): NvimResult {
  const scratch = mkdtempSync(join(tmpdir(), 'lockctx-nvim-'));
  const root = join(scratch, 'workspace');
  cpSync(join(HERE, 'fixtures', 'workspace'), root, { recursive: true });
  const out = join(scratch, 'out.json');
  try {
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(HERE, 'nvim', 'check.lua')}`], {
      env: {
        ...process.env,
        OUT: out,
        SERVER: SERVER_MAIN,
        FILE: join(root, file),
        ROOT: root,
        HOME: scratch,
        XDG_STATE_HOME: scratch,
        XDG_CACHE_HOME: scratch,
        XDG_DATA_HOME: scratch,
        XDG_CONFIG_HOME: scratch,
        ...env,
      },
      timeout: 60_000,
      encoding: 'utf8',
    });
    let text: string;
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      throw new Error(`nvim wrote no result (status ${run.status}): ${run.stderr}${run.stdout}`);
    }
    return JSON.parse(text) as NvimResult;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe.skipIf(!hasNvim)('headless Neovim', () => {
  it('shows the leak, explains the lock state, and applies our fix to the buffer', () => {
    // hover on `g.getOrder` inside orderOf's `using` block (0-based 11:17)
    const result = runNvim('src/cache.ts', {
      HOVER_LINE: '11',
      HOVER_COL: '17',
      ACTION: 'Fix this no-lock-leak problem',
    });
    expect(result.error).toBeUndefined();
    expect(result.diagnostics_arrived).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ lnum: 3, col: 12, end_col: 21, source: 'lockctx', code: 'no-lock-leak' }),
    ]);
    expect(result.hover?.value).toContain('`xa` held since line 11 (`using g = xa.lock()`)');
    expect(result.code_actions).toEqual(
      expect.arrayContaining([
        'Fix this no-lock-leak problem [quickfix]',
        'Disable no-lock-leak for this line [quickfix]',
      ]),
    );
    expect(result.applied).toBe('Fix this no-lock-leak problem');
    expect(result.buffer_after?.[3]).toBe('  using g = xa.lock();');
    // the fixed buffer is re-checked and the finding is gone
    expect(result.republished).toBe(true);
    expect(result.diagnostics_after).toEqual([]);
  }, 90_000);

  it('adds a disable comment with "disable for this line", and the finding goes away', () => {
    const result = runNvim('src/cache.ts', { ACTION: 'Disable no-lock-leak for this line' });
    expect(result.error).toBeUndefined();
    expect(result.buffer_after?.[3]).toBe('  // eslint-disable-next-line lockctx/no-lock-leak');
    expect(result.diagnostics_after).toEqual([]);
  }, 90_000);
});
