import { describe, expect, it } from 'vitest';
import type { Result, WorkloadResults } from '../src/results.js';
import { ratioChart } from '../src/svg.js';

function r(impl: string, op: string, ns: number, bytes?: number): Result {
  return {
    impl,
    op,
    nsPerOp: { median: ns, min: ns, max: ns },
    ...(bytes === undefined ? {} : { bytesPerEntry: bytes }),
  };
}

/** Every opened element is closed, in order (a well-formedness check). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose === '/') continue;
    if (close === '/') {
      if (stack.pop() !== name) return false;
    } else {
      stack.push(name!);
    }
  }
  return stack.length === 0;
}

const RUN: WorkloadResults[] = [
  {
    id: 'W1',
    title: 'dense store',
    results: [
      r('lockctx', 'store', 40, 11),
      r('Map', 'store', 160, 30),
      r('Array', 'store', 20, 9),
      r('sorted-btree', 'store', 400, 26),
    ],
  },
  {
    id: 'W4',
    title: 'iterate <all>',
    results: [
      r('lockctx', 'iterate', 50),
      r('lockctx-cursor', 'iterate', 3),
      r('Array', 'iterate', 4),
    ],
  },
];

describe('ratioChart', () => {
  const svg = ratioChart(RUN, 'N = 10 & more');

  it('is a well-formed SVG document with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(
      true,
    );
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('N = 10 &amp; more');
    expect(svg).toContain('iterate &lt;all&gt;');
  });

  it.each([
    { label: 'W1 dense store: store', why: 'a timed lockctx figure' },
    {
      label: 'W1 dense store: heap bytes/entry',
      why: 'the heap figure of a weighed workload',
    },
    {
      label: 'W4 iterate &lt;all&gt;: iterate (cursor)',
      why: 'the cursor variant gets its own row',
    },
  ])('has a row for $why', ({ label }) => {
    expect(svg).toContain(`>${label}</text>`);
  });

  it.each([
    {
      title: 'W1 dense store: store: ÷ Array = 2.00×',
      why: 'slower than Array',
    },
    { title: 'W1 dense store: store: ÷ Map = 0.25×', why: 'faster than Map' },
    {
      title: 'W4 iterate &lt;all&gt;: iterate (cursor): ÷ Array = 0.75×',
      why: 'the cursor row',
    },
  ])('places a marker for $why', ({ title }) => {
    expect(svg).toContain(`<title>${title}</title>`);
  });

  it('marks the rows whose targets were met or missed', () => {
    // W1 store 2.00× Array meets "≤ 2× Array"; W1 memory 11 B meets ≤ 12 B.
    expect(svg.match(/>met<\/text>/g)?.length).toBe(3);
    // W4 plain iterate 12.5× Array, but the cursor meets the W4 target.
    expect(svg).not.toContain('>missed</text>');
  });

  it('draws no marker, and no NaN, for a heap figure at or below zero', () => {
    const emptied = ratioChart(
      [
        {
          id: 'W7',
          title: 'erase all',
          results: [
            r('lockctx', 'erase', 30, -0.14),
            r('Array', 'erase', 3, 9),
          ],
        },
      ],
      'noise',
    );
    expect(emptied).not.toContain('NaN');
    expect(emptied).toContain('>W7 erase all: erase</text>');
    expect(emptied).not.toContain('heap bytes/entry: ÷');
  });

  it('says so when there are no lockctx figures', () => {
    const peersOnly = ratioChart(
      [{ id: 'W1', title: 'dense store', results: [r('Map', 'store', 1)] }],
      'peers',
    );
    expect(balanced(peersOnly)).toBe(true);
    expect(peersOnly).toContain('No lockctx figures in this run');
  });
});
