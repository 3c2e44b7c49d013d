// Runs before every test file: wires typescript-eslint's RuleTester into
// vitest, and turns every internal error of a rule into a test failure (in
// production a rule swallows it; here it must never happen).
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

import { setInternalErrorHandler } from '../src/internal-error.js';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.describeSkip = vitest.describe.skip;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;
RuleTester.itSkip = vitest.it.skip;

setInternalErrorHandler((error, where) => {
  throw new Error(
    `internal error in lockctx/${where.rule} on ${where.filename}`,
    { cause: error },
  );
});
