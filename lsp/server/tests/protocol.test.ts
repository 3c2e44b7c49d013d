import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PUSH_CAPABILITIES, TestClient } from './client.js';

const LEAK = `import { XArray } from '@lockctx/xarray';

export function tagEntry(xa: XArray<string>, index: number): void {
  const g = xa.lock();
  g.setMark(index, 0);
}

export function orderOf(xa: XArray<string>, index: number): number {
  using g = xa.lock();
  const order = g.getOrder(index);
  return order;
}
`;

describe('push diagnostics', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ capabilities: PUSH_CAPABILITIES });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('publishes findings with source, code, doc link and related locations', async () => {
    const uri = 'file:///virtual/leak.ts';
    await client.open(uri, LEAK);
    const diagnostics = await client.diagnostics(uri, 1);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({
      source: 'lockctx',
      code: 'no-lock-leak',
      severity: 2,
      range: { start: { line: 3, character: 12 }, end: { line: 3, character: 21 } },
      codeDescription: {
        href: 'https://github.com/lockctx/lockctx/blob/main/eslint-plugin/docs/rules/no-lock-leak.md',
      },
    });
    expect(d?.relatedInformation?.[0]?.location.range.start.line).toBe(5);
  });
});

describe('features over the protocol', () => {
  const root = new URL('./fixtures/workspace/', import.meta.url).pathname.replace(/\/$/, '');
  const helpers = `file://${root}/src/helpers.ts`;
  const helpersText = readFileSync(`${root}/src/helpers.ts`, 'utf8');
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ capabilities: PUSH_CAPABILITIES, folders: [root] });
    await client.open(helpers, helpersText);
    await client.diagnostics(helpers, 1, 30_000);
  }, 60_000);
  afterAll(async () => {
    await client.stop();
  }, 30_000);

  it('inlay hint before an argument that must be a live guard', async () => {
    const hints = await client.request<{ label: string; position: { line: number; character: number } }[]>(
      'textDocument/inlayHint',
      { textDocument: { uri: helpers }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } },
    );
    expect(hints).toContainEqual(expect.objectContaining({ label: 'guard:', position: { line: 8, character: 11 } }));
  });

  const SCOPES = `import { XArray } from '@lockctx/xarray';

export function orderOf(xa: XArray<string>, index: number): number {
  {
    using g = xa.lock();
    g.setMark(index, 0);
  }
  return xa.withLock((h) => h.getOrder(index));
}
`;
  type Hint = { label: string; position: { line: number; character: number }; tooltip: { value: string } };
  const scopeHints = async (uri: string): Promise<Hint[]> =>
    (
      await client.request<Hint[]>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      })
    ).filter((h) => h.label.endsWith(' unlocked'));

  it.each([
    ['the whole-file analysis of a newly opened document', 0],
    ['units moved by an edit above them (their results are moved lazily)', 1],
  ])('inlay hints where a `using` block and a `withLock` callback end (%s)', async (_why, added) => {
    const uri = `file:///virtual/scope-ends-${added}.ts`;
    await client.open(uri, SCOPES);
    await client.diagnostics(uri, 1);
    if (added > 0) {
      // no wait for diagnostics: the edit changes no finding, so nothing is
      // published; the hint request analyses the new version itself
      await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n'.repeat(added) }]);
    }
    const hints = await scopeHints(uri);
    expect(hints.map((h) => [h.label, h.position])).toEqual([
      // after the `}` that ends the block of `using g`
      ['xa unlocked', { line: 6 + added, character: 3 }],
      // after the callback's expression body
      ['xa unlocked', { line: 7 + added, character: 45 }],
    ]);
    expect(hints[0]?.tooltip.value).toBe(`\`xa\` (taken at line ${5 + added}) is released here: the \`using\` block of \`g\` ends.`);
    expect(hints[1]?.tooltip.value).toBe(`\`xa\` (taken at line ${8 + added}) is released here: the callback returns.`);
  });

  it('code lens on a function that requires a guard, counting its callers', async () => {
    const lenses = await client.request<{ command: { title: string; command: string } }[]>(
      'textDocument/codeLens',
      { textDocument: { uri: helpers } },
    );
    expect(lenses.map((l) => l.command.title)).toEqual(['requires a guard for g · 1 caller']);
    expect(lenses[0]?.command.command).toBe('lockctx.showCallers');
  });

  it('lockctx.listCallers returns the call sites', async () => {
    const callers = await client.request<{ uri: string; range: { start: { line: number } } }[]>(
      'workspace/executeCommand',
      { command: 'lockctx.listCallers', arguments: [helpers, { line: 2, character: 18 }] },
    );
    expect(callers.map((c) => [c.uri, c.range.start.line])).toEqual([[helpers, 8]]);
  });

  it.each([
    ['a hover on a document never opened', 'textDocument/hover', { textDocument: { uri: 'file:///nope.ts' }, position: { line: 0, character: 0 } }, /document not open/],
    ['a hover without a position', 'textDocument/hover', { textDocument: { uri: helpers } }, /position must be/],
    ['a code action without context', 'textDocument/codeAction', { textDocument: { uri: helpers }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, /context\.diagnostics/],
    ['an unknown command', 'workspace/executeCommand', { command: 'lockctx.nope', arguments: [] }, /unknown command/],
  ])('%s gets a JSON-RPC InvalidParams error, and the server stays up', async (_why, method, params, message) => {
    await expect(client.request(method, params)).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(message) });
    const hover = await client.request('textDocument/hover', { textDocument: { uri: helpers }, position: { line: 8, character: 3 } });
    expect(hover).not.toBeUndefined();
  });

  it('a binary document is skipped with one log line and no findings', async () => {
    const uri = 'file:///virtual/blob.ts';
    await client.open(uri, `xa.lock();\u0000\u0001`);
    expect(await client.diagnostics(uri, 1)).toEqual([]);
    expect(client.logs.filter((l) => l.includes('blob.ts') && l.includes('binary'))).toHaveLength(1);
  });
});
