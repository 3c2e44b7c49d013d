/**
 * Runs the trials of one implementation of one workload, and nothing else,
 * so that a CPU profile (`node --cpu-prof`) shows only its work:
 *
 *   node --cpu-prof --cpu-prof-dir=prof xarray/bench/dist/profile.js W2
 *   node xarray/bench/dist/profile-top.js prof/*.cpuprofile
 *
 * Arguments: a workload id, then optionally `--impl NAME` (default
 * lockctx), `--trials K` (default 5) and `--quick`.
 */
import { Inputs } from './inputs.js';
import { prime } from './run.js';
import { WORKLOADS } from './workloads/index.js';

function main(args: readonly string[]): number {
  const id = args[0]?.toUpperCase();
  const workload = WORKLOADS.find((w) => w.id === id);
  if (workload === undefined) {
    process.stderr.write(
      `profile: give a workload id first (${WORKLOADS.map((w) => w.id).join(', ')}), then --impl NAME, --trials K, --quick\n`,
    );
    return 2;
  }
  let impl = 'lockctx';
  let trials = 5;
  let quick = false;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--impl' && args[i + 1] !== undefined) impl = args[++i]!;
    else if (arg === '--trials' && /^[1-9]\d*$/.test(args[i + 1] ?? '')) {
      trials = Number(args[++i]);
    } else if (arg === '--quick') quick = true;
    else {
      process.stderr.write(`profile: unknown or incomplete argument ${arg}\n`);
      return 2;
    }
  }
  const n = quick ? 100_000 : 1_000_000;
  const contenders = workload.contenders(new Inputs(n));
  const contender = contenders.find((c) => c.impl === impl);
  if (contender === undefined) {
    process.stderr.write(
      `profile: ${workload.id} has no ${impl}; it has ${contenders.map((c) => c.impl).join(', ')}\n`,
    );
    return 2;
  }
  // As the benchmark does: one whole trial on a small input first.
  prime(workload, n, impl);
  contender.prepare();
  for (let k = 1; k <= trials; k++) {
    const trial = contender.trial();
    const figures = trial.phases
      .map((p) => `${p.op} ${(p.ns / p.ops).toFixed(1)} ns/op`)
      .join(', ');
    process.stdout.write(
      `${workload.id} ${impl} trial ${k}/${trials}: ${figures}\n`,
    );
  }
  contender.release();
  return 0;
}

process.exitCode = main(process.argv.slice(2));
