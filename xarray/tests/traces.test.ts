/**
 * Replays every kernel reference trace: one test per trace file. A trace
 * passes when every line agrees with the kernel, apart from the verified
 * known divergence of the kernel's marked find_after (see the README).
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultTraceFolder,
  listTraces,
  replayFile,
} from '../src/tools/replay.js';

const files = listTraces(defaultTraceFolder());

describe('kernel reference traces', () => {
  it('finds the 160 shared traces', () => {
    expect(files.length).toBe(160);
  });

  for (const file of files) {
    it(basename(file), () => {
      const r = replayFile(file);
      expect(r.lines).toBeGreaterThan(0);
      expect(r.mismatches.slice(0, 1)).toEqual([]);
    });
  }
});
