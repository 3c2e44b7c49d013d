import { describe, expect, it } from 'vitest';
import { fresh, prepared, spread } from '../src/harness.js';

describe('spread', () => {
  it.each([
    { values: [5], median: 5, min: 5, max: 5, why: 'one value' },
    {
      values: [3, 1, 2],
      median: 2,
      min: 1,
      max: 3,
      why: 'odd count, unsorted',
    },
    {
      values: [4, 1, 3, 2],
      median: 2.5,
      min: 1,
      max: 4,
      why: 'even count: mean of the middle two',
    },
    {
      values: [1, 1, 100, 1, 1],
      median: 1,
      min: 1,
      max: 100,
      why: 'an outlier does not move the median',
    },
  ])('$why', ({ values, median, min, max }) => {
    expect(spread(values)).toEqual({ median, min, max });
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    spread(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => spread([])).toThrow(/empty/);
  });
});

describe('contenders', () => {
  it('prepared: builds once, trials read the state, release drops it', () => {
    let builds = 0;
    const c = prepared(
      'x',
      () => ({ id: ++builds }),
      (s) => ({ phases: [{ op: 'read', ops: 1, ns: 1, checksum: s.id }] }),
    );
    expect(() => c.trial()).toThrow(/before prepare/);
    c.prepare();
    expect(c.trial().phases[0]!.checksum).toBe(1);
    expect(c.trial().phases[0]!.checksum).toBe(1);
    expect(builds).toBe(1);
    c.release();
    expect(() => c.trial()).toThrow(/before prepare/);
  });

  it('fresh: every trial runs the function', () => {
    let calls = 0;
    const c = fresh('y', () => ({
      phases: [{ op: 'w', ops: 1, ns: 1, checksum: ++calls }],
    }));
    c.prepare();
    c.trial();
    c.trial();
    expect(calls).toBe(2);
  });
});
