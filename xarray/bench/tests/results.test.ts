import { describe, expect, it } from 'vitest';
import { judge, peer, ratio, toJson } from '../src/results.js';
import type { Result, WorkloadResults } from '../src/results.js';

function r(impl: string, op: string, ns: number, bytes?: number): Result {
  return {
    impl,
    op,
    nsPerOp: { median: ns, min: ns - 1, max: ns + 1 },
    ...(bytes === undefined ? {} : { bytesPerEntry: bytes }),
  };
}

const W1: WorkloadResults = {
  id: 'W1',
  title: 'dense store',
  results: [
    r('lockctx', 'store', 30, 10),
    r('Map', 'store', 150, 30),
    r('Array', 'store', 20, 9),
    r('sorted-btree', 'store', 400, 26),
    r('@js-sdsl/ordered-map', 'store', 100, 70),
  ],
};

const W4: WorkloadResults = {
  id: 'W4',
  title: 'iterate',
  results: [
    r('lockctx', 'iterate', 50),
    r('lockctx-cursor', 'iterate', 5),
    r('Array', 'iterate', 4),
    r('Map', 'iterate', 10),
  ],
};

describe('peer and ratio', () => {
  it.each([
    {
      kind: 'Map' as const,
      impl: 'Map',
      value: 150,
      ratio: 0.2,
      why: 'the Map figure',
    },
    {
      kind: 'Array' as const,
      impl: 'Array',
      value: 20,
      ratio: 1.5,
      why: 'the array-like figure',
    },
    {
      kind: 'ordered' as const,
      impl: '@js-sdsl/ordered-map',
      value: 100,
      ratio: 0.3,
      why: 'the fastest ordered map, not the first listed',
    },
  ])('$why', ({ kind, impl, value, ratio: want }) => {
    expect(peer(W1, 'store', kind, 'time')).toEqual({ impl, value });
    expect(ratio(W1, 'lockctx', 'store', kind)?.value).toBeCloseTo(want);
  });

  it('compares heap bytes with the smallest peer for memory', () => {
    expect(ratio(W1, 'lockctx', 'store', 'ordered', 'memory')).toEqual({
      value: 10 / 26,
      peer: { impl: 'sorted-btree', value: 26 },
    });
  });

  it('has no heap ratio to a peer that holds less than a byte per entry', () => {
    const emptied: WorkloadResults = {
      id: 'W7',
      title: 'erase all',
      results: [r('lockctx', 'erase', 30, 0.5), r('Map', 'erase', 90, 0.01)],
    };
    expect(ratio(emptied, 'lockctx', 'erase', 'Map', 'memory')).toBeUndefined();
    expect(
      ratio(emptied, 'lockctx', 'erase', 'Map', 'time')?.value,
    ).toBeCloseTo(1 / 3);
  });

  it('has no ratio where the peer or lockctx was not measured', () => {
    expect(ratio(W4, 'lockctx', 'iterate', 'ordered')).toBeUndefined();
    expect(ratio(W1, 'lockctx-cursor', 'store', 'Map')).toBeUndefined();
  });
});

describe('judge', () => {
  it('judges the dense targets of W1: store ratio and bytes per entry', () => {
    const verdicts = judge([W1]);
    expect(verdicts.map((v) => [v.target.text, v.met, v.value])).toEqual([
      ['dense store ≤ 2× Array', true, 1.5],
      ['dense memory ≤ 12 bytes per entry', true, 10],
    ]);
  });

  it('takes the best lockctx variant where the target allows the cursor', () => {
    const [v] = judge([W4]);
    expect(v!.subject).toBe('lockctx-cursor');
    expect(v!.value).toBeCloseTo(1.25);
    expect(v!.met).toBe(true);
  });

  it('reports a miss, and a target it could not measure', () => {
    const slow: WorkloadResults = {
      id: 'W7',
      title: 'erase all',
      results: [r('lockctx', 'erase', 80), r('Map', 'erase', 100)],
    };
    const noLockctx: WorkloadResults = {
      id: 'W3',
      title: 'dense load, random',
      results: [r('Array', 'load', 20)],
    };
    const verdicts = judge([slow, noLockctx]);
    expect(verdicts.map((v) => [v.target.text, v.met])).toEqual([
      ['random load ≤ 2× Array', undefined],
      ['erase all ≤ ½ Map', false],
      // No heap figure was taken in this run.
      ['erase all frees the memory: ≤ 1 byte per erased entry left', undefined],
    ]);
  });
});

describe('toJson', () => {
  it('has exactly the shape of issue 7', () => {
    expect(toJson([W4, { ...W1, results: W1.results.slice(0, 1) }])).toEqual({
      workloads: [
        {
          id: 'W4',
          results: [
            { impl: 'lockctx', op: 'iterate', nsPerOp: 50 },
            { impl: 'lockctx-cursor', op: 'iterate', nsPerOp: 5 },
            { impl: 'Array', op: 'iterate', nsPerOp: 4 },
            { impl: 'Map', op: 'iterate', nsPerOp: 10 },
          ],
        },
        {
          id: 'W1',
          results: [
            { impl: 'lockctx', op: 'store', nsPerOp: 30, bytesPerEntry: 10 },
          ],
        },
      ],
    });
  });
});
