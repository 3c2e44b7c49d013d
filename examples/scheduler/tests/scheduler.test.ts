import { describe, expect, it } from 'vitest';
import { Scheduler, StrayAwaitError, type Io } from '../src/index.js';

/** Two tasks that each read a shared counter, pause, then write it back. */
async function lostUpdate(
  seed: number,
): Promise<{ value: number; order: string }> {
  const shared = { value: 0 };
  const s = new Scheduler(seed);
  const body = async (io: Io) => {
    const seen = shared.value;
    await io.pause('write');
    shared.value = seen + 1;
  };
  s.spawn('a', body);
  s.spawn('b', body);
  const { steps } = await s.run();
  return { value: shared.value, order: steps.map((st) => st.task).join('') };
}

describe('Scheduler', () => {
  it.each([
    { seed: 0, why: 'seed 0 is a valid seed' },
    { seed: 7, why: 'a small seed' },
    { seed: 0xffffffff, why: 'the largest seed' },
  ])(
    'replays the same interleaving for the same seed ($why)',
    async ({ seed }) => {
      const first = await lostUpdate(seed);
      const second = await lostUpdate(seed);
      expect(second).toEqual(first);
    },
  );

  it('reaches every interleaving of two two-step tasks over 200 seeds', async () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++)
      seen.add((await lostUpdate(seed)).order);
    // C(4, 2) = 6 ways to interleave two sequences of two steps.
    expect([...seen].sort()).toEqual([
      'aabb',
      'abab',
      'abba',
      'baab',
      'baba',
      'bbaa',
    ]);
  });

  it.each([
    { order: 'aabb', value: 2, why: 'a finishes before b reads: no race' },
    {
      order: 'abab',
      value: 1,
      why: 'both read 0 before either writes: lost update',
    },
    {
      order: 'abba',
      value: 1,
      why: 'both read before writing, b writes first',
    },
  ])(
    'exposes the outcome of interleaving $order ($why)',
    async ({ order, value }) => {
      for (let seed = 0; seed < 200; seed++) {
        const run = await lostUpdate(seed);
        if (run.order === order) {
          expect(run.value).toBe(value);
          return;
        }
      }
      throw new Error(`no seed below 200 gives ${order}`);
    },
  );

  it('records where each step resumed from', async () => {
    const s = new Scheduler(1);
    s.spawn('only', async (io) => {
      await io.pause('read');
      await io.pause('write');
    });
    const { steps } = await s.run();
    expect(steps).toEqual([
      { task: 'only', at: 'start' },
      { task: 'only', at: 'read' },
      { task: 'only', at: 'write' },
    ]);
  });

  it('stops at the first step the check rejects', async () => {
    const s = new Scheduler(3);
    let n = 0;
    s.spawn('count', async (io) => {
      for (;;) {
        n++;
        await io.pause('tick');
      }
    });
    const result = await s.run(() => (n === 5 ? 'n reached 5' : undefined));
    expect(result.violation).toBe('n reached 5');
    expect(result.steps).toHaveLength(5);
  });

  it('keeps running the other tasks when one throws, and reports the error', async () => {
    const s = new Scheduler(4);
    let done = false;
    s.spawn('fails', async (io) => {
      await io.pause('x');
      throw new Error('boom');
    });
    s.spawn('works', async (io) => {
      await io.pause('y');
      done = true;
    });
    const { errors } = await s.run();
    expect(done).toBe(true);
    expect([...errors.keys()]).toEqual(['fails']);
    expect((errors.get('fails') as Error).message).toBe('boom');
  });

  it('rejects a task that awaits something other than its Io', async () => {
    const s = new Scheduler(5);
    s.spawn('sleeper', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    await expect(s.run()).rejects.toThrow(StrayAwaitError);
  });

  it('lets a task await settled promises without pausing', async () => {
    const s = new Scheduler(6);
    let value = 0;
    s.spawn('micro', async (io) => {
      value = await Promise.resolve(41);
      await io.pause('p');
      value += await Promise.resolve(1);
    });
    const { steps } = await s.run();
    expect(value).toBe(42);
    expect(steps).toHaveLength(2);
  });

  it.each([
    { seed: -1, why: 'negative' },
    { seed: 1.5, why: 'not an integer' },
    { seed: 2 ** 32, why: 'above 32 bits' },
  ])('rejects seed $seed ($why)', ({ seed }) => {
    expect(() => new Scheduler(seed)).toThrow(/seed must be an integer/);
  });
});
