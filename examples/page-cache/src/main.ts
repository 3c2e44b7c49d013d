#!/usr/bin/env node
/**
 * The page-cache reproducer: runs the workload under seeded schedules with
 * the pre-6.10 `addFolio` and with the fixed one, and prints what happened.
 *
 *   node examples/page-cache/dist/main.js [--schedules N] [--seed S]
 *     [--protocol pre-6.10|fixed|both] [--json]
 */
import { runReproducerCli } from '@lockctx/example-scheduler';
import { reproduce, summarize } from './reproducer.js';

await runReproducerCli({
  protocols: ['pre-6.10', 'fixed'],
  protocolHelp: 'which addFolio to run',
  reproduce,
  summarize,
});
