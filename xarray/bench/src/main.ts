/**
 * The XArray benchmark: every workload of ../shared/bench/WORKLOADS.md on
 * @lockctx/xarray and its peers in one run. See `--help`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canCollect, setClock } from './harness.js';
import { Inputs } from './inputs.js';
import { USAGE, UsageError, parseOptions } from './options.js';
import {
  markdownTable,
  markdownTargets,
  targetReport,
  workloadReport,
} from './report.js';
import { judge, toJson } from './results.js';
import type { WorkloadResults } from './results.js';
import { runWorkload } from './run.js';
import type { Failure } from './run.js';
import { ratioChart } from './svg.js';
import { WORKLOADS } from './workloads/index.js';

function main(): number {
  let options;
  try {
    options = parseOptions(
      process.argv.slice(2),
      WORKLOADS.map((w) => w.id),
    );
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench:xarray: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Heap figures need a real collection: re-run this script under the flag.
  if (!canCollect()) {
    const script = fileURLToPath(import.meta.url);
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', ...process.execArgv, script, ...process.argv.slice(2)],
      { stdio: 'inherit' },
    );
    if (child.error !== undefined) throw child.error;
    return child.status ?? 1;
  }

  setClock(options.clock);
  const n = options.quick ? 100_000 : 1_000_000;
  const workloads = WORKLOADS.filter(
    (w) => options.only === undefined || options.only.includes(w.id),
  );
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores`;
  const load = loadavg()[0]!.toFixed(1);
  const caption = `N = ${n.toLocaleString('en-US')}, median of ${options.runs} runs, ${options.clock === 'cpu' ? 'CPU time' : 'wall time'}, Node ${process.version}, ${machine}, load average ${load} at start`;
  const progress = (line: string): void => {
    process.stderr.write(`  … ${line}\n`);
  };
  process.stdout.write(`XArray benchmark: ${caption}\n`);
  process.stdout.write('\n');

  const inputs = new Inputs(n);
  const failures: Failure[] = [];
  const results: WorkloadResults[] = [];
  for (const workload of workloads) {
    const started = Date.now();
    const result = runWorkload(
      workload,
      inputs,
      { runs: options.runs, progress },
      failures,
    );
    results.push(result);
    process.stdout.write(`${workloadReport(result)}\n`);
    process.stdout.write(
      `  (${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`,
    );
  }
  const verdicts = judge(results);
  if (verdicts.length > 0) process.stdout.write(`${targetReport(verdicts)}\n`);

  if (options.json !== undefined) {
    write(options.json, `${JSON.stringify(toJson(results), null, 2)}\n`);
  }
  if (options.svg !== undefined)
    write(options.svg, ratioChart(results, caption));
  if (options.markdown !== undefined) {
    write(
      options.markdown,
      `${caption}.\n\n${markdownTable(results)}\n\n${markdownTargets(results)}\n`,
    );
  }
  if (failures.length > 0) {
    process.stdout.write(`\n${failures.length} implementation(s) failed:\n`);
    for (const f of failures) {
      process.stdout.write(`  ${f.workload} ${f.impl}: ${f.message}\n`);
    }
    return 1;
  }
  return 0;
}

/** Writes a file named relative to where the command was typed. */
function write(file: string, text: string): void {
  // npm runs scripts from the package root; INIT_CWD is where it was called.
  const path = resolve(process.env['INIT_CWD'] ?? process.cwd(), file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}

process.exitCode = main();
