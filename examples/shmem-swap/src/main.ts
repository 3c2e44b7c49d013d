#!/usr/bin/env node
/**
 * The shmem truncate/swap-in reproducer: runs the workload under seeded schedules with
 * the pre-2026 `shmem_free_swap` and with the fixed one, and prints what happened.
 *
 *   node examples/shmem-swap/dist/main.js [--schedules N] [--seed S]
 *     [--protocol pre-2026|fixed|both] [--json]
 */
import { runReproducerCli } from '@lockctx/example-scheduler';
import { reproduce, summarize } from './reproducer.js';

await runReproducerCli({
  protocols: ['pre-2026', 'fixed'],
  protocolHelp: 'which shmem_free_swap to run',
  reproduce,
  summarize,
});
