/**
 * Inline SVG charts for the evidence report: no script, no external asset, printable. Colours
 * are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), and
 * every chart carries a text title and a legend so it reads in black and white too.
 */
import { escapeHtml } from '../../html.js';

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#F0E442', '#666666', '#000000'] as const;

export type Granularity = 'hour' | 'day' | 'week' | 'month';

export interface Bucket {
  readonly key: string;
  readonly label: string;
}

/** Picks a bucket size that gives a readable number of bars for the span. */
export function granularityFor(from: Date, to: Date): Granularity {
  const hours = (to.getTime() - from.getTime()) / 3_600_000;
  if (hours <= 48) return 'hour';
  if (hours <= 24 * 120) return 'day';
  if (hours <= 24 * 365 * 3) return 'week';
  return 'month';
}

/** The bucket (UTC) a time falls in. */
export function bucketKey(iso: string, granularity: Granularity): string {
  const date = new Date(iso);
  switch (granularity) {
    case 'hour':
      return `${iso.slice(0, 13)}:00`;
    case 'day':
      return iso.slice(0, 10);
    case 'week': {
      // ISO weeks start on Monday.
      const day = (date.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day)).toISOString().slice(0, 10);
    }
    case 'month':
      return iso.slice(0, 7);
  }
}

function nextBucket(key: string, granularity: Granularity): string {
  switch (granularity) {
    case 'hour':
      return new Date(Date.parse(`${key}:00Z`) + 3_600_000).toISOString().slice(0, 13) + ':00';
    case 'day':
      return new Date(Date.parse(`${key}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    case 'week':
      return new Date(Date.parse(`${key}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    case 'month': {
      const [year, month] = key.split('-').map(Number);
      return new Date(Date.UTC(year ?? 1970, month ?? 1, 1)).toISOString().slice(0, 7);
    }
  }
}

function labelOf(key: string, granularity: Granularity): string {
  if (granularity === 'hour') return `${key.slice(5, 10)} ${key.slice(11, 16)}`;
  if (granularity === 'week') return `wk ${key.slice(5)}`;
  return granularity === 'day' ? key.slice(5) : key;
}

/** Every bucket from `from` to `to` (at most `max`, the last ones kept). */
export function bucketsBetween(from: Date, to: Date, granularity: Granularity, max = 400): Bucket[] {
  const out: Bucket[] = [];
  const end = bucketKey(new Date(Math.max(from.getTime(), to.getTime() - 1)).toISOString(), granularity);
  let key = bucketKey(from.toISOString(), granularity);
  for (let guard = 0; guard < 100_000; guard++) {
    out.push({ key, label: labelOf(key, granularity) });
    if (key >= end) break;
    key = nextBucket(key, granularity);
  }
  return out.slice(-max);
}

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
}

function niceMax(value: number): number {
  if (value <= 5) return Math.max(1, Math.ceil(value));
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

function legend(series: readonly Series[], y: number, width: number): string {
  let x = 56;
  let row = 0;
  const items: string[] = [];
  for (const [index, s] of series.entries()) {
    const label = escapeHtml(s.name);
    const itemWidth = 22 + s.name.length * 7 + 18;
    if (x + itemWidth > width - 8 && x > 56) {
      row++;
      x = 56;
    }
    const color = s.color ?? PALETTE[index % PALETTE.length];
    items.push(
      `<g class="legend-item"><rect x="${x}" y="${y + row * 18}" width="12" height="12" fill="${color}"/><text x="${x + 16}" y="${y + row * 18 + 10}">${label}</text></g>`,
    );
    x += itemWidth;
  }
  return items.join('');
}

/** A stacked bar chart over time buckets. */
export function stackedBarChart(options: {
  readonly id: string;
  readonly title: string;
  readonly buckets: readonly Bucket[];
  readonly series: readonly Series[];
  readonly unit: string;
}): string {
  const width = 880;
  const legendRows = Math.ceil(options.series.reduce((sum, s) => sum + 40 + s.name.length * 7, 0) / (width - 80)) || 1;
  const top = 16;
  const plotHeight = 190;
  const left = 56;
  const right = 12;
  const height = top + plotHeight + 44 + legendRows * 18 + 8;
  const n = Math.max(1, options.buckets.length);
  const totals = options.buckets.map((_, i) => options.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = (width - left - right) / n;
  const barWidth = Math.max(1, Math.min(40, slot * 0.75));
  const y = (value: number): number => top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const value = (max / 4) * t;
    const ty = y(value);
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}"/>`);
    parts.push(
      `<text class="tick" x="${left - 6}" y="${(ty + 4).toFixed(1)}" text-anchor="end">${Number.isInteger(value) ? value : value.toFixed(1)}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(n / 12));
  for (const [i, bucket] of options.buckets.entries()) {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const [si, s] of options.series.entries()) {
      const value = s.values[i] ?? 0;
      if (value <= 0) continue;
      const color = s.color ?? PALETTE[si % PALETTE.length];
      const y1 = y(base + value);
      const h = y(base) - y1;
      parts.push(
        `<rect class="bar" data-series="${escapeHtml(s.name)}" x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}" fill="${color}"><title>${escapeHtml(bucket.label)}: ${value} ${escapeHtml(s.name)}</title></rect>`,
      );
      base += value;
    }
    if (i % labelEvery === 0)
      parts.push(
        `<text class="tick" x="${(left + i * slot + slot / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">${escapeHtml(bucket.label)}</text>`,
      );
  }
  parts.push(`<line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`);
  parts.push(`<text class="unit" x="${left}" y="${top - 4}">${escapeHtml(options.unit)}</text>`);
  parts.push(legend(options.series, top + plotHeight + 32, width));
  return `<svg class="chart" id="${escapeHtml(options.id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(options.title)}</title>${parts.join('')}</svg>`;
}

/** A horizontal bar chart of totals (e.g. masked values by type). */
export function horizontalBarChart(options: {
  readonly id: string;
  readonly title: string;
  readonly items: ReadonlyArray<{ readonly label: string; readonly value: number }>;
}): string {
  const width = 880;
  const rowHeight = 24;
  const left = 170;
  const right = 60;
  const items = options.items.length > 0 ? options.items : [{ label: 'none', value: 0 }];
  const height = items.length * rowHeight + 16;
  const max = niceMax(Math.max(0, ...items.map((item) => item.value)));
  const parts = items.map((item, i) => {
    const w = ((width - left - right) * item.value) / max;
    const y = 8 + i * rowHeight;
    return `<g class="hbar"><text class="tick" x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(item.label)}</text><rect class="bar" x="${left}" y="${y + 3}" width="${Math.max(item.value > 0 ? 1 : 0, w).toFixed(1)}" height="${rowHeight - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(item.label)}: ${item.value}</title></rect><text class="value" x="${(left + w + 6).toFixed(1)}" y="${y + 15}">${item.value}</text></g>`;
  });
  return `<svg class="chart" id="${escapeHtml(options.id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(options.title)}</title>${parts.join('')}</svg>`;
}
