/**
 * Long randomised runs against the naive model:
 *
 *   npm run fuzz -- --ops N --seed S [--shift K]
 *
 * Without `--shift` it runs N operations at chunk shift 6 and N at chunk
 * shift 2. It prints progress, and on a divergence the seed, the step and a
 * shrunk operation log that reproduces it; the exit code is then 1.
 */
import { checkInvariants } from '../debug.js';
import { XArray } from '../index.js';
import {
  Divergence,
  runRandomized,
  type DriverTarget,
} from '../testing/driver.js';

interface Args {
  ops: number;
  seed: number;
  shifts: number[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    ops: 1_000_000,
    seed: Date.now() % 1_000_000,
    shifts: [6, 2],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = Number(value);
    const valid =
      value !== undefined && Number.isSafeInteger(number) && number >= 0;
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: npm run fuzz -- --ops N --seed S [--shift K]\n',
      );
      process.exit(0);
    }
    if (flag !== '--ops' && flag !== '--seed' && flag !== '--shift') {
      throw new Error(
        `unknown argument ${String(flag)}; usage: --ops N --seed S [--shift K]`,
      );
    }
    if (!valid)
      throw new Error(
        `${flag} needs a non-negative integer, got ${String(value)}`,
      );
    if (flag === '--ops') args.ops = number;
    else if (flag === '--seed') args.seed = number;
    else {
      if (number < 1 || number > 6)
        throw new Error(`--shift must be 1..6, got ${number}`);
      args.shifts = [number];
    }
    i++;
  }
  return args;
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const target: DriverTarget = {
    create: (options) => new XArray<number>(options),
    check: (xa) => checkInvariants(xa as XArray<number>),
  };
  for (const chunkShift of args.shifts) {
    const started = Date.now();
    process.stdout.write(
      `fuzz: seed ${args.seed}, chunk shift ${chunkShift}, ${args.ops} operations\n`,
    );
    try {
      const stats = runRandomized(target, {
        seed: args.seed,
        ops: args.ops,
        chunkShift,
        progressEvery: 50_000,
        onProgress: (done) => {
          const secs = (Date.now() - started) / 1000;
          process.stdout.write(
            `  ${done} operations, ${secs.toFixed(1)} s (${Math.round(done / secs)} ops/s)\n`,
          );
        },
      });
      const secs = (Date.now() - started) / 1000;
      process.stdout.write(
        `ok: ${stats.ops} operations in ${stats.episodes} arrays, ${secs.toFixed(1)} s, up to ${stats.maxEntries} entries\n`,
      );
    } catch (e) {
      if (e instanceof Divergence) {
        process.stdout.write(`FAIL: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  return 0;
}

process.exitCode = main();
