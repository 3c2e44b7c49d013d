import { parse } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';

import { StatementParser } from '../src/reparse.js';

const BASE = `import { XArray } from '@lockctx/xarray';
// leading comment
export function a(xa: XArray<number>, k: number): number {
  using g = xa.lock();
  const o = g.getOrder(k); /* inline */
  return o;
}
const b = (xa: XArray<number>) => xa.withLock((g) => g.load(0));
let x = 1; let y = 2; x++;
class C {
  m(g: unknown) {
    return g;
  }
}
export default function () {
  return 3;
}
`;

/** A small seeded PRNG (mulberry32), so failures replay. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = ['x', '1', ' ', '\n', ';', '()', 'y + 1', '{', '}', '(', '"s"', '// c\n', 'function f() {}\n', '\r\n', 'g.unlock();'];

/** The full parse's statements, without the fields a re-parse may not share. */
function fullBody(text: string): unknown {
  const program = parse(text, { range: true, loc: true, comment: true, jsx: false, filePath: 'x.ts' });
  return strip(program.body);
}

function strip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'parent' ? undefined : v)));
}

function parses(text: string): boolean {
  try {
    parse(text, { range: true, loc: true, jsx: false, filePath: 'x.ts' });
    return true;
  } catch {
    return false;
  }
}

describe('StatementParser', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'matches a full parse after every one of 150 random edits (seed %i)',
    (seed) => {
      const random = prng(seed);
      const parser = new StatementParser('x.ts');
      let text = BASE;
      parser.update(text);
      let incremental = 0;
      for (let step = 0; step < 150; step++) {
        const start = Math.floor(random() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(random() * 4));
        const insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)] ?? '';
        const next = text.slice(0, start) + insert + text.slice(end);
        if (!parses(next)) {
          // an unparsable text must be refused, keeping the previous state
          expect(() => parser.update(next)).toThrow();
          continue;
        }
        text = next;
        const update = parser.update(text);
        if (!update.full) incremental++;
        parser.materializeAll();
        const body = strip(parser.program().body);
        expect(body, `seed ${seed} step ${step}: ${JSON.stringify(insert)} at ${start}`).toEqual(fullBody(text));
      }
      // the point of the parser: most edits must not parse the whole text
      expect(incremental).toBeGreaterThan(0);
    },
    // each step also runs a whole-file reference parse: slow on a busy machine
    60_000,
  );

  const edits: { why: string; from: string; to: string; full: boolean }[] = [
    { why: 'an edit inside one function re-parses the region only', from: 'return o;', to: 'return o + 1;', full: false },
    { why: 'an edit of an import parses the whole text (it changes what every unit sees)', from: "from '@lockctx/xarray'", to: "from './xarray'", full: true },
    { why: 'a new line inside a function moves later statements by one line', from: '  return o;', to: '\n  return o;', full: false },
    { why: 'removing a semicolon joins two statements exactly as a full parse does', from: 'let x = 1;', to: 'let x = 1\n(x);', full: false },
    { why: 'an edit in a comment between statements re-parses around it', from: '// leading comment', to: '// leading, edited comment', full: false },
    { why: 'a string statement moved out of the prologue is no directive', from: 'const b =', to: '"use strict";\nconst b =', full: false },
  ];
  it.each(edits)('$why', ({ from, to, full }) => {
    const parser = new StatementParser('x.ts');
    parser.update(BASE);
    const text = BASE.replace(from, to);
    const update = parser.update(text);
    expect(update.full).toBe(full);
    parser.materializeAll();
    expect(strip(parser.program().body)).toEqual(fullBody(text));
  });
});
