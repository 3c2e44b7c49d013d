/**
 * The lock specs under test. `@lockctx/analysis` does not export them from
 * its entry point yet, so they are read from its compiled output (built by
 * `tsc -b`, which this project references).
 */
export * from '../../analysis/dist/lockspec/index.js';
