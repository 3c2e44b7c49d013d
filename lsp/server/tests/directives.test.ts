import { describe, expect, it } from 'vitest';

import { scanDirectives } from '../src/directives.js';

/** 0-based line of an offset, splitting like LSP (\n, \r\n, \r). */
function lineOf(text: string): (offset: number) => number {
  return (offset) => text.slice(0, offset).split(/\r\n|\r|\n/).length - 1;
}

const cases: {
  why: string;
  code: string;
  rule: string;
  disabled: number[];
  enabled: number[];
}[] = [
  {
    why: 'next-line names our rule: only the next line is off',
    code: 'a\n// eslint-disable-next-line lockctx/no-lock-leak\nb\nc',
    rule: 'no-lock-leak',
    disabled: [2],
    enabled: [0, 1, 3],
  },
  {
    why: 'next-line names another rule of ours: this one stays on',
    code: '// eslint-disable-next-line lockctx/no-guard-escape\nb',
    rule: 'no-lock-leak',
    disabled: [],
    enabled: [1],
  },
  {
    why: 'next-line with no rule disables every rule',
    code: '// eslint-disable-next-line\nb',
    rule: 'no-lock-leak',
    disabled: [1],
    enabled: [0],
  },
  {
    why: 'a directive naming only other plugins does not touch ours',
    code: '// eslint-disable-next-line no-console\nb',
    rule: 'no-lock-leak',
    disabled: [],
    enabled: [1],
  },
  {
    why: 'same-line directive, with a -- reason after the rule list',
    code: 'a\nb // eslint-disable-line lockctx/no-lock-leak -- intentional\nc',
    rule: 'no-lock-leak',
    disabled: [1],
    enabled: [0, 2],
  },
  {
    why: 'block disable … enable region covers the lines between',
    code: 'a\n/* eslint-disable lockctx/no-lock-leak */\nb\nc\n/* eslint-enable lockctx/no-lock-leak */\nd',
    rule: 'no-lock-leak',
    disabled: [2, 3],
    enabled: [0, 5],
  },
  {
    why: 'block disable without enable runs to the end of the file',
    code: 'a\n/* eslint-disable */\nb\nc',
    rule: 'no-stale-lock-value',
    disabled: [2, 3],
    enabled: [0],
  },
  {
    why: 'CRLF line breaks count as one line, as in the editor',
    code: 'a\r\n// eslint-disable-next-line lockctx/no-lock-leak\r\nb\r\nc',
    rule: 'no-lock-leak',
    disabled: [2],
    enabled: [3],
  },
  {
    why: 'two rules in one comment, comma separated',
    code: '// eslint-disable-next-line lockctx/no-guard-escape, lockctx/no-lock-leak\nb',
    rule: 'no-lock-leak',
    disabled: [1],
    enabled: [0],
  },
  {
    why: 'a longer directive name is not ours (eslint-disable-next-lines)',
    code: '// eslint-disable-next-lines lockctx/no-lock-leak\nb',
    rule: 'no-lock-leak',
    disabled: [],
    enabled: [1],
  },
];

describe('scanDirectives', () => {
  it.each(cases)('$why', ({ code, rule, disabled, enabled }) => {
    const directives = scanDirectives(code, lineOf(code));
    for (const line of disabled) expect(directives.isDisabled(rule, line)).toBe(true);
    for (const line of enabled) expect(directives.isDisabled(rule, line)).toBe(false);
  });
});
