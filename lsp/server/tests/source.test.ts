import { SourceText } from '@lockctx/analysis';
import { describe, expect, it } from 'vitest';

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

// every kind of line break, and the CR LF pair that an edit can join or split
const PIECES = ['a', 'bc', '\n', '\r', '\r\n', '\u2028', '\u2029', ' ', ''];

/** Every offset's position, the line table seen from outside. */
function positions(src: SourceText): string {
  const out: string[] = [];
  for (let i = 0; i <= src.text.length; i++) {
    const p = src.position(i);
    out.push(`${p.line}:${p.column}`);
  }
  return out.join(' ');
}

describe('SourceText.edited', () => {
  it.each([1, 2, 3, 4])(
    'gives the positions of a fresh SourceText after each of 400 random edits (seed %i)',
    (seed) => {
      const random = prng(seed);
      let src = new SourceText('a\r\nb\rc\nd');
      for (let step = 0; step < 400; step++) {
        const text = src.text;
        const start = Math.floor(random() * (text.length + 1));
        const oldEnd = Math.min(text.length, start + Math.floor(random() * 4));
        let insert = '';
        for (let k = Math.floor(random() * 3); k > 0; k--) {
          insert += PIECES[Math.floor(random() * PIECES.length)];
        }
        const next = text.slice(0, start) + insert + text.slice(oldEnd);
        src = SourceText.edited(src, next, start, oldEnd, start + insert.length);
        expect(positions(src), `seed ${seed} step ${step}: ${JSON.stringify(next)}`).toBe(
          positions(new SourceText(next)),
        );
      }
    },
  );

  it('refuses a window that does not match the texts (a wrong edit is a bug, not a guess)', () => {
    const src = new SourceText('abc\ndef');
    expect(() => SourceText.edited(src, 'abcX\ndef', 3, 3, 5)).toThrow(/does not match the lengths/);
  });
});
