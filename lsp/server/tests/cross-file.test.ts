/**
 * Editing a callee re-checks its callers with the callee's new summary,
 * taken from the editor's text (the file on disk never changes here), for
 * open callers (pull and push) and closed ones (workspace diagnostics).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';

import { PULL_CAPABILITIES, PUSH_CAPABILITIES, TestClient, pathUri } from './client.js';

/** The callee as saved: no requirement on `g`. */
const MARKS_SAVED = 'export function tagDirty(g, i) {\n  void [g, i];\n}\n';
/** The callee as edited in the editor: `g` must now be a live guard. */
const MARKS_EDITED = 'export function tagDirty(g, i) {\n  g.setMark(i, 0);\n}\n';
/** The caller passes the XArray itself where the guard goes. */
const CALLER = [
  "import { tagDirty } from './marks.js';",
  'export function touch(xa, i) {',
  '  xa.withLock(() => {});',
  '  tagDirty(xa, i);',
  '}',
  '',
].join('\n');

interface WorkspaceReport {
  kind: 'full' | 'unchanged';
  uri: string;
  resultId?: string;
  items?: Diagnostic[];
}

let dir: string | undefined;
let client: TestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A workspace of marks.js (the callee) and caller.js; the client has indexed it. */
async function start(pull: boolean): Promise<{ marks: string; caller: string; root: string }> {
  dir = mkdtempSync(join(tmpdir(), 'lockctx-cross-'));
  writeFileSync(join(dir, 'marks.js'), MARKS_SAVED);
  writeFileSync(join(dir, 'caller.js'), CALLER);
  client = await TestClient.start({
    capabilities: pull ? PULL_CAPABILITIES : PUSH_CAPABILITIES,
    folders: [dir],
    initializationOptions: { indexWorkspace: true, diagnosticMode: pull ? 'pull' : 'push' },
  });
  await until(() => client!.logs.some((l) => l.startsWith('indexed ')), 'the workspace to be indexed');
  return { marks: pathUri(join(dir, 'marks.js')), caller: pathUri(join(dir, 'caller.js')), root: dir };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The caller's findings in a workspace diagnostic report (closed files only). */
async function callerFindings(caller: string): Promise<string[]> {
  const report = await client!.request<{ items: WorkspaceReport[] }>('workspace/diagnostic', { previousResultIds: [] });
  const mine = report.items.find((r) => r.uri === caller);
  if (mine === undefined) throw new Error(`no workspace report for ${caller}: ${JSON.stringify(report.items.map((r) => r.uri))}`);
  return (mine.items ?? []).map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`);
}

const EDIT_TO = (text: string) => [{ range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, text }];

describe('editing a callee re-checks its callers with its new summary', () => {
  it('a closed caller: the workspace diagnostic report gains the finding, then loses it when the edit is undone', async () => {
    const { marks, caller, root } = await start(true);
    expect(await callerFindings(caller)).toEqual([]);
    await client!.open(marks, MARKS_SAVED, 'javascript');
    await client!.change(marks, 2, EDIT_TO(MARKS_EDITED));
    // the edit is analysed on the next pull of the callee; the caller is re-checked after it
    await client!.request('textDocument/diagnostic', { textDocument: { uri: marks } });
    await until(async () => (await callerFindings(caller)).length > 0, 'the closed caller to be re-checked');
    expect(await callerFindings(caller)).toEqual(['require-guard 3:11']);
    expect(client!.serverRequests).toContain('workspace/diagnostic/refresh');
    // never read from disk: the saved callee still has no requirement
    expect(readFileSync(join(root, 'marks.js'), 'utf8')).toBe(MARKS_SAVED);
    await client!.change(marks, 3, EDIT_TO(MARKS_SAVED));
    await client!.request('textDocument/diagnostic', { textDocument: { uri: marks } });
    await until(async () => (await callerFindings(caller)).length === 0, 'the finding to go away');
  }, 60_000);

  it('an open caller (push): its diagnostics are published again with the finding', async () => {
    const { marks, caller } = await start(false);
    await client!.open(caller, CALLER, 'javascript');
    expect(await client!.diagnostics(caller, 1)).toEqual([]);
    await client!.open(marks, MARKS_SAVED, 'javascript');
    await client!.change(marks, 2, EDIT_TO(MARKS_EDITED));
    await until(
      () => client!.published.some((p) => p.uri === caller && p.diagnostics.length > 0),
      'the open caller to be published again',
    );
    const last = client!.published.filter((p) => p.uri === caller).at(-1);
    expect(last?.diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`)).toEqual([
      'require-guard 3:11',
    ]);
  }, 60_000);
});
