#!/usr/bin/env node
/**
 * The shmem truncate/swap-in reproducer: runs the workload under seeded schedules with
 * the pre-2026 `shmem_free_swap` and with the fixed one, and prints what happened.
 *
 *   node examples/shmem-swap/dist/main.js [--schedules N] [--seed S]
 *     [--protocol pre-2026|fixed|both] [--json]
 */
import { parseArgs } from 'node:util';
import type { Protocol } from './shmem.js';
import { reproduce, summarize, type ReproduceResult } from './reproducer.js';

const USAGE = `usage: main.js [--schedules N] [--seed S] [--protocol pre-2026|fixed|both] [--json]
  --schedules N  schedules to try per protocol (default 10000)
  --seed S       base seed, an integer 0..2^32-1 (default 1)
  --protocol P   which shmem_free_swap to run (default both)
  --json         print the results as JSON`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(
  text: string | undefined,
  name: string,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    fail(`${name} must be a non-negative integer, got '${text}'`);
  }
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        schedules: { type: 'string' },
        seed: { type: 'string' },
        protocol: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const schedules = integer(values.schedules, '--schedules', 10_000);
  if (schedules < 1) fail('--schedules must be at least 1');
  const seed = integer(values.seed, '--seed', 1);
  if (seed > 0xffffffff) fail('--seed must be below 2^32');
  const which = values.protocol ?? 'both';
  const protocols: Protocol[] =
    which === 'both'
      ? ['pre-2026', 'fixed']
      : which === 'fixed' || which === 'pre-2026'
        ? [which]
        : fail(`--protocol must be pre-2026, fixed or both, got '${which}'`);
  const results: ReproduceResult[] = [];
  for (const protocol of protocols) {
    results.push(await reproduce({ protocol, schedules, seed }));
  }
  if (values.json === true) {
    process.stdout.write(
      `${JSON.stringify(
        results.map((r) => ({
          ...r,
          corruption: r.corruption && {
            ...r.corruption,
            steps: r.corruption.steps.length,
          },
        })),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const result of results)
      process.stdout.write(`${summarize(result)}\n`);
  }
}

await main();
