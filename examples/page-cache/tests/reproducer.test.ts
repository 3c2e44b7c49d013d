import { describe, expect, it } from 'vitest';
import { reproduce, runSchedule } from '../src/index.js';

describe('the seeded reproducer', () => {
  it.each([
    { seed: 1, why: 'the demo seed' },
    { seed: 2, why: 'another base seed' },
    { seed: 3, why: 'a third' },
  ])(
    'corrupts the pre-6.10 cache within 100 schedules (base seed $seed: $why)',
    async ({ seed }) => {
      const result = await reproduce({
        protocol: 'pre-6.10',
        schedules: 100,
        seed,
      });
      expect(result.corruption).toBeDefined();
      expect(result.schedules).toBe(result.corruption!.schedule);
      // The schedule replays alone from its seed, to the same step.
      const replay = await runSchedule({
        protocol: 'pre-6.10',
        seed: result.corruption!.seed,
      });
      expect(replay.violation).toBe(result.corruption!.violation);
      expect(replay.steps).toEqual(result.corruption!.steps);
    },
  );

  it.each([
    {
      pattern: /was added there and never evicted/,
      why: 'a folio replaced by the stale shadow its split was prepared with',
    },
    {
      pattern: /a folio at the wrong index/,
      why: 'an evicted folio copied across the split range (the reported 192 at 208/224/240)',
    },
  ])(
    'the pre-6.10 cache shows $pattern within 300 schedules ($why)',
    async ({ pattern }) => {
      for (let seed = 0; seed < 300; seed++) {
        const run = await runSchedule({ protocol: 'pre-6.10', seed });
        if (run.violation !== undefined && pattern.test(run.violation)) return;
      }
      throw new Error(`no schedule below 300 shows ${String(pattern)}`);
    },
  );

  it('keeps the fixed cache clean over 10,000 schedules', async () => {
    const result = await reproduce({
      protocol: 'fixed',
      schedules: 10_000,
      seed: 1,
    });
    expect(result.corruption).toBeUndefined();
    expect(result.schedules).toBe(10_000);
  });

  it('keeps the fixed cache clean over 2,000 schedules with 2-slot XArray nodes', async () => {
    const result = await reproduce({
      protocol: 'fixed',
      schedules: 2_000,
      seed: 7,
      chunkShift: 1,
    });
    expect(result.corruption).toBeUndefined();
  });

  it('rejects a schedule count that is not a positive integer', async () => {
    await expect(
      reproduce({ protocol: 'fixed', schedules: 0 }),
    ).rejects.toThrow(/positive integer/);
  });
});
