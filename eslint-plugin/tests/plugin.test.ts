import { createRequire } from 'node:module';

import { CHECK_IDS, CHECKS } from '@lockctx/analysis';
import { describe, expect, it } from 'vitest';

import * as entry from '../src/index.js';
import plugin from '../src/index.js';
import { ruleDocsUrl } from '../src/create-rule.js';

const pkg = createRequire(import.meta.url)('../package.json') as {
  version: string;
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

type Schema = {
  type?: string;
  properties?: Record<string, { description?: string }>;
  additionalProperties?: boolean;
};

describe('the plugin entry', () => {
  it('has a default export only (tools that require() it would miss configs otherwise)', () => {
    expect(Object.keys(entry)).toEqual(['default']);
  });

  it('describes itself', () => {
    expect(plugin.meta).toEqual({
      name: 'eslint-plugin-lockctx',
      version: pkg.version,
      namespace: 'lockctx',
    });
  });

  it('declares eslint as a peer and typescript as an optional one', () => {
    expect(pkg.peerDependencies['eslint']).toBe('^10.0.0');
    expect(pkg.peerDependencies['typescript']).toBeDefined();
    expect(pkg.peerDependenciesMeta['typescript']?.optional).toBe(true);
  });

  it('has one rule per analysis check, in catalogue order', () => {
    expect(Object.keys(plugin.rules)).toEqual([...CHECK_IDS]);
  });
});

describe.each(CHECK_IDS)('rule %s', (id) => {
  const rule = plugin.rules[id];
  const info = CHECKS[id];

  it('takes its description, messages and capabilities from the catalogue', () => {
    expect(rule.meta.type).toBe('problem');
    expect(rule.meta.docs?.description).toBe(info.description);
    expect(rule.meta.messages).toEqual(info.messages);
    expect(rule.meta.fixable).toBe(info.fixable ? 'code' : undefined);
    expect(rule.meta.hasSuggestions ?? false).toBe(info.hasSuggestions);
  });

  it('links to its doc', () => {
    expect(rule.meta.docs?.url).toBe(ruleDocsUrl(id));
    expect(ruleDocsUrl(id)).toBe(
      `https://github.com/lockctx/lockctx/blob/main/eslint-plugin/docs/rules/${id}.md`,
    );
  });

  it('has one options object, every option described and defaulted', () => {
    const schema = rule.meta.schema as Schema[];
    expect(schema).toHaveLength(1);
    const [options] = schema as [Schema];
    expect(options.type).toBe('object');
    expect(options.additionalProperties).toBe(false);
    const names = Object.keys(options.properties ?? {});
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(options.properties?.[name]?.description, name).toMatch(/\S/);
    }
    const defaults = (rule.meta.defaultOptions as object[] | undefined)?.[0];
    expect(Object.keys(defaults ?? {}).sort()).toEqual([...names].sort());
  });

  it('has a name equal to its check id', () => {
    expect(rule.name).toBe(id);
  });
});

describe('the configs', () => {
  const ALL = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

  it.each([
    { name: 'recommended', files: ALL },
    { name: 'strict', files: ALL },
    { name: 'recommended-type-checked', files: ['**/*.{ts,mts,cts,tsx}'] },
  ] as const)('$name registers the plugin as lockctx', ({ name, files }) => {
    const config = plugin.configs[name];
    expect(config.name).toBe(`lockctx/${name}`);
    expect(config.files).toEqual(files);
    expect(config.plugins?.['lockctx']).toBe(plugin);
    for (const key of Object.keys(config.rules ?? {})) {
      expect(key.startsWith('lockctx/'), key).toBe(true);
      expect(key.slice('lockctx/'.length) in plugin.rules, key).toBe(true);
    }
  });

  it('recommended: the recommended rules, every-path findings only', () => {
    const expected = Object.fromEntries(
      CHECK_IDS.filter((id) => CHECKS[id].recommended).map((id) => [
        `lockctx/${id}`,
        'onSomePaths' in (plugin.rules[id].meta.defaultOptions?.[0] ?? {})
          ? ['error', { onSomePaths: false }]
          : 'error',
      ]),
    );
    expect(plugin.configs.recommended.rules).toEqual(expected);
    // The path-sensitive rules are exactly those with "on some paths" messages.
    const pathSensitive = CHECK_IDS.filter((id) =>
      Object.keys(CHECKS[id].messages).some((m) => m.endsWith('OnSomePaths')),
    );
    expect(
      pathSensitive.map(
        (id) => plugin.configs.recommended.rules?.[`lockctx/${id}`],
      ),
    ).toEqual(pathSensitive.map(() => ['error', { onSomePaths: false }]));
  });

  it('strict: every rule with its defaults', () => {
    expect(plugin.configs.strict.rules).toEqual(
      Object.fromEntries(CHECK_IDS.map((id) => [`lockctx/${id}`, 'error'])),
    );
  });

  it('recommended-type-checked: recommended rules with the project service', () => {
    const config = plugin.configs['recommended-type-checked'];
    expect(config.rules).toEqual(plugin.configs.recommended.rules);
    expect(config.languageOptions?.parserOptions).toEqual({
      projectService: true,
    });
    expect(config.languageOptions?.parser).toBeDefined();
  });
});
