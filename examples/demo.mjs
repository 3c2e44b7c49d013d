// `npm run demo`: the whole argument end to end. Builds, runs the lockctx
// CLI on the examples, runs the page-cache and shmem reproducers on the
// buggy and the fixed code, and prints a short summary.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = (text = '') => process.stdout.write(`${text}\n`);

function run(args, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (!quiet && result.stderr) process.stderr.write(result.stderr);
  return result;
}

out('lockctx demo');
out('============');
out();
out('1. npx lockctx check examples/   (the analysis core, no ESLint config)');
out();
const check = run([
  'packages/cli/dist/bin.js',
  'check',
  '--format',
  'json',
  'examples/',
]);
if (check.status === 2) {
  process.stderr.write(check.stderr);
  process.exit(1);
}
const report = JSON.parse(check.stdout);

/** The reason a finding is expected, from the disable comment above it (ESLint reads it; the CLI does not). */
function why(path, finding) {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  const above = lines[finding.loc.start.line - 2] ?? '';
  const m = /eslint-disable-next-line\s+lockctx\/[\w-]+\s+--\s+([^:]+)/.exec(
    above,
  );
  return m ? `   (${m[1].trim()})` : '';
}
for (const file of report.files) {
  for (const f of file.findings) {
    const where = `${file.path}:${f.loc.start.line}:${f.loc.start.column + 1}`;
    out(`   ${where}  ${f.check}${why(file.path, f)}`);
    out(`      ${f.message.split('. ')[0].replace(/\.$/, '')}.`);
  }
}
const s = report.summary;
out();
out(
  `   ${s.findings} findings in ${s.filesWithFindings} of ${s.files} files (exit code ${check.status}); \`npx lockctx check examples/\` shows them with code frames`,
);
out();

function reproducer(title, script, schedules) {
  out(title);
  out();
  const result = run([script, '--schedules', String(schedules), '--json']);
  const rows = JSON.parse(result.stdout);
  for (const r of rows) {
    const c = r.corruption;
    out(
      c
        ? `   ${r.protocol.padEnd(9)} corrupted after ${c.schedule} schedule${c.schedule === 1 ? '' : 's'} (seed ${c.seed}, step ${c.steps}):\n             ${c.violation}`
        : `   ${r.protocol.padEnd(9)} clean over ${r.schedules.toLocaleString('en-US')} schedules (${r.steps.toLocaleString('en-US')} steps)`,
    );
  }
  out();
  return rows;
}

const pageCache = reproducer(
  '2. The 2024 page-cache race (__filemap_add_folio), seeded schedules of async tasks',
  'examples/page-cache/dist/main.js',
  10_000,
);
const shmem = reproducer(
  '3. The 2026 shmem truncate/split race (shmem_free_swap)',
  'examples/shmem-swap/dist/main.js',
  10_000,
);

const buggyCaught = report.files.some(
  (f) =>
    f.path === 'examples/page-cache/src/add-folio-buggy.ts' &&
    f.findings.some((x) => x.check === 'no-stale-lock-value'),
);
const ok = (rows, protocol, corrupt) =>
  rows.some(
    (r) => r.protocol === protocol && (r.corruption !== undefined) === corrupt,
  );
out('Summary');
out(
  `   the linter flags the pre-6.10 addFolio:            ${buggyCaught ? 'yes' : 'NO'}`,
);
out(
  `   the pre-6.10 page cache corrupts under the race:   ${ok(pageCache, 'pre-6.10', true) ? 'yes' : 'NO'}`,
);
out(
  `   the fixed page cache stays clean:                  ${ok(pageCache, 'fixed', false) ? 'yes' : 'NO'}`,
);
out(
  `   the pre-2026 shmem truncation corrupts:            ${ok(shmem, 'pre-2026', true) ? 'yes' : 'NO'}`,
);
out(
  `   the fixed shmem truncation stays clean:            ${ok(shmem, 'fixed', false) ? 'yes' : 'NO'}`,
);
const all =
  buggyCaught &&
  ok(pageCache, 'pre-6.10', true) &&
  ok(pageCache, 'fixed', false) &&
  ok(shmem, 'pre-2026', true) &&
  ok(shmem, 'fixed', false);
process.exitCode = all ? 0 : 1;
