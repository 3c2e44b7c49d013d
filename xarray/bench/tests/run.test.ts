import { describe, expect, it } from 'vitest';
import { fresh } from '../src/harness.js';
import type { Contender } from '../src/harness.js';
import { Inputs } from '../src/inputs.js';
import { runWorkload } from '../src/run.js';
import type { Failure } from '../src/run.js';
import type { Workload } from '../src/workload.js';

/** A contender that sums 0..n-1 and reports `wrong` extra if asked. */
function summing(impl: string, wrong = 0): Contender {
  return fresh(impl, () => {
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += i;
    const ns = (performance.now() - start) * 1e6;
    return {
      phases: [
        { op: 'sum', ops: 1000, ns, checksum: sum + wrong },
        { op: 'unchecked', ops: 1000, ns, checksum: undefined },
      ],
    };
  });
}

function workload(contenders: Contender[]): Workload {
  return {
    id: 'WX',
    title: 'synthetic',
    memory: false,
    contenders: () => contenders,
  };
}

function run(contenders: Contender[]): {
  failures: Failure[];
  impls: string[];
  ops: string[];
} {
  const failures: Failure[] = [];
  const result = runWorkload(
    workload(contenders),
    new Inputs(10),
    { runs: 5, progress: () => {} },
    failures,
  );
  return {
    failures,
    impls: [...new Set(result.results.map((r) => r.impl))],
    ops: [...new Set(result.results.map((r) => r.op))],
  };
}

describe('runWorkload', () => {
  it('reports every phase of every contender that agrees', () => {
    const { failures, impls, ops } = run([summing('a'), summing('b')]);
    expect(failures).toEqual([]);
    expect(impls).toEqual(['a', 'b']);
    expect(ops).toEqual(['sum', 'unchecked']);
  });

  it.each([
    {
      contenders: () => [
        summing('lockctx', 1),
        summing('Map'),
        summing('Array'),
      ],
      failed: 'lockctx',
      why: 'the first contender is wrong: the majority names it, not the others',
    },
    {
      contenders: () => [
        summing('lockctx'),
        summing('Map'),
        summing('Array', -1),
      ],
      failed: 'Array',
      why: 'a peer is wrong',
    },
  ])(
    'names the implementation whose checksum disagrees ($why)',
    ({ contenders, failed }) => {
      const { failures, impls } = run(contenders());
      expect(failures.map((f) => f.impl)).toEqual([failed]);
      expect(failures[0]!.message).toMatch(
        /sum: checksum .* differs from 499500/,
      );
      expect(impls).not.toContain(failed);
    },
  );

  it('reports an entry read back as missing (NaN checksum)', () => {
    const { failures } = run([summing('a'), summing('b', NaN)]);
    expect(failures.map((f) => [f.impl, f.message])).toEqual([
      ['b', 'sum: checksum NaN (an entry read back as missing)'],
    ]);
  });

  it('carries on when a contender throws, reporting it', () => {
    const throwing = fresh('broken', () => {
      throw new Error('store: no such method');
    });
    const { failures, impls } = run([summing('a'), throwing, summing('b')]);
    expect(failures).toEqual([
      { workload: 'WX', impl: 'broken', message: 'store: no such method' },
    ]);
    expect(impls).toEqual(['a', 'b']);
  });

  it('primes every contender with one whole trial on a small input first', () => {
    const events: string[] = [];
    const probe: Workload = {
      id: 'WP',
      title: 'priming',
      memory: false,
      contenders: (inputs) => {
        const n = inputs.n;
        events.push(`contenders ${n}`);
        return [
          {
            impl: 'a',
            prepare: () => events.push(`prepare ${n}`),
            trial: () => {
              events.push(`trial ${n}`);
              return {
                phases: [{ op: 'x', ops: n, ns: n, checksum: n }],
              };
            },
            release: () => events.push(`release ${n}`),
          },
        ];
      },
    };
    const failures: Failure[] = [];
    runWorkload(
      probe,
      new Inputs(5000),
      { runs: 1, progress: () => {} },
      failures,
    );
    expect(failures).toEqual([]);
    expect(events.slice(0, 6)).toEqual([
      'contenders 1000',
      'prepare 1000',
      'trial 1000',
      'release 1000',
      'contenders 5000',
      'prepare 5000',
    ]);
    expect(events.filter((e) => e === 'trial 1000')).toHaveLength(1);
  });

  it('reports a contender that fails while primed once, from the measured run', () => {
    const throwing = fresh('broken', () => {
      throw new Error('no such method');
    });
    const { failures } = run([summing('a'), throwing]);
    expect(failures.map((f) => f.impl)).toEqual(['broken']);
  });
});
