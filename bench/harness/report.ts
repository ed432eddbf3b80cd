/**
 * What the harness prints and writes: one table (medians across rounds, ratios against the bare
 * proxy taken round by round, so both sides of a ratio saw the same moment of a shared machine)
 * and the JSON summary with the headline figures.
 */
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { median } from '../support/processes.js';
import type { MaskThroughput } from './maskThroughput.js';
import type { Death, Measurement } from './matrix.js';
import type { StreamResult } from './stream.js';

export interface Row {
  readonly participant: string;
  readonly label: string;
  readonly size: number;
  readonly connections: number;
  readonly rps: number;
  /** Throughput ÷ the bare proxy's, median of the rounds' ratios. */
  readonly ratio: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly cpuMsPerRequest: number;
  readonly rssMb: number;
  /** Highest V8 heap in use seen in the cell's windows. */
  readonly heapMb: number;
  /** Answers refused for load (503 with Retry-After), summed over the rounds. */
  readonly busy: number;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started and ended (others' work on a shared machine). */
  readonly loadStart: number;
  readonly loadEnd: number;
}

export interface Summary {
  /** Gateway with masking ÷ bare proxy, requests per second, 1 KB bodies, 32 connections. */
  readonly throughputRatio: number;
  /** Gateway with masking − bare proxy, median latency, 1 KB, one connection. */
  readonly p50AddedMs: number;
  /** Same at the 99th percentile. */
  readonly p99AddedMs: number;
  /** Peak RSS of the gateway masking a long SSE response. */
  readonly streamPeakRssMb: number;
  /** MB of the realistic mix masked per CPU second, one core, every value new. */
  readonly maskMBps: number;
  readonly machine: Machine;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly stream: StreamResult | undefined;
  readonly masking: MaskThroughput | undefined;
  readonly rows: readonly Row[];
  /** Participants whose process ended during the run, and in which cell. */
  readonly deaths: readonly Death[];
}

export function describeMachine(loadStart: number): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadStart,
    loadEnd: loadavg()[0] ?? Number.NaN,
  };
}

function cellOf(measurements: readonly Measurement[], participant: string, size: number, connections: number): Measurement[] {
  return measurements.filter((m) => m.participant === participant && m.size === size && m.connections === connections);
}

/** Median of `figure(p) − figure(baseline)` (or ÷) over the rounds both measured. */
function paired(
  measurements: readonly Measurement[],
  participant: string,
  baseline: string,
  size: number,
  connections: number,
  combine: (mine: Measurement, base: Measurement) => number,
): number {
  const base = cellOf(measurements, baseline, size, connections);
  return median(
    cellOf(measurements, participant, size, connections).flatMap((mine) => {
      const other = base.find((m) => m.round === mine.round);
      return other ? [combine(mine, other)] : [];
    }),
  );
}

export function rowsOf(
  measurements: readonly Measurement[],
  labels: ReadonlyMap<string, string>,
  baseline: string,
  sizes: readonly number[],
  connections: readonly number[],
): Row[] {
  const rows: Row[] = [];
  for (const size of sizes) {
    for (const conns of connections) {
      for (const [participant, label] of labels) {
        const cell = cellOf(measurements, participant, size, conns);
        if (cell.length === 0) continue;
        rows.push({
          participant,
          label,
          size,
          connections: conns,
          rps: median(cell.map((m) => m.rps)),
          ratio: paired(measurements, participant, baseline, size, conns, (mine, base) => mine.rps / base.rps),
          p50Ms: median(cell.map((m) => m.p50Ms)),
          p99Ms: median(cell.map((m) => m.p99Ms)),
          p999Ms: median(cell.map((m) => m.p999Ms)),
          cpuMsPerRequest: median(cell.map((m) => m.cpuMsPerRequest)),
          rssMb: Math.max(...cell.map((m) => m.rssMb)),
          heapMb: Math.max(...cell.map((m) => m.heapMb)),
          busy: cell.reduce((sum, m) => sum + (m.busy ?? 0), 0),
        });
      }
    }
  }
  return rows;
}

export interface Headline {
  readonly throughputRatio: number;
  readonly p50AddedMs: number;
  readonly p99AddedMs: number;
}

export function headlineOf(measurements: readonly Measurement[], gateway: string, baseline: string): Headline {
  return {
    throughputRatio: paired(measurements, gateway, baseline, 1024, 32, (mine, base) => mine.rps / base.rps),
    p50AddedMs: paired(measurements, gateway, baseline, 1024, 1, (mine, base) => mine.p50Ms - base.p50Ms),
    p99AddedMs: paired(measurements, gateway, baseline, 1024, 1, (mine, base) => mine.p99Ms - base.p99Ms),
  };
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} B`;
}

/** A figure to print: `n/a` when there is none (a window that completed no request). */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** The table, one line per participant and cell, a blank line between cells. */
export function formatTable(rows: readonly Row[]): string {
  const width = Math.max(11, ...rows.map((row) => row.label.length));
  const header = `${'body'.padEnd(6)} ${'conns'.padStart(5)}  ${'participant'.padEnd(width)} ${'req/s'.padStart(8)} ${'× bare'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'p99.9 ms'.padStart(9)} ${'CPU ms/req'.padStart(10)} ${'RSS MB'.padStart(7)} ${'heap MB'.padStart(7)} ${'503s'.padStart(6)}`;
  const lines = [header, '-'.repeat(header.length)];
  let cell = '';
  for (const row of rows) {
    const key = `${row.size}/${row.connections}`;
    if (cell !== '' && key !== cell) lines.push('');
    const first = key !== cell;
    cell = key;
    lines.push(
      `${(first ? sizeLabel(row.size) : '').padEnd(6)} ${(first ? String(row.connections) : '').padStart(5)}  ${row.label.padEnd(width)} ${fixed(row.rps, 0).padStart(8)} ${fixed(row.ratio, 2).padStart(7)} ${fixed(row.p50Ms, 2).padStart(8)} ${fixed(row.p99Ms, 2).padStart(8)} ${fixed(row.p999Ms, 2).padStart(9)} ${fixed(row.cpuMsPerRequest, 3).padStart(10)} ${fixed(row.rssMb, 0).padStart(7)} ${fixed(row.heapMb, 0).padStart(7)} ${String(row.busy).padStart(6)}`,
    );
  }
  return lines.join('\n');
}

export interface Aim {
  readonly name: keyof Pick<Summary, 'throughputRatio' | 'p50AddedMs' | 'p99AddedMs' | 'streamPeakRssMb' | 'maskMBps'>;
  readonly met: (value: number) => boolean;
  readonly text: string;
}

export const AIMS: readonly Aim[] = [
  { name: 'throughputRatio', met: (v) => v >= 0.7, text: '≥ 0.7 (stretch 1.0)' },
  { name: 'p50AddedMs', met: (v) => v <= 0.5, text: '≤ 0.5 ms' },
  { name: 'p99AddedMs', met: (v) => v <= 2, text: '≤ 2 ms' },
  { name: 'streamPeakRssMb', met: (v) => v < 200, text: '< 200 MB' },
  { name: 'maskMBps', met: (v) => v >= 50, text: '≥ 50 MB/s' },
];

export function formatAims(summary: Summary): string {
  return AIMS.map((aim) => {
    const value = summary[aim.name];
    const verdict = Number.isFinite(value) ? (aim.met(value) ? 'met' : 'NOT met') : 'not measured';
    return `  ${aim.name.padEnd(16)} ${fixed(value, 2).padStart(9)}   aim ${aim.text.padEnd(20)} ${verdict}`;
  }).join('\n');
}
