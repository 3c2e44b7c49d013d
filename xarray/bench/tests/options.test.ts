import { describe, expect, it } from 'vitest';
import { MIN_RUNS, UsageError, parseOptions } from '../src/options.js';

const KNOWN = ['W1', 'W2', 'W6', 'W10'];
const DEFAULTS = {
  json: undefined,
  svg: undefined,
  markdown: undefined,
  quick: false,
  only: undefined,
  runs: MIN_RUNS,
  clock: 'cpu',
  help: false,
};

describe('parseOptions accepts', () => {
  it.each([
    { args: [], want: {}, why: 'no arguments: everything, full size' },
    { args: ['--quick'], want: { quick: true }, why: '--quick' },
    {
      args: ['--json', 'out.json'],
      want: { json: 'out.json' },
      why: '--json with a separate value',
    },
    {
      args: ['--svg=chart.svg'],
      want: { svg: 'chart.svg' },
      why: '--svg=value form',
    },
    {
      args: ['--only', 'W1,W6'],
      want: { only: ['W1', 'W6'] },
      why: 'a list of workloads',
    },
    {
      args: ['--only', 'w10, w2'],
      want: { only: ['W10', 'W2'] },
      why: 'lower case and spaces',
    },
    { args: ['--runs', '7'], want: { runs: 7 }, why: 'more runs' },
    {
      args: ['--markdown', 'r.md', '--quick'],
      want: { markdown: 'r.md', quick: true },
      why: 'several flags',
    },
    { args: ['--help'], want: { help: true }, why: '--help' },
    {
      args: ['--clock', 'wall'],
      want: { clock: 'wall' },
      why: 'elapsed time on an idle machine',
    },
  ])('$why', ({ args, want }) => {
    expect(parseOptions(args, KNOWN)).toEqual({ ...DEFAULTS, ...want });
  });
});

describe('parseOptions rejects, naming the problem', () => {
  it.each([
    {
      args: ['--jsn', 'x'],
      message: /unknown argument --jsn/,
      why: 'a misspelt flag',
    },
    {
      args: ['--json'],
      message: /--json needs a value/,
      why: 'a flag without its value',
    },
    {
      args: ['--svg', '--quick'],
      message: /--svg needs a value/,
      why: 'a flag followed by another flag',
    },
    {
      args: ['--only', 'W1,W99'],
      message: /unknown workload W99; choose from W1, W2, W6, W10/,
      why: 'an unknown workload',
    },
    { args: ['--only', ','], message: /none given/, why: 'an empty list' },
    {
      args: ['--runs', '3'],
      message: /at least 5/,
      why: 'fewer than five runs',
    },
    {
      args: ['--clock', 'tsc'],
      message: /--clock tsc: give cpu or wall/,
      why: 'an unknown clock',
    },
    { args: ['--runs', '5.5'], message: /integer/, why: 'a fractional count' },
  ])('$why', ({ args, message }) => {
    expect(() => parseOptions(args, KNOWN)).toThrow(UsageError);
    expect(() => parseOptions(args, KNOWN)).toThrow(message);
  });
});
