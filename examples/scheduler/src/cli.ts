/**
 * The command line every reproducer shares:
 * `main.js [--schedules N] [--seed S] [--protocol <buggy>|<fixed>|both] [--json]`.
 */
import { parseArgs } from 'node:util';
import type { SearchResult } from './search.js';

/** What a reproducer plugs into {@link runReproducerCli}. */
export interface ReproducerCli<P extends string> {
  /** The two protocols, the buggy one first. */
  protocols: readonly [P, P];
  /** What `--protocol` picks, for the usage text ("which addFolio to run"). */
  protocolHelp: string;
  reproduce(options: {
    protocol: P;
    schedules: number;
    seed: number;
  }): Promise<SearchResult<P>>;
  summarize(result: SearchResult<P>): string;
}

function usage(cli: ReproducerCli<string>): string {
  const [buggy, fixed] = cli.protocols;
  return `usage: main.js [--schedules N] [--seed S] [--protocol ${buggy}|${fixed}|both] [--json]
  --schedules N  schedules to try per protocol (default 10000)
  --seed S       base seed, an integer 0..2^32-1 (default 1)
  --protocol P   ${cli.protocolHelp} (default both)
  --json         print the results as JSON`;
}

/** A usage mistake: the message names it; the caller prints the usage. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(text: string | undefined, name: string, fallback: number) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(
      `${name} must be a non-negative integer, got '${text}'`,
    );
  }
  return value;
}

/**
 * Parses `args`, runs the reproducer for each chosen protocol and returns
 * what to print; a usage mistake gives exit code 2 and the usage on stderr.
 */
export async function reproducerMain<P extends string>(
  cli: ReproducerCli<P>,
  args: readonly string[],
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        schedules: { type: 'string' },
        seed: { type: 'string' },
        protocol: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help === true) {
      return { stdout: `${usage(cli)}\n`, stderr: '', exitCode: 0 };
    }
    const schedules = integer(values.schedules, '--schedules', 10_000);
    if (schedules < 1) throw new UsageError('--schedules must be at least 1');
    const seed = integer(values.seed, '--seed', 1);
    if (seed > 0xffffffff) throw new UsageError('--seed must be below 2^32');
    const which = values.protocol ?? 'both';
    const [buggy, fixed] = cli.protocols;
    const chosen = cli.protocols.find((p) => p === which);
    if (which !== 'both' && chosen === undefined) {
      throw new UsageError(
        `--protocol must be ${buggy}, ${fixed} or both, got '${which}'`,
      );
    }
    const protocols = chosen === undefined ? cli.protocols : [chosen];
    const results: SearchResult<P>[] = [];
    for (const protocol of protocols) {
      results.push(await cli.reproduce({ protocol, schedules, seed }));
    }
    const stdout =
      values.json === true
        ? `${JSON.stringify(
            results.map((r) => ({
              ...r,
              corruption: r.corruption && {
                ...r.corruption,
                steps: r.corruption.steps.length,
              },
            })),
            null,
            2,
          )}\n`
        : results.map((r) => `${cli.summarize(r)}\n`).join('');
    return { stdout, stderr: '', exitCode: 0 };
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      return {
        stdout: '',
        stderr: `${(error as Error).message}\n${usage(cli)}\n`,
        exitCode: 2,
      };
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** {@link reproducerMain} on `process.argv`, writing to the process's streams. */
export async function runReproducerCli<P extends string>(
  cli: ReproducerCli<P>,
): Promise<void> {
  const out = await reproducerMain(cli, process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
