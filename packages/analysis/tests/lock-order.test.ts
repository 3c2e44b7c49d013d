/**
 * The lock-order graph on its own (`lockOrderFindings`): which edge sets
 * close a deadlocking cycle, where each is reported and with which message.
 * The case table covers the same through real code; this table pins the
 * graph rules (modes, longer cycles, places) with hand-made edges.
 */
import { describe, expect, it } from 'vitest';
import { lockOrderFindings } from '../src/checks/lock-order.js';
import type { LockOrderEdge, RelatedLocation } from '../src/index.js';

/** A location on its own line `line` (offsets 100 apart per line). */
function at(line: number, file?: string): RelatedLocation {
  const loc: RelatedLocation = {
    range: [line * 100, line * 100 + 5],
    loc: { start: { line, column: 2 }, end: { line, column: 7 } },
    message: '',
  };
  if (file !== undefined) loc.file = file;
  return loc;
}

/** `held → taken` at `line`; `r`/`w` suffixes mark shared (read) or exclusive modes. */
function edge(spec: string, line: number, more: Partial<LockOrderEdge> = {}): LockOrderEdge {
  const [h, t] = spec.split('>') as [string, string];
  const held = h.replace(/:r$/, '');
  const taken = t.replace(/:r$/, '');
  const e: LockOrderEdge = { held, taken, heldName: held, takenName: taken, at: at(line), every: true, ...more };
  if (h.endsWith(':r')) e.heldShared = true;
  if (t.endsWith(':r')) e.takenShared = true;
  return e;
}

interface Row {
  why: string;
  edges: LockOrderEdge[];
  /** Reported lines with their messageId and cycle, in report order by line. */
  want: { line: number; messageId: string; cycle?: string; where?: string }[];
}

const rows: Row[] = [
  {
    why: 'a → b and b → a: both places, each naming the other',
    edges: [edge('a>b', 3), edge('b>a', 9)],
    want: [
      { line: 3, messageId: 'inversion', cycle: 'a → b → a', where: 'line 9' },
      { line: 9, messageId: 'inversion', cycle: 'b → a → b', where: 'line 3' },
    ],
  },
  {
    why: 'a single order is no cycle',
    edges: [edge('a>b', 3), edge('a>b', 9), edge('b>c', 12)],
    want: [],
  },
  {
    why: 'a three-lock cycle is reported at its three places',
    edges: [edge('a>b', 1), edge('b>c', 2), edge('c>a', 3)],
    want: [
      { line: 1, messageId: 'inversion', cycle: 'a → b → c → a', where: 'line 3' },
      { line: 2, messageId: 'inversion', cycle: 'b → c → a → b', where: 'line 1' },
      { line: 3, messageId: 'inversion', cycle: 'c → a → b → c', where: 'line 2' },
    ],
  },
  {
    why: 'an edge off the cycle is not reported',
    edges: [edge('a>b', 1), edge('b>a', 2), edge('a>c', 3)],
    want: [
      { line: 1, messageId: 'inversion' },
      { line: 2, messageId: 'inversion' },
    ],
  },
  {
    why: 'read on both sides of each lock: readers never wait for readers',
    edges: [edge('a:r>b:r', 1), edge('b:r>a:r', 2)],
    want: [],
  },
  {
    why: 'read on both sides of one lock is enough: the cycle cannot close there',
    edges: [edge('a:r>b', 1), edge('b>a:r', 2)],
    want: [],
  },
  {
    why: 'a shared holder of a against an exclusive waiter for a deadlocks',
    edges: [edge('a:r>b', 1), edge('b>a', 2)],
    want: [
      { line: 1, messageId: 'inversion' },
      { line: 2, messageId: 'inversion' },
    ],
  },
  {
    why: 'an edge held on some paths says so',
    edges: [edge('a>b', 1, { every: false }), edge('b>a', 2)],
    want: [
      { line: 1, messageId: 'inversionOnSomePaths' },
      { line: 2, messageId: 'inversion' },
    ],
  },
  {
    why: 'edges at one place do not close a cycle with each other',
    edges: [edge('a>b', 5), edge('b>a', 5)],
    want: [],
  },
  {
    why: 'through a callee, and a callee that orders its own locks',
    edges: [
      edge('a>b', 1, { via: { callee: 'save', evidence: { ...at(20), message: 'it calls `b.lock()`' }, inside: false } }),
      edge('b>a', 2, { via: { callee: 'sync', evidence: { ...at(4, 'db.js'), message: 'it takes `a` while holding `b` in db.js' }, inside: true } }),
    ],
    want: [
      { line: 1, messageId: 'calleeInversion', where: 'line 2' },
      { line: 2, messageId: 'calleeOrder', where: 'line 1' },
    ],
  },
];

describe('lockOrderFindings', () => {
  it.each(rows)('$why', ({ edges, want }) => {
    const got = lockOrderFindings(edges)
      .map((f) => {
        const out: Row['want'][number] = { line: f.loc.start.line, messageId: f.messageId };
        const w = want.find((x) => x.line === f.loc.start.line);
        if (w?.cycle !== undefined) out.cycle = f.data.cycle ?? '';
        if (w?.where !== undefined) out.where = f.data.where ?? '';
        expect(f.check).toBe('lock-order');
        expect(f.message).not.toMatch(/\{\{/);
        expect(f.related.length).toBeGreaterThan(0);
        return out;
      })
      .sort((a, b) => a.line - b.line);
    expect(got).toEqual(want);
  });

  it('names the callee evidence with its line', () => {
    const [first] = lockOrderFindings(rows[9]?.edges ?? []);
    expect(first?.data.evidence).toBe('it calls `b.lock()` at line 20');
    expect(first?.message).toBe(
      '`save` takes `b` (it calls `b.lock()` at line 20) while `a` is held here, but `a` is taken while holding `b` at line 2: lock-order inversion (a → b → a).',
    );
  });
});
