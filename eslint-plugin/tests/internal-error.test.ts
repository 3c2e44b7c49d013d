import { Linter } from 'eslint';
import type { ESLint } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { findingsListener } from '../src/adapter.js';
import {
  debugEnabled,
  setInternalErrorHandler,
} from '../src/internal-error.js';
import type { InternalErrorHandler } from '../src/internal-error.js';
import plugin from '../src/index.js';

describe('debugEnabled', () => {
  it.each([
    { value: undefined, expected: false, why: 'DEBUG unset' },
    { value: '', expected: false, why: 'DEBUG empty' },
    { value: 'lockctx', expected: true, why: 'the exact name' },
    { value: 'eslint:*,lockctx', expected: true, why: 'one of a list' },
    { value: 'eslint:* lockctx', expected: true, why: 'space separated' },
    { value: '*', expected: true, why: 'everything' },
    { value: 'lock*', expected: true, why: 'a wildcard that matches' },
    { value: 'lockctx:*', expected: false, why: 'a sub-namespace only' },
    { value: 'eslint', expected: false, why: 'another name' },
    { value: '*,-lockctx', expected: false, why: 'an exclusion wins' },
    { value: 'lock.tx', expected: false, why: 'dots are literal' },
  ])('$why: $value → $expected', ({ value, expected }) => {
    expect(debugEnabled(value)).toBe(expected);
  });
});

/** A plugin whose one rule is the adapter with a `keep` that throws. */
const throwing = {
  rules: {
    leak: {
      meta: { messages: plugin.rules['no-lock-leak'].meta.messages },
      create: (context: never) =>
        findingsListener(context, 'no-lock-leak', () => {
          throw new Error('broken filter');
        }),
    },
  },
} as unknown as ESLint.Plugin;

const LEAKY =
  "import { XArray } from '@lockctx/xarray';\n\n" +
  'export const make = () => new XArray();\n' +
  'export function pin(xa) {\n  xa.lock();\n}\n';

function lint(code: string, settings?: Record<string, unknown>) {
  return new Linter().verify(
    code,
    {
      plugins: { t: throwing, lockctx: plugin as unknown as ESLint.Plugin },
      rules: {
        ...(settings === undefined ? { 't/leak': 'error' } : {}),
        'lockctx/no-lock-leak': 'error',
      },
      ...(settings === undefined ? {} : { settings }),
    },
    { filename: 'pin.js' },
  );
}

describe('an internal error in a rule', () => {
  let previous: InternalErrorHandler | undefined;
  afterEach(() => {
    setInternalErrorHandler(previous);
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('reports nothing from that rule, calls the handler, and logs once with DEBUG=lockctx', () => {
    const seen: unknown[] = [];
    previous = setInternalErrorHandler((error, where) =>
      seen.push({ error: (error as Error).message, ...where }),
    );
    vi.stubEnv('DEBUG', 'lockctx');
    const write = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation(() => true);
    const messages = lint(LEAKY);
    // The healthy rule still reports; the broken one reports nothing.
    expect(messages.map((m) => m.ruleId)).toEqual(['lockctx/no-lock-leak']);
    expect(seen).toEqual([
      { error: 'broken filter', rule: 'no-lock-leak', filename: 'pin.js' },
    ]);
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]?.[0])).toMatch(
      /^lockctx: internal error in no-lock-leak on pin\.js/,
    );
  });

  it('stays silent without DEBUG', () => {
    previous = setInternalErrorHandler(() => {});
    vi.stubEnv('DEBUG', '');
    const write = vi.spyOn(process.stderr, 'write');
    lint(LEAKY.replace('pin', 'pin2'));
    expect(write).not.toHaveBeenCalled();
  });

  it('reaches ESLint when the handler throws (as in our tests)', () => {
    previous = setInternalErrorHandler((error) => {
      throw error;
    });
    expect(() => lint(LEAKY)).toThrow(/broken filter/);
  });
});

describe('settings.lockctx', () => {
  it.each([
    { value: [], why: 'an array', message: /got an array/ },
    { value: 'locks', why: 'a string', message: /got "locks"/ },
    { value: null, why: 'null', message: /got null/ },
  ])('is rejected with a clear error when it is $why', ({ value, message }) => {
    expect(() => lint(LEAKY, { lockctx: value })).toThrow(message);
  });

  it('is accepted when it is an object', () => {
    expect(lint(LEAKY, { lockctx: { locks: [] } })).toHaveLength(1);
  });
});
