import type { FunctionNode } from '../context.js';
import type { Taint } from '../checks/no-stale-lock-value.js';
import type { Release } from './model.js';

/** Guard status bits: held, released, not acquired (yet) on some path. */
export const HELD = 1;
export const RELEASED = 2;
export const ABSENT = 4;

/** What is known about one guard at one point. Immutable. */
export interface GuardFact {
  /** A set of {@link HELD}, {@link RELEASED}, {@link ABSENT}: one bit per kind of path. */
  s: number;
  /** The release that made it {@link RELEASED} (the last one seen). */
  rel?: Release;
  /** The guard left the analysed code (stored, returned, captured): no leak report. */
  escaped: boolean;
  /** The lock scope (epoch) the guard belongs to. */
  ep: string;
  /** For a lease: the milliseconds known to be left before it expires (absent: unknown). */
  left?: number;
}

/** What is known about a value. Immutable; absent fields mean nothing known. */
export interface Value {
  /** Guards it may be (by site id). */
  g?: readonly number[];
  /** A destructured guard method (`getOrder` from `({ getOrder }) => …`). */
  gm?: string;
  /** Cursors of these guards it may be. */
  c?: readonly number[];
  /** The lock key it stands for, when used as a lockable (`xa`, `this.cache`). */
  key?: string;
  /** Known to be a lockable (an XArray), not a guard. */
  lk?: boolean;
  /** Lock-derived: read under these lock scopes. */
  t?: readonly Taint[];
  /** A function value. */
  fn?: FunctionNode;
}

export const EMPTY: Value = Object.freeze({});

const MAX_TAINTS = 6;

function unionIds(a: readonly number[] | undefined, b: readonly number[] | undefined): readonly number[] | undefined {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0 || a === b) return a;
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

export function unionTaints(a: readonly Taint[] | undefined, b: readonly Taint[] | undefined): readonly Taint[] | undefined {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0 || a === b) return a;
  const out = [...a];
  for (const t of b) {
    if (out.length >= MAX_TAINTS) break;
    if (!out.some((u) => u === t || (u.epoch === t.epoch && u.start === t.start && u.lock === t.lock))) out.push(t);
  }
  return out;
}

export function joinValue(a: Value | undefined, b: Value | undefined): Value {
  if (!a || a === EMPTY) return b ?? EMPTY;
  if (!b || b === EMPTY || a === b) return a;
  const v: Value = {};
  const g = unionIds(a.g, b.g);
  if (g) v.g = g;
  const c = unionIds(a.c, b.c);
  if (c) v.c = c;
  const t = unionTaints(a.t, b.t);
  if (t) v.t = t;
  if (a.gm !== undefined && a.gm === b.gm) v.gm = a.gm;
  if (a.key !== undefined && a.key === b.key) v.key = a.key;
  if (a.lk && b.lk) v.lk = true;
  if (a.fn && a.fn === b.fn) v.fn = a.fn;
  return v;
}

/** Only the lock-derived part of a value (what a computation from it keeps). */
export function taintOnly(v: Value): Value {
  return v.t && v.t.length > 0 ? { t: v.t } : EMPTY;
}

export function isEmptyValue(v: Value): boolean {
  return !v.g?.length && !v.c?.length && !v.t?.length && v.key === undefined && !v.lk && v.gm === undefined && !v.fn;
}

function sameIds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((x) => (b ?? []).includes(x));
}

function sameTaints(a: readonly Taint[] | undefined, b: readonly Taint[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((t) => (b ?? []).some((u) => u.epoch === t.epoch && u.start === t.start && u.lock === t.lock));
}

function sameValue(a: Value, b: Value): boolean {
  return (
    a === b ||
    (sameIds(a.g, b.g) &&
      sameIds(a.c, b.c) &&
      sameTaints(a.t, b.t) &&
      a.key === b.key &&
      a.lk === b.lk &&
      a.gm === b.gm &&
      a.fn === b.fn)
  );
}

/** The abstract state at one program point. Mutable; clone at branches. */
export class State {
  live = true;
  vars = new Map<string, Value>();
  guards = new Map<number, GuardFact>();
  /** Lock-derived values the current point is control-dependent on. */
  ctrl: readonly Taint[] = [];

  clone(): State {
    const s = new State();
    s.live = this.live;
    s.vars = new Map(this.vars);
    s.guards = new Map(this.guards);
    s.ctrl = this.ctrl;
    return s;
  }

  copyFrom(o: State): void {
    this.live = o.live;
    this.vars = o.vars;
    this.guards = o.guards;
    this.ctrl = o.ctrl;
  }

  static dead(): State {
    const s = new State();
    s.live = false;
    return s;
  }
}

/** The state after either of two paths. */
export function join(a: State, b: State): State {
  if (!a.live) return b.clone();
  if (!b.live) return a.clone();
  const s = new State();
  for (const [id, fa] of a.guards) {
    const fb = b.guards.get(id);
    if (!fb) s.guards.set(id, { ...fa, s: fa.s | ABSENT });
    else if (fa === fb) s.guards.set(id, fa);
    else {
      const f: GuardFact = { s: fa.s | fb.s, escaped: fa.escaped || fb.escaped, ep: fa.ep };
      const rel = fa.s & RELEASED ? (fa.rel ?? fb.rel) : (fb.rel ?? fa.rel);
      if (rel) f.rel = rel;
      if (fa.left !== undefined && fb.left !== undefined) f.left = Math.min(fa.left, fb.left);
      s.guards.set(id, f);
    }
  }
  for (const [id, fb] of b.guards) {
    if (!a.guards.has(id)) s.guards.set(id, { ...fb, s: fb.s | ABSENT });
  }
  for (const [k, va] of a.vars) {
    const vb = b.vars.get(k);
    s.vars.set(k, joinValue(va, vb));
  }
  for (const [k, vb] of b.vars) if (!a.vars.has(k)) s.vars.set(k, vb);
  s.ctrl = unionTaints(a.ctrl, b.ctrl) ?? [];
  return s;
}

export function joinAll(states: readonly State[]): State {
  let s = State.dead();
  for (const x of states) s = join(s, x);
  return s;
}

export function sameState(a: State, b: State): boolean {
  if (a.live !== b.live) return false;
  if (!a.live) return true;
  if (a.guards.size !== b.guards.size || a.vars.size !== b.vars.size) return false;
  for (const [id, fa] of a.guards) {
    const fb = b.guards.get(id);
    if (!fb || fa.s !== fb.s || fa.escaped !== fb.escaped || fa.rel?.start !== fb.rel?.start || fa.left !== fb.left) return false;
  }
  for (const [k, va] of a.vars) {
    const vb = b.vars.get(k);
    if (!vb || !sameValue(va, vb)) return false;
  }
  return sameTaints(a.ctrl, b.ctrl);
}
