import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliEnvironment } from '../src/index.js';
import { CLEAN, STALE, fixture } from './helpers.js';

// In-process runs for what a spawned process cannot show: a terminal.
const files: Record<string, string> = { 'small/a.ts': STALE };
for (let i = 0; i < 60; i++)
  files[`large/f${String(i).padStart(2, '0')}.ts`] = CLEAN;
const project = fixture(files);
afterAll(project.cleanup);

function run(
  args: string[],
  tty: { stdout: boolean; stderr: boolean },
  env: Record<string, string | undefined> = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliEnvironment = {
    cwd: project.dir,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdoutIsTTY: tty.stdout,
    stderrIsTTY: tty.stderr,
    env,
  };
  const code = runCli(args, io);
  return { code, stdout, stderr };
}

describe('runCli on a terminal', () => {
  it.each([
    {
      args: ['check', 'large'],
      tty: true,
      shown: true,
      why: '60 files on a terminal: progress',
    },
    {
      args: ['check', 'small'],
      tty: true,
      shown: false,
      why: 'one file: too few for progress',
    },
    {
      args: ['check', '--no-progress', 'large'],
      tty: true,
      shown: false,
      why: '--no-progress',
    },
    {
      args: ['check', 'large'],
      tty: false,
      shown: false,
      why: 'not a terminal',
    },
  ])('progress: $why', ({ args, tty, shown }) => {
    const { stderr, code } = run(args, { stdout: false, stderr: tty });
    expect(code).toBe(args.includes('small') ? 1 : 0);
    expect(stderr.includes('\r\u001b[Kchecking 1/60 large/f00.ts')).toBe(shown);
    // The line is erased when done, so the report starts clean.
    if (shown) expect(stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it.each([
    { env: {}, colored: true, why: 'a terminal gets color' },
    { env: { NO_COLOR: '1' }, colored: false, why: 'NO_COLOR is honored' },
    { env: { TERM: 'dumb' }, colored: false, why: 'a dumb terminal gets none' },
  ])('color: $why', ({ env, colored }) => {
    const { stdout, code } = run(
      ['check', 'small'],
      { stdout: true, stderr: false },
      env,
    );
    expect(code).toBe(1);
    expect(stdout.includes('\u001b[31merror')).toBe(colored);
  });
});
