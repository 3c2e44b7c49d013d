/** Command-line options of the benchmark. */
import type { Clock } from './harness.js';

/** What the command line asked for. */
export interface Options {
  readonly json: string | undefined;
  readonly svg: string | undefined;
  readonly markdown: string | undefined;
  readonly quick: boolean;
  /** Workload ids to run, or undefined for all. */
  readonly only: readonly string[] | undefined;
  readonly runs: number;
  /** What phases are timed with (see harness `Clock`). */
  readonly clock: Clock;
  readonly help: boolean;
}

/** The usage text. */
export const USAGE = `usage: npm run bench:xarray -- [--json FILE] [--svg FILE] [--quick] [--only W1,W6]

Measures @lockctx/xarray and its peers (Map, Array, sorted-btree,
@js-sdsl/ordered-map, ...) on the workloads W1-W10, in one run.

  --json FILE     write the figures as JSON
  --svg FILE      write a log-scale chart of lockctx / peer ratios
  --markdown FILE write the figures and targets as Markdown tables
  --quick         N = 100,000 instead of 1,000,000
  --only LIST     run only these workloads (comma-separated ids, e.g. W1,W6)
  --runs K        measured runs per implementation (at least 5; default 5)
  --clock cpu|wall  time phases by this process's CPU time (default: a
                  machine busy with other work does not inflate it) or by
                  elapsed time (right on an otherwise idle machine)
  --help          print this text`;

/** The minimum number of measured runs (the median of at least five). */
export const MIN_RUNS = 5;

/** An error in the command line; its message says what to fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the arguments after the script name. */
export function parseOptions(
  args: readonly string[],
  known: readonly string[],
): Options {
  let json: string | undefined;
  let svg: string | undefined;
  let markdown: string | undefined;
  let quick = false;
  let only: string[] | undefined;
  let runs = MIN_RUNS;
  let clock: Clock = 'cpu';
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (
        v === undefined ||
        v === '' ||
        (inline === undefined && v.startsWith('--'))
      ) {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '--json':
        json = value();
        break;
      case '--svg':
        svg = value();
        break;
      case '--markdown':
        markdown = value();
        break;
      case '--quick':
        quick = true;
        break;
      case '--only': {
        const ids = value()
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter((s) => s !== '');
        const unknown = ids.filter((id) => !known.includes(id));
        if (unknown.length > 0 || ids.length === 0) {
          throw new UsageError(
            `--only: unknown workload ${unknown.join(', ') || '(none given)'}; choose from ${known.join(', ')}`,
          );
        }
        only = ids;
        break;
      }
      case '--runs': {
        const v = value();
        const k = Number(v);
        if (!Number.isInteger(k) || k < MIN_RUNS) {
          throw new UsageError(
            `--runs ${v}: give an integer of at least ${MIN_RUNS} (figures are medians of at least ${MIN_RUNS} runs)`,
          );
        }
        runs = k;
        break;
      }
      case '--clock': {
        const v = value();
        if (v !== 'cpu' && v !== 'wall') {
          throw new UsageError(`--clock ${v}: give cpu or wall`);
        }
        clock = v;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return { json, svg, markdown, quick, only, runs, clock, help };
}
