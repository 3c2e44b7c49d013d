/**
 * Lock-order edges in function summaries: attached after the flow engine
 * has run over a module (edges need held sets, which only the engine
 * knows), and renamed as summaries travel to importers.
 */
import type { FunctionSummary, LockOrderEdge, RelatedLocation, UnitResult } from '../types.js';

/**
 * Sets each summarised function's `orderEdges` from the unit results of its
 * module. Only worth calling when some function may hold two locks at once
 * (see {@link mayOrder}).
 */
export function attachOrderEdges(all: Map<string, FunctionSummary>, results: readonly UnitResult[]): void {
  for (const r of results) {
    for (const [name, edges] of Object.entries(r.functionOrderEdges ?? {})) {
      const s = all.get(name);
      if (s && edges.length > 0) all.set(name, { ...s, orderEdges: edges });
    }
  }
}

/**
 * Some function takes a lock (summaries miss acquisitions nested in
 * callbacks the summariser does not run in place, so one is enough), or
 * calls one that orders locks: running the engine may find edges.
 */
export function mayOrder(all: ReadonlyMap<string, FunctionSummary>): boolean {
  for (const s of all.values()) if (s.acquires.length > 0 || (s.orderEdges?.length ?? 0) > 0) return true;
  return false;
}

/**
 * An imported summary's edges as importers see them: locations name their
 * file, and locks get the module's naming (`name`, the same function that
 * renames `acquires`).
 */
export function relabelOrderEdges(
  edges: readonly LockOrderEdge[] | undefined,
  where: string,
  name: (lock: string) => string,
): LockOrderEdge[] | undefined {
  if (!edges || edges.length === 0) return undefined;
  const at = (l: RelatedLocation): RelatedLocation => (l.file !== undefined ? l : { ...l, file: where });
  return edges.map((e) => {
    const out: LockOrderEdge = { ...e, held: name(e.held), taken: name(e.taken), at: at(e.at) };
    if (e.heldAt) out.heldAt = at(e.heldAt);
    if (e.via) out.via = { ...e.via, evidence: at(e.via.evidence) };
    return out;
  });
}

/** An imported summary's edges with their locks renamed into the importer's names. */
export function localizeOrderEdges(
  edges: readonly LockOrderEdge[] | undefined,
  name: (lock: string) => string,
): LockOrderEdge[] | undefined {
  if (!edges || edges.length === 0) return undefined;
  return edges.map((e) => ({ ...e, held: name(e.held), taken: name(e.taken) }));
}

/**
 * Attaches to the summaries the lock-order edges that name a parameter's
 * lock (`#<index>`), found by checking the file's own units: callers in the
 * same file map them to their arguments only when checked again. True when
 * some summary got such edges (a second check is then worth it).
 */
export function attachParamOrderEdges(all: Map<string, FunctionSummary>, results: readonly UnitResult[]): boolean {
  let any = false;
  for (const r of results) {
    for (const [name, edges] of Object.entries(r.functionOrderEdges ?? {})) {
      const mine = edges.filter((e) => e.held.startsWith('#') || e.taken.startsWith('#'));
      const s = all.get(name);
      if (!s || mine.length === 0) continue;
      all.set(name, { ...s, orderEdges: [...(s.orderEdges ?? []), ...mine] });
      any = true;
    }
  }
  return any;
}
