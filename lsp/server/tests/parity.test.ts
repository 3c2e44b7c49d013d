/**
 * The editor and the linter never disagree: every case of the shared table
 * is opened in the real server (over JSON-RPC) and linted by ESLint's
 * `Linter` with `@lockctx/eslint-plugin`, and both must report the same
 * findings (rule, message, start and end). The server's quick fixes and
 * suggestions must also produce the table's expected outputs.
 */
import { cases, configCases, type Case } from '@lockctx/cases';
import lockctx from '@lockctx/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PULL_CAPABILITIES, PUSH_CAPABILITIES, TestClient } from './client.js';

interface Seen {
  rule: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const linter = new Linter({ configType: 'flat' });
const allRules = Object.fromEntries(
  Object.keys(lockctx.rules).map((id) => [`lockctx/${id}`, 'warn' as const]),
);

/** What ESLint reports for a case, in ESLint's 1-based positions. */
function eslintFindings(c: Case): Seen[] {
  const messages = linter.verify(
    c.code,
    [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        plugins: { lockctx },
        languageOptions: { parser: tsParser, sourceType: 'module' },
        rules: allRules,
        ...(c.settings ? { settings: { lockctx: c.settings } } : {}),
      },
    ],
    { filename: c.filename },
  );
  return sortSeen(
    messages.map((m) => ({
      rule: m.ruleId ?? `fatal: ${m.message}`,
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine ?? m.line,
      endColumn: m.endColumn ?? m.column,
    })),
  );
}

/** The server's diagnostics in ESLint's terms (1-based lines and columns). */
function serverFindings(diagnostics: Diagnostic[]): Seen[] {
  return sortSeen(
    diagnostics.map((d) => ({
      rule: `lockctx/${String(d.code)}`,
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    })),
  );
}

function sortSeen(list: Seen[]): Seen[] {
  return list.sort(
    (a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

function languageOf(filename: string): string {
  if (filename.endsWith('.tsx')) return 'typescriptreact';
  if (filename.endsWith('.jsx')) return 'javascriptreact';
  if (/\.[cm]?ts$/.test(filename)) return 'typescript';
  return 'javascript';
}

function uriOf(index: number, c: Case): string {
  return `file:///cases/${index}/${c.filename}`;
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'typescript', 0, text), edits);
}

const table = cases.map((c, i) => ({ ...c, index: i, label: `${c.rule}: ${c.name}` }));

describe('the server reports exactly what ESLint reports (push)', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ capabilities: PUSH_CAPABILITIES });
    for (const c of table) await client.open(uriOf(c.index, c), c.code, languageOf(c.filename));
  }, 120_000);
  afterAll(async () => {
    await client.stop();
  }, 30_000);

  it.each(table)('$label ($why)', async (c) => {
    const uri = uriOf(c.index, c);
    const expected = eslintFindings(c);
    // every analysed version is published, empty or not
    const got = await client.diagnostics(uri, 1, 60_000);
    expect(serverFindings(got)).toEqual(expected);
    if (c.todo === undefined) {
      // and both say what the table says
      const key = (f: { rule: string; line: number; column: number; endLine: number; endColumn: number }) =>
        [f.rule, f.line, f.column, f.endLine, f.endColumn].join(':');
      expect(serverFindings(got).map(key).sort()).toEqual(
        c.findings
          .map((f) => key({ ...f, rule: `lockctx/${f.check}` }))
          .sort(),
      );
    }
  }, 60_000);

  const withFixes = table.filter(
    (c) => c.todo === undefined && c.findings.some((f) => f.fix !== undefined || (f.suggestions?.length ?? 0) > 0),
  );
  it.each(withFixes)('quick fixes of $label give the table outputs', async (c) => {
    const uri = uriOf(c.index, c);
    const diagnostics = await client.diagnostics(uri, 1);
    for (const expected of c.findings) {
      const d = diagnostics.find(
        (x) => x.code === expected.check && x.range.start.line + 1 === expected.line && x.range.start.character + 1 === expected.column,
      );
      expect(d, `diagnostic for ${expected.check} at ${expected.line}:${expected.column}`).toBeDefined();
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d!.range,
        context: { diagnostics: [d], only: ['quickfix'] },
      });
      const editOf = (a: CodeAction | undefined): TextEdit[] => a?.edit?.changes?.[uri] ?? [];
      if (expected.fix !== undefined) {
        const fix = actions.find((a) => a.title === `Fix this ${expected.check} problem`);
        expect(fix?.isPreferred).toBe(true);
        expect(apply(c.code, editOf(fix))).toBe(expected.fix);
      }
      for (const suggestion of expected.suggestions ?? []) {
        const outputs = actions.map((a) => apply(c.code, editOf(a)));
        expect(outputs).toContain(suggestion.output);
      }
    }
  }, 60_000);
});

describe('pull diagnostics give the same answers', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ capabilities: PULL_CAPABILITIES });
  });
  afterAll(async () => {
    await client.stop();
  });

  const sample = table.filter((_c, i) => i % 7 === 0);
  it.each(sample)('$label', async (c) => {
    const uri = uriOf(c.index, c);
    await client.open(uri, c.code, languageOf(c.filename));
    const report = await client.request<{ kind: string; items: Diagnostic[] }>(
      'textDocument/diagnostic',
      { textDocument: { uri } },
    );
    expect(report.kind).toBe('full');
    expect(serverFindings(report.items)).toEqual(eslintFindings(c));
    // never both: a pull client gets no pushes
    expect(client.published.filter((p) => p.uri === uri)).toEqual([]);
  }, 60_000);
});

describe('cases with project settings: the editor settings give what ESLint settings give', () => {
  // One server per distinct settings value: `workspace/configuration` answers it.
  const groups = new Map<string, (Case & { index: number; label: string })[]>();
  configCases.forEach((c, i) => {
    const key = JSON.stringify(c.settings ?? null);
    const group = groups.get(key) ?? [];
    group.push({ ...c, index: 10_000 + i, label: `${c.rule}: ${c.name}` });
    groups.set(key, group);
  });

  it('has settings cases to run', () => {
    expect(configCases.length).toBeGreaterThanOrEqual(30);
  });

  for (const [key, group] of groups) {
    describe(`settings ${key.slice(0, 60)}`, () => {
      let client: TestClient;
      beforeAll(async () => {
        client = await TestClient.start({ capabilities: PUSH_CAPABILITIES, settings: JSON.parse(key) as unknown });
        for (const c of group) await client.open(uriOf(c.index, c), c.code, languageOf(c.filename));
      }, 120_000);
      afterAll(async () => {
        await client.stop();
      }, 30_000);

      it.each(group)('$label ($why)', async (c) => {
        const got = serverFindings(await client.diagnostics(uriOf(c.index, c), 1, 60_000));
        expect(got).toEqual(eslintFindings(c));
        if (c.todo === undefined) {
          const keyOf = (f: { rule: string; line: number; column: number }) => [f.rule, f.line, f.column].join(':');
          expect(got.map(keyOf).sort()).toEqual(c.findings.map((f) => keyOf({ ...f, rule: `lockctx/${f.check}` })).sort());
        }
      }, 60_000);
    });
  }
});
