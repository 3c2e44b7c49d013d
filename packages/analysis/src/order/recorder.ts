/**
 * The lock-order edges of one unit, as the flow engine meets acquisitions:
 * "`taken` acquired while `held` is held", with where each happens. The
 * engine calls {@link OrderRecorder.acquire} before a lock becomes held, and
 * {@link OrderRecorder.call} at calls of functions with summaries. The
 * edges go to the file's graph (`edges`, checked by `checks/lock-order.ts`)
 * and to the summary of the named function they occur in (`byFunction`).
 */
import type { TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from '../context.js';
import type { GuardFact } from '../flow/state.js';
import { HELD } from '../flow/state.js';
import type { GuardSite } from '../flow/model.js';
import { localLockName } from '../presets/library.js';
import type { SourceText } from '../source.js';
import type { FunctionSummary, LockOrderEdge, RelatedLocation } from '../types.js';

/** Where an acquisition happens, as far as naming locks goes. */
export interface OrderScope {
  /** The function analysed on its own (null: module code). */
  root: FunctionNode | null;
  /** Its name in summaries, when it has one. */
  rootName: string | undefined;
  className: string | undefined;
  /** The identifier is a parameter or local variable here (not module-level, not global). */
  isLocal: (name: string) => boolean;
}

/** A lock's key in the file's graph, and in the summary of the function it is met in. */
interface LockKey {
  /** Graph key: module-level and global locks as written, fields by class, locals by function. */
  file: string;
  /** Summary key (`#<index>` for a parameter), undefined when callers cannot name it. */
  fn: string | undefined;
}

/** At most this many edges per unit (a bound on pathological code). */
const MAX_EDGES = 500;

const ROOT = /^[A-Za-z_$][\w$]*/;

function paramNames(fn: FunctionNode | null): (string | undefined)[] {
  if (!fn) return [];
  return fn.params.map((p) => {
    let q: TSESTree.Node = p;
    if (q.type === 'TSParameterProperty') q = q.parameter;
    if (q.type === 'AssignmentPattern') q = q.left;
    return q.type === 'Identifier' ? q.name : undefined;
  });
}

export class OrderRecorder {
  readonly edges: LockOrderEdge[] = [];
  readonly byFunction: Record<string, LockOrderEdge[]> = {};
  private readonly siteKeys = new Map<number, { key: LockKey; shared: boolean }>();
  private readonly seen = new Set<string>();

  constructor(private readonly src: SourceText) {}

  /** The keys of `lock` (as the engine names it) in `scope`; undefined for a lock with no stable name. */
  key(lock: string, scope: OrderScope): LockKey | undefined {
    if (lock === '' || localLockName(lock)) return undefined;
    if (lock === 'this' || lock.startsWith('this.') || lock.startsWith('this[')) {
      const k = `${scope.className ?? '<class>'}:${lock}`;
      return { file: k, fn: k };
    }
    const root = ROOT.exec(lock)?.[0];
    if (root === undefined || !scope.isLocal(root)) return { file: lock, fn: lock };
    const at = scope.root ? scope.root.range[0] : 0;
    const index = paramNames(scope.root).indexOf(root);
    return { file: `${at}:${lock}`, fn: index >= 0 ? `#${index}${lock.slice(root.length)}` : undefined };
  }

  /** Remembers the keys and mode of a lock that has just been taken at `site`. */
  noteSite(site: GuardSite, scope: OrderScope, shared: boolean): void {
    const key = this.key(site.lock, scope);
    if (key) this.siteKeys.set(site.id, { key, shared });
  }

  /**
   * `lock` is about to be taken at `[start, end)` while the guards of
   * `held` are in the state they are: one edge per other lock held there.
   */
  acquire(
    lock: string,
    shared: boolean,
    start: number,
    end: number,
    held: Iterable<[GuardSite, GuardFact]>,
    scope: OrderScope,
    via?: LockOrderEdge['via'],
  ): void {
    const taken = this.key(lock, scope);
    if (!taken) return;
    for (const [site, f] of held) {
      if (!(f.s & HELD) || site.kind === 'param' || site.lock === lock) continue;
      const h = this.siteKeys.get(site.id);
      if (!h || h.key.file === taken.file) continue;
      const edge: LockOrderEdge = {
        held: h.key.file,
        taken: taken.file,
        heldName: site.lock,
        takenName: lock,
        at: this.at(start, end, `\`${lock}\` is taken here while holding \`${site.lock}\`.`),
        heldAt: this.at(site.start, site.end, `\`${site.lock}\` is taken here.`),
        every: f.s === HELD,
      };
      if (h.shared) edge.heldShared = true;
      if (shared) edge.takenShared = true;
      if (via) edge.via = via;
      this.add(edge, h.key.fn, taken.fn, scope);
    }
  }

  /**
   * A call of a function whose summary has lock-order edges of its own:
   * those of another module (its evidence names the file), and those about
   * its parameters' locks (mapped to the arguments), become edges here.
   * Same-module edges about module-level locks are in the graph already.
   */
  call(
    callee: string,
    summary: FunctionSummary,
    argLock: (index: number) => string | undefined,
    start: number,
    end: number,
    scope: OrderScope,
  ): void {
    for (const e of summary.orderEdges ?? []) {
      const foreign = e.at.file !== undefined;
      if (!foreign && !e.held.startsWith('#') && !e.taken.startsWith('#')) continue;
      const held = this.mapped(e.held, e.heldName, argLock, scope);
      const taken = this.mapped(e.taken, e.takenName, argLock, scope);
      if (!held || !taken || held.key.file === taken.key.file) continue;
      const edge: LockOrderEdge = {
        held: held.key.file,
        taken: taken.key.file,
        heldName: held.name,
        takenName: taken.name,
        at: this.at(start, end, `\`${callee}\` takes \`${taken.name}\` while holding \`${held.name}\`.`),
        every: true,
        via: {
          callee,
          evidence: { ...e.at, message: `it takes \`${e.takenName}\` while holding \`${e.heldName}\`${foreign ? ` in ${e.at.file}` : ''}` },
          inside: true,
        },
      };
      if (e.heldShared) edge.heldShared = true;
      if (e.takenShared) edge.takenShared = true;
      this.add(edge, held.key.fn, taken.key.fn, scope);
    }
  }

  private mapped(
    key: string,
    name: string,
    argLock: (index: number) => string | undefined,
    scope: OrderScope,
  ): { key: LockKey; name: string } | undefined {
    const m = /^#(\d+)(.*)$/.exec(key);
    if (!m) {
      // A lock of the callee's module, already named as this module sees it.
      return { key: { file: key, fn: key }, name: key.includes(':') ? name : key };
    }
    const arg = argLock(Number(m[1]));
    if (arg === undefined) return undefined;
    const lock = `${arg}${m[2] ?? ''}`;
    const k = this.key(lock, scope);
    return k ? { key: k, name: lock } : undefined;
  }

  private at(start: number, end: number, message: string): RelatedLocation {
    return this.src.related(start, end, message);
  }

  private add(edge: LockOrderEdge, heldFn: string | undefined, takenFn: string | undefined, scope: OrderScope): void {
    const id = `${edge.held}|${edge.taken}|${edge.at.range[0]}|${edge.at.range[1]}`;
    if (this.seen.has(id) || this.edges.length >= MAX_EDGES) return;
    this.seen.add(id);
    this.edges.push(edge);
    if (scope.rootName === undefined || heldFn === undefined || takenFn === undefined) return;
    const list = (this.byFunction[scope.rootName] ??= []);
    list.push({ ...edge, held: heldFn, taken: takenFn });
  }
}
