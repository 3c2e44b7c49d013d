// 100,000 seeded random operations against the naive model at chunk shift 2
// (4-slot nodes, tall trees), with the invariant walker after every
// step. Its twin file runs the other shift in parallel.
import { describe, it } from 'vitest';
import { randomizedRun } from './randomized.js';

// The timeout only guards against a hang: a loaded machine can stretch the
// ~7 s of CPU per case many times over in wall-clock time.
describe('randomised operations agree with the naive model', () => {
  it.each([
    [2, 3, 50_000],
    [2, 4, 50_000],
  ])('chunkShift %i, seed %i: %i operations', randomizedRun, 600_000);
});
