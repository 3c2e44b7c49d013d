/**
 * `npm run traces -- [folder]`: replays every `*.jsonl` trace in a folder
 * (default: `../shared/xarray-traces` relative to the repository root; a
 * folder you give is relative to the current directory), prints each failing
 * trace with its first wrong line, the known kernel divergences on their own
 * line, and ends with `N passed, M failed`. Exits 1 if any trace failed.
 */
import { resolve } from 'node:path';
import { defaultTraceFolder, listTraces, replayFile } from './replay.js';

function main(argv: string[]): number {
  const arg = argv.find((a) => !a.startsWith('-'));
  const folder =
    arg === undefined ? defaultTraceFolder() : resolve(process.cwd(), arg);
  let files: string[];
  try {
    files = listTraces(folder);
  } catch (err) {
    console.error(
      `Cannot read the trace folder ${folder}: ${(err as Error).message}`,
    );
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let divergences = 0;
  let divergentTraces = 0;
  let lines = 0;
  for (const file of files) {
    let r;
    try {
      r = replayFile(file);
    } catch (err) {
      failed++;
      console.log(`FAIL ${file}: ${(err as Error).message}`);
      continue;
    }
    lines += r.lines;
    divergences += r.divergences;
    if (r.divergences > 0) divergentTraces++;
    if (r.mismatches.length === 0) {
      passed++;
      continue;
    }
    failed++;
    const m = r.mismatches[0]!;
    console.log(
      `FAIL ${r.name}: line ${m.line}: op ${JSON.stringify(m.op)}\n` +
        `  expected ${JSON.stringify(m.expected)}\n` +
        `  got      ${JSON.stringify(m.got)}` +
        (r.mismatches.length > 1
          ? `\n  (${r.mismatches.length} wrong lines in this trace)`
          : ''),
    );
  }
  console.log(`${lines} operations replayed from ${folder}`);
  console.log(
    `${divergences} known kernel divergences (find_after with a mark filter ` +
      `returned the entry covering start again; ours is the next entry) in ` +
      `${divergentTraces} traces, not failures`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
