import { describe, expect, it } from 'vitest';
import {
  Scheduler,
  outcomeOf,
  reproducerMain,
  searchSchedules,
  scheduleSeed,
  type ReproducerCli,
  type SearchResult,
} from '../src/index.js';

/** A workload that breaks on schedules whose seed is divisible by `every`. */
function runner(every: number) {
  const seen: number[] = [];
  const runOne = (seed: number) => {
    seen.push(seed);
    return Promise.resolve({
      violation: seed % every === 0 ? `seed ${seed} is bad` : undefined,
      steps: [],
    });
  };
  return { seen, runOne };
}

describe('searchSchedules', () => {
  it('tries scheduleSeed(seed, n) in order and stops at the first violation', async () => {
    const seeds = [0, 1, 2, 3, 4, 5].map((n) => scheduleSeed(7, n));
    const bad = seeds.findIndex((s) => s % 3 === 0);
    const { seen, runOne } = runner(3);
    const result = await searchSchedules({
      protocol: 'p',
      schedules: 6,
      seed: 7,
      runOne,
    });
    if (bad === -1) {
      expect(result.corruption).toBeUndefined();
      expect(seen).toEqual(seeds);
    } else {
      expect(seen).toEqual(seeds.slice(0, bad + 1));
      expect(result.corruption?.schedule).toBe(bad + 1);
      expect(result.corruption?.seed).toBe(seeds[bad]);
      expect(result.schedules).toBe(bad + 1);
    }
  });

  it('runs every schedule when none breaks', async () => {
    const { seen, runOne } = runner(Number.MAX_SAFE_INTEGER);
    const result = await searchSchedules({
      protocol: 'p',
      schedules: 4,
      runOne,
    });
    expect(seen).toHaveLength(4);
    expect(result).toMatchObject({ schedules: 4, corruption: undefined });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %s schedules', async (n) => {
    await expect(
      searchSchedules({
        protocol: 'p',
        schedules: n,
        runOne: runner(1).runOne,
      }),
    ).rejects.toThrow(/schedules must be a positive integer/);
  });
});

describe('outcomeOf', () => {
  it('turns a task error into the violation when no invariant broke', async () => {
    const s = new Scheduler(1);
    s.spawn('t', () => Promise.reject(new Error('boom')));
    const outcome = outcomeOf(await s.run(() => undefined));
    expect(outcome.violation).toBe('task t failed: boom');
  });
});

describe('reproducerMain', () => {
  const calls: string[] = [];
  const cli: ReproducerCli<'old' | 'new'> = {
    protocols: ['old', 'new'],
    protocolHelp: 'which protocol to run',
    reproduce: ({ protocol, schedules, seed }) => {
      calls.push(`${protocol}:${schedules}:${seed}`);
      const result: SearchResult<'old' | 'new'> = {
        protocol,
        schedules,
        steps: 3,
        corruption:
          protocol === 'old'
            ? { schedule: 1, seed, violation: 'bad', steps: [] }
            : undefined,
      };
      return Promise.resolve(result);
    },
    summarize: (r) => `${r.protocol} ${r.corruption ? 'broke' : 'clean'}`,
  };

  it('runs both protocols by default, with the defaults', async () => {
    calls.length = 0;
    const out = await reproducerMain(cli, []);
    expect(calls).toEqual(['old:10000:1', 'new:10000:1']);
    expect(out).toEqual({
      stdout: 'old broke\nnew clean\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('runs one protocol and prints JSON with the step count', async () => {
    calls.length = 0;
    const out = await reproducerMain(cli, [
      '--protocol',
      'old',
      '--schedules',
      '5',
      '--seed',
      '9',
      '--json',
    ]);
    expect(calls).toEqual(['old:5:9']);
    expect(JSON.parse(out.stdout)).toEqual([
      {
        protocol: 'old',
        schedules: 5,
        steps: 3,
        corruption: { schedule: 1, seed: 9, violation: 'bad', steps: 0 },
      },
    ]);
  });

  it.each([
    [['--protocol', 'x'], "--protocol must be old, new or both, got 'x'"],
    [['--schedules', '0'], '--schedules must be at least 1'],
    [
      ['--schedules', 'ten'],
      "--schedules must be a non-negative integer, got 'ten'",
    ],
    [['--seed', '4294967296'], '--seed must be below 2^32'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j is a usage error', async (args, message) => {
    const out = await reproducerMain(cli, args);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('usage: main.js');
    expect(out.stderr).toContain('--protocol old|new|both');
  });
});

describe('Gate', () => {
  it('holds each pause until resume(), oldest first', async () => {
    const { Gate, flush } = await import('../src/index.js');
    const gate = new Gate();
    const done: string[] = [];
    void gate.pause('a').then(() => done.push('a'));
    void gate.pause('b').then(() => done.push('b'));
    await flush();
    expect(done).toEqual([]);
    expect(gate.resume()).toBe('a');
    await flush();
    expect(done).toEqual(['a']);
    expect(gate.resume()).toBe('b');
    await flush();
    expect(done).toEqual(['a', 'b']);
    expect(() => gate.resume()).toThrow('nothing is paused');
  });
});
