import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// vitest strips types without checking them; the tests are checked here
// (the sources are checked by the build).
it('the tests type-check under the repository settings', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', 'tests/tsconfig.json', '--pretty', 'false'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
});
