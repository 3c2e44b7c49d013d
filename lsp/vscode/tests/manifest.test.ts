import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

// @ts-expect-error: a plain ES module script without types
import { settingsTables } from '../scripts/settings-table.mjs';

interface Property {
  type: string;
  default: unknown;
  description?: string;
  enum?: string[];
  scope?: string;
}
interface Manifest {
  name: string;
  version: string;
  main: string;
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, Property> };
    commands: { command: string; title: string; category: string }[];
  };
}

const read = (name: string): string =>
  readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json')) as Manifest;
const readme = read('README.md');
const extensionSource = read('src/extension.ts');
const properties = Object.entries(manifest.contributes.configuration.properties);
const [settingsTable, commandsTable] = settingsTables(manifest) as [string, string];

describe('the manifest', () => {
  it.each(properties)(
    '%s has a description and a default (VS Code shows both in the Settings UI)',
    (_key, property) => {
      expect(property.description ?? '').toMatch(/\S.{10,}/);
      expect(property.default).not.toBeUndefined();
    },
  );

  it.each(manifest.contributes.commands.map((c) => [c.command]))(
    '%s is registered by the extension (a contributed command must exist)',
    (command) => {
      expect(extensionSource).toContain(`'${command}'`);
    },
  );

  it.each([
    ['onLanguage:javascript', 'plain JavaScript is checked'],
    ['onLanguage:typescript', 'TypeScript is checked'],
    ['onLanguage:javascriptreact', 'JSX is checked'],
    ['onLanguage:typescriptreact', 'TSX is checked'],
  ])('activates on %s (%s)', (event) => {
    expect(manifest.activationEvents).toContain(event);
  });

  it('points main at the esbuild bundle the .vsix ships', () => {
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(read('.vscodeignore')).toContain('!dist/extension.cjs');
    expect(read('.vscodeignore')).toContain('!dist/server.cjs');
  });
});

describe('the README documents the manifest', () => {
  it('holds the settings table generated from the manifest, unchanged', () => {
    expect(readme).toContain(settingsTable);
  });

  it('holds the commands table generated from the manifest, unchanged', () => {
    expect(readme).toContain(commandsTable);
  });

  it.each(properties.map(([key]) => [key]))(
    'names setting %s exactly once in the table (no stale or doubled rows)',
    (key) => {
      const rows = readme.split('\n').filter((l) => l.startsWith(`| \`${key}\` |`));
      expect(rows).toHaveLength(1);
    },
  );
});
