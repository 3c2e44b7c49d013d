import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AWAIT_LOCKED,
  BROKEN,
  CLEAN,
  STALE,
  fixture,
  runBin,
} from './helpers.js';

const version = (
  JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  }
).version;

const project = fixture({
  'src/stale.ts': STALE,
  'src/await.ts': AWAIT_LOCKED,
  'src/clean.ts': CLEAN,
  'src/notes.md': 'not code',
  'src/ignored-by-git.ts': STALE,
  'src/types.d.ts': STALE,
  '.gitignore': 'src/ignored-by-git.ts\nbuild/\n',
  'build/out.js': STALE,
  'node_modules/dep/index.ts': STALE,
  'dist/index.js': STALE,
  'clean-only/a.ts': CLEAN,
  'broken/bad.ts': BROKEN,
  'configured/lockctx.json': JSON.stringify({
    rules: { 'no-stale-lock-value': 'off', 'no-lock-leak': 'warn' },
  }),
  'configured/stale.ts': STALE,
  'configured/skip/stale.ts': STALE,
  'ignoring/lockctx.json': JSON.stringify({ ignorePatterns: ['skip/'] }),
  'ignoring/skip/stale.ts': STALE,
  'ignoring/clean.ts': CLEAN,
  'bad-json/lockctx.json': '{ "rules": ',
  'bad-key/lockctx.json': JSON.stringify({ checks: {} }),
  'bad-check/lockctx.json': JSON.stringify({
    rules: { 'no-such-check': 'off' },
  }),
  'bad-value/lockctx.json': JSON.stringify({
    rules: { 'no-lock-leak': 'on' },
  }),
  'bad-lock/lockctx.json': JSON.stringify({
    locks: [
      {
        id: 'acme.Lock',
        kind: 'mutex',
        spin: false,
        reentrant: false,
        sources: [{ from: 'global', path: ['acme'] }],
        acquire: [
          {
            form: 'call',
            method: 'take',
            async: true,
            yields: { kind: 'none' },
          },
        ],
      },
    ],
  }),
});
afterAll(project.cleanup);

