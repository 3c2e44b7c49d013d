/** The text report: per-workload tables, ratios, and the targets. */
import { LOCKCTX, PEER_KINDS, find, judge, ratio } from './results.js';
import type { Verdict, WorkloadResults } from './results.js';

const PEER_LABEL = {
  Map: 'Map',
  Array: 'Array',
  ordered: 'best ordered map',
} as const;

/** A number the way the tables print it. */
export function fmt(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A ratio the way the tables print it. */
export function fmtRatio(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
}

/** The ops of a workload, in the order they were first reported. */
export function opsOf(workload: WorkloadResults): string[] {
  const ops: string[] = [];
  for (const r of workload.results) if (!ops.includes(r.op)) ops.push(r.op);
  return ops;
}

/** The table and ratio lines of one workload. */
export function workloadReport(workload: WorkloadResults): string {
  const lines = [`${workload.id} ${workload.title}`];
  const width = Math.max(20, ...workload.results.map((r) => r.impl.length + 2));
  lines.push(
    `  ${'impl'.padEnd(width)}${'op'.padEnd(13)}${'ns/op'.padStart(9)}  ${'min–max'.padEnd(17)}bytes/entry`,
  );
  for (const op of opsOf(workload)) {
    for (const r of workload.results) {
      if (r.op !== op) continue;
      const range = `${fmt(r.nsPerOp.min)}–${fmt(r.nsPerOp.max)}`;
      const bytes = r.bytesPerEntry === undefined ? '' : fmt(r.bytesPerEntry);
      lines.push(
        `  ${r.impl.padEnd(width)}${op.padEnd(13)}${fmt(r.nsPerOp.median).padStart(9)}  ${range.padEnd(17)}${bytes}`,
      );
    }
  }
  for (const op of opsOf(workload)) {
    for (const subject of LOCKCTX) {
      if (find(workload, subject, op) === undefined) continue;
      const parts: string[] = [];
      for (const kind of PEER_KINDS) {
        const r = ratio(workload, subject, op, kind);
        if (r === undefined) continue;
        const who =
          kind === 'ordered' || r.peer.impl !== kind
            ? `${PEER_LABEL[kind]} (${r.peer.impl})`
            : PEER_LABEL[kind];
        parts.push(`÷ ${who} ${fmtRatio(r.value)}`);
      }
      if (parts.length > 0)
        lines.push(`  ${subject} ${op}: ${parts.join(', ')}`);
    }
  }
  const weighed = workload.results.some((r) => r.bytesPerEntry !== undefined);
  if (weighed) {
    const parts: string[] = [];
    const op = workload.results.find((r) => r.bytesPerEntry !== undefined)!.op;
    for (const kind of PEER_KINDS) {
      const r = ratio(workload, 'lockctx', op, kind, 'memory');
      if (r !== undefined) {
        parts.push(
          `÷ ${PEER_LABEL[kind]} (${r.peer.impl}) ${fmtRatio(r.value)}`,
        );
      }
    }
    if (parts.length > 0)
      lines.push(`  lockctx heap bytes: ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

/** One line per target: met, missed, or not measured. */
export function targetReport(verdicts: readonly Verdict[]): string {
  const lines = ['Targets (issue 7), ratios of this run:'];
  for (const v of verdicts) {
    const status =
      v.met === undefined ? 'NOT MEASURED' : v.met ? 'met   ' : 'MISSED';
    const measured =
      v.value === undefined
        ? ''
        : v.target.against === 'absolute'
          ? `${fmt(v.value)} (limit ${fmt(v.target.max)})`
          : `${fmtRatio(v.value)} (limit ${fmtRatio(v.target.max)}; ${v.subject} vs ${v.peer})`;
    lines.push(
      `  ${status} ${v.target.workload.padEnd(4)}${v.target.text}: ${measured}`,
    );
  }
  const met = verdicts.filter((v) => v.met === true).length;
  const missed = verdicts.filter((v) => v.met === false).length;
  lines.push(
    `  ${met} met, ${missed} missed, ${verdicts.length - met - missed} not measured`,
  );
  return lines.join('\n');
}

/** A Markdown table of every figure, for the package README. */
export function markdownTable(workloads: readonly WorkloadResults[]): string {
  const lines = [
    '| workload | op | impl | ns/op (median) | min–max | bytes/entry |',
    '|---|---|---|---:|---:|---:|',
  ];
  for (const w of workloads) {
    for (const op of opsOf(w)) {
      for (const r of w.results) {
        if (r.op !== op) continue;
        lines.push(
          `| ${w.id} ${w.title} | ${op} | ${r.impl} | ${fmt(r.nsPerOp.median)} | ${fmt(r.nsPerOp.min)}–${fmt(r.nsPerOp.max)} | ${r.bytesPerEntry === undefined ? '' : fmt(r.bytesPerEntry)} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** The targets as a Markdown table. */
export function markdownTargets(workloads: readonly WorkloadResults[]): string {
  const lines = ['| target | measured | status |', '|---|---:|---|'];
  for (const v of judge(workloads)) {
    const measured =
      v.value === undefined
        ? '—'
        : v.target.against === 'absolute'
          ? fmt(v.value)
          : `${fmtRatio(v.value)} (${v.subject} vs ${v.peer})`;
    const status =
      v.met === undefined ? 'not measured' : v.met ? 'met' : '**missed**';
    lines.push(
      `| ${v.target.workload} ${v.target.text} | ${measured} | ${status} |`,
    );
  }
  return lines.join('\n');
}
