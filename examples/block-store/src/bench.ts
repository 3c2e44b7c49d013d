#!/usr/bin/env node
/**
 * A/B benchmark: the sector store on the XArray against the same store on a
 * Map, on null_blk-like workloads. Prints operations per second for each
 * and the ratio, all measured in this run.
 *
 *   npm run bench -w examples/block-store [-- --time 500]
 */
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { MapSectorStore } from './map-store.js';
import { SECTOR_SIZE, type SectorStore } from './sector-store.js';
import { XArraySectorStore } from './xarray-store.js';

const CAPACITY = 1 << 21; // 1 GiB of 512-byte sectors
const SPAN = 1 << 17; // the working set: 64 MiB

const { values } = parseArgs({ options: { time: { type: 'string' } } });
const time = values.time === undefined ? 300 : Number(values.time);
if (!Number.isFinite(time) || time <= 0) {
  process.stderr.write(`--time must be a positive number of milliseconds\n`);
  process.exit(2);
}

/** A fixed pseudo-random sequence, the same for both stores. */
function sequence(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  });
}
const randoms = sequence(1 << 16, 7);
const page = new Uint8Array(8 * SECTOR_SIZE).fill(0xab);
const sector = new Uint8Array(SECTOR_SIZE).fill(0xcd);

interface Workload {
  name: string;
  /** Builds the state the operation runs on. */
  setup(store: SectorStore): void;
  /** One operation; `i` counts calls. */
  op(store: SectorStore, i: number): void;
}

function fill(store: SectorStore): void {
  for (let s = 0; s < SPAN; s += 8) store.write(s, page);
}

const workloads: Workload[] = [
  {
    name: 'sequential 4 KiB writes',
    setup: () => {},
    op: (st, i) => st.write((i * 8) % SPAN, page),
  },
  {
    name: 'random 4 KiB reads',
    setup: fill,
    op: (st, i) => st.read((randoms[i & 0xffff]! % (SPAN / 8)) * 8, 8),
  },
  {
    name: 'random 512 B writes',
    setup: fill,
    op: (st, i) => st.write(randoms[i & 0xffff]! % SPAN, sector),
  },
  {
    name: 'sparse reads (holes)',
    setup: (st) => {
      for (let s = 0; s < CAPACITY; s += 4096) st.write(s, sector);
    },
    op: (st, i) => st.read(randoms[i & 0xffff]! % (CAPACITY - 8), 8),
  },
  {
    name: 'discard + rewrite 64 KiB',
    setup: fill,
    op: (st, i) => {
      const s = (randoms[i & 0xffff]! % (SPAN / 128)) * 128;
      st.discard(s, 128);
      st.write(s, page);
    },
  },
  {
    name: 'write 64 pages + flush',
    setup: () => {},
    op: (st, i) => {
      const base = (i * 512) % SPAN;
      for (let k = 0; k < 64; k++) st.write(base + k * 8, page);
      st.flush();
    },
  },
];

const stores = [
  { name: 'XArray', make: (): SectorStore => new XArraySectorStore(CAPACITY) },
  { name: 'Map', make: (): SectorStore => new MapSectorStore(CAPACITY) },
];

const rows: { workload: string; xarray: number; map: number }[] = [];
for (const w of workloads) {
  const bench = new Bench({ time, warmup: true });
  const hz: Record<string, number> = {};
  for (const s of stores) {
    const store = s.make();
    w.setup(store);
    let i = 0;
    bench.add(s.name, () => w.op(store, i++));
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as
      { throughput?: { mean?: number }; hz?: number } | undefined;
    hz[task.name] = result?.throughput?.mean ?? result?.hz ?? Number.NaN;
  }
  rows.push({ workload: w.name, xarray: hz.XArray!, map: hz.Map! });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const header = ['workload', 'XArray ops/s', 'Map ops/s', 'XArray/Map'];
const body = rows.map((r) => [
  r.workload,
  fmt(r.xarray),
  fmt(r.map),
  `${(r.xarray / r.map).toFixed(2)}x`,
]);
const widths = header.map((h, c) =>
  Math.max(h.length, ...body.map((row) => row[c]!.length)),
);
const line = (cells: string[]) =>
  cells
    .map((cell, c) =>
      c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!),
    )
    .join('  ');
process.stdout.write(
  `block-store: XArray vs Map, ${CAPACITY.toLocaleString('en-US')} sectors, ${time} ms per case, Node ${process.version}\n`,
);
process.stdout.write(`${line(header)}\n${body.map(line).join('\n')}\n`);
