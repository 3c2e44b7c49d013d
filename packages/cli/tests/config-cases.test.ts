/**
 * The cases of the shared table that need project settings, through the
 * command line as a project runs it: each case's file is written to a
 * fresh folder with its settings as `lockctx.json` beside it, and
 * `lockctx check --format json` must report exactly the case's findings
 * (check, start and end). The `lockctx.json` is found by discovery, and
 * again through `--config` from another folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '@lockctx/cases';
import { configCases } from '@lockctx/cases';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliEnvironment } from '../src/index.js';
import { fixture } from './helpers.js';

const project = fixture({ '.git/HEAD': 'ref: refs/heads/main\n' });
afterAll(project.cleanup);

interface JsonFinding {
  check: string;
  loc: {
    start: { line: number; column: number };
    end: { line: number; column: number };
  };
}

function check(
  args: string[],
  cwd: string,
): { code: number; findings: string[]; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliEnvironment = {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
  };
  const code = runCli(['check', '--format', 'json', ...args], io);
  if (code === 2) return { code, findings: [], stderr };
  const out = JSON.parse(stdout) as { files: { findings: JsonFinding[] }[] };
  const findings = out.files.flatMap((f) =>
    f.findings.map(
      (x) =>
        `${x.check} ${x.loc.start.line}:${x.loc.start.column + 1}-${x.loc.end.line}:${x.loc.end.column + 1}`,
    ),
  );
  return { code, findings: findings.sort(), stderr };
}

const expected = (c: Case): string[] =>
  c.findings
    .map((f) => `${f.check} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
    .sort();

describe('lockctx check: cases with a lockctx.json', () => {
  configCases.forEach((c, n) => {
    const title = `${c.rule}: ${c.name}: ${c.why}`;
    const body = (): void => {
      const dir = join(project.dir, `case-${n}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, c.filename), c.code);
      writeFileSync(
        join(dir, 'lockctx.json'),
        JSON.stringify(c.settings, null, 2),
      );
      const found = check([c.filename], dir);
      expect(found.stderr).toBe('');
      expect(found.findings).toEqual(expected(c));
      expect(found.code).toBe(c.findings.length > 0 ? 1 : 0);
    };
    if (c.todo !== undefined) it.fails(`TODO ${title} — ${c.todo}`, body);
    else it(title, body);
  });

  it('reads the settings through --config from another folder', () => {
    const c = configCases.find(
      (x) =>
        x.todo === undefined &&
        x.findings.length > 0 &&
        x.settings?.locks !== undefined,
    )!;
    const dir = join(project.dir, 'elsewhere');
    mkdirSync(join(dir, 'code'), { recursive: true });
    writeFileSync(join(dir, 'code', c.filename), c.code);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(c.settings));
    expect(check([c.filename], join(dir, 'code')).findings).toEqual([]);
    expect(
      check(['--config', '../settings.json', c.filename], join(dir, 'code'))
        .findings,
    ).toEqual(expected(c));
  });
});