describe('lockctx: usage', () => {
  it.each([
    { args: ['--help'], why: '--help prints the usage' },
    { args: ['-h'], why: '-h is --help' },
    { args: ['check', '--help'], why: '--help wins over a command' },
  ])('$args ($why)', ({ args }) => {
    const run = runBin(args, project.dir);
    expect(run.status).toBe(0);
    for (const text of [
      'Usage: lockctx check [options] [paths...]',
      '--format',
      'sarif',
      '--config',
      '--progress',
      '--no-color',
      '--version',
      'lockctx.json',
      'Exit codes:',
    ]) {
      expect(run.stdout).toContain(text);
    }
  });

  it.each([
    { args: ['--version'], why: 'long form' },
    { args: ['-v'], why: 'short form' },
  ])('$args prints the package version ($why)', ({ args }) => {
    const run = runBin(args, project.dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it.each([
    { args: [], message: 'missing command', why: 'no command' },
    {
      args: ['lint'],
      message: "unknown command 'lint'",
      why: 'a command that does not exist',
    },
    {
      args: ['check', '--frobnicate'],
      message: "Unknown option '--frobnicate'",
      why: 'an unknown option',
    },
    {
      args: ['check', '--format', 'xml'],
      message: "unknown format 'xml'",
      why: 'a format that does not exist',
    },
    {
      args: ['check', '--format'],
      message: "'-f, --format <value>' argument missing",
      why: 'an option without its value',
    },
    {
      args: ['check', 'no/such/dir'],
      message: 'no such file or directory: no/such/dir',
      why: 'a path that does not exist',
    },
    {
      args: ['check', '--config', 'missing.json', 'src'],
      message: 'cannot read settings file',
      why: 'an explicit settings file that does not exist',
    },
  ])('exits 2 on $why', ({ args, message }) => {
    const run = runBin(args, project.dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it.each([
    {
      dir: 'bad-json',
      message:
        'lockctx.json:1:12: (root): is not valid JSON: unexpected end of input',
      why: 'the settings file is not JSON (with its line and column)',
    },
    {
      dir: 'bad-key',
      message:
        'lockctx.json: checks: is not a known property (allowed: $schema, presets, locks, rules, ignorePatterns)',
      why: 'a key the settings do not have (the former `checks` is `rules`)',
    },
    {
      dir: 'bad-value',
      message:
        'lockctx.json: rules.no-lock-leak: must be one of "off", "hint", "info", "warn", "error" (got "on")',
      why: 'a severity that does not exist',
    },
    {
      dir: 'bad-lock',
      message:
        'lockctx.json: locks[0].acquire[0]: keeps the lock after the call but nothing releases it',
      why: 'a custom lock that can never be released',
    },
  ])('exits 2 when lockctx.json is invalid: $why', ({ dir, message }) => {
    const run = runBin(['check', '.'], `${project.dir}/${dir}`);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

interface JsonOutput {
  tool: { name: string; version: string };
  files: {
    path: string;
    findings: {
      check: string;
      loc: { start: { line: number } };
      related: unknown[];
    }[];
    parseError?: string;
  }[];
  summary: { files: number; findings: number; parseErrors: number };
}

function json(
  args: string[],
  cwd = project.dir,
): { status: number | null; out: JsonOutput } {
  const run = runBin(['check', '--format', 'json', ...args], cwd);
  return { status: run.status, out: JSON.parse(run.stdout) as JsonOutput };
}

describe('lockctx check: files', () => {
  it.each([
    {
      args: ['.'],
      files: [
        'broken/bad.ts',
        'clean-only/a.ts',
        'configured/skip/stale.ts',
        'configured/stale.ts',
        'ignoring/clean.ts',
        'ignoring/skip/stale.ts',
        'src/await.ts',
        'src/clean.ts',
        'src/stale.ts',
      ],
      why: 'skips node_modules, dist, .d.ts, non-code files, and what the root .gitignore ignores (build/, one file); nested lockctx.json files are not read',
    },
    {
      args: ['src'],
      files: ['src/await.ts', 'src/clean.ts', 'src/stale.ts'],
      why: 'a .gitignore above the walked folder still applies',
    },
    {
      args: ['src/ignored-by-git.ts', 'src/stale.ts', 'src'],
      files: [
        'src/ignored-by-git.ts',
        'src/stale.ts',
        'src/await.ts',
        'src/clean.ts',
      ],
      why: 'a file named explicitly is checked even if ignored, and listed once',
    },
  ])('$args ($why)', ({ args, files }) => {
    const { out } = json(args);
    expect(out.files.map((f) => f.path)).toEqual(files);
  });

  it('reads ignorePatterns from lockctx.json in the working directory', () => {
    const { status, out } = json(['.'], `${project.dir}/ignoring`);
    expect(out.files.map((f) => f.path)).toEqual(['clean.ts']);
    expect(status).toBe(0);
  });

  it('finds lockctx.json in a folder above the working directory', () => {
    const { status, out } = json(['.'], `${project.dir}/ignoring/skip`);
    // skip/ is ignored by ../lockctx.json, relative to that file.
    expect(out.files.map((f) => f.path)).toEqual([]);
    expect(status).toBe(0);
  });

  it('--config names the settings file to use instead', () => {
    const { out } = json(
      ['--config', '../ignoring/lockctx.json', '.'],
      `${project.dir}/configured`,
    );
    // The patterns are relative to the file named: nothing here matches.
    expect(out.files.map((f) => f.path)).toEqual(['skip/stale.ts', 'stale.ts']);
    // configured/lockctx.json (which turns a check off) is not read.
    expect(out.files[1]!.findings.map((f) => f.check)).toContain(
      'no-stale-lock-value',
    );
  });
});

describe('lockctx check: findings and exit codes', () => {
  it('exits 1 and reports each bug with its check id', () => {
    const { status, out } = json(['src']);
    expect(status).toBe(1);
    const byFile = Object.fromEntries(
      out.files.map((f) => [f.path, f.findings.map((x) => x.check)]),
    );
    expect(byFile['src/stale.ts']).toContain('no-stale-lock-value');
    expect(byFile['src/await.ts']).toContain('no-await-while-locked');
    expect(byFile['src/clean.ts']).toEqual([]);
    expect(out.summary.findings).toBe(
      byFile['src/stale.ts']!.length + byFile['src/await.ts']!.length,
    );
    expect(out.tool).toEqual({ name: 'lockctx', version });
  });

  it('exits 2 when lockctx.json names a check that does not exist', () => {
    const run = runBin(['check', '.'], `${project.dir}/bad-check`);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'lockctx.json: rules.no-such-check: is not a known property',
    );
  });

  it('exits 0 on clean code', () => {
    const run = runBin(['check', '.'], `${project.dir}/clean-only`);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('✔ 1 file checked, no problems\n');
  });

  it('exits 1 on a file that cannot be parsed, and says so', () => {
    const run = runBin(['check', 'broken'], project.dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('broken/bad.ts');
    expect(run.stdout).toContain('cannot parse');
    expect(run.stdout).toContain('1 file not parsed');
  });

  it('turns off the checks lockctx.json turns off', () => {
    const on = json(['src/stale.ts']).out.files[0]!.findings.map(
      (f) => f.check,
    );
    const off = json(
      ['stale.ts'],
      `${project.dir}/configured`,
    ).out.files[0]!.findings.map((f) => f.check);
    expect(on).toContain('no-stale-lock-value');
    expect(off).not.toContain('no-stale-lock-value');
    expect(off).toEqual(on.filter((c) => c !== 'no-stale-lock-value'));
  });

  it('prints stylish output with code frames, related locations and a summary', () => {
    const run = runBin(['check', 'src/stale.ts'], project.dir);
    const { out } = json(['src/stale.ts']);
    const first = out.files[0]!.findings[0]!;
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^src\/stale\.ts\n/);
    expect(run.stdout).toContain('lockctx/no-stale-lock-value');
    // The frame marks the finding's line and underlines it.
    expect(run.stdout).toMatch(new RegExp(`> ${first.loc.start.line} \\|`));
    expect(run.stdout).toMatch(/\|\s+\^+/);
    // Related locations follow with an arrow.
    expect(first.related.length).toBeGreaterThan(0);
    expect(run.stdout).toContain('↳');
    const n = out.summary.findings;
    expect(run.stdout).toContain(
      `✖ ${n} problem${n === 1 ? '' : 's'} in 1 file (1 file checked)`,
    );
    expect(run.stdout).not.toContain('\u001b[');
  });

  it.each([
    {
      args: ['--color'],
      env: {},
      colored: true,
      why: '--color forces color',
    },
    { args: [], env: {}, colored: false, why: 'not a terminal: no color' },
    { args: ['--no-color'], env: {}, colored: false, why: '--no-color' },
  ])('colors: $why', ({ args, env, colored }) => {
    const run = runBin(['check', ...args, 'src/stale.ts'], project.dir, env);
    expect(run.stdout.includes('\u001b[')).toBe(colored);
  });

  it.each([
    {
      args: ['--progress'],
      expected: 'checked 1/3 files\nchecked 2/3 files\nchecked 3/3 files\n',
      why: '--progress reports on a non-terminal',
    },
    {
      args: [],
      expected: '',
      why: 'no progress on a non-terminal by default',
    },
  ])('progress: $why', ({ args, expected }) => {
    const run = runBin(['check', ...args, 'src'], project.dir);
    expect(run.stderr).toBe(expected);
  });
});
