/**
 * The ratio chart: one row per lockctx figure, one marker per peer kind at
 * lockctx ÷ peer on a log scale, target limits as ticks. Hand-written SVG.
 */
import { LOCKCTX, PEER_KINDS, TARGETS, find, judge, ratio } from './results.js';
import type { Measure, PeerKind, WorkloadResults } from './results.js';
import { fmtRatio, opsOf } from './report.js';

const COLOR: Record<PeerKind, string> = {
  Map: '#1f6fb4',
  Array: '#e07b00',
  ordered: '#2a9d3a',
};
const LABEL: Record<PeerKind, string> = {
  Map: 'Map',
  Array: 'Array / Array+helper / Float64Array',
  ordered: 'best ordered map',
};

interface Row {
  readonly workload: string;
  readonly op: string;
  readonly subject: string;
  readonly measure: Measure;
  readonly label: string;
  readonly ratios: { kind: PeerKind; value: number; peer: string }[];
  readonly limits: { kind: PeerKind; max: number }[];
  readonly met: boolean | undefined;
}

const LEFT = 300;
const RIGHT = 810;
const TOP = 92;
const ROW = 24;

/** The chart as an SVG document. `caption` names the run (N, node, machine). */
export function ratioChart(
  workloads: readonly WorkloadResults[],
  caption: string,
): string {
  const rows = collectRows(workloads);
  const values = rows.flatMap((r) => [
    ...r.ratios.map((x) => x.value),
    ...r.limits.map((x) => x.max),
  ]);
  const lo = Math.max(
    -12,
    Math.min(-3, ...values.map((v) => Math.floor(Math.log2(v)))),
  );
  const hi = Math.min(
    12,
    Math.max(3, ...values.map((v) => Math.ceil(Math.log2(v)))),
  );
  const x = (v: number): number => {
    const l = Math.min(hi, Math.max(lo, Math.log2(v)));
    return LEFT + ((l - lo) / (hi - lo)) * (RIGHT - LEFT);
  };
  const height = TOP + Math.max(1, rows.length) * ROW + 70;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" viewBox="0 0 900 ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="900" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="24" font-size="16" font-weight="bold">@lockctx/xarray ÷ each peer, measured in the same run</text>`,
    `<text x="20" y="42" fill="#555">${esc(caption)}.</text>`,
    `<text x="20" y="58" fill="#555">Log scale: left of 1× lockctx is faster (or smaller); ticks are the targets.</text>`,
  );
  // zebra rows, under the grid
  rows.forEach((_row, i) => {
    if (i % 2 === 0) {
      out.push(
        `<rect x="10" y="${TOP + i * ROW}" width="880" height="${ROW}" fill="#f3f4f7"/>`,
      );
    }
  });
  // grid
  for (let p = lo; p <= hi; p++) {
    const gx = x(2 ** p);
    const label = p >= 0 ? `${2 ** p}×` : `1/${2 ** -p}×`;
    out.push(
      `<line x1="${gx.toFixed(1)}" y1="${TOP - 8}" x2="${gx.toFixed(1)}" y2="${TOP + rows.length * ROW}" stroke="${p === 0 ? '#333' : '#ddd'}" stroke-width="${p === 0 ? 1.5 : 1}"/>`,
      `<text x="${gx.toFixed(1)}" y="${TOP - 14}" text-anchor="middle" fill="#555">${label}</text>`,
    );
  }
  if (rows.length === 0) {
    out.push(
      `<text x="${LEFT}" y="${TOP + 16}" fill="#b00">No lockctx figures in this run (is @lockctx/xarray built?).</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW + ROW / 2;
    out.push(`<text x="20" y="${y + 4}">${esc(row.label)}</text>`);
    for (const limit of row.limits) {
      const lx = x(limit.max);
      out.push(
        `<line x1="${lx.toFixed(1)}" y1="${y - 9}" x2="${lx.toFixed(1)}" y2="${y + 9}" stroke="${COLOR[limit.kind]}" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    }
    for (const r of row.ratios) {
      out.push(
        marker(
          r.kind,
          x(r.value),
          y,
          `${row.label}: ÷ ${r.peer} = ${fmtRatio(r.value)}`,
        ),
      );
    }
    if (row.met !== undefined) {
      out.push(
        `<text x="${RIGHT + 14}" y="${y + 4}" fill="${row.met ? '#2a7d2a' : '#c0392b'}" font-weight="bold">${row.met ? 'met' : 'missed'}</text>`,
      );
    }
  });
  // legend
  const ly = TOP + rows.length * ROW + 30;
  let lx = 20;
  for (const kind of PEER_KINDS) {
    out.push(marker(kind, lx + 6, ly - 4, LABEL[kind]));
    out.push(`<text x="${lx + 16}" y="${ly}">÷ ${esc(LABEL[kind])}</text>`);
    lx += 40 + LABEL[kind].length * 6.5;
  }
  out.push(
    `<text x="20" y="${ly + 22}" fill="#555">Dashed tick: the target's limit for that peer. Status: every target of the row met, or some missed.</text>`,
    '</svg>',
  );
  return out.join('\n') + '\n';
}

function collectRows(workloads: readonly WorkloadResults[]): Row[] {
  const verdicts = judge(workloads);
  const rows: Row[] = [];
  for (const w of workloads) {
    for (const op of opsOf(w)) {
      for (const subject of LOCKCTX) {
        if (find(w, subject, op) === undefined) continue;
        rows.push(row(w, op, subject, 'time', verdicts));
      }
    }
    const weighed = w.results.find(
      (r) => r.impl === 'lockctx' && r.bytesPerEntry !== undefined,
    );
    if (weighed !== undefined) {
      rows.push(row(w, weighed.op, 'lockctx', 'memory', verdicts));
    }
  }
  return rows.filter((r) => r.ratios.length > 0 || r.met !== undefined);
}

function row(
  w: WorkloadResults,
  op: string,
  subject: string,
  measure: Measure,
  verdicts: ReturnType<typeof judge>,
): Row {
  const ratios: Row['ratios'] = [];
  for (const kind of PEER_KINDS) {
    const r = ratio(w, subject, op, kind, measure);
    // A log scale has no place for 0 (a structure that holds nothing).
    if (r !== undefined && r.value > 0 && Number.isFinite(r.value)) {
      ratios.push({ kind, value: r.value, peer: r.peer.impl });
    }
  }
  const limits: Row['limits'] = [];
  const mine = verdicts.filter(
    (v) =>
      v.target.workload === w.id &&
      v.target.op === op &&
      v.target.measure === measure &&
      (v.subject === subject ||
        (v.subject === undefined &&
          (v.target.subjects as readonly string[]).includes(subject))),
  );
  for (const target of TARGETS) {
    if (
      target.workload === w.id &&
      target.op === op &&
      target.measure === measure &&
      target.against !== 'absolute' &&
      (target.subjects as readonly string[]).includes(subject)
    ) {
      limits.push({ kind: target.against, max: target.max });
    }
  }
  const met =
    mine.length === 0 || mine.some((v) => v.met === undefined)
      ? undefined
      : mine.every((v) => v.met === true);
  const what =
    measure === 'memory'
      ? 'heap bytes/entry'
      : `${op}${subject === 'lockctx' ? '' : ' (cursor)'}`;
  return {
    workload: w.id,
    op,
    subject,
    measure,
    label: `${w.id} ${w.title}: ${what}`,
    ratios,
    limits,
    met,
  };
}

function marker(kind: PeerKind, cx: number, cy: number, title: string): string {
  const c = COLOR[kind];
  const t = `<title>${esc(title)}</title>`;
  const x = cx.toFixed(1);
  if (kind === 'Map') {
    return `<circle cx="${x}" cy="${cy}" r="5.5" fill="${c}">${t}</circle>`;
  }
  if (kind === 'Array') {
    return `<rect x="${(cx - 5).toFixed(1)}" y="${cy - 5}" width="10" height="10" fill="${c}">${t}</rect>`;
  }
  return `<path d="M ${x} ${cy - 6.5} L ${(cx + 6.5).toFixed(1)} ${cy} L ${x} ${cy + 6.5} L ${(cx - 6.5).toFixed(1)} ${cy} Z" fill="${c}">${t}</path>`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
