/**
 * The rule docs and the README rules table: present, complete, generated
 * sections current, and every code example doing what its heading says.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { CHECK_IDS, CHECKS } from '@lockctx/analysis';
import * as tsParser from '@typescript-eslint/parser';
import type { ESLint } from 'eslint';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = `${ROOT}docs/rules`;

const REQUIRED_HEADINGS = [
  '## Rule details',
  '## Examples',
  '### Incorrect',
  '### Correct',
  '## Options',
  '## When not to use it',
];

function readDoc(id: string): string {
  return readFileSync(`${DOCS}/${id}.md`, 'utf8');
}

/** The fenced code blocks under a `### <heading>` (up to the next heading). */
function examples(
  doc: string,
  heading: string,
): { lang: string; code: string }[] {
  const start = doc.indexOf(`\n### ${heading}\n`);
  if (start < 0) return [];
  const rest = doc.slice(start + heading.length + 6);
  const end = rest.search(/\n##/);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as string,
    code: m[2] as string,
  }));
}

function lintExample(id: string, lang: string, code: string) {
  expect(['js', 'ts'], `${id}: example language`).toContain(lang);
  return new Linter().verify(
    code,
    {
      files: ['**/*.js', '**/*.ts'],
      plugins: { lockctx: plugin as unknown as ESLint.Plugin },
      ...(lang === 'ts'
        ? { languageOptions: { parser: tsParser as unknown as Linter.Parser } }
        : {}),
      rules: { [`lockctx/${id}`]: 'error' },
    },
    { filename: `example.${lang}` },
  );
}

describe('rule docs', () => {
  it('exist for exactly the plugin rules', () => {
    expect(
      readdirSync(DOCS)
        .filter((file) => file.endsWith('.md'))
        .map((file) => file.slice(0, -3))
        .sort(),
    ).toEqual([...CHECK_IDS].sort());
  });

  describe.each(CHECK_IDS)('%s.md', (id) => {
    const doc = readDoc(id);

    it('has the generated title and description, and the required headings', () => {
      expect(doc.startsWith(`# lockctx/${id}\n`)).toBe(true);
      expect(doc).toContain(CHECKS[id].description);
      for (const heading of REQUIRED_HEADINGS) {
        expect(doc.split('\n'), heading).toContain(heading);
      }
    });

    it('documents every option', () => {
      const defaults = plugin.rules[id].meta.defaultOptions?.[0] ?? {};
      for (const option of Object.keys(defaults)) {
        expect(doc, option).toContain(`\`${option}\``);
      }
    });

    it('has incorrect examples that the rule reports', () => {
      const blocks = examples(doc, 'Incorrect');
      expect(blocks.length).toBeGreaterThan(0);
      for (const { lang, code } of blocks) {
        const messages = lintExample(id, lang, code);
        expect(
          messages.filter((m) => m.fatal === true),
          code,
        ).toEqual([]);
        expect(
          messages.filter((m) => m.ruleId === `lockctx/${id}`).length,
          code,
        ).toBeGreaterThan(0);
      }
    });

    it('has correct examples that the rule accepts', () => {
      const blocks = examples(doc, 'Correct');
      expect(blocks.length).toBeGreaterThan(0);
      for (const { lang, code } of blocks) {
        expect(lintExample(id, lang, code), code).toEqual([]);
      }
    });
  });
});

describe('README', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');

  it('lists every rule, linked to its doc, in the generated table', () => {
    const table = readme.slice(
      readme.indexOf('<!-- begin auto-generated rules list -->'),
      readme.indexOf('<!-- end auto-generated rules list -->'),
    );
    const linked = [...table.matchAll(/\]\(docs\/rules\/([\w-]+)\.md\)/g)].map(
      (m) => m[1],
    );
    expect(linked).toEqual([...CHECK_IDS].sort());
  });
});

describe('eslint-doc-generator --check (on the built plugin)', () => {
  it('finds the docs and the README table current', () => {
    const bin = createRequire(import.meta.url).resolve(
      'eslint-doc-generator/dist/bin/eslint-doc-generator.js',
    );
    const run = spawnSync(process.execPath, [bin, '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
