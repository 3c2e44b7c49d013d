import { formatMessage } from '../format.js';
import type {
  CheckInfo,
  Finding,
  LockOrderEdge,
  RelatedLocation,
} from '../types.js';

/**
 * Two locks taken in opposite orders on different paths of a file: each
 * acquisition closing a cycle of the file's lock-order graph is reported,
 * with the acquisition that closes it the other way.
 *
 * The graph's edges are "`taken` acquired while `held` is held", recorded by
 * the flow engine at every acquisition (`lock()`, `withLock`, a library's
 * `acquire`/`runExclusive`/`request`, a write through the XArray) and at
 * every call of a function that takes a lock (its summary's `acquires`), or
 * that takes locks in an order of its own in another module (its summary's
 * `orderEdges`). Locks are named as the other checks name them; a field
 * `this.x` is one lock per class, a parameter or local variable one lock per
 * function. Keyed locks whose key is a variable are left out.
 *
 * Read locks: a cycle deadlocks only if, at every lock on it, the holder and
 * the waiter conflict; two shared (read) acquisitions of the same lock do
 * not, so a cycle through a lock that is only read on both sides of it is
 * not reported.
 */
export const info: CheckInfo = {
  id: 'lock-order',
  description:
    'Disallow taking two locks in opposite orders on different paths (a lock-order inversion deadlocks when both paths run at once), directly, through callees or across modules.',
  recommended: true,
  messages: {
    inversion:
      '`{{lock}}` taken while holding `{{held}}` here, but `{{held}}` is taken while holding `{{otherHeld}}` at {{where}}: lock-order inversion ({{cycle}}).',
    inversionOnSomePaths:
      '`{{lock}}` taken while `{{held}}` may be held here (on some paths), but `{{held}}` is taken while holding `{{otherHeld}}` at {{where}}: lock-order inversion ({{cycle}}).',
    calleeInversion:
      '`{{callee}}` takes `{{lock}}` ({{evidence}}) while `{{held}}` is held here, but `{{held}}` is taken while holding `{{otherHeld}}` at {{where}}: lock-order inversion ({{cycle}}).',
    calleeInversionOnSomePaths:
      '`{{callee}}` takes `{{lock}}` ({{evidence}}) while `{{held}}` may be held here (on some paths), but `{{held}}` is taken while holding `{{otherHeld}}` at {{where}}: lock-order inversion ({{cycle}}).',
    calleeOrder:
      '`{{callee}}` takes `{{lock}}` while holding `{{held}}` ({{evidence}}), but `{{held}}` is taken while holding `{{otherHeld}}` at {{where}}: lock-order inversion ({{cycle}}).',
  },
  fixable: false,
  hasSuggestions: false,
};

/** Most edges a file's graph is searched with (a bound on the work per file). */
const MAX_EDGES = 2000;

/** Waiting for a lock held by another: blocks unless both are shared. */
function conflicts(waiterShared: boolean | undefined, holderShared: boolean | undefined): boolean {
  return !(waiterShared && holderShared);
}

function sameAt(a: LockOrderEdge, b: LockOrderEdge): boolean {
  return a.at.range[0] === b.at.range[0] && a.at.range[1] === b.at.range[1] && a.at.file === b.at.file;
}

/**
 * The shortest chain of edges from `e.taken` back to `e.held` that closes a
 * deadlocking cycle with `e`, or undefined. Edges at `e`'s own place are
 * not used: a cycle must be closed somewhere else.
 */
function closing(e: LockOrderEdge, byHeld: ReadonlyMap<string, readonly LockOrderEdge[]>): LockOrderEdge[] | undefined {
  const parent = new Map<LockOrderEdge, LockOrderEdge | null>();
  let frontier: LockOrderEdge[] = [];
  for (const x of byHeld.get(e.taken) ?? []) {
    if (sameAt(x, e) || !conflicts(e.takenShared, x.heldShared)) continue;
    parent.set(x, null);
    frontier.push(x);
  }
  let steps = 0;
  while (frontier.length > 0 && steps < MAX_EDGES) {
    const next: LockOrderEdge[] = [];
    for (const x of frontier) {
      steps++;
      if (x.taken === e.held && conflicts(x.takenShared, e.heldShared)) {
        const path: LockOrderEdge[] = [];
        for (let p: LockOrderEdge | null | undefined = x; p; p = parent.get(p)) path.unshift(p);
        return path;
      }
      if (x.taken === e.taken) continue;
      for (const y of byHeld.get(x.taken) ?? []) {
        if (parent.has(y) || sameAt(y, e) || !conflicts(x.takenShared, y.heldShared)) continue;
        parent.set(y, x);
        next.push(y);
      }
    }
    frontier = next;
  }
  return undefined;
}

function whereWords(at: RelatedLocation): string {
  return at.file !== undefined ? `line ${at.loc.start.line} of ${at.file}` : `line ${at.loc.start.line}`;
}

/**
 * The findings of a file's lock-order graph: one per place (acquisition or
 * call) where an edge closes a deadlocking cycle. Pure data in, data out.
 */
export function lockOrderFindings(edges: readonly LockOrderEdge[]): Finding[] {
  if (edges.length < 2) return [];
  const all = edges.slice(0, MAX_EDGES);
  const byHeld = new Map<string, LockOrderEdge[]>();
  for (const e of all) {
    const list = byHeld.get(e.held);
    if (list) list.push(e);
    else byHeld.set(e.held, [e]);
  }
  const out: Finding[] = [];
  const reported = new Set<string>();
  // Every-path edges first, so a place reports its surest edge.
  const ordered = [...all].sort((a, b) => Number(b.every) - Number(a.every));
  for (const e of ordered) {
    const key = `${e.at.range[0]}|${e.at.range[1]}`;
    if (reported.has(key) || e.at.file !== undefined) continue;
    const path = closing(e, byHeld);
    if (!path) continue;
    reported.add(key);
    const last = path[path.length - 1] as LockOrderEdge;
    const cycle = [e.heldName, e.takenName, ...path.slice(0, -1).map((p) => p.takenName), e.heldName].join(' → ');
    const data: Record<string, string> = {
      lock: e.takenName,
      held: e.heldName,
      otherHeld: last.heldName,
      where: whereWords(last.at),
      cycle,
    };
    let messageId: string;
    if (e.via) {
      data.callee = e.via.callee;
      data.evidence = `${e.via.evidence.message} at line ${e.via.evidence.loc.start.line}`;
      messageId = e.via.inside ? 'calleeOrder' : e.every ? 'calleeInversion' : 'calleeInversionOnSomePaths';
    } else {
      messageId = e.every ? 'inversion' : 'inversionOnSomePaths';
    }
    const related: RelatedLocation[] = [
      { ...last.at, message: `\`${last.takenName}\` is taken here while holding \`${last.heldName}\`.` },
    ];
    if (e.heldAt) related.push({ ...e.heldAt, message: `\`${e.heldName}\` is taken here.` });
    if (e.via) related.push(e.via.evidence);
    out.push({
      check: 'lock-order',
      messageId,
      data,
      message: formatMessage(info.messages[messageId] ?? messageId, data),
      range: [e.at.range[0], e.at.range[1]],
      loc: e.at.loc,
      related,
    });
  }
  return out;
}
