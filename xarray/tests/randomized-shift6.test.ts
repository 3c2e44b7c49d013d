// 100,000 seeded random operations against the naive model at chunk shift 6
// (the kernel's 64-slot nodes), with the invariant walker after every
// step. Its twin file runs the other shift in parallel.
import { describe, it } from 'vitest';
import { randomizedRun } from './randomized.js';

// The timeout only guards against a hang: a loaded machine can stretch the
// ~7 s of CPU per case many times over in wall-clock time.
describe('randomised operations agree with the naive model', () => {
  it.each([
    [6, 1, 50_000],
    [6, 2, 50_000],
  ])('chunkShift %i, seed %i: %i operations', randomizedRun, 600_000);
});
