/**
 * Prints where a V8 CPU profile (`.cpuprofile`, from `node --cpu-prof`)
 * spent its time: the functions with the most self time, with their file and
 * line, and the share of the samples each took.
 *
 *   node xarray/bench/dist/profile-top.js FILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of the .cpuprofile format read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly hitCount?: number;
  }[];
  readonly samples?: readonly number[];
}

/** One function's share of a profile. */
export interface Hot {
  readonly name: string;
  readonly where: string;
  readonly samples: number;
  readonly share: number;
}

/** The functions of a profile, most self time first. */
export function hotFunctions(profile: CpuProfile): Hot[] {
  const hits = new Map<number, number>();
  if (profile.samples !== undefined && profile.samples.length > 0) {
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  } else {
    for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  }
  const byFunction = new Map<
    string,
    { name: string; where: string; samples: number }
  >();
  let total = 0;
  for (const n of profile.nodes) {
    const count = hits.get(n.id) ?? 0;
    if (count === 0) continue;
    total += count;
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url === '' ? '' : `${shorten(url)}:${lineNumber + 1}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, samples: 0 };
    entry.samples += count;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .map((e) => ({ ...e, share: total === 0 ? 0 : e.samples / total }))
    .sort((a, b) => b.samples - a.samples);
}

function shorten(url: string): string {
  try {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    return relative(process.cwd(), path) || path;
  } catch {
    return url;
  }
}

function main(args: readonly string[]): number {
  const file = args[0];
  let top = 25;
  if (args[1] === '--top' && /^[1-9]\d*$/.test(args[2] ?? ''))
    top = Number(args[2]);
  if (file === undefined || (args.length > 1 && args.length !== 3)) {
    process.stderr.write('usage: profile-top FILE.cpuprofile [--top N]\n');
    return 2;
  }
  let profile: CpuProfile;
  try {
    profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  } catch (error) {
    process.stderr.write(
      `profile-top: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  if (!Array.isArray(profile.nodes)) {
    process.stderr.write(
      `profile-top: ${file} is not a .cpuprofile (no nodes)\n`,
    );
    return 1;
  }
  for (const h of hotFunctions(profile).slice(0, top)) {
    process.stdout.write(
      `${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name.padEnd(32)} ${h.where}\n`,
    );
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === process.argv[1]
) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = main(process.argv.slice(2));
}
